"""Dates in every form the wires print them, datelines, and the evidence for a missing year."""

import datetime

import pytest

from articles.ingest.dates import (
    FoundDate,
    find_dates,
    is_date_line,
    parse_date,
    parse_dateline,
    strip_date_stamp,
)

TODAY = datetime.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-06", (2024, 2, 6)),
        ("03.07.21", (2021, 7, 3)),
        ("03.07.2021", (2021, 7, 3)),
        ("3.7.2021", (2021, 7, 3)),
        ("03/07/2021", (2021, 7, 3)),
        ("03.07.2021, 14:35", (2021, 7, 3)),
        ("03.07.2021 (14:35)", (2021, 7, 3)),
        ("31 August 2024 19:19 (UTC+04:00)", (2024, 8, 31)),
        ("Aug. 31, 2024", (2024, 8, 31)),
        ("31 Aug 2024", (2024, 8, 31)),
        ("August 31, 2024", (2024, 8, 31)),
        ("Sunday September 15 2024", (2024, 9, 15)),
        ("SEPTEMBER 15, 2024", (2024, 9, 15)),
        ("3 июля 2021 г.", (2021, 7, 3)),
        ("3 июл. 2021", (2021, 7, 3)),
        ("03 июля 2021 года", (2021, 7, 3)),
        ("15 сентября 2024", (2024, 9, 15)),
        ("Updated: 03.07.2021 14:35 +0400", (2021, 7, 3)),
        ("14:35 GMT+4, 03/07/2021", (2021, 7, 3)),
        ("UTC +6 12:00 3 July 2021", (2021, 7, 3)),
        ("The minister arrived on 2 February 2024 for talks.", (2024, 2, 2)),
    ],
)
def test_dates_are_parsed_in_all_wire_forms(text, expected):
    assert parse_date(text, today=TODAY) == datetime.date(*expected)


@pytest.mark.parametrize(
    ("text", "day_month"),
    [("BAKU, May 2.", (2, 5)), ("3 июля", (3, 7)), ("February 6", (6, 2)), ("Aug 31", (31, 8))],
)
def test_dates_without_a_year_keep_the_year_missing(text, day_month):
    (found,) = find_dates(text)
    assert (found.day, found.month, found.year) == (*day_month, None)
    assert found.to_date() is None


@pytest.mark.parametrize("text", ["2024-02-30", "30.02.2024", "31 April 2024", "2024-13-01"])
def test_impossible_dates_are_found_but_give_no_calendar_date(text):
    (found,) = find_dates(text)
    assert found.to_date() is None
    assert found.iso().startswith("2024-")


@pytest.mark.parametrize("text", ["It may 2 be so", "version 1.2.3 released", "at 14:35"])
def test_things_that_are_not_dates_are_ignored(text):
    assert parse_date(text, today=TODAY) is None


def test_two_digit_years_are_this_century_unless_that_is_the_future():
    assert parse_date("03.07.21", today=TODAY) == datetime.date(2021, 7, 3)
    assert parse_date("03.07.98", today=TODAY) == datetime.date(1998, 7, 3)


@pytest.mark.parametrize(
    ("day_month", "evidence", "expected_year"),
    [
        ((2, 5), datetime.date(2024, 5, 2), 2024),
        ((30, 12), datetime.date(2025, 1, 3), 2024),  # just before a January stamp
        ((3, 1), datetime.date(2024, 12, 30), 2025),  # just after a December stamp
        ((29, 2), datetime.date(2024, 3, 1), 2024),  # only a leap year has the day
    ],
)
def test_a_missing_year_is_taken_from_the_nearest_evidence(day_month, evidence, expected_year):
    found = FoundDate(*day_month, None, 0, 0, "written without a year")
    assert found.with_year_near(evidence).year == expected_year


@pytest.mark.parametrize(
    "line",
    [
        "Sunday September 15 2024",
        "31 August 2024 19:19 (UTC+04:00)",
        "03.07.2021, 14:35",
        "Среда, 3 июля 2024 г.",
        "Updated: Aug. 31, 2024 10:00 GMT+4",
        "2024-02-06",
    ],
)
def test_lines_that_are_only_a_date_are_date_lines(line):
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    ["The summit opened on 31 August 2024.", "Kyrgyz Ambassador hails relations", "Политика 0"],
)
def test_lines_with_more_than_a_date_are_not_date_lines(line):
    assert not is_date_line(line)


@pytest.mark.parametrize(
    ("paragraph", "city", "date", "credit", "rest"),
    [
        (
            "BAKU, Azerbaijan, February 6. Azerbaijani Foreign Minister met",
            "Baku",
            (6, 2, None),
            None,
            "Azerbaijani Foreign Minister met",
        ),
        ("BAKU, Azerbaijan, May 2. The minister", "Baku", (2, 5, None), None, "The minister"),
        (
            "Бишкек, 03.07.21. /Кабар/. Министр иностранных дел",
            "Бишкек",
            (3, 7, 2021),
            "Кабар",
            "Министр иностранных дел",
        ),
        (
            "ASTANA, July 3 /Kazinform/ - The president",
            "Astana",
            (3, 7, None),
            "Kazinform",
            "The president",
        ),
        ("ТАШКЕНТ, 3 июля. /Дунё/. Президент", "Ташкент", (3, 7, None), "Дунё", "Президент"),
        ("LONDON (Reuters) - Oil prices rose", "London", None, "Reuters", "Oil prices rose"),
        ("LONDON, March 3 (Reuters) - Oil prices", "London", (3, 3, None), "Reuters", "Oil prices"),
        (
            "NUR-SULTAN, 03.07.2021, 14:35 — The talks",
            "Nur-Sultan",
            (3, 7, 2021),
            None,
            "The talks",
        ),
        ("BAKU — The minister said", "Baku", None, None, "The minister said"),
    ],
)
def test_datelines_give_city_date_credit_and_where_the_story_starts(
    paragraph, city, date, credit, rest
):
    dateline = parse_dateline(paragraph, today=TODAY)
    assert dateline.city == city
    if date is None:
        assert dateline.date is None
    else:
        assert (dateline.date.day, dateline.date.month, dateline.date.year) == date
    assert dateline.credit == credit
    assert paragraph[dateline.end :] == rest


@pytest.mark.parametrize(
    "paragraph",
    [
        "However, the minister said the talks went well.",
        "NATO, the EU and the OTS sent observers.",
        "Azerbaijan and Kyrgyzstan are closely connected.",
        "Kyrgyz Ambassador, who arrived today, said",
    ],
)
def test_ordinary_sentence_openings_are_not_datelines(paragraph):
    assert parse_dateline(paragraph, today=TODAY) is None


def test_aggregator_date_stamp_is_split_from_the_line():
    found, rest = strip_date_stamp(" date 2024-02-06 (MENAFN- Trend News Agency) BAKU, May 2.")
    assert found.to_date() == datetime.date(2024, 2, 6)
    assert rest == "(MENAFN- Trend News Agency) BAKU, May 2."


def test_a_line_without_a_stamp_is_left_alone():
    assert strip_date_stamp("BAKU, May 2. Text") == (None, "BAKU, May 2. Text")
