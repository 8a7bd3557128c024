"""Where a story was filed: the dateline's city (and the credit printed with it), found where
wire copy really puts it.

`dates.parse_dateline` reads the classic "BAKU, Azerbaijan, May 2." at the start of the first
paragraph. Stored pages put the dateline elsewhere and in more shapes; each rule below is one
such class of copy:

- a dateline on a line of its own above the lead ("BAKU, Azerbaijan, Feb. 5"), or a bare city in
  capitals there (Anadolu's "БИШКЕК");
- a dateline opening the second or third paragraph, under a timestamp, a subtitle or a
  subscription prompt the page printed first;
- a dateline behind an aggregator's wrapper ("(MENAFN- Trend News Agency) BAKU, ...", also
  when the scrape lost its opening bracket);
- a capitalised city and the agency's name in capitals without a dash ("NUR-SULTAN. KAZINFORM
  Minister ..."), which must keep the hyphenated city whole;
- a city, a full stop and a date ("Москва. 27 августа. INTERFAX.RU - ...");
- a city with a country note in slashes ("ЧОЛПОН-АТА /Киргизия/, 29 июня.");
- a city in capitals with the credit in brackets and no dash ("BAKU (UrduPoint News / Sputnik -
  28th February, 2023) Russian ...");
- a city with a loosely written date before a slashed credit ("Bishkek, Nov.29, 2019. /Kabar/.").
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from articles.ingest.agencies import agency_named, credit_form_at, credit_pattern
from articles.ingest.credits import strip_distributor
from articles.ingest.dates import date_at, parse_dateline

# How far down the story a dateline may still open a paragraph.
LEAD_PARAGRAPHS = 4

_CITY_WORD = r"[^\W\d_][^\W\d_'’]*"
_CITY = rf"{_CITY_WORD}(?:[ -]{_CITY_WORD}){{0,2}}"
_CAPS_WORD = r"[A-ZА-ЯЁ][A-ZА-ЯЁ'’]+(?:-[A-ZА-ЯЁ][A-ZА-ЯЁ'’]+)*"
_CAPS_CITY = rf"{_CAPS_WORD}(?:\s{_CAPS_WORD})?"
_CAPS_THEN_AGENCY = re.compile(rf"(?P<city>{_CAPS_CITY})\.\s+(?=[A-ZА-ЯЁ])")
_CITY_DOT_DATE = re.compile(rf"(?P<city>{_CITY})\.\s+(?=\d)")
_CITY_COUNTRY_NOTE = re.compile(rf"(?P<city>{_CITY})\s*/[^/\n]{{2,30}}/\s*,\s*(?=\d)")
_CAPS_PAREN = re.compile(rf"(?P<city>{_CAPS_CITY})\s*\((?P<credit>[^()\n]{{2,80}})\)\s")
_CITY_SLASH_CREDIT = re.compile(
    rf"(?P<city>{_CITY}),\s*[^/\n]{{2,30}}?[.,]?\s*/(?P<credit>[^/\n]{{2,40}})/(?=[\s.,:—–-]|$)"
)
_BARE_CAPS_CITY = re.compile(rf"{_CAPS_CITY}")
_CREDIT_PARTS = re.compile(r"\s*(?:/|,|\s[-–—]\s)\s*")
# Section labels and kickers printed in capitals above a lead, never a city.
_SECTIONS = frozenset(
    (
        "politics", "world", "economy", "business", "society", "exclusive", "news", "breaking",
        "breaking news", "video", "photo", "analysis", "opinion", "interview", "sport", "culture",
        "region", "regions", "top stories", "latest", "live", "политика", "экономика",
        "общество", "мир", "в мире", "новости", "эксклюзив", "видео", "фото", "спорт",
        "культура", "интервью", "аналитика", "происшествия", "регионы", "власть", "главное",
    )
)  # fmt: skip
_MIN_BARE_CITY = 4
_HYPHEN_WORD = re.compile(r"-[^\W\d_]")
_HEAD_LINES = 15
_SHORT = 5
_OPENING = 40


@dataclass(frozen=True)
class Place:
    """A dateline's city in its usual form, and the agency credit printed with it, if any."""

    city: str
    credit: str | None = None


