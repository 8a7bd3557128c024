"""`make serve` collects and compresses the static files only when they changed (issue 20):
`collectstatic_if_changed` compares a digest of the sources with the stamp of the last complete
collection in STATIC_ROOT. On a copy of Newsroom's own static files, with the production storage
(hashed names, gzip and Brotli copies)."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from newsroom import static_stamp

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"
SOURCES = Path(__file__).resolve().parent.parent / "newsroom" / "static"


@pytest.fixture
def serve_settings(tmp_path, settings):
    """`make serve`'s storage over a copy of the sources, collected into a temporary root."""
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    root = tmp_path / "staticfiles"
    with override_settings(
        STATIC_ROOT=root,
        STATICFILES_DIRS=[sources],
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}},
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        DEBUG=False,
    ):
        yield sources, root


def collect() -> str:
    out = StringIO()
    call_command("collectstatic_if_changed", stdout=out)
    return out.getvalue()


def compressed(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.suffix in (".gz", ".br")}


def test_a_second_start_with_the_same_files_collects_nothing(serve_settings):
    _, root = serve_settings
    assert collect().startswith("Static files collected")
    assert compressed(root)
    written = {path: path.stat().st_mtime_ns for path in root.rglob("*") if path.is_file()}

    assert collect().startswith("Static files unchanged")
    assert {path: path.stat().st_mtime_ns for path in written} == written


def test_a_changed_source_file_is_collected_again_under_its_new_hash(serve_settings):
    sources, root = serve_settings
    collect()
    before = {path.name for path in root.rglob("site.*.css")}
    css = next(sources.rglob("site.css"))
    css.write_text(css.read_text() + "\n/* changed */\n")

    assert collect().startswith("Static files collected")
    assert {path.name for path in root.rglob("site.*.css")} > before


def test_a_collection_cut_short_or_removed_is_made_again(serve_settings):
    _, root = serve_settings
    collect()
    (root / static_stamp.MANIFEST_NAME).unlink()
    assert collect().startswith("Static files collected")
    static_stamp.forget(root)  # as a collectstatic killed half-way leaves it
    assert collect().startswith("Static files collected")
    assert collect().startswith("Static files unchanged")


def test_another_storage_or_whitenoise_setting_changes_the_digest(serve_settings, settings):
    digest = static_stamp.sources_digest()
    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["map", "css"]
    assert static_stamp.sources_digest() != digest
