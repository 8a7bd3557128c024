"""parse_document end to end: bad input refused or flagged, and the rules that combine modules."""

import dataclasses
import datetime

import pytest

from articles.ingest import IngestError, ParsedDocument, parse_document

TODAY = datetime.date(2025, 6, 1)
LEAD = (
    "Azerbaijani Foreign Minister Jeyhun Bayramov received the Secretary General of the "
    "Organization of Turkic States in Baku on Monday."
)
SECOND = "The sides discussed cooperation within the organization and the agenda of the summit."
STORY = f"Bayramov receives OTS Secretary General\n\n{LEAD}\n\n{SECOND}\n"


def parse(text: str) -> ParsedDocument:
    return parse_document(text.encode("utf-8"), today=TODAY)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\n\t \r\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file (PNG image)"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary file (ZIP archive"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>", "binary file (PDF document)"),
        (STORY.encode("utf-8").replace(b"Baku", b"Ba\x00ku"), "NUL bytes"),
        (
            "Loading...\n\nFollow us on Twitter @AzerNewsAz\n\nRead more\n\nКомментарии".encode(),
            "only page boilerplate, no story text",
        ),
        ("Азербайджан и Кыргызстан обсудили сотрудничество.\n".encode() * 3
         + "Министр встретился с послом Кыргызстана в Баку.\n".encode("cp1251") * 3,
         "mixed encodings"),
    ],
)  # fmt: skip
def test_files_that_cannot_be_stories_fail_with_a_clear_reason(data, reason):
    with pytest.raises(IngestError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_document(data, today=TODAY)


def test_a_headline_without_a_story_fails_clearly():
    with pytest.raises(IngestError, match="only a headline and page boilerplate"):
        parse("Bayramov receives OTS Secretary General\n\nRead more\n\nLoading...")


def test_ingest_error_is_a_value_error():
    assert issubclass(IngestError, ValueError)


def test_parsed_document_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse(STORY).title = "changed"


def test_a_plain_story_parses_without_warnings_except_the_missing_date():
    parsed = parse(STORY)
    assert parsed.title == "Bayramov receives OTS Secretary General"
    assert not parsed.title_derived
    assert parsed.text == f"{LEAD}\n\n{SECOND}"
    assert parsed.body_html == f"<p>{LEAD}</p><p>{SECOND}</p>"
    assert parsed.summary.startswith(LEAD)
    assert parsed.language == "en"
    assert parsed.warnings == ["no publication date in the text; set one before publishing"]


@pytest.mark.parametrize("story", [STORY, STORY.replace("Monday", "Monday – “the first”")])
def test_invalid_utf8_bytes_are_replaced_with_a_warning(story):
    parsed = parse_document(story.encode("utf-8").replace(b"Monday", b"Mon\xffday"), today=TODAY)
    assert "Mon\ufffdday" in parsed.text
    assert parsed.encoding == "utf-8"
    assert any("undecodable" in w for w in parsed.warnings)


def test_a_cp1251_story_is_decoded_as_cp1251_and_flagged():
    story = (
        "Глава МИД встретился с послом\n\n"
        "Бишкек, 03.07.21. /Кабар/. Министр иностранных дел Кыргызстана провел встречу с "
        "послом Азербайджана. Стороны обсудили двусторонние отношения и сотрудничество.\n"
    )
    parsed = parse_document(story.encode("cp1251"), today=TODAY)
    assert parsed.encoding == "cp1251"
    assert parsed.title == "Глава МИД встретился с послом"
    assert parsed.language == "ru"
    assert parsed.source == "Kabar"
    assert parsed.published == datetime.date(2021, 7, 3)
    assert any("cp1251" in w for w in parsed.warnings)


def test_html_instead_of_text_is_reduced_to_the_story_with_a_warning():
    page = (
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<h1>Bayramov receives OTS Secretary General</h1><p>{LEAD}</p><p>{SECOND}</p>"
        "<footer>Follow us on Twitter @AzerNewsAz</footer></body></html>"
    )
    parsed = parse(page)
    assert parsed.title == "Bayramov receives OTS Secretary General"
    assert parsed.text == f"{LEAD}\n\n{SECOND}"
    assert any("HTML" in w for w in parsed.warnings)


@pytest.mark.parametrize("invisible", ["\u200b", "\u202e", "\u2066", "\x07", "\ufeff"])
def test_control_zero_width_and_bidi_characters_are_removed_with_a_warning(invisible):
    parsed = parse(STORY.replace("Bayramov received", f"Bayramov{invisible} received"))
    assert LEAD in parsed.text
    assert any("invisible" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("dateline", "warning"),
    [
        ("BAKU, 2024-02-30.", "impossible date 2024-02-30"),
        ("BAKU, 30.02.2024.", "impossible date 2024-02-30"),
        ("BAKU, March 3, 2031.", "date 2031-03-03 is in the future"),
        ("BAKU, 03.03.2031.", "date 2031-03-03 is in the future"),
    ],
)
def test_impossible_and_future_dates_are_never_published(dateline, warning):
    parsed = parse(f"Bayramov receives OTS Secretary General\n\n{dateline} {LEAD}\n")
    assert parsed.published is None
    assert parsed.dateline == "Baku"
    assert any(warning in w for w in parsed.warnings)


def test_today_defaults_to_the_real_date_for_future_checks():
    parsed = parse_document(f"Title of the story here\n\nBAKU, 03.03.2999. {LEAD}\n".encode())
    assert parsed.published is None


def test_missing_year_comes_from_the_aggregator_stamp():
    parsed = parse(f" date 2024-05-02 BAKU, Azerbaijan, May 2. {LEAD}\n\n{SECOND}")
    assert parsed.published == datetime.date(2024, 5, 2)


def test_missing_year_comes_from_another_full_date_in_the_text():
    parsed = parse(f"BAKU, May 2. {LEAD}\n\nThe summit of 3 April 2024 was recalled.")
    assert parsed.published == datetime.date(2024, 5, 2)


def test_missing_year_without_evidence_leaves_the_date_empty_with_a_warning():
    parsed = parse(f"BAKU, May 2. {LEAD}\n\n{SECOND}")
    assert parsed.published is None
    assert any("no year" in w and "May 2" in w for w in parsed.warnings)


def test_page_banner_date_gives_way_to_the_story_date():
    page = (
        "Example.com\n\nMonday June 2 2025\n\nBayramov receives OTS Secretary General\n\n"
        f"12 May 2025 10:15 (GMT+4)\n\n{LEAD}\n\n{SECOND}"
    )
    assert parse(page).published == datetime.date(2025, 5, 12)


def test_page_banner_date_is_used_when_the_story_has_no_date():
    page = f"Monday May 26 2025\n\nBayramov receives OTS Secretary General\n\n{LEAD}"
    assert parse(page).published == datetime.date(2025, 5, 26)


def test_headline_run_into_the_lead_twice_is_split_off():
    title = "Bayramov receives OTS Secretary General"
    parsed = parse(f"{title} {title}. {LEAD}\n\n{SECOND}")
    assert parsed.title == title
    assert not parsed.title_derived
    assert parsed.text.startswith(LEAD)


def test_headline_repeated_as_the_lead_opening_is_removed_from_the_body():
    title = "Bayramov receives OTS Secretary General"
    parsed = parse(f"{title}\n\n{title}. {LEAD}\n\n{SECOND}")
    assert parsed.text.startswith(LEAD)


def test_derived_headline_strips_dateline_and_agency_credit():
    parsed = parse("BAKU, Azerbaijan, May 2. Bayramov met Omuraliev in Baku, Trend reports.")
    assert parsed.title == "Bayramov met Omuraliev in Baku"
    assert parsed.title_derived
    assert "headline derived from the lead; check it" in parsed.warnings


@pytest.mark.parametrize(
    ("byline_line", "byline"),
    [("By John Smith", "John Smith"), ("Автор: Айгуль Касымова", "Айгуль Касымова")],
)
def test_byline_lines_are_taken_out_of_the_text(byline_line, byline):
    parsed = parse(
        f"Bayramov receives OTS Secretary General\n\n{byline_line}\n\n{LEAD}\n\n{SECOND}"
    )
    assert parsed.byline == byline
    assert byline_line not in parsed.text


def test_reuters_dateline_credit_is_the_source():
    parsed = parse(f"Oil prices rise on supply fears\n\nLONDON (Reuters) - {LEAD}")
    assert parsed.source == "Reuters"
    assert parsed.dateline == "London"


def test_unknown_agency_is_returned_as_credited():
    parsed = parse(f"ANKARA, 03.07.2024 /Daily Sabah/. {LEAD}")
    assert parsed.source == "Daily Sabah"


def test_a_ukrainian_story_is_not_labelled_russian():
    story = (
        "Міністр закордонних справ провів зустріч\n\n"
        "КИЇВ, 3 липня. Міністр закордонних справ України провів зустріч з генеральним "
        "секретарем організації, під час якої сторони обговорили питання співпраці.\n"
    )
    assert parse(story).language == "uk"


def test_hard_wrapped_paragraphs_are_joined_again():
    wrapped = (
        "Bayramov receives OTS Secretary General\n\n"
        "Azerbaijani Foreign Minister Jeyhun Bayramov received the\n"
        "Secretary General of the Organization of Turkic States in\n"
        "Baku on Monday.\n\nSecond paragraph of the story is here and it is long enough.\n"
    )
    assert parse(wrapped).text.split("\n\n")[0] == LEAD


def test_content_hash_is_of_the_decoded_text_so_bom_and_spacing_do_not_matter():
    plain = parse_document(STORY.encode("utf-8"), today=TODAY)
    with_bom = parse_document(b"\xef\xbb\xbf" + STORY.replace("\n", "\r\n").encode(), today=TODAY)
    assert plain.content_hash == with_bom.content_hash
    assert with_bom.encoding == "utf-8-sig"


def test_another_outlets_russian_page_loses_its_chrome_and_keeps_its_story():
    page = (
        "Главная\nНовости\nПолитика\nТокаев провел телефонный разговор с Алиевым\n"
        "03 июля 2024, 14:35\nФото: Акорда\n"
        "АСТАНА. КАЗИНФОРМ – Глава государства провел телефонный разговор с Президентом "
        "Азербайджана, сообщает пресс-служба Акорды.\n"
        "Стороны обсудили вопросы двустороннего сотрудничества и подготовку к саммиту.\n"
        "Поделиться:\nTelegram WhatsApp Facebook\nЧитайте также\nСамые читаемые\n"
    )
    parsed = parse(page)
    assert parsed.title == "Токаев провел телефонный разговор с Алиевым"
    assert parsed.published == datetime.date(2024, 7, 3)
    assert (parsed.dateline, parsed.source) == ("Астана", "Kazinform")
    assert parsed.text.split("\n\n") == [
        "АСТАНА. КАЗИНФОРМ – Глава государства провел телефонный разговор с Президентом "
        "Азербайджана, сообщает пресс-служба Акорды.",
        "Стороны обсудили вопросы двустороннего сотрудничества и подготовку к саммиту.",
    ]


def test_another_outlets_english_page_without_blank_lines():
    page = (
        "Oil rises as supply concerns mount\nBy Jane Doe\n3 minute read\n"
        "July 3, 2024 10:15 AM GMT+4\n"
        "LONDON, July 3 (Reuters) - Oil prices rose on Wednesday as concerns over supply "
        "outweighed worries about demand.\nBrent crude futures rose 40 cents to $86.64 a barrel.\n"
        "Share this article\n"
    )
    parsed = parse(page)
    assert parsed.title == "Oil rises as supply concerns mount"
    assert (parsed.byline, parsed.source, parsed.dateline) == ("Jane Doe", "Reuters", "London")
    assert parsed.published == datetime.date(2024, 7, 3)
    assert parsed.text.startswith("LONDON, July 3 (Reuters) - Oil prices rose")
    assert parsed.text.endswith("$86.64 a barrel.")
    assert parsed.summary.startswith("Oil prices rose on Wednesday")
