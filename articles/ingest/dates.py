"""Dates and datelines as wire stories print them, in English and Russian.

Dates are found as `FoundDate` values that keep a missing year and an impossible day as they were
written, so the caller can infer the year from other evidence and name a rejected date in a
warning instead of silently dropping it.
"""

import dataclasses
import datetime
import re
from dataclasses import dataclass

_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
# Genitive (as dates are written), nominative and the usual abbreviations.
_RU_MONTHS = {
    "января": 1, "январь": 1, "янв": 1, "февраля": 2, "февраль": 2, "фев": 2, "февр": 2,
    "марта": 3, "март": 3, "мар": 3, "апреля": 4, "апрель": 4, "апр": 4, "мая": 5, "май": 5,
    "июня": 6, "июнь": 6, "июн": 6, "июля": 7, "июль": 7, "июл": 7, "августа": 8, "август": 8,
    "авг": 8, "сентября": 9, "сентябрь": 9, "сен": 9, "сент": 9, "октября": 10, "октябрь": 10,
    "окт": 10, "ноября": 11, "ноябрь": 11, "ноя": 11, "нояб": 11, "декабря": 12, "декабрь": 12,
    "дек": 12,
}  # fmt: skip
_MONTHS = {**_EN_MONTHS, **_RU_MONTHS}
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri"
    "|sat|sun|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс"
)

_MON = "(?P<mon>{})".format("|".join(sorted(_MONTHS, key=len, reverse=True)))
_MON_END = r"\.?(?![^\W\d_])"
_YEAR_WORD = r"(?:\s*(?:года|год|г)(?![^\W\d_])\.?)?"
_DATE_PATTERNS = (
    # ISO and its cousins; a machine timestamp's "T14:35:00+04:00" belongs to the date.
    re.compile(
        r"(?<![\d.])(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d])"
        r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\w:]))?"
    ),
    re.compile(
        r"(?<![\d.:/-])(?P<d>\d{1,2})(?P<s>[./-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\d])"
        + _YEAR_WORD
    ),
    re.compile(
        r"(?<![\w.])(?P<d>\d{1,2})(?:st|nd|rd|th|-?го)?\s+(?:of\s+)?"
        + _MON
        + _MON_END
        + r"(?:,?\s+(?P<y>\d{4})(?!\d)"
        + _YEAR_WORD
        + ")?",
        re.IGNORECASE,
    ),
    # "Nov. 29, 2019" and, as OANA and others print it, "Nov.29, 2019" with no space.
    re.compile(
        r"(?<![^\W\d_])"
        + _MON
        + r"(?:\.\s*|\s+)(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y>\d{4})(?!\d))?",
        re.IGNORECASE,
    ),
)
_TIME_RE = r"(?:(?:в|at)\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?![\d])"
_ZONE_RE = (
    r"(?:UTC|GMT|МСК|MSK|CEST|CET|EEST|EET|EST|EDT|BST)\s*(?:[+\-−]\s*\d{1,2}(?::?\d{2})?)?(?![\w])"
    r"|(?<![\w])[+\-−]\d{2}:?\d{2}(?!\d)"
)
_TIME = re.compile(_TIME_RE, re.IGNORECASE)
_ZONE = re.compile(_ZONE_RE, re.IGNORECASE)
# A time and zone after a date: ", 14:35", " (14:35)", " 19:19 (UTC+04:00)", " 14:35 GMT+4".
_AFTER_DATE = re.compile(
    rf"(?:\s*,?\s*\(?\s*(?:{_TIME_RE})\s*\)?)?(?:\s*\(?\s*(?:{_ZONE_RE})\s*\)?)?",
    re.IGNORECASE,
)
# Words a date line carries besides the date ("Updated: Sunday, 31 August 2024, 19:19").
_DATE_LINE_WORDS = re.compile(
    rf"(?<![^\W\d_])(?:{_WEEKDAYS}|updated|published|posted|date|обновлено|опубликовано|дата)"
    r"(?![^\W\d_])\.?",
    re.IGNORECASE,
)
_LEFTOVER = re.compile(r"[^\W_]")
# A timestamp line: a date with its bare clock time (and zone) beside it, amid at most a few
# words of page labels: "Politics Materials 24 June 2024 18:12 (UTC +04:00)", "Кыргызстан
# 29/06/2025 — 17:15", "25 June 2024 [11:04] - TODAY.AZ", "28 February, 11:39 Share on social
# media:", "Kyrgyzstan|foreign policy|November 6, 2024 / 03:52 PM", "12:10, 11 января 2022".
_BARE_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?!\d)"
_STAMP_SEP = r"[\s,/|—–\-]*"
_CLOCK_AFTER = re.compile(
    rf"{_STAMP_SEP}[\[(]?\s*{_BARE_TIME}\s*[\])]?(?:\s*\(?\s*(?:{_ZONE_RE})\s*\)?)?",
    re.IGNORECASE,
)
_CLOCK_BEFORE = re.compile(
    rf"[\[(]?\s*{_BARE_TIME}\s*[\])]?(?:\s*\(?\s*(?:{_ZONE_RE})\s*\)?)?{_STAMP_SEP}$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")
