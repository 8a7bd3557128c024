"""Each class of page chrome seen around real wire copy is recognised by its own rule, and the
story sentences that look most like chrome (short lines, names, lists, quotes) survive every rule.
"""

from pathlib import Path

import pytest

from articles.ingest.clean import (
    drop_teasers,
    is_boilerplate,
    is_breadcrumb,
    is_call_to_action,
    is_captioned_credit,
    is_dated_chrome,
    is_glued_links,
    is_page_stamp,
    is_rate_line,
    is_related_heading,
    is_weather_widget,
    is_widget_symbols,
    mark_link_row,
    prepare_text,
    related_list_start,
)

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seed_documents"


@pytest.mark.parametrize(
    "line",
    [
        "Home > Politics",
        "TODAY.AZ / Politics",
        "Images | Kazakh MFA",
        "Kyrgyzstan|foreign policy|November 6, 2024 / 03:52 PM",
        "Главная › Новости › Политика",
    ],
)
def test_breadcrumbs_and_section_paths_are_chrome(line):
    assert is_breadcrumb(line) and is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Baku / Bishkek talks open a new chapter in the relations of the two capitals",
        "Lavrov: talks with Bayramov were constructive and useful for both sides.",
        "Azerbaijan, Kyrgyzstan discuss implementation of joint projects",
    ],
)
def test_a_headline_or_sentence_with_a_slash_or_colon_is_no_breadcrumb(line):
    assert not is_breadcrumb(line)


@pytest.mark.parametrize(
    "line",
    [
        "Most read stories of the month",
        "Latest articles of the week",
        "Top Stories",
        "TOP STORIES WEEK 04",
        "Breaking News",
        "on air preview",
        "Прямой эфир",
        "CANLI YAYIM",
        "Популярные новости",
        "▼ читать продолжение новости ▼",
    ],
)
def test_widget_headings_and_live_buttons_are_chrome(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line", ["weather icon+13", "Москваyandex weather icon", "Погода +5°", "Weather icon Baku"]
)
def test_weather_widgets_are_chrome(line):
    assert is_weather_widget(line) and is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    ["Weather in Baku will be rainy and cold this weekend.", "Weather forecast for Bishkek"],
)
def test_weather_news_is_not_a_widget(line):
    assert not is_weather_widget(line)


@pytest.mark.parametrize(
    "line", ["Armenia & KarabakhInternational", "currencyUSD", "telegramБольше новостей"]
)
def test_link_texts_printed_without_spaces_are_chrome(line):
    assert is_glued_links(line) and is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    ["YouTube blocks RT channel", "OpenAI launches new model", "WhatsApp and Telegram"],
)
def test_brand_names_in_camel_case_are_not_glued_links(line):
    assert not is_glued_links(line)


@pytest.mark.parametrize(
    "line",
    [
        "Подписывайтесь на Sputnik в Дзен",
        "Get the Mirror in your inbox:",
        "Follow Azernews on Telegram",
        "Читайте Kabar в Telegram",
    ],
)
def test_calls_to_follow_the_outlet_are_chrome_even_when_they_name_it(line):
    assert is_call_to_action(line) and is_boilerplate(line)


def test_a_sentence_about_following_is_no_call_to_action():
    assert not is_call_to_action("Follow-up talks are planned for next month in Baku.")


