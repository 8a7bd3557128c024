"""The five raw seed stories parse to what an editor would have typed in by hand."""

import datetime
from pathlib import Path

import pytest

from articles.html import sanitize_html, text_to_html
from articles.ingest import parse_document
from articles.ingest.clean import is_boilerplate
from articles.ingest.document import HEADLINE_DERIVED
from articles.ingest.hashing import content_hash

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seed_documents"
TODAY = datetime.date(2025, 6, 1)

EXPECTED = {
    "000": {
        "title_derived": True,
        "language": "en",
        "published": datetime.date(2024, 2, 6),
        "dateline": "Baku",
        "source": "Trend News Agency",
        "byline": "",
    },
    "001": {
        "title_derived": True,
        "language": "en",
        "published": None,
        "dateline": "",
        "source": "Azernews",
        "byline": "",
    },
    "002": {
        "title_derived": True,
        "language": "en",
        "published": datetime.date(2024, 5, 2),
        "dateline": "Baku",
        "source": "Trend News Agency",
        "byline": "",
    },
    "003": {
        "title": "Глава МИД Кыргызстана встретился с председателем Милли Меджлиса Азербайджана",
        "title_derived": False,
        "language": "ru",
        "published": datetime.date(2021, 7, 3),
        "dateline": "Бишкек",
        "source": "Kabar",
        "byline": "",
    },
    "004": {
        "title": "Kyrgyz Ambassador hails deepening Baku-Bishkek relations",
        "title_derived": False,
        "language": "en",
        "published": datetime.date(2024, 8, 31),
        "dateline": "",
        "source": "Azernews",
        "byline": "Fatima Latifova",
    },
}


def seed_path(number: str) -> Path:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path


def parse_seed(number: str):
    return parse_document(seed_path(number).read_bytes(), today=TODAY)


def story_paragraphs(number: str) -> list[str]:
    """The real paragraphs of a seed: its prose lines, as a person reading it would list them."""
    raw = seed_path(number).read_text(encoding="utf-8")
    return [
        " ".join(line.split())
        for line in raw.splitlines()
        if len(line.split()) > 5 and line.rstrip().endswith(".")
    ]


@pytest.mark.parametrize(("number", "expected"), EXPECTED.items())
def test_seed_story_fields(number, expected):
    parsed = parse_seed(number)
    assert {key: getattr(parsed, key) for key in expected} == expected


@pytest.mark.parametrize("number", EXPECTED)
def test_seed_story_derived_headline_is_short_and_flagged(number):
    parsed = parse_seed(number)
    assert (HEADLINE_DERIVED in parsed.warnings) is parsed.title_derived
    if parsed.title_derived:
        assert 20 <= len(parsed.title) <= 100
        assert not parsed.title.endswith(".")
        assert "reports" not in parsed.title and "BAKU" not in parsed.title


@pytest.mark.parametrize("number", EXPECTED)
def test_seed_story_keeps_every_real_paragraph(number):
    parsed = parse_seed(number).text.split("\n\n")
    for paragraph in story_paragraphs(number):
        # equal, or only a leading aggregator stamp taken off
        assert any(paragraph.endswith(p) and len(p) > 0.8 * len(paragraph) for p in parsed)


@pytest.mark.parametrize("number", EXPECTED)
def test_seed_story_body_has_no_boilerplate_lines(number):
    paragraphs = parse_seed(number).text.split("\n\n")
    assert not [p for p in paragraphs if is_boilerplate(p)]
    for chrome in ("Loading", "Follow us", "Read more", "Комментари", "Политика 0", "Azernews.Az"):
        assert chrome not in parse_seed(number).text


@pytest.mark.parametrize("number", EXPECTED)
def test_seed_story_body_html_and_hash_reuse_the_shared_helpers(number):
    parsed = parse_seed(number)
    assert parsed.body_html == sanitize_html(text_to_html(parsed.text))
    raw = seed_path(number).read_bytes().decode("utf-8")
    assert parsed.content_hash == content_hash(raw)
    assert parsed.encoding == "utf-8"


@pytest.mark.parametrize("number", EXPECTED)
def test_seed_story_summary_is_plain_opening_text(number):
    parsed = parse_seed(number)
    assert 40 <= len(parsed.summary) <= 300
    assert parsed.summary in parsed.text.replace("\n\n", " ") or parsed.summary.endswith(".")
    assert "<" not in parsed.summary


@pytest.mark.parametrize(
    ("number", "first_start"),
    [
        ("000", "BAKU, Azerbaijan, February 6. Azerbaijani Foreign Minister Jeyhun Bayramov"),
        ("001", "Azerbaijan and the Organization of Turkic States (OTS) have discussed"),
        ("002", "BAKU, Azerbaijan, May 2. Azerbaijani Foreign Minister Jeyhun Bayramov met"),
        ("003", "Бишкек, 03.07.21. /Кабар/. Министр иностранных дел Кыргызстана"),
        ("004", "Azerbaijan and Kyrgyzstan are closely connected."),
    ],
)
def test_seed_story_body_starts_with_dateline_and_credit_as_printed(number, first_start):
    assert parse_seed(number).text.startswith(first_start)


def test_seed_000_loses_the_aggregator_stamp_and_wrapper():
    text = parse_seed("000").text
    assert "date 2024-02-06" not in text and "MENAFN" not in text
    assert text.split("\n\n")[0].endswith("Trend reports.")


def test_seed_004_body_ends_with_the_story_not_the_footer():
    parsed = parse_seed("004")
    assert parsed.text.endswith("continue to develop at a high pace based on common interests.")
    assert "Fatima Latifova" not in parsed.text
    assert parsed.title not in parsed.text
    assert "September 15" not in parsed.text


def test_seed_003_ends_before_the_comment_form():
    assert parse_seed("003").text.endswith("посетить КР в любое удобное время.")


@pytest.mark.parametrize(
    ("number", "count"), [("000", 8), ("001", 8), ("002", 7), ("003", 6), ("004", 5)]
)
def test_seed_paragraph_counts(number, count):
    assert len(parse_seed(number).text.split("\n\n")) == count


def test_seed_summaries_do_not_repeat_the_dateline_or_credit():
    assert parse_seed("000").summary.startswith("Azerbaijani Foreign Minister")
    assert "reports" not in parse_seed("001").summary
    assert parse_seed("003").summary.startswith("Министр иностранных дел Кыргызстана")