_STAMP_LABEL_WORDS = 4
_STAMP_LINE_MAX = 90
# The scraper's "date 2024-02-06" header, also when glued to what follows ("...-06Kyrgyz FM").
_STAMP = re.compile(r"\s*date:?\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)\s*", re.IGNORECASE)

# A relative stamp as live pages print it: "Сегодня, 14:35", "Yesterday at 10:00", "2 hours
# ago", "3 часа назад". It means a day only against the day the copy was taken, the import day.
_RELATIVE_WORDS = {"today": 0, "сегодня": 0, "yesterday": 1, "вчера": 1, "позавчера": 2}
_RELATIVE = re.compile(
    r"(?<![^\W\d_])(?:(?P<word>{})|(?P<n>\d{{1,2}}|an?|one)\s+(?P<unit>min(?:ute)?s?|hours?|hrs?"
    r"|days?|минут[уы]?|час(?:а|ов)?|д(?:ень|ня|ней))\s+(?:ago|назад))(?![^\W\d_])".format(
        "|".join(_RELATIVE_WORDS)
    ),
    re.IGNORECASE,
)

# A story's clock time beside its date, with the pieces named: "19:19 (UTC+04:00)", "03:52 PM",
# "в 14:35 МСК", "[11:04]". The zone is kept only when the copy writes one.
_NAMED_ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "мск": 180, "msk": 180, "cet": 60, "cest": 120, "eet": 120,
    "eest": 180, "bst": 60, "est": -300, "edt": -240,
}  # fmt: skip
_CLOCK = (
    r"(?:(?:в|at)\s+)?(?P<h>\d{1,2}):(?P<min>\d{2})(?::(?P<sec>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?)?(?![\d])"
)
_CLOCK_ZONE = (
    r"(?:\s*\(?\s*(?:(?P<zname>UTC|GMT|МСК|MSK|CEST|CET|EEST|EET|EST|EDT|BST)"
    r"\s*(?:(?P<zsign>[+\-−])\s*(?P<zh>\d{1,2})(?::?(?P<zm>\d{2}))?)?(?![\w])"
    r"|(?<![\w])(?P<osign>[+\-−])(?P<oh>\d{2}):?(?P<om>\d{2})(?!\d))\s*\)?)?"
)
_TIME_AFTER_DATE = re.compile(
    rf"{_STAMP_SEP}[\[(]?\s*{_CLOCK}\s*[\])]?{_CLOCK_ZONE}", re.IGNORECASE
)
_TIME_REACH = 40  # how far before a date its time may start
_TIME_BEFORE_DATE = re.compile(
    rf"(?<![\d:])[\[(]?\s*{_CLOCK}\s*[\])]?{_CLOCK_ZONE}{_STAMP_SEP}$", re.IGNORECASE
)
# The time inside a machine timestamp the date pattern took whole: "2024-02-06T14:35:00+04:00".
_ISO_TIME = re.compile(
    r"T(?P<h>\d{2}):(?P<min>\d{2})(?::(?P<sec>\d{2})(?:\.\d+)?)?"
    r"(?:(?P<zulu>Z)|(?P<osign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2}))?$"
)


