"""Page chrome recognised by the shape of a line; story lines, markup and invisibles handled."""

import pytest

from articles.ingest.clean import (
    html_to_plain,
    is_boilerplate,
    is_prose,
    looks_like_html,
    prepare_text,
)


@pytest.mark.parametrize(
    "line",
    [
        # the seed pages' chrome
        "Loading...",
        "Follow us on Twitter @AzerNewsAz",
        "Read more",
        "Latest See more",
        "Комментарии",
        "Оставить комментарий",
        "Читайте и смотрите нас в",
        "Политика 0",
        "Azernews.Az",
        "Sunday September 15 2024",
        "---",
        # the same shapes from other outlets
        "Loading…",
        "Subscribe to our Telegram channel",
        "Подписывайтесь на наш канал в Telegram",
        "Join us on Facebook",
        "Facebook Twitter WhatsApp Telegram",
        "Поделиться:",
        "Share",
        "Most read",
        "Related news",
        "Все новости",
        "Back to top",
        "Advertisement",
        "Реклама",
        "Экономика 12",
        "Views 1523",
        "12 comments",
        "5 комментариев",
        "www.trend.az",
        "https://kabar.kg/news/glava-mid/",
        "24.kg",
        "Photo: Reuters",
        "Фото: пресс-служба МИД КР",
        "Фото пресс-службы МИД КР",
        "(Photo: AFP)",
        "© 2024 Azernews",
        "All rights reserved",
        "Все права защищены",
        "USD 1.7000 EUR 1.8512 RUB 0.0193",
        "Brent $82.10 ▲ +0.4%",
        "Tags: Azerbaijan, OTS, Kyrgyzstan",
        "Читайте также: Бишкек и Баку подписали соглашение",
        "* * *",
        "=====",
        "Monday, 3 July 2021",
        "Среда, 3 июля 2024 г.",
        "03.07.2021, 14:35",
    ],
)
def test_page_chrome_is_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Azerbaijan and Kyrgyzstan are closely connected.",
        "We highly appreciate this cooperation.",
        "During the meeting, the sides also exchanged views on other issues of mutual interest.",
        "Kyrgyz Ambassador hails deepening Baku-Bishkek relations",
        "Глава МИД Кыргызстана встретился с председателем Милли Меджлиса Азербайджана",
        "Fatima Latifova",
        "Latest developments",
        "Share prices rose",
        "Photos of the meeting were published by the ministry.",
        "Photographers gathered outside the ministry",
        "Read the full statement below:",
        "Follow-up talks are planned for next month.",
        "Стороны обсудили двусторонние отношения.",
        "The OTS has six members: Azerbaijan, Kazakhstan, Kyrgyzstan, Turkey, Uzbekistan, Hungary.",
    ],
)
def test_story_lines_are_not_boilerplate(line):
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Azerbaijan and Kyrgyzstan are closely connected.", True),
        ("Kyrgyz Ambassador hails deepening Baku-Bishkek relations", False),
        ("Will Baku host the next summit of the OTS?", False),
        ("Read more", False),
        ("Loading the new platform will take several more days and weeks...", False),
        ("x" * 300, True),
    ],
)
def test_prose_is_told_from_headlines_and_buttons(line, expected):
    assert is_prose(line) is expected


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("Ba\u200bku", 1),
        ("Baku\u202e evil \u202c", 2),
        ("\u2066Baku\u2069", 2),
        ("Ba\x07ku\x1b", 2),
        ("soft\u00adhyphen", 1),
    ],
)
def test_invisible_and_control_characters_are_removed_with_a_warning(raw, count):
    text, warnings = prepare_text(raw)
    assert "\u200b" not in text and "\u202e" not in text and "\x07" not in text
    assert warnings == [
        f"{count} control or invisible character(s) removed (zero-width, bidirectional, control)"
    ]


def test_line_endings_and_odd_spaces_are_normalised_without_warning():
    text, warnings = prepare_text("One\r\nTwo\rThree\u2028Four\u00a0five\tsix")
    assert text == "One\nTwo\nThree\nFour five six"
    assert warnings == []


def test_html_is_reduced_to_its_text_with_a_warning():
    page = (
        "<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>"
        "<nav>Home</nav><h1>Minister meets envoy</h1><p>Baku &amp; Bishkek agreed.</p>"
        "<script>var a = 1;</script><p>Second<br>line.</p></body></html>"
    )
    text, warnings = prepare_text(page)
    assert "Baku & Bishkek agreed." in text
    assert "Minister meets envoy" in text
    assert "var a" not in text and "p{}" not in text
    assert "<" not in text
    assert any("HTML" in w for w in warnings)


def test_html_blocks_become_separate_paragraphs():
    assert [
        p.strip() for p in html_to_plain("<p>One</p><p>Two</p>").split("\n\n") if p.strip()
    ] == [
        "One",
        "Two",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Story</p><p>More</p>", True),
        ("<html><body>x</body></html>", True),
        ("Prices rose 5% as x < y and y > z.", False),
        ("Plain text with one <b> stray tag.", False),
    ],
)
def test_html_is_recognised_by_its_tags(text, expected):
    assert looks_like_html(text) is expected
