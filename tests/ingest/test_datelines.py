"""Datelines where stored wire pages put them, each class of copy on its own."""

import pytest

from articles.ingest.datelines import Place, find_dateline, line_dateline, paragraph_dateline

LEAD = "The foreign ministers met to discuss bilateral cooperation."


@pytest.mark.parametrize(
    ("paragraph", "city"),
    [
        ("BAKU, Azerbaijan, June 24. Azerbaijani Foreign Minister met the ambassador.", "Baku"),
        ("АСТАНА, 9 фев - Sputnik. Глава МИД Казахстана встретился с послом.", "Астана"),
        ("МОСКВА, 27 авг– РИА Новости. Министры обсудили саммит.", "Москва"),
    ],
)
def test_classic_datelines_still_read(paragraph, city):
    assert paragraph_dateline(paragraph).city == city


def test_capital_city_and_agency_without_dash_keeps_the_hyphenated_city_whole():
    place = paragraph_dateline("NUR-SULTAN. KAZINFORM Minister of Foreign Affairs will visit.")
    assert place == Place("Nur-Sultan", "KAZINFORM")


def test_capital_city_and_agency_with_dash_keeps_the_hyphenated_city_whole():
    assert paragraph_dateline("NUR-SULTAN. KAZINFORM – At the initiative of").city == "Nur-Sultan"


@pytest.mark.parametrize(
    ("paragraph", "city"),
    [
        ("Москва. 27 августа. INTERFAX.RU - Главы МИД провели телефонный разговор.", "Москва"),
        (
            "Астана. 30 июня. ИНТЕРФАКС-КАЗАХСТАН - Министры обсудили сотрудничество в Чолпон-Ате.",
            "Астана",
        ),
    ],
)
def test_city_full_stop_and_date_is_a_dateline(paragraph, city):
    assert paragraph_dateline(paragraph).city == city


def test_city_with_a_country_note_in_slashes():
    place = paragraph_dateline(
        "ЧОЛПОН-АТА /Киргизия/, 29 июня. Саммит ОДКБ состоится осенью в Киргизии."
    )
    assert place.city == "Чолпон-Ата"


def test_a_hyphenated_city_is_never_cut_at_its_hyphen():
    assert paragraph_dateline("ЧОЛПОН-АТА /Киргизия/, 29 июня.") is None


def test_capital_city_with_bracketed_reprint_credit_names_the_original_agency():
    place = paragraph_dateline(
        "BAKU (UrduPoint News / Sputnik - 28th February, 2023) Russian Foreign Minister said."
    )
    assert place == Place("Baku", "Sputnik")


def test_capital_city_with_bracketed_agency_and_dash():
    place = paragraph_dateline("MOSCOW (Public Radio of Armenia) — Armenian Foreign Minister said.")
    assert place.city == "Moscow"
    assert place.credit == "Public Radio of Armenia"


def test_loosely_dated_city_before_a_slashed_credit():
    place = paragraph_dateline("Bishkek, Nov.29, 2019. /Kabar/. Today the presidents held talks.")
    assert place == Place("Bishkek", "Kabar")


def test_dateline_behind_an_aggregator_wrapper():
    place = paragraph_dateline("(MENAFN- Trend News Agency) BAKU, Azerbaijan, June 21. " + LEAD)
    assert place.city == "Baku"


@pytest.mark.parametrize(
    "paragraph",
    [
        "However, the ministers met in Baku on Monday.",
        "Russian Foreign Minister Lavrov To Discuss Normalization Of Relations",
        "РИА Новости, 27.08.2025 Министр иностранных дел России обсудил саммит.",
        "The OTS (Organization of Turkic States) met in Bishkek.",
    ],
)
def test_ordinary_openings_are_not_datelines(paragraph):
    assert paragraph_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("line", "city"),
    [("BAKU, Azerbaijan, Feb. 5", "Baku"), ("Baku, Azerbaijan, March 28", "Baku")],
)
def test_a_line_that_is_only_a_dateline(line, city):
    assert line_dateline(line).city == city


def test_a_headline_line_is_not_a_dateline():
    assert line_dateline("Baku, Bishkek discuss joint projects in transport") is None


def test_bare_capital_city_counts_only_right_above_a_paragraph():
    assert line_dateline("БИШКЕК", above_paragraph=True) == Place("Бишкек")
    assert line_dateline("БИШКЕК") is None
    assert line_dateline("TASS", above_paragraph=True) is None  # an agency, not a city
    assert line_dateline("МИД", above_paragraph=True) is None  # too short for a city


def test_dateline_on_its_own_line_above_the_lead():
    lines = ["BAKU, Azerbaijan, Feb. 5", LEAD]
    assert find_dateline([LEAD], lines).city == "Baku"


def test_bare_capital_city_line_above_the_lead():
    lines = ["Жапаров не поедет на саммит", "БИШКЕК", "Президент не примет участие в саммите."]
    paragraphs = ["Президент не примет участие в саммите."]
    assert find_dateline(paragraphs, lines).city == "Бишкек"


def test_dateline_opening_a_later_paragraph_under_a_timestamp():
    paragraphs = [
        "Politics Materials 24 June 2024 18:12 (UTC +04:00)",
        "BAKU, Azerbaijan, June 24. " + LEAD,
    ]
    assert find_dateline(paragraphs).city == "Baku"


def test_dateline_too_far_down_is_not_taken():
    paragraphs = [LEAD, LEAD, LEAD, LEAD, "BAKU, Azerbaijan, June 24. " + LEAD]
    assert find_dateline(paragraphs) is None


@pytest.mark.parametrize("line", ["POLITICS", "ПОЛИТИКА", "EXCLUSIVE", "TOP STORIES"])
def test_a_section_label_in_capitals_is_not_a_bare_city(line):
    assert line_dateline(line, above_paragraph=True) is None


def test_a_section_and_a_stamp_are_not_a_city_and_a_date():
    assert paragraph_dateline("Politics. 24 June 2024 18:12") is None


def test_a_reprint_services_wrapper_without_its_opening_bracket():
    place = paragraph_dateline("MENAFN - AzerNews) BAKU, Azerbaijan, June 21. " + LEAD)
    assert place.city == "Baku"
