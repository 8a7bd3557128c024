"""The year of a date printed without one ("BAKU, May 2.", "29 июня, 07:21"), from the copy.

Wire datelines and page stamps often give only day and month. The year is then taken from the
strongest evidence the copy itself holds, each kind a class of copy seen on the wires:

1. a dated address in the copy ("Источник: https://ru.sputnik.kg/20221009/...", ".../2024/11/07/");
2. a weekday printed with a day and month ("в пятницу, 26 октября", "on Friday, October 26"):
   the most recent year, not after today, in which that day fell on that weekday;
3. a full date the text dates an anniversary from ("the first anniversary of ... February 22,
   2022" is written in 2023);
4. a full date written in the text (the latest that is not in the future);
5. a year named on its own ("осенью 2025 года", "планы на 2024 год", "in 2024"): the latest
   that is not in the future, targets ("до 2030 года", "by 2030") left out.

The caller says which evidence was used in a warning, since every kind is an inference.
"""

import dataclasses
import datetime
import re
from dataclasses import dataclass

from articles.ingest.dates import FoundDate, date_at, find_dates

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_URL_DATE = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<s>[/\-]?)(?P<m>0[1-9]|1[0-2])"
    r"(?:(?P=s)(?P<d>0[1-9]|[12]\d|3[01]))?(?![\d])"
)
_WEEKDAY_NAMES = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "понедельник": 0, "вторник": 1, "среда": 2, "среду": 2, "четверг": 3,
    "пятница": 4, "пятницу": 4, "суббота": 5, "субботу": 5, "воскресенье": 6,
}  # fmt: skip
_WEEKDAY = re.compile(
    r"(?<![^\W\d_])(?P<wd>{})(?![^\W\d_])[\s,]*(?:\(\s*)?".format(
        "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True))
    ),
    re.IGNORECASE,
)
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "первую": 1, "первая": 1, "первой": 1, "вторую": 2,
    "вторая": 2, "второй": 2, "третью": 3, "третья": 3, "третьей": 3,
}  # fmt: skip
_ANNIVERSARY = re.compile(
    r"(?<![^\W\d_])(?:(?P<word>{})|(?P<num>\d{{1,3}})(?:st|nd|rd|th|-?я|-?й|-?ю)?)"
    r"[\s-]+(?:anniversary|годовщин\w*)"
    r"|(?<![\d])(?P<years>\d{{1,3}})-?лети\w+".format("|".join(_ORDINALS)),
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_YEAR_WORD = re.compile(
    r"(?<![\d./\-:])(?P<y>(?:19|20)\d{2})(?![\d./\-:])"
    r"(?=\s*(?:-?(?:го|м)\s+)?(?:год|года|году|годом|г\.))"
    r"|(?<![^\W\d_])(?:in|of|for|since|during|early|late|mid|spring|summer|autumn|fall|winter)"
    r"\s+(?P<en>(?:19|20)\d{2})(?![\d./\-:])",
    re.IGNORECASE,
)
_TARGET = re.compile(r"(?:до|к|by|until|till|through)\s*$", re.IGNORECASE)
_YEARS_BACK = 12  # every day and month falls on each weekday within 11 years


@dataclass(frozen=True)
class Evidence:
    """A date (or a year's middle) the copy gives, and what it was, for the warning."""

    date: datetime.date
    why: str


def year_evidence(text: str, *, today: datetime.date) -> Evidence | None:
    """The strongest evidence in the copy for the year of a date printed without one."""
    for finder in (_from_address, _from_weekday, _from_anniversary, _from_full_date, _from_year):
        found = finder(text, today)
        if found is not None:
            return found
    return None


def complete_year(found: FoundDate, evidence: Evidence, today: datetime.date) -> FoundDate:
    """The date in the year the evidence points to: nearest to a full date; for a year named on
    its own, that year (or the one before when that would put the date after today)."""
    if evidence.why.startswith("the year "):
        year = evidence.date.year
        try:
            if datetime.date(year, found.month, found.day) > today:
                year -= 1
        except ValueError:
            pass
        return dataclasses.replace(found, year=year)
    return found.with_year_near(evidence.date)


def _from_address(text: str, today: datetime.date) -> Evidence | None:
    """A date in a web address printed in the copy (a source link, a reprint's origin)."""
    for url in _URL.finditer(text):
        for match in _URL_DATE.finditer(url.group()):
            day = int(match["d"]) if match["d"] else 15
            try:
                value = datetime.date(int(match["y"]), int(match["m"]), day)
            except ValueError:
                continue
            if value <= today:
                return Evidence(value, f"the address {_short(url.group())}")
    return None


def _from_weekday(text: str, today: datetime.date) -> Evidence | None:
    """A day and month printed with its weekday fixes the year within the last eleven."""
    for match in _WEEKDAY.finditer(text):
        found = date_at(text, match.end())
        if found is None or found.year is not None:
            continue
        weekday = _WEEKDAY_NAMES[match["wd"].lower()]
        for year in range(today.year, today.year - _YEARS_BACK, -1):
            try:
                value = datetime.date(year, found.month, found.day)
            except ValueError:
                continue
            if value <= today and value.weekday() == weekday:
                return Evidence(value, f"the weekday in '{text[match.start() : found.end]}'")
    return None


def _from_anniversary(text: str, today: datetime.date) -> Evidence | None:
    """ "The Nth anniversary of X on <full date>": the story is written N years after it."""
    for match in _ANNIVERSARY.finditer(text):
        count = match["word"] and _ORDINALS[match["word"].lower()]
        count = count or int(match["num"] or match["years"])
        end = _SENTENCE_END.search(text, match.end())
        sentence = text[match.end() : end.start() if end else len(text)]
        for found in find_dates(sentence, today=today):
            value = found.to_date()
            if value is None:
                continue
            try:
                value = value.replace(year=value.year + count)
            except ValueError:
                value = value.replace(year=value.year + count, day=28)
            if value <= today:
                return Evidence(value, f"the anniversary of {found.raw}")
    return None


def _from_full_date(text: str, today: datetime.date) -> Evidence | None:
    valid = [d for d in (f.to_date() for f in find_dates(text, today=today)) if d and d <= today]
    if not valid:
        return None
    latest = max(valid)
    return Evidence(latest, f"the date {latest.isoformat()} in the text")


def _from_year(text: str, today: datetime.date) -> Evidence | None:
    years = []
    for match in _YEAR_WORD.finditer(text):
        year = int(match["y"] or match["en"])
        if year <= today.year and not _TARGET.search(
            text[max(0, match.start() - 8) : match.start()]
        ):
            years.append(year)
    if not years:
        return None
    return Evidence(datetime.date(max(years), 7, 1), f"the year {max(years)} named in the text")


def _short(url: str) -> str:
    return url if len(url) <= 60 else url[:57] + "..."