@pytest.mark.parametrize(
    "line",
    [
        "Comments are closed.",
        "добавить комментарий",
        "Добавить комментарий",
        "Leave a reply",
        "telegramБольше новостей в Телеграме Подписаться",
    ],
)
def test_comment_forms_and_share_prompts_are_chrome(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", ["He declined to comment.", "The ministry did not comment."])
def test_a_sentence_about_comments_is_kept(line):
    assert not is_boilerplate(line)


@pytest.mark.parametrize("line", ["12:10", "- 13:12", "• $ 85.93 -0.70", "• 91.13 +0.10"])
def test_lone_times_and_quotes_are_chrome(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", ["+ ↺ − 16 px", "− 16 px +", "↺"])
def test_font_size_buttons_are_chrome(line):
    assert is_widget_symbols(line) and is_boilerplate(line)


@pytest.mark.parametrize("line", ["2024", "12 000 000 000", "1."])
def test_a_bare_number_is_no_symbol_widget(line):
    assert not is_widget_symbols(line)


@pytest.mark.parametrize(
    "line",
    [
        "The meeting of the SCO Foreign Ministers Council in 2022. Photo credit: gov.kz",
        "Владимир Путин собирается с визитом в Астану 27 ноября / akorda.kz, "
        "бильд-редактор: Дастан Шанай",
        "Lavrov and Bayramov in Baku - Photo: Reuters",
    ],
)
def test_a_caption_ending_in_its_photo_credit_is_chrome(line):
    assert is_captioned_credit(line) and is_boilerplate(line)


def test_a_story_paragraph_that_ends_with_a_credit_is_no_caption():
    paragraph = (
        "The ministers met in Baku. They discussed trade and transit. They agreed to meet "
        "again in the autumn. Photo: Reuters"
    )
    assert not is_captioned_credit(paragraph)


@pytest.mark.parametrize(
    "line",
    [
        "Politics Materials 24 June 2024 18:12 (UTC +04:00)",
        "25 June 2024 [11:04] - TODAY.AZ",
        "Кыргызстан 29/06/2025 — 17:15",
        "Xinhua) 15:37, July 10, 2021",
        "28 February 2023, 11:39 Share on social media:",
    ],
)
def test_a_time_stamp_with_a_rubric_button_or_site_name_is_chrome_that_keeps_its_date(line):
    assert is_dated_chrome(line) and is_page_stamp(line) and is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "/// nCa, 12 July 2021",  # a credit: a date but no time
        "Baku, April 27, AZERTAC",  # a dateline and credit
        "Muhammad Irfan Published February 28, 2023 | 07:20 AM",  # a byline
        "Alexei Timaev 12:05",
    ],
)
def test_credit_dateline_and_byline_lines_are_no_dated_chrome(line):
    assert not is_dated_chrome(line)


def test_a_breadcrumb_ending_in_the_time_stamp_is_a_page_stamp():
    assert is_page_stamp("Kyrgyzstan|foreign policy|November 6, 2024 / 03:52 PM")
    assert not is_page_stamp("Home > Politics")


def test_rubric_and_tag_links_set_apart_by_wide_gaps_become_a_path():
    assert mark_link_row("Foreign policy    Kazakhstan and Russia  ") == (
        "Foreign policy | Kazakhstan and Russia"
    )
    assert is_boilerplate(mark_link_row("Foreign policy    Kazakhstan and Uzbekistan"))


@pytest.mark.parametrize(
    "line",
    [
        " date 2025-01-23   TOP STORIES WEEK   04",  # the date stamp is read first, untouched
        "The sides   discussed cooperation in trade.",
        "Bayramov    met    the new ambassador of Kyrgyzstan in Baku on Monday",
    ],
)
def test_wide_gaps_in_dated_or_long_lines_are_left_alone(line):
    assert mark_link_row(line) == line


def test_prepare_text_marks_link_rows_only():
    text, _ = prepare_text("Title here\nForeign policy    Kazakhstan and Russia\nBody text.")
    assert text.split("\n")[1] == "Foreign policy | Kazakhstan and Russia"
    assert text.split("\n")[::2] == ["Title here", "Body text."]


@pytest.mark.parametrize(
    "line", ["Related News", "Новости по теме", "Читайте также", "Read also:", "Most read"]
)
def test_related_story_headings(line):
    assert is_related_heading(line) and is_boilerplate(line)


STORY_END = [
    "The ministers signed a cooperation programme for 2020.",
    "The parties agreed to hold the next round of talks in Dushanbe.",
]


def test_headlines_listed_under_a_related_heading_are_cut_off():
    lines = [
        *STORY_END,
        "Related News",
        "14:46 / 26.12.2024",
        "Uzbekistan and Japan discuss expanding judicial cooperation",
        "17:15 / 20.12.2024",
        "Kyrgyzstan appoints new ambassador to Uzbekistan",
    ]
    assert related_list_start(lines) == 2


def test_three_headlines_after_the_last_sentence_are_a_related_list():
    lines = [
        *STORY_END,
        "UN General Assembly adopts Tajikistan’s resolution on the Year of Legal Literacy",
        "Tajikistan, China discuss future cooperation prospects",
        "Tajikistan, Iran reaffirm",
    ]
    assert related_list_start(lines) == 2


def test_a_speaker_card_and_a_cut_off_quote_after_the_last_sentence_stay():
    lines = [
        *STORY_END,
        "Жээнбек Кулубаев",
        "министр иностранных дел Кыргызской Республики",
        "«За прошедшие годы проделана огромная работа по выстраиванию кыргызско-российски",
    ]
    assert related_list_start(lines) == len(lines)


def test_a_list_the_story_introduces_with_a_colon_stays():
    lines = [
        "In addition, the following documents were signed as part of the summit:",
        "Agreement on the establishment of the OTS Civil Protection Mechanism",
        "Digital Economy Partnership Agreement between the member states",
        "Memorandum of Understanding on the Turkic Green Finance Council",
    ]
    assert related_list_start(lines) == len(lines)


