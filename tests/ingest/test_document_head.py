"""The head of a page end to end: the headline found below breadcrumbs, widgets, captions and
banners, flagged when uncertain, and the page's chrome and related lists kept out of the story."""

import datetime

from articles.ingest import ParsedDocument, parse_document
from articles.ingest.document import HEADLINE_DERIVED

TODAY = datetime.date(2026, 1, 1)
LEAD = (
    "Azerbaijani Foreign Minister Jeyhun Bayramov met the newly appointed Ambassador of the "
    "Kyrgyz Republic, Maksat Mamytkanov, in Baku on Monday."
)
SECOND = "The sides discussed cooperation within the Organization of Turkic States."


def parse(text: str) -> ParsedDocument:
    return parse_document(text.encode("utf-8"), today=TODAY)


def uncertain(parsed: ParsedDocument) -> list[str]:
    return [w for w in parsed.warnings if w.startswith("headline uncertain")]


def test_a_breadcrumb_with_the_time_stamp_is_not_the_headline_and_gives_the_date():
    parsed = parse(
        "Kyrgyzstan|foreign policy|November 6, 2024 / 03:52 PM\n"
        f"Bayramov meets new Kyrgyz ambassador\n\n{LEAD}\n\n{SECOND}\n"
    )
    assert parsed.title == "Bayramov meets new Kyrgyz ambassador"
    assert parsed.published == datetime.date(2024, 11, 6)
    assert "foreign policy" not in parsed.text


def test_a_section_path_above_the_headline_is_dropped_and_the_headline_flagged():
    parsed = parse(f"TODAY.AZ / Politics\n\nBayramov meets new Kyrgyz ambassador\n\n{LEAD}\n")
    assert parsed.title == "Bayramov meets new Kyrgyz ambassador"
    assert "TODAY.AZ" not in parsed.text
    assert uncertain(parsed)


def test_a_dateline_on_its_own_line_is_no_headline_and_the_lead_drafts_one():
    parsed = parse(f"BAKU, Azerbaijan, Feb. 5\n\n{LEAD}\n\n{SECOND}\n")
    assert parsed.title_derived and HEADLINE_DERIVED in parsed.warnings
    assert parsed.title.startswith("Azerbaijani Foreign Minister Jeyhun Bayramov met")
    assert parsed.dateline == "Baku"
    assert parsed.text.startswith("BAKU, Azerbaijan, Feb. 5")


def test_widgets_and_a_dated_caption_above_the_headline_are_chrome():
    parsed = parse(
        "Top Stories\n\nMost read stories of the month\n04\n\nLatest articles of the week\n"
        "Jeyhun Bayramov and Maksat Mamytkanov in Baku, June 24, 2024\n"
        "Armenia & KarabakhInternational\n\n"
        f"Bayramov meets new Kyrgyz ambassador\n\n{LEAD}\n\n{SECOND}\n"
    )
    assert parsed.title == "Bayramov meets new Kyrgyz ambassador"
    assert parsed.text.startswith(LEAD)
    assert "Karabakh" not in parsed.text and "Most read" not in parsed.text
    assert "dated photo caption" in uncertain(parsed)[0]


def test_a_banner_in_the_other_script_is_not_the_headline_of_an_english_story():
    parsed = parse(
        "Qazaq TV Телерадиокомпания Президента Казахстана\n"
        f"Bayramov meets new Kyrgyz ambassador\n\n{LEAD}\n\n{SECOND}\n"
    )
    assert parsed.title == "Bayramov meets new Kyrgyz ambassador"
    assert "Телерадиокомпания" not in parsed.text
    assert uncertain(parsed)


def test_a_live_widget_and_weather_above_a_russian_headline_are_chrome():
    lead = (
        "В Чолпон-Ате прошла рабочая встреча глав внешнеполитических ведомств Кыргызстана и "
        "России, передает корреспондент телеканала."
    )
    parsed = parse(
        "on air preview\nПрямой эфир\nweather icon+13\nМоскваyandex weather icon\n"
        "currencyUSD\n\n78.53\n\nВ СОДРУЖЕСТВЕ\n\n"
        "О чем договорились Лавров и Кулубаев в Чолпон-Ате?\n\n"
        f"Кыргызстан 29/06/2025 — 17:15\n\n{lead}\n"
    )
    assert parsed.title == "О чем договорились Лавров и Кулубаев в Чолпон-Ате?"
    assert parsed.text == lead
    assert parsed.published == datetime.date(2025, 6, 29)


def test_a_reprint_header_is_neither_headline_nor_the_lead_of_a_drafted_headline():
    parsed = parse(f"MENAFN - AzerNews) Qabil Ashirov Read more\n\n{LEAD}\n\n{SECOND}\n")
    assert parsed.title_derived
    assert parsed.title.startswith("Azerbaijani Foreign Minister")
    assert parsed.summary.startswith("Azerbaijani Foreign Minister")


def test_a_plain_headline_carries_no_doubt():
    parsed = parse(f"Bayramov meets new Kyrgyz ambassador\n\n{LEAD}\n\n{SECOND}\n")
    assert not uncertain(parsed)


def test_related_stories_under_a_heading_and_share_prompts_leave_the_story():
    parsed = parse(
        f"Bayramov meets new Kyrgyz ambassador\n\n{LEAD}\n\n{SECOND}\n\n"
        "Подписывайтесь на Sputnik в Дзен\n\nRelated News\n14:46 / 26.12.2024\n"
        "Uzbekistan and Japan discuss expanding judicial cooperation\n"
        "Kyrgyzstan appoints new ambassador to Uzbekistan\n"
    )
    assert parsed.text.split("\n\n") == [LEAD, SECOND]


def test_the_pages_own_title_with_the_sites_name_is_not_kept():
    parsed = parse(
        "Bayramov meets new Kyrgyz ambassador\n"
        "Bayramov meets new Kyrgyz ambassador - Trend, 24.06.2024\n"
        f"{LEAD}\n\n{SECOND}\n"
    )
    assert parsed.text.split("\n\n") == [LEAD, SECOND]