@dataclass(frozen=True)
class StatedTime:
    """A clock time as the copy states it beside a date, with its UTC offset (minutes east of
    UTC) only when the copy names a zone: without one it is the agency's local time, and no
    instant is claimed for it."""

    time: datetime.time
    utc_offset: int | None = None


_CITY_WORD = r"[^\W\d_][^\W\d_'’.\-]*"
_DATELINE_CITY = re.compile(
    rf"(?P<city>{_CITY_WORD}(?:[\s\-]{_CITY_WORD}){{0,2}})"
    r"(?:\s*\((?P<paren>[^()\n]{2,40})\))?\s*(?P<sep>,|[—–-]{1,2})\s*"
)
_CAPS_WORD = r"[A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]+"
_CAPS_DATELINE = re.compile(
    rf"(?P<city>{_CAPS_WORD}(?:\s{_CAPS_WORD})?)\.\s+(?P<credit>{_CAPS_WORD}(?:\s{_CAPS_WORD})?)"
    r"\s*[—–-]{1,2}\s*"
)
_COUNTRY = re.compile(rf"(?P<country>{_CITY_WORD}(?:\s{_CITY_WORD}){{0,2}})\s*,\s*")
_CREDIT = re.compile(
    r"\s*[.,]?\s*(?:/(?P<slash>[^/\n]{2,40})/|\((?P<paren>[^()\n]{2,40})\)"
    r"|[—–-]{1,2}\s*(?P<dash>[^\W\d_][\w.'’ ]{1,30}?)\s*(?=[—–:]|-\s|\.\s))"
)
_DATELINE_END = re.compile(r"\s*[.:]?\s*(?:[—–-]{1,2}\s*)?")


@dataclass(frozen=True)
class FoundDate:
    """A date as written: the year may be missing and the day impossible."""

    day: int
    month: int
    year: int | None
    start: int
    end: int
    raw: str
    # The clock time written right before or after the date, when there is one.
    time: StatedTime | None = None

    def iso(self) -> str:
        """The written date as YYYY-MM-DD (even if impossible), for warnings."""
        year = f"{self.year:04d}" if self.year is not None else "????"
        return f"{year}-{self.month:02d}-{self.day:02d}"

    def to_date(self) -> datetime.date | None:
        """The calendar date, or None when the year is missing or the day does not exist."""
        if self.year is None:
            return None
        try:
            return datetime.date(self.year, self.month, self.day)
        except ValueError:
            return None

    def with_year_near(self, evidence: datetime.date) -> "FoundDate":
        """The same day and month in the year that puts it closest to another date of the text."""
        best = evidence.year
        best_gap = None
        for year in (evidence.year - 1, evidence.year, evidence.year + 1):
            try:
                gap = abs((datetime.date(year, self.month, self.day) - evidence).days)
            except ValueError:
                continue
            if best_gap is None or gap < best_gap:
                best, best_gap = year, gap
        return dataclasses.replace(self, year=best)


@dataclass(frozen=True)
class Dateline:
    """The opening "CITY, date /Agency/." of a wire story; `end` is where the story text starts."""

    city: str
    date: FoundDate | None
    credit: str | None
    end: int


