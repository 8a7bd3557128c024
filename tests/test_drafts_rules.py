"""The pure rules of drafts (`articles.drafts`), without the database: what an edit of a live
story holds back, and which slugs follow their headline."""

import datetime
from types import SimpleNamespace

import pytest

from articles import drafts

LIVE = {
    "title": "Talks in Baku",
    "summary": "",
    "body": "<p>Talks in Baku.</p>",
    "language": "en",
    "source_id": 3,
    "byline": "",
    "dateline": "BAKU",
    "published": datetime.date(2025, 2, 6),
    "published_time": datetime.time(19, 19),
    "published_utc_offset": 240,
    "original_url": "",
}


def test_an_edit_that_changes_nothing_leaves_no_draft():
    assert drafts.pending(LIVE, dict(LIVE)) is None


def test_empty_and_missing_values_are_the_same_emptiness():
    assert drafts.pending(LIVE, {**LIVE, "summary": None, "original_url": None}) is None


def test_an_edit_is_held_whole_as_json():
    held = drafts.pending(LIVE, {**LIVE, "body": "<p>Talks in Bishkek.</p>"})

    assert held == {
        **LIVE,
        "body": "<p>Talks in Bishkek.</p>",
        "published": "2025-02-06",
        "published_time": "19:19:00",
    }
    assert drafts.changed_fields(LIVE, held) == ["body"]


def test_a_held_draft_reads_back_as_python_values():
    held = drafts.pending(LIVE, {**LIVE, "published": datetime.date(2025, 2, 7)})
    story = drafts.apply(SimpleNamespace(**LIVE), held)

    assert story.published == datetime.date(2025, 2, 7)
    assert drafts.content_of(story) == {**LIVE, "published": datetime.date(2025, 2, 7)}


def test_a_held_time_of_publication_reads_back_as_a_time_with_its_zone():
    edited = {**LIVE, "published_time": datetime.time(8, 5), "published_utc_offset": None}
    held = drafts.pending(LIVE, edited)

    assert held["published_time"] == "08:05:00"
    assert drafts.changed_fields(LIVE, held) == ["published_time", "published_utc_offset"]
    assert drafts.content_of(drafts.apply(SimpleNamespace(**LIVE), held)) == edited


def test_unknown_keys_in_a_stored_draft_are_ignored():
    assert drafts.from_json({"title": "x", "status": "published", "slug": "y"}) == {"title": "x"}


@pytest.mark.parametrize(
    ("slug", "headline", "follows"),
    [
        ("home-politics", "Home > Politics", True),
        ("home-politics-2", "Home > Politics", True),
        ("home-politics-a1b2c3", "Home > Politics", True),
        ("cabinet", "Home > Politics", False),
        ("home-politics-extra", "Home > Politics", False),
        ("home-politics-10", "Home > Politics", False),
        ("moskva-kreml", "Москва, Кремль", True),
    ],
)
def test_a_slug_follows_its_headline_only_when_it_was_made_from_it(slug, headline, follows):
    assert drafts.slug_follows(slug, headline) is follows
