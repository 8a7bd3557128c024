"""Every injection vector through the importer (`manage.py import_documents --publish`).

Each vector is put in a wire story where the parser finds each field: the headline line, the
byline line, the dateline paragraph (lead and summary) and a later paragraph. The importer
treats a file as text (markup is either removed as web-page chrome or kept as the words it is),
so what it stores is judged where it is shown: the stored body is sanitised and sealed, the
story page runs nothing a seed story's page does not and shows the stored plain text only
escaped, the API gives the stored text back as it is with an inert body. The admin's change
form and preview, which also show the original file and the mention highlights, are read for
the first imported vector of each category (the admin is the slow reader; every category still
sees it).
"""

import contextlib
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.injection_vectors import (
    CATEGORIES,
    VECTORS,
    Vector,
    assert_escaped,
    assert_fragment_safe,
    assert_page_safe,
    executable_findings,
    json_ld_blocks,
    read,
)

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seed_documents"
PLAIN_FIELDS = ("title", "summary", "byline", "dateline")
KNOWN_FAILURES = {
    "binary file (contains NUL bytes)",
    "only a headline and page boilerplate, no story text",
}


def wire_story(vector: Vector) -> bytes:
    payload = vector.payload
    return (
        f"Kyrgyz envoy meets Azerbaijani minister ({vector.name}) {payload}\n"
        f"By Reporter {payload}\n\n"
        f"BAKU, Azerbaijan, March 3, 2024. Azerbaijan and Kyrgyzstan signed a transit accord "
        f"on Monday, officials said {payload} in the capital.\n\n"
        f"The ministers also discussed {payload} and trade between the two countries.\n"
        # Credited to its agency: a published story needs a source (issue 20).
        "© Trend News Agency\n"
    ).encode()


def import_folder(folder: Path) -> list[str]:
    """The command's lines; a failed file is reported in them, not raised."""
    out = io.StringIO()
    with contextlib.suppress(CommandError):  # exit status 1 when a file failed
        call_command("import_documents", str(folder), "--publish", "--jobs", "1", stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def story_baseline(db, client, tmp_path):
    """A seed wire story imported the same way: what a story page runs of its own."""
    folder = tmp_path / "seed"
    folder.mkdir()
    (folder / "seed.txt").write_bytes((SEEDS / "000_d4bade762234ddd5.txt").read_bytes())
    assert import_folder(folder)[-1] == "1 imported, 0 duplicate, 0 failed"
    story = Article.objects.get(original_filename="seed.txt")
    return executable_findings(read(client, story.get_absolute_url()))


@pytest.mark.parametrize("category", CATEGORIES)
def test_imported_vectors_are_stored_sanitised_and_shown_inert(
    story_baseline, client, admin_client, api, tmp_path, category
):
    vectors = [v for v in VECTORS if v.category == category]
    folder = tmp_path / category
    folder.mkdir()
    for vector in vectors:
        (folder / f"{vector.name}.txt").write_bytes(wire_story(vector))

    lines = import_folder(folder)
    failed = {Path(line.split(": ")[0].removeprefix("failed ")).name: line for line in lines}
    failed = {name: line for name, line in failed.items() if line.startswith("failed ")}
    # A NUL byte makes a binary file; an unclosed <script>, <noscript> or <style> in the
    # headline line swallows the whole story when the markup is removed: such a file fails,
    # with its reason, and nothing of it is stored. Every other file is a story.
    assert len(failed) <= 2, lines
    for name, line in failed.items():
        assert line.split(": ", 1)[1] in KNOWN_FAILURES, line
        assert not Article.objects.filter(original_filename=name).exists()
    imported = [v for v in vectors if f"{v.name}.txt" not in failed]
    assert lines[-1] == f"{len(imported)} imported, 0 duplicate, {len(failed)} failed", lines

    for vector in imported:
        where = f"{vector}: import"
        story = Article.objects.get(original_filename=f"{vector.name}.txt")
        assert bytes(story.original) == wire_story(vector), where
        assert story.body_seal, where  # sealed: known to be what the sanitiser makes of it
        assert_fragment_safe(story.body, where)
        plain = {field: getattr(story, field) for field in PLAIN_FIELDS}

        data = api.get(f"/api/v1/articles/{story.slug}/").json()
        assert {field: data[field] for field in PLAIN_FIELDS} == plain, where
        assert_fragment_safe(data["body_html"], f"{where}: API")

        page = read(client, story.get_absolute_url())
        assert_page_safe(page, story_baseline, f"{where}: page")
        assert_escaped(page, plain, f"{where}: page")
        (news,) = json_ld_blocks(page)
        assert news["headline"] == story.title, where

        if vector is imported[0]:
            for view in ("change", "preview"):
                url = f"/admin/articles/article/{story.pk}/{view}/"
                baseline_url = f"/admin/articles/article/{_seed_pk()}/{view}/"
                admin_page = read(admin_client, url)
                assert_page_safe(admin_page, read(admin_client, baseline_url), f"{where}: {view}")
                assert_escaped(admin_page, plain, f"{where}: {view}")


def _seed_pk() -> int:
    return Article.objects.get(original_filename="seed.txt").pk
