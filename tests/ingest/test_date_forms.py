"""Date forms of real wire copy beyond the plain ones: page time stamps amid labels, American
month-first dates, glued abbreviations and stamps, machine timestamps, time zones, relative
stamps and ordinal days (articles.ingest.dates, pure functions)."""

import datetime

import pytest

from articles.ingest.dates import (
    find_dates,
    is_date_line,
    parse_date,
    parse_dateline,
    relative_date,
    relative_days,
    strip_date_stamp,
)

TODAY = datetime.date(2026, 1, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11 ноября 2024 г. 11:40", (2024, 11, 11)),
        ("29/06/2025 — 17:15", (2025, 6, 29)),
        ("12:10, 11 января 2022", (2022, 1, 11)),
        ("Kyrgyzstan|foreign policy|November 6, 2024 / 03:52 PM", (2024, 11, 6)),
        ("24 June 2024 18:12 (UTC +04:00)", (2024, 6, 24)),
        ("5 February 2020 13:28 (UTC+04:00)", (2020, 2, 5)),
        ("14:35 GMT+3, 03.07.2021", (2021, 7, 3)),
        ("November 6th, 2024", (2024, 11, 6)),
        ("the 6th of November 2024", (2024, 11, 6)),
        ("1-го ноября 2024 года", (2024, 11, 1)),
        ("2024-02-06T14:35:00+04:00", (2024, 2, 6)),
    ],
)
def test_wire_date_forms_with_times_zones_and_ordinals_are_parsed(text, expected):
    assert parse_date(text, today=TODAY) == datetime.date(*expected)


def test_a_month_first_american_date_is_read_when_no_day_first_reading_exists():
    assert parse_date("Fri, 11/29/2019 - 09:58", today=TODAY) == datetime.date(2019, 11, 29)


def test_an_ambiguous_slashed_date_stays_day_first():
    assert parse_date("03/07/2021", today=TODAY) == datetime.date(2021, 7, 3)


def test_a_year_first_date_is_never_swapped_into_a_month_first_reading():
    (found,) = find_dates("2024/13/01")
    assert found.to_date() is None


def test_a_month_abbreviation_glued_to_the_day_is_a_date():
    dateline = parse_dateline("Bishkek, Nov.29, 2019. /Kabar/. Today the", today=TODAY)
    assert dateline.date.to_date() == datetime.date(2019, 11, 29)
    assert dateline.credit == "Kabar"


def test_a_word_that_starts_like_a_month_is_not_a_date():
    assert find_dates("Mayor 5 said") == []


@pytest.mark.parametrize(
    "line",
    [
        "Kyrgyzstan|foreign policy|November 6, 2024 / 03:52 PM",
        "Politics Materials 24 June 2024 18:12 (UTC +04:00)",
        "Кыргызстан 29/06/2025 — 17:15",
        "25 June 2024 [11:04] - TODAY.AZ",
        "28 February, 11:39 Share on social media:",
        "12:10, 11 января 2022",
        "Fri, 11/29/2019 - 09:58",
        "11 ноября 2024 г. 11:40 (МСК)",
        "Nov 6, 2024, 3:52 PM EST",
        "Published 2024-02-06T14:35Z",
    ],
)
def test_a_time_stamp_amid_a_few_page_labels_is_a_date_line(line):
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Встреча прошла 5 мая 2024 года в столице Казахстана",
        "Kazakhstan 2024 summit 12:00",
        "The summit opened on 31 August 2024.",
        "Ministers met on 5 May 2024 and again on 6 May 2024 at 10:00",
        "The foreign ministers of the five Central Asian states met 5 May 2024 10:00",
    ],
)
def test_a_sentence_or_a_line_without_a_clock_time_is_not_a_time_stamp(line):
    assert not is_date_line(line)


def test_a_scraper_stamp_glued_to_the_headline_is_split_off():
    found, rest = strip_date_stamp(" date 2024-02-06Kyrgyz FM due in Azerbaijan")
    assert found.to_date() == datetime.date(2024, 2, 6)
    assert rest == "Kyrgyz FM due in Azerbaijan"


def test_a_scraper_stamp_with_a_colon_is_split_off():
    found, rest = strip_date_stamp("Date: 2024-02-06 BAKU, May 2.")
    assert found.to_date() == datetime.date(2024, 2, 6)
    assert rest == "BAKU, May 2."


@pytest.mark.parametrize(
    ("line", "days"),
    [
        ("Сегодня, 14:35", 0),
        ("Today 09:12 GMT+3", 0),
        ("Вчера в 18:05 (МСК)", 1),
        ("Yesterday at 10:00", 1),
        ("Обновлено: позавчера", 2),
        ("2 hours ago", 0),
        ("30 hours ago", 1),
        ("3 часа назад", 0),
        ("5 days ago", 5),
        ("2 дня назад", 2),
    ],
)
def test_relative_stamp_lines_count_back_from_the_import_day(line, days):
    assert relative_days(line) == days
    assert relative_date(line, TODAY).to_date() == TODAY - datetime.timedelta(days=days)
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line", ["Today the minister said the talks went well", "Вчера министры встретились в Баку"]
)
def test_relative_words_in_a_sentence_are_not_a_stamp(line):
    assert relative_days(line) is None
    assert relative_date(line, TODAY) is None