def find_dateline(paragraphs: Sequence[str], lines: Sequence[str] = ()) -> Place | None:
    """The dateline of a story: the first paragraph's; else one of the document's first lines
    that is only a dateline, or a bare city in capitals right above one of the first
    paragraphs; else the first of the next few paragraphs of prose that opens with one."""
    if paragraphs:
        place = paragraph_dateline(paragraphs[0])
        if place:
            return place
    openings = [paragraph[:_OPENING] for paragraph in paragraphs[:LEAD_PARAGRAPHS]]
    for line, following in zip(lines[:_HEAD_LINES], [*lines[1:_HEAD_LINES], ""], strict=False):
        place = line_dateline(line, above_paragraph=following[:_OPENING] in openings)
        if place:
            return place
    # Short paragraphs (a credit, a kicker, "by", a photo credit) do not push the lead down.
    later = [paragraph for paragraph in paragraphs[1:] if len(paragraph.split()) > _SHORT]
    for paragraph in later[: LEAD_PARAGRAPHS - 1]:
        place = paragraph_dateline(paragraph)
        if place:
            return place
    return None


def paragraph_dateline(paragraph: str) -> Place | None:
    """The dateline opening a paragraph, in any of the shapes the module docstring lists."""
    text = strip_distributor(paragraph)[2].strip()
    match = _CAPS_THEN_AGENCY.match(text)
    if match:
        credit = credit_pattern().match(text, match.end())
        if credit and credit_form_at(text, credit) and credit["name"].isupper():
            return Place(_usual_form(match["city"]), credit["name"])
    match = _CITY_DOT_DATE.match(text) or _CITY_COUNTRY_NOTE.match(text)
    # Story text must follow, or "Politics. 24 June 2024" (a section and a stamp) would pass.
    if (
        match
        and _city_shaped(match["city"])
        and date_at(text, match.end())
        and len(text.split()) > _SHORT + 3
    ):
        return Place(_usual_form(match["city"]))
    match = _CAPS_PAREN.match(text)
    if match and (_credit_agency(match["credit"]) or date_at(match["credit"], 0)):
        return Place(_usual_form(match["city"]), _credit_agency(match["credit"]))
    match = _CITY_SLASH_CREDIT.match(text)
    if match and _city_shaped(match["city"]) and agency_named(match["credit"]):
        return Place(_usual_form(match["city"]), match["credit"].strip())
    dateline = parse_dateline(text)
    # A hyphenated city cut at its hyphen ("ЧОЛПОН" of "ЧОЛПОН-АТА ...") is not the dateline.
    if dateline and dateline.city and not _HYPHEN_WORD.match(text, len(dateline.city)):
        return Place(dateline.city, dateline.credit)
    return None


def line_dateline(line: str, *, above_paragraph: bool = False) -> Place | None:
    """A line that is nothing but a dateline ("Baku, Azerbaijan, March 28"), or a bare city in
    capitals ("БИШКЕК") when it stands right above a paragraph; a headline never passes."""
    line = line.strip().rstrip(".")
    if _BARE_CAPS_CITY.fullmatch(line):
        if (
            above_paragraph
            and len(line) >= _MIN_BARE_CITY
            and agency_named(line) is None
            and line.casefold() not in _SECTIONS
        ):
            return Place(_usual_form(line))
        return None
    dateline = parse_dateline(line)
    if dateline and dateline.city and dateline.end >= len(line):
        return Place(dateline.city, dateline.credit)
    return None


def _credit_agency(credit: str) -> str | None:
    """The original agency in a bracketed credit: "UrduPoint News / Sputnik - 28th February,
    2023" names its reprinter first and the agency that wrote the story last."""
    named = [agency_named(part) for part in _CREDIT_PARTS.split(credit) if part.strip()]
    known = [agency for agency in named if agency is not None]
    originals = [agency for agency in known if not agency.reprint_service]
    if originals:
        return originals[-1].name
    return known[-1].name if known else None


def _city_shaped(city: str) -> bool:
    """Every word capitalised, all in capitals or all in title case ("Москва", "ЧОЛПОН-АТА")."""
    words = city.replace("-", " ").split()
    return all(w[0].isupper() for w in words) and (
        city.isupper() or all(w[1:].islower() for w in words)
    )


def _usual_form(city: str) -> str:
    """BAKU becomes Baku and NUR-SULTAN Nur-Sultan; a city already in mixed case stays."""
    return city.title() if city.isupper() else city