def find_dates(text: str, *, today: datetime.date | None = None) -> list[FoundDate]:
    """Every date written in the text, in order, without overlaps."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            date = _from_match(match, today)
            if date:
                found.append(date)
                taken.append((start, end))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str, *, today: datetime.date | None = None) -> datetime.date | None:
    """The first complete, existing date written in the text."""
    for found in find_dates(text, today=today):
        date = found.to_date()
        if date:
            return date
    return None


def date_at(text: str, pos: int = 0, *, today: datetime.date | None = None) -> FoundDate | None:
    """The date written exactly at `pos`, if any."""
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text, pos)
        if match:
            date = _from_match(match, today)
            if date:
                return date
    return None


def is_date_line(line: str) -> bool:
    """A line that is only a date (with weekday, time, time zone), a banner or a story date,
    or a timestamp line: a date with its clock time amid a few words of page labels."""
    dates = find_dates(line)
    if not dates:
        return relative_days(line) is not None
    rest = line
    for date in reversed(dates):
        rest = rest[: date.start] + " " + rest[date.end :]
    rest = _DATE_LINE_WORDS.sub(" ", _ZONE.sub(" ", _TIME.sub(" ", rest)))
    return not _LEFTOVER.search(rest) or _is_timestamp_line(line, dates)


def _is_timestamp_line(line: str, dates: list[FoundDate]) -> bool:
    """One date with a bare clock time written right beside it, and no more than a few other
    words (section labels before, "Share"/site credit after): the page's own time stamp.

    The time is what makes it a stamp; a date amid words without a time is prose or a label.
    """
    if len(dates) != 1 or len(line) > _STAMP_LINE_MAX:
        return False
    (date,) = dates
    before, after = line[: date.start], line[date.end :]
    clock = _CLOCK_AFTER.match(after)
    if clock:
        after = after[clock.end() :]
    else:
        clock = _CLOCK_BEFORE.search(before)
        if not clock:
            return False
        before = before[: clock.start()]
    words = _WORD.findall(_DATE_LINE_WORDS.sub(" ", f"{before} {after}"))
    return len(words) <= _STAMP_LABEL_WORDS


def relative_days(line: str) -> int | None:
    """How many days before the import day a relative stamp line means, or None for any other
    line: the line must be only the relative words, a time and a time zone."""
    match = _RELATIVE.search(line)
    if match is None:
        return None
    rest = line[: match.start()] + " " + line[match.end() :]
    rest = _DATE_LINE_WORDS.sub(" ", _ZONE.sub(" ", _TIME.sub(" ", rest)))
    if _LEFTOVER.search(rest):
        return None
    if match["word"]:
        return _RELATIVE_WORDS[match["word"].lower()]
    unit = match["unit"].lower()
    count = int(match["n"]) if match["n"].isdigit() else 1
    if unit.startswith(("day", "д")):
        return count
    return count // 24 if unit.startswith(("h", "ч")) else 0  # minutes are today


def relative_date(line: str, today: datetime.date) -> FoundDate | None:
    """The date a relative stamp line ("Вчера, 10:00") means when the copy is taken today."""
    days = relative_days(line)
    if days is None:
        return None
    day = today - datetime.timedelta(days=days)
    clock = re.search(_CLOCK + _CLOCK_ZONE, line, re.IGNORECASE)
    return FoundDate(day.day, day.month, day.year, 0, len(line), line.strip(), _stated_time(clock))


def has_time(line: str) -> bool:
    """Whether a line carries a clock time, the mark of a story's own date line."""
    return bool(_TIME.search(line))


def strip_date_stamp(line: str) -> tuple[FoundDate | None, str]:
    """A leading aggregator stamp ("date 2024-02-06 ...") and the rest of the line."""
    match = _STAMP.match(line)
    if not match:
        return None, line
    day, month, year = int(match["d"]), int(match["m"]), int(match["y"])
    raw = match.group().strip()
    return FoundDate(day, month, year, match.start(), match.end(), raw), line[match.end() :]


def parse_dateline(paragraph: str, *, today: datetime.date | None = None) -> Dateline | None:
    """The dateline opening a paragraph: "BAKU, Azerbaijan, May 2." or "Бишкек, 03.07.21. /Кабар/."

    A capitalised city needs a date or an agency credit after it to count, so an ordinary
    sentence opening ("However, ...") is never taken for a dateline.
    """
    caps = _CAPS_DATELINE.match(paragraph)
    if caps:  # "АСТАНА. КАЗИНФОРМ – ..."
        return Dateline(_title_case(caps["city"]), None, caps["credit"], caps.end())
    match = _DATELINE_CITY.match(paragraph)
    if not match or not _city_shaped(match["city"]):
        return None
    pos = match.end()
    credit = match["paren"]
    date = date_at(paragraph, pos, today=today)
    if date is None and match["sep"] == ",":
        country = _COUNTRY.match(paragraph, pos)
        if country and _city_shaped(country["country"]):
            date = date_at(paragraph, country.end(), today=today)
    if date is not None:
        pos = _skip_time(paragraph, date.end)
    credit_match = _CREDIT.match(paragraph, pos)
    if credit_match:
        credit = credit_match["slash"] or credit_match["paren"] or credit_match["dash"]
        pos = credit_match.end()
    city = match["city"]
    if date is None and credit is None and not (city.isupper() and match["sep"] != ","):
        return None
    pos = _DATELINE_END.match(paragraph, pos).end()
    return Dateline(_title_case(city), date, credit.strip() if credit else None, pos)


