"""Credit and byline classes of stored wire pages, each rule on its own (issue 17)."""

import pytest

from articles.ingest.agencies import agency_named
from articles.ingest.credits import (
    byline_from_line,
    cited_agency,
    correspondent_agency,
    credited_agency,
    find_source,
    line_credit,
    reporter_byline,
    reprinted_by,
    strip_distributor,
)

NO_CREDITS = {"wrapper_agency": None, "dateline_credit": None, "banners": [], "distributor": None}


def source_of(paragraphs, lines=None, address=None):
    return find_source(**NO_CREDITS, paragraphs=paragraphs, lines=lines or [], address=address)


def test_wrapper_that_lost_its_opening_bracket_still_names_service_and_agency():
    assert strip_distributor("MENAFN - AzerNews) Qabil Ashirov Read more") == (
        "MENAFN",
        "AzerNews",
        "Qabil Ashirov Read more",
    )


def test_unbracketed_wrapper_needs_a_known_reprint_service():
    line = "Trend - Politics) more text"
    assert strip_distributor(line) == (None, None, line)


@pytest.mark.parametrize(
    ("paragraph", "agency"),
    [
        (
            "The meeting will be held, Trend reports referring to the Foreign Ministry.",
            "Trend News Agency",
        ),
        ("The ministers met, Azernews reports per the ministry’s tweet.", "Azernews"),
        ("Как передает 1news.az со ссылкой на сайт МИД Азербайджана, встреча прошла.", "1news.az"),
        ("Лавров прибыл в Узбекистан, сообщает корреспондент «Ъ». Борт приземлился.", "Kommersant"),
    ],
)
def test_agency_named_as_the_teller(paragraph, agency):
    assert cited_agency(paragraph) == agency


def test_teller_citing_a_known_agency_relays_that_agencys_story():
    paragraph = (
        "Заседание проходит в Астане, передает onenews.kz со ссылкой на агентство Kazinform."
    )
    assert cited_agency(paragraph) == "Kazinform"


def test_teller_citing_a_ministry_keeps_the_teller():
    paragraph = "Как передает 1news.az со ссылкой на сайт МИД Азербайджана, встреча прошла."
    assert cited_agency(paragraph) == "1news.az"


def test_a_dateline_country_note_in_slashes_is_not_a_credit():
    assert credited_agency("ЧОЛПОН-АТА /Киргизия/, 29 июня. Саммит состоится осенью.") is None


def test_correspondent_of_a_channel_anywhere_in_the_story_names_agency_and_reporter():
    paragraph = (
        "Переговоры прошли накануне, передает корреспондент телеканала «МИР 24» Алексей Тимаев."
    )
    assert correspondent_agency(paragraph) == "Mir 24"
    assert reporter_byline(["Первый абзац.", paragraph]) == "Алексей Тимаев"


def test_correspondent_without_a_name_gives_no_byline():
    assert reporter_byline(["Лавров прибыл, сообщает корреспондент «Ъ»."]) is None
    assert reporter_byline(["The talks began, Kazinform correspondent reports."]) is None


def test_english_correspondent_with_a_name():
    assert reporter_byline(["Kazinform correspondent Aigerim Ospan reports."]) == "Aigerim Ospan"


def test_page_stamp_line_gives_way_to_the_storys_own_credit():
    paragraphs = [
        "Azerbaijan, Kyrgyzstan discuss implementation of joint projects",
        "25 June 2024 [11:04] - TODAY.AZ",
        "The minister met the newly appointed ambassador of Kyrgyzstan, Azernews reports.",
    ]
    assert source_of(paragraphs) == "Azernews"


def test_page_stamp_line_is_still_the_source_when_nothing_else_credits():
    paragraphs = ["25 June 2024 [11:04] - TODAY.AZ", "The minister met the ambassador on Monday."]
    assert source_of(paragraphs) == "Today.az"


def test_attribution_deep_in_the_story_is_not_the_source():
    paragraphs = [
        "Министр иностранных дел России прибыл в Самарканд с официальным визитом в среду.",
        "Фото: МИД России",
        "Визит предусматривает проведение переговоров между руководителями ведомств.",
        "Как сообщает «Коммерсант», в рамках поездки Лавров также встретится с президентом.",
    ]
    assert source_of(paragraphs) is None


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        (
            "Last time the minister met his colleagues in Xi’an. /// nCa, 12 July 2021",
            "News Central Asia",
        ),
        ("It aims to raise relations to a new level.—Azer News", "Azernews"),
        ("Источник: http://vestikavkaza.ru", "Vestnik Kavkaza"),
    ],
)
def test_credit_closing_the_last_sentence_or_line(line, agency):
    assert line_credit(line) == agency


def test_bare_site_address_of_a_known_outlet_is_a_credit_line():
    lines = [
        "Headline of the story",
        "The president invited the leaders to the forest.",
        "lenta.ru",
    ]
    assert source_of(["The president invited the leaders to the forest."], lines) == "Lenta.ru"


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        (
            "By Saniya Sakenova in International, Kazakhstan’s Presidency in SCO on 14 May 2024",
            "Saniya Sakenova",
        ),
        ("Muhammad Irfan Published February 28, 2023 | 07:20 AM", "Muhammad Irfan"),
        ("Qabil Ashirov Read more", "Qabil Ashirov"),
    ],
)
def test_byline_with_section_stamp_or_author_link(line, byline):
    assert byline_from_line(line, bare_name_ok=False) == byline


@pytest.mark.parametrize(
    "line", ["The Armenian Mirror-Spectator", "By Trend", "Foreign Policy", "Pakistan Observer"]
)
def test_an_outlet_or_section_is_never_a_byline(line):
    assert byline_from_line(line, bare_name_ok=True) is None


def test_new_outlets_are_known_by_name_and_address():
    assert agency_named("mirrorspectator.com").name == "The Armenian Mirror-Spectator"
    assert agency_named("Ъ").name == "Kommersant"


def test_page_address_names_a_site_that_never_names_itself():
    assert source_of(
        ["The minister met the ambassador on Monday."], address="https://24.kg/x/1"
    ) == ("24.kg")


def test_a_credit_in_the_copy_beats_the_page_address():
    paragraphs = ["The ministers met in Baku on Monday, Azernews reports."]
    assert source_of(paragraphs, address="https://pakobserver.net/story") == "Azernews"


def test_a_reprint_services_address_is_never_the_source():
    paragraphs = ["The ministers met in Dushanbe on Wednesday."]
    assert source_of(paragraphs, address="https://www.einpresswire.com/article/1") is None


def test_the_page_address_is_the_reprinter_when_another_agency_wrote_the_story():
    assert reprinted_by(None, "Azernews", [], address="https://pakobserver.net/a") == (
        "Pakistan Observer"
    )
    assert reprinted_by(None, "Trend News Agency", [], address="https://en.trend.az/a") is None
    assert reprinted_by(None, None, [], address="https://www.einpresswire.com/a") == "EIN Presswire"
