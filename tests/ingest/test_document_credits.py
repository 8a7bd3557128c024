"""parse_document: dateline, byline and source where stored pages put them (issue 17)."""

import datetime

from articles.ingest import ParsedDocument, parse_document

TODAY = datetime.date(2025, 6, 1)
LEAD = (
    "Azerbaijani Foreign Minister Jeyhun Bayramov received the Secretary General of the "
    "Organization of Turkic States in Baku on Monday."
)
SECOND = "The sides discussed cooperation within the organization and the agenda of the summit."


def parse(text: str) -> ParsedDocument:
    return parse_document(text.encode("utf-8"), today=TODAY)


def test_bare_name_right_above_the_lead_is_the_byline_without_a_headline():
    parsed = parse(f"Elvira Kadyrova\n\n{LEAD}\n\n{SECOND}\n")
    assert parsed.byline == "Elvira Kadyrova"


def test_reporter_named_with_the_channels_correspondent_is_the_byline():
    body = (
        "Министры иностранных дел Кыргызстана и России провели рабочую встречу в Чолпон-Ате. "
        "Переговоры состоялись накануне, передает корреспондент телеканала «МИР 24» Алексей Тимаев."
    )
    parsed = parse(
        f"Лавров и Кулубаев провели переговоры\n\n{body}\n\nСтороны обсудили миграцию.\n"
    )
    assert (parsed.byline, parsed.source) == ("Алексей Тимаев", "Mir 24")


def test_dateline_under_a_timestamp_paragraph():
    parsed = parse(
        f"Bayramov receives OTS Secretary General\n\nPolitics 24 June 2024 18:12\n\n"
        f"BAKU, Azerbaijan, June 24. {LEAD}\n\n{SECOND}\n"
    )
    assert parsed.dateline == "Baku"


def test_reprint_with_bracketed_credit_names_the_original_agency():
    parsed = parse(
        "UrduPoint.com\n\nLavrov to discuss normalization\n\n"
        f"BAKU (UrduPoint News / Sputnik - 28th February, 2023) {LEAD}\n\n{SECOND}\n"
    )
    assert (parsed.dateline, parsed.source) == ("Baku", "Sputnik")


def test_page_address_gives_the_source_of_copy_that_credits_no_one():
    text = f"Bayramov receives OTS Secretary General\n\n{LEAD}\n\n{SECOND}\n"
    assert parse(text).source is None
    parsed = parse_document(text.encode(), today=TODAY, address="https://kun.uz/en/news/1")
    assert (parsed.source, parsed.via) == ("Kun.uz", None)


def test_a_byline_sharing_its_line_with_the_page_stamp_is_kept_with_the_date():
    copy = (
        b"Ministers To Discuss Regional Relations\n\n"
        b"Muhammad Irfan Published February 28, 2023 | 07:20 AM\n\n"
        b"BAKU (UrduPoint News / Sputnik - 28th February, 2023) The foreign ministers of the two "
        b"countries will hold talks on Tuesday to discuss regional and international issues.\n"
    )
    parsed = parse_document(copy)
    assert parsed.byline == "Muhammad Irfan"
    assert parsed.published is not None and parsed.published.isoformat().startswith("2023-02-28")