def _from_match(match: re.Match, today: datetime.date | None) -> FoundDate | None:
    groups = match.groupdict()
    if groups.get("mon"):
        word = groups["mon"].lower()
        if word == "may" and groups["mon"] not in ("May", "MAY"):
            return None  # the verb, not the month
        month = _MONTHS[word]
    else:
        month = int(groups["m"])
    day = int(groups["d"])
    if groups.get("s") == "/" and match.start("d") < match.start("y") and month > 12 >= day:
        # American "11/29/2019" (month first), written so only where no day-first reading
        # exists; an ambiguous "03/07/2021" stays day first, as the rest of the wires write it.
        day, month = month, day
    year = int(groups["y"]) if groups.get("y") else None
    if year is not None and year < 100:
        this_year = (today or datetime.date.today()).year
        year += 2000 if 2000 + year <= this_year + 1 else 1900
    raw = match.group().strip()
    time = stated_time_near(match.string, match.start(), match.end())
    return FoundDate(day, month, year, match.start(), match.end(), raw, time)


def stated_time_near(text: str, start: int, end: int) -> StatedTime | None:
    """The clock time that belongs to the date written at `text[start:end]`: inside it (a
    machine timestamp), right after it ("31 August 2024 19:19 (UTC+04:00)", "3 July, 14:05")
    or right before it ("14:05, 3 July 2021"), with only separators between; else None.

    An impossible clock ("25:70") is no time of the story's."""
    iso = _ISO_TIME.search(text, start, end)
    if iso:
        return _stated_time(iso)
    after = _TIME_AFTER_DATE.match(text, end)
    if after:
        return _stated_time(after)
    before = _TIME_BEFORE_DATE.search(text, max(0, start - _TIME_REACH), start)
    if before:
        return _stated_time(before)
    return None


def _stated_time(match: re.Match | None) -> StatedTime | None:
    if match is None:
        return None
    groups = match.groupdict()
    hour, minute = int(groups["h"]), int(groups["min"])
    second = int(groups["sec"]) if groups.get("sec") else 0
    if groups.get("ampm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if groups["ampm"].lower() == "p" else 0)
    try:
        clock = datetime.time(hour, minute, second)
    except ValueError:
        return None
    return StatedTime(clock, _offset(groups))


def _offset(groups: dict) -> int | None:
    """Minutes east of UTC the written zone means, or None when none is written."""
    if groups.get("zulu"):
        return 0
    base = 0
    if groups.get("osign"):
        sign, hours, minutes = groups["osign"], groups["oh"], groups["om"]
    elif groups.get("zname"):
        base = _NAMED_ZONES[groups["zname"].lower()]
        if not groups.get("zsign"):
            return base
        # "UTC+4" is the offset itself; "МСК+1" an hour past Moscow.
        sign, hours, minutes = groups["zsign"], groups["zh"], groups.get("zm")
    else:
        return None
    value = int(hours) * 60 + int(minutes or 0)
    value = base + (-value if sign in "-−" else value)
    return value if abs(value) <= 14 * 60 else None


def _skip_time(text: str, pos: int) -> int:
    """Past a time and time zone written after a date ("31 August 2024 19:19 (UTC+04:00)")."""
    return _AFTER_DATE.match(text, pos).end()


def _city_shaped(city: str) -> bool:
    words = city.replace("-", " ").split()
    if any(w.lower().rstrip(".") in _MONTHS for w in words):
        return False
    return all(w[0].isupper() for w in words) and (
        city.isupper() or all(w[1:].islower() or len(w) == 1 for w in words)
    )


def _title_case(city: str) -> str:
    """BAKU becomes Baku and NUR-SULTAN Nur-Sultan; a city already in mixed case stays."""
    return city.title() if city.isupper() else city
