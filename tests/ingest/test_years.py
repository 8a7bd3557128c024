"""The year of a date printed without one, from the copy's own evidence (articles.ingest.years)."""

import datetime

import pytest

from articles.ingest.dates import FoundDate
from articles.ingest.years import Evidence, complete_year, year_evidence

TODAY = datetime.date(2026, 12, 5)


def evidence_date(text: str) -> datetime.date | None:
    found = year_evidence(text, today=TODAY)
    return found.date if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Источник: https://ru.sputnik.kg/20221009/putin-zhaparov.html", (2022, 10, 9)),
        ("Source: https://example.com/news/2020/10/15/minister-meets-ambassador", (2020, 10, 15)),
        ("See www.example.kz/2024-11-07/tokayev-lavrov/amp", (2024, 11, 7)),
        ("Read it at https://example.uz/ru/news/2025/11/ on the site", (2025, 11, 15)),
    ],
)
def test_a_dated_address_in_the_copy_gives_the_year(text, expected):
    assert evidence_date(text) == datetime.date(*expected)


def test_an_address_without_a_date_is_no_evidence():
    assert evidence_date("Источник: https://ru.sputnik.kg/post/10862") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Лавров проведет в пятницу, 26 октября, встречу", (2018, 10, 26)),
        ("The ministers will meet on Friday, October 26, in Moscow.", (2018, 10, 26)),
        ("Саммит откроется в субботу, 6 декабря.", (2025, 12, 6)),
    ],
)
def test_a_weekday_printed_with_the_day_gives_the_most_recent_such_year(text, expected):
    assert evidence_date(text) == datetime.date(*expected)


def test_a_weekday_never_points_after_today():
    # 5 December 2026 is a Saturday and "today": the match is that day, not a later year.
    assert evidence_date("в субботу, 5 декабря") == datetime.date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The visit marks the first anniversary of the declaration signed on February 22, 2022.",
            (2023, 2, 22),
        ),
        ("It is the 30th anniversary of relations set up on 1 January 1992.", (2022, 1, 1)),
        ("Отмечается 25-летие договора, подписанного 10 мая 2000 года.", (2025, 5, 10)),
    ],
)
def test_an_anniversary_dates_the_story_that_many_years_after(text, expected):
    assert evidence_date(text) == datetime.date(*expected)


def test_the_latest_full_date_of_the_text_is_evidence_when_nothing_stronger_is():
    text = "The treaty of 3 April 2019 and the summit of 12 May 2024 were recalled."
    assert evidence_date(text) == datetime.date(2024, 5, 12)


def test_a_future_full_date_is_no_evidence():
    assert evidence_date("The summit is set for 3 April 2031.") is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Саммит ОДКБ состоится осенью 2025 года в Киргизии.", 2025),
        ("подведены итоги сотрудничества в 2023 года, наметили планы на 2024 год", 2024),
        ("Trade grew in 2024, the minister said.", 2024),
    ],
)
def test_a_year_named_in_the_text_gives_the_year(text, year):
    assert evidence_date(text).year == year


@pytest.mark.parametrize(
    "text", ["Программа рассчитана до 2030 года.", "Emissions are to fall by 2030.", "1500 troops"]
)
def test_targets_and_bare_numbers_are_not_a_named_year(text):
    assert year_evidence(text, today=datetime.date(2026, 1, 1)) is None


def test_stronger_evidence_wins_over_a_named_year():
    text = "Планы на 2024 год. Источник: https://example.kg/20221009/story"
    assert year_evidence(text, today=TODAY).why.startswith("the address")


def test_a_named_year_puts_the_date_in_that_year_unless_that_is_after_today():
    found = FoundDate(29, 6, None, 0, 7, "29 июня")
    named = Evidence(datetime.date(2025, 7, 1), "the year 2025 named in the text")
    assert complete_year(found, named, TODAY).year == 2025
    this_year = Evidence(datetime.date(2026, 7, 1), "the year 2026 named in the text")
    assert complete_year(FoundDate(29, 12, None, 0, 7, "29 дек"), this_year, TODAY).year == 2025


def test_a_full_date_puts_the_date_in_the_nearest_year():
    found = FoundDate(3, 1, None, 0, 5, "Jan 3")
    near = Evidence(datetime.date(2024, 12, 30), "the date 2024-12-30 in the text")
    assert complete_year(found, near, TODAY).year == 2025
