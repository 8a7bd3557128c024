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
    assert importing.read_address(story) == "https://24.kg/english/123/"


@pytest.mark.parametrize("content", ["", "not an address", "ftp://24.kg/x"])
def test_read_address_ignores_a_sidecar_that_is_not_a_web_address(tmp_path, content):
    story = tmp_path / "story.txt"
    (tmp_path / "story.url").write_text(content)
    assert importing.read_address(story) is None


def test_read_address_without_a_sidecar_is_none(tmp_path):
    assert importing.read_address(tmp_path / "story.txt") is None


@pytest.mark.django_db
def test_an_import_credits_the_site_its_saved_address_names(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(COPY)
    (tmp_path / "story.url").write_text("https://24.kg/english/300000_kulubaev_saidov/\n")
    [result] = list(importing.import_paths([story], jobs=1))
    assert result.status == "imported", result.error
    article = Article.objects.get()
    assert article.source is not None and article.source.name == "24.kg"
