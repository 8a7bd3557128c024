"""How parse_document picks the story's date from the forms of real copy, and says when it had
to infer it (pure: no database)."""

import datetime

from articles.ingest import ParsedDocument, parse_document

TODAY = datetime.date(2026, 12, 5)
TITLE = "Bayramov receives OTS Secretary General"
LEAD = (
    "Azerbaijani Foreign Minister Jeyhun Bayramov received the Secretary General of the "
    "Organization of Turkic States in Baku."
)
SECOND = "The sides discussed cooperation within the organization and the agenda of the summit."


def parse(text: str) -> ParsedDocument:
    return parse_document(text.encode("utf-8"), today=TODAY)


def test_a_time_stamp_line_amid_section_labels_dates_the_story_and_is_not_the_headline():
    parsed = parse(f"Kyrgyzstan|foreign policy|November 6, 2024 / 03:52 PM\n{TITLE}\n\n{LEAD}")
    assert parsed.published == datetime.date(2024, 11, 6)
    assert parsed.title == TITLE
    assert "03:52" not in parsed.text


def test_a_complete_stamp_goes_before_a_dateline_printed_without_a_year():
    parsed = parse(f"{TITLE}\n\nXinhua) 15:37, July 10, 2021\n\nBEIJING, July 9 (Xinhua) -- {LEAD}")
    assert parsed.published == datetime.date(2021, 7, 10)


def test_a_yearless_dateline_takes_its_year_from_an_address_in_the_copy_with_a_warning():
    parsed = parse(
        f"{TITLE}\n\nБИШКЕК, 9 окт — Sputnik. {LEAD}\n\n"
        "Источник: https://ru.sputnik.kg/20221009/putin-zhaparov.html"
    )
    assert parsed.published == datetime.date(2022, 10, 9)
    assert any("no year" in w and "2022" in w and "address" in w for w in parsed.warnings)


def test_a_yearless_dateline_takes_its_year_from_a_weekday_printed_with_a_date():
    parsed = parse(
        "МОСКВА, 25 окт — РИА Новости. Министр иностранных дел России Сергей Лавров проведет "
        "в пятницу, 26 октября, встречу с коллегой из Киргизии.\n\nВстреча пройдет в Москве."
    )
    assert parsed.published == datetime.date(2018, 10, 25)
    assert any("пятницу, 26 октября" in w for w in parsed.warnings)


def test_a_dated_dateline_under_a_standfirst_dates_the_story():
    parsed = parse(
        f"{TITLE}\n\n14 октября в Астане пройдет саммит глав государств СНГ и другие встречи.\n\n"
        f"БИШКЕК, 9 окт 2022 — Sputnik. {LEAD}\n\n{SECOND}"
    )
    assert parsed.published == datetime.date(2022, 10, 9)


def test_a_relative_stamp_is_read_against_the_import_day_with_a_warning():
    parsed = parse(f"{TITLE}\n\nВчера, 18:05\n\n{LEAD}\n\n{SECOND}")
    assert parsed.published == TODAY - datetime.timedelta(days=1)
    assert any("relative" in w for w in parsed.warnings)


def test_a_related_stories_date_in_the_footer_never_replaces_the_story_date_line():
    parsed = parse(
        f"{TITLE}\n\n24 June 2024 18:12 (UTC +04:00)\n\n{LEAD}\n\n{SECOND}\n\n"
        "Related news\n\nKyrgyz FM visits Baku\n\n25 June 2024 10:15"
    )
    assert parsed.published == datetime.date(2024, 6, 24)


def test_the_footer_gives_no_year_when_the_story_has_a_complete_date_line():
    parsed = parse(
        f" date 2024-06-24 {TITLE}\n\nBAKU, Azerbaijan, June 24. {LEAD}\n\n"
        "Related: Summit of 2 May 2019 recalled"
    )
    assert parsed.published == datetime.date(2024, 6, 24)