def test_one_cut_off_last_line_is_not_a_list():
    lines = [*STORY_END, "Armenia is ready to unblo"]
    assert related_list_start(lines) == len(lines)


def test_a_description_cut_with_an_ellipsis_goes_when_the_story_prints_it_in_full():
    lead = (
        "МОСКВА, 27 авг – РИА Новости. Министр иностранных дел России Сергей Лавров и глава МИД "
        "Узбекистана обсудили предстоящее заседание совета глав государств ШОС."
    )
    teaser = (
        "Министр иностранных дел России Сергей Лавров и глава МИД Узбекистана обсудили "
        "предстоящее заседание совета глав государств..."
    )
    assert drop_teasers([teaser, lead]) == [lead]


def test_an_ellipsis_paragraph_the_story_does_not_repeat_stays():
    paragraphs = ["The talks will continue, the minister said...", "Other news of the day."]
    assert drop_teasers(paragraphs) == paragraphs


# Real story lines, from the evaluation corpus, that are short, unpunctuated, name people or
# places, or list items: the lines most like chrome. None may be taken for it.
STORY_LINES = [
    "The President of Kyrgyzstan Sadyr Japarov chaired the summit.",
    "Upon completion, the following decisions and documents were signed:",
    "1. Bishkek Declaration of the 11th Summit of the Organization of Turkic States;",
    "2. Digital Economy Partnership Agreement;",
    "Lavrov revealed plans to visit Armenia.",
    "Armenia is ready to unblo",
    "Жээнбек Кулубаев",
    "министр иностранных дел Кыргызской Республики",
    "Встречу открыл министр иностранных дел РК Мурат Нуртлеу.",
    "Ожидается, что по итогам встречи будет подписан ряд документов.",
    "Планировалось, что он состоится 28-29 октября.",
    "БИШКЕК",
    "BAKU, Azerbaijan, Feb. 5",
    "Baku, April 27, AZERTAC",
    "By Leman Zeynalova – Trend:",
    "Kudrenok Tatyana",
    "Автор:",
    "Редакция сайта ТАСС",
    "По материалам ТАСС",
    "/// nCa, 12 July 2021",
    "—Azer News",
    "Both sides underscored the importance of maintaining high-level political dialogue.",
    "The meeting also included an exchange of views on a wide range of other issues.",
    "Иссык-Куль – жемчужина евразийского пространства – отметил глава российского МИД.",
    "Brent crude futures rose 40 cents to $86.64 a barrel.",
    "Share prices rose",
    "Latest developments",
    "Lavrov to visit Baku next week",
    "Прямой рейс Бишкек — Москва откроется в июле",
    "Азербайджан и Кыргызстан договорились о расширении сотрудничества - ФОТО",
]


@pytest.mark.parametrize("line", STORY_LINES)
def test_real_story_lines_are_never_chrome(line):
    assert not is_boilerplate(line)


def seed_story_lines() -> list[str]:
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = " ".join(raw.split())
            if len(line.split()) > 5 and line.endswith("."):
                lines.append(line)
    return lines


def test_every_sentence_line_of_the_seed_stories_survives_every_rule():
    lines = seed_story_lines()
    assert len(lines) > 20
    assert not [line for line in lines if is_boilerplate(line)]
    assert related_list_start(lines) == len(lines)
    assert drop_teasers(lines) == lines


@pytest.mark.parametrize("line", ["Курс USD 78.53 руб", "USD/KZT 471.25", "EUR 1.8512", "$ 85.93"])
def test_exchange_rate_widgets_are_chrome(line):
    assert is_rate_line(line.split()) and is_boilerplate(line)


@pytest.mark.parametrize(
    "line", ["Dollar rate rises to 1.70 manat in Baku", "The manat rate stayed at 1.70."]
)
def test_news_about_rates_is_no_rate_widget(line):
    assert not is_rate_line(line.split())


def test_two_headlines_just_above_a_popular_news_heading_go_with_it():
    lines = [
        *STORY_END,
        "Глава МИД России Сергей Лавров посетит Узбекистан",
        "Глава МИД России Сергей Лавров посетит Узбекистан",
        "telegramБольше новостей в Телеграме Подписаться",
        "Популярные новости",
    ]
    assert related_list_start(lines) == 2


def test_a_credit_line_above_a_related_heading_stays():
    lines = [*STORY_END, "—Azer News", "Related News", "Kyrgyzstan appoints new ambassador"]
    assert related_list_start(lines) == 3
