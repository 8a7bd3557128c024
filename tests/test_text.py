"""Slugs in ASCII for stories and entities in any script; content hashes."""

from articles.ingest.hashing import content_hash
from newsroom.text import ascii_slug


def test_ascii_slug_transliterates_russian_headlines():
    assert ascii_slug("Глава МИД Кыргызстана") == "glava-mid-kyrgyzstana"


def test_ascii_slug_never_empty():
    assert ascii_slug("!!!") == "item"


def test_ascii_slug_respects_max_length_without_trailing_dash():
    slug = ascii_slug("word " * 50, max_length=12)
    assert len(slug) <= 12
    assert not slug.endswith("-")


def test_content_hash_ignores_whitespace_line_endings_and_bom():
    a = "Azerbaijan and the OTS\r\nhave   discussed\n"
    b = "\ufeffAzerbaijan and the OTS have discussed"
    assert content_hash(a) == content_hash(b)


def test_content_hash_differs_for_different_stories():
    assert content_hash("one story") != content_hash("another story")
