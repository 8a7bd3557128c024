"""`make serve`'s static files: collectstatic with the production storage writes hashed names
and gzip/Brotli copies, and WhiteNoise serves a hashed name compressed with a year's max-age.

Only Newsroom's own files are collected here (the admin's and the API docs' would take a minute
to compress and prove nothing more); the storage and middleware are the production ones.
"""

import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def collected(tmp_path, settings):
    """Newsroom's static files collected as `make serve` collects them, into a temporary root."""
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES=storages,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        DEBUG=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path


def serve(path: str, encoding: str):
    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail(f"{path} reached Django"))
    return middleware(RequestFactory().get(path, headers={"Accept-Encoding": encoding}))


def test_static_urls_name_the_content_hash(collected):
    url = static("newsroom/site.css")
    assert re.fullmatch(r"/static/newsroom/site\.[0-9a-f]{12}\.css", url)
    hashed = collected / url.removeprefix("/static/")
    assert hashed.read_bytes() == (collected / "newsroom" / "site.css").read_bytes()
    assert hashed.with_name(hashed.name + ".gz").is_file()
    assert hashed.with_name(hashed.name + ".br").is_file()


@pytest.mark.parametrize(("accept", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_whitenoise_serves_hashed_files_compressed_for_a_year(collected, accept, encoding):
    for name in ("newsroom/site.css", "newsroom/admin-editor.js"):
        response = serve(static(name), accept)
        assert response.status_code == 200
        assert response["Content-Encoding"] == encoding
        assert "max-age=315360000" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]
        assert response["Vary"] == "Accept-Encoding"


def test_unhashed_names_are_not_cached_for_long(collected):
    response = serve("/static/newsroom/site.css", "gzip")
    assert response.status_code == 200
    assert "max-age=315360000" not in response["Cache-Control"]
