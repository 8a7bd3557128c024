"""The time of publication beside a story's date, as wire copy writes it: after or before the
date, 12- or 24-hour, with a named or numeric zone or none (articles.ingest.dates and
parse_document; pure functions, no database)."""

import datetime

import pytest

from articles.ingest import ParsedDocument, parse_document
from articles.ingest.dates import StatedTime, find_dates, relative_date, stated_time_near

TODAY = datetime.date(2026, 12, 5)
TITLE = "Bayramov receives OTS Secretary General"
LEAD = (
    "Azerbaijani Foreign Minister Jeyhun Bayramov received the Secretary General of the "
    "Organization of Turkic States in Baku."
)


def parse(text: str) -> ParsedDocument:
    return parse_document(text.encode("utf-8"), today=TODAY)


def only_time(text: str) -> StatedTime | None:
    (found,) = find_dates(text, today=TODAY)
    return found.time


@pytest.mark.parametrize(
    ("text", "clock", "offset"),
    [
        # after the date, with a numeric zone in brackets (Trend, Azertac)
        ("31 August 2024 19:19 (UTC+04:00)", (19, 19), 240),
        ("Politics Materials 24 June 2024 18:12 (UTC +04:00)", (18, 12), 240),
        # after a Russian date with its "г.", no zone: the agency's local time
        ("11 ноября 2024 г. 11:40", (11, 40), None),
        # a Russian named zone
        ("11 ноября 2024 г. 11:40 (МСК)", (11, 40), 180),
        # before the date (Xinhua, People's Daily, Kabar)
        ("14:05, 3 July 2021", (14, 5), None),
        ("12:10, 11 января 2022", (12, 10), None),
        ("в 14:35 3 июля 2021", (14, 35), None),
        ("14:35 GMT+3, 03.07.2021", (14, 35), 180),
        # 12-hour clocks, American zones
        ("Kyrgyzstan|foreign policy|November 6, 2024 / 03:52 PM", (15, 52), None),
        ("Nov 6, 2024, 3:52 PM EST", (15, 52), -300),
        ("Nov 6, 2024, 12:05 a.m.", (0, 5), None),
        # bracketed and dashed
        ("25 June 2024 [11:04] - TODAY.AZ", (11, 4), None),
        ("Кыргызстан 29/06/2025 — 17:15", (17, 15), None),
        ("Fri, 11/29/2019 - 09:58", (9, 58), None),
        # machine timestamps: the time is part of the date as written
        ("2024-02-06T14:35:00+04:00", (14, 35), 240),
        ("Published 2024-02-06T14:35Z", (14, 35), 0),
        ("2024-02-06T14:35:20", (14, 35, 20), None),
    ],
)
def test_the_time_written_beside_a_date_is_read_with_its_zone_when_given(text, clock, offset):
    assert only_time(text) == StatedTime(datetime.time(*clock), offset)


@pytest.mark.parametrize(
    ("zone", "offset"),
    [("UTC", 0), ("GMT+5", 300), ("UTC-03:30", -210), ("MSK+1", 240), ("CEST", 120)],
)
def test_a_named_zone_and_an_offset_from_it_give_minutes_east_of_utc(zone, offset):
    assert only_time(f"3 July 2021 10:00 {zone}").utc_offset == offset


def test_a_date_without_a_time_has_none():
    assert only_time("BAKU, Azerbaijan, 2 May 2024. Trend:") is None


def test_an_impossible_clock_is_no_time():
    assert only_time("3 July 2021 25:70") is None
    assert only_time("3 July 2021 13:05 PM") is None


def test_a_time_separated_from_the_date_by_words_is_not_its_time():
    assert only_time("3 July 2021 the talks began at 14:05") is None
    assert only_time("At 14:05 the minister said on 3 July 2021") is None


def test_an_offset_beyond_fourteen_hours_is_no_zone():
    assert only_time("3 July 2021 10:00 UTC+15").utc_offset is None


def test_the_time_near_a_date_is_found_by_position_in_longer_text():
    text = "Updated: 10:15, 4 July 2021 | Source"
    start = text.index("4 July")
    end = start + len("4 July 2021")
    assert stated_time_near(text, start, end) == StatedTime(datetime.time(10, 15))


def test_a_relative_stamp_keeps_its_clock_time():
    found = relative_date("Вчера, 10:00", TODAY)
    assert found.time == StatedTime(datetime.time(10, 0))


def test_a_document_with_a_date_line_carries_its_time_and_zone():
    parsed = parse(f"{TITLE}\n31 August 2024 19:19 (UTC+04:00)\n\n{LEAD}")
    assert parsed.published == datetime.date(2024, 8, 31)
    assert parsed.published_time == datetime.time(19, 19)
    assert parsed.published_utc_offset == 240


def test_a_dateline_takes_the_time_of_a_date_line_of_the_same_day():
    parsed = parse(f"{TITLE}\n31 August 2024 19:19\n\nBAKU, Azerbaijan, August 31. {LEAD}")
    assert parsed.published == datetime.date(2024, 8, 31)
    assert parsed.published_time == datetime.time(19, 19)
    assert parsed.published_utc_offset is None


def test_a_time_of_another_day_is_not_moved_to_the_story_date():
    parsed = parse(f"{TITLE}\n1 September 2024 09:00\n\nBAKU, Azerbaijan, August 31, 2024. {LEAD}")
    assert parsed.published == datetime.date(2024, 8, 31)
    assert parsed.published_time is None


def test_a_russian_stamp_with_the_time_first_dates_and_times_the_story():
    parsed = parse(
        "Министр принял генсека ОТГ\n12:10, 11 января 2022\n\n"
        "Министр иностранных дел Джейхун Байрамов принял генерального секретаря в Баку."
    )
    assert parsed.published == datetime.date(2022, 1, 11)
    assert parsed.published_time == datetime.time(12, 10)


def test_a_document_without_a_time_has_none():
    parsed = parse(f"{TITLE}\n\nBAKU, Azerbaijan, August 31, 2024. {LEAD}")
    assert parsed.published == datetime.date(2024, 8, 31)
    assert parsed.published_time is None
    assert parsed.published_utc_offset is None
