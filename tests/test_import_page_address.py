"""A scraper's saved page address (`story.url` beside `story.txt`) names a site's own stories."""

import pytest

from articles import importing
from articles.models import Article

COPY = (
    "Kyrgyz and Uzbek ministers discuss border projects\n\n"
    "Foreign Minister Jeenbek Kulubaev met his Uzbek counterpart Bakhtiyor Saidov in Bishkek "
    "on Monday to discuss border and water projects.\n"
)


def test_read_address_takes_the_first_line_of_the_sidecar(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(COPY)
    (tmp_path / "story.url").write_text("  https://24.kg/english/123/  \nnotes\n")
    assert importing.read_address(story) == ("https://24.kg/english/123/", None)


@pytest.mark.parametrize("content", ["", "not an address", "ftp://24.kg/x"])
def test_read_address_names_a_sidecar_that_is_not_a_web_address(tmp_path, content):
    story = tmp_path / "story.txt"
    (tmp_path / "story.url").write_text(content)
    address, problem = importing.read_address(story)
    assert address is None
    assert problem.startswith("story.url: the first line is not a web address")


def test_read_address_without_a_sidecar_is_none(tmp_path):
    assert importing.read_address(tmp_path / "story.txt") == (None, None)


@pytest.mark.django_db
def test_an_import_credits_the_site_its_saved_address_names(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(COPY)
    (tmp_path / "story.url").write_text("https://24.kg/english/300000_kulubaev_saidov/\n")
    [result] = list(importing.import_paths([story], jobs=1))
    assert result.status == "imported", result.error
    article = Article.objects.get()
    assert article.source is not None and article.source.name == "24.kg"


@pytest.mark.django_db
@pytest.mark.parametrize("jobs", [1, 2])
def test_an_import_warns_of_a_sidecar_that_holds_no_address(tmp_path, jobs):
    paths = []
    for name in ("one", "two"):
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(COPY.replace("Monday", name))
    (tmp_path / "one.url").write_text("see the agency's site\n")
    results = list(importing.import_paths(paths, jobs=jobs, dry_run=True))
    assert [r.status for r in results] == ["imported", "imported"]
    assert any(
        w.startswith("one.url: the first line is not a web address") for w in results[0].warnings
    )
    assert not any(".url" in w for w in results[1].warnings)


@pytest.mark.django_db
def test_the_command_prints_an_imported_file_s_warnings_under_it(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    story = tmp_path / "story.txt"
    story.write_text(COPY)
    (tmp_path / "story.url").write_text("not an address\n")
    out = StringIO()
    call_command("import_documents", str(story), "--dry-run", "--jobs", "1", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"imported {story}")
    assert "  warning: story.url: the first line is not a web address" in "\n".join(lines[1:])
