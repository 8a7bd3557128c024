"""When a field the importer found counts as the one the editor labelled.

Each rule forgives only what an editor would not correct (spacing, quote style, case, an
agency's "News Agency" suffix), so a figure moves only when the importer's answer changes.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "`": "'",
    }
)

# An agency's name ends in one of these more often than not, and only sometimes.
_AGENCY_SUFFIXES = (
    "international news agency",
    "news agency",
    "information agency",
    "agency",
    "информационное агентство",
    "агентство",
)
_AGENCY_PREFIXES = ("информационное агентство ", "ия ", "иа ", "агентство ")

# Names well-known agencies go by (after the normalisation of `source_key`), to one key each.
AGENCY_EQUIVALENTS = {
    "azertag": "azertac",
    "азертадж": "azertac",
    "qazinform": "kazinform",
    "казинформ": "kazinform",
    "тренд": "trend",
    "trend az": "trend",
    "тасс": "tass",
    "itar tass": "tass",
    "риа новости": "ria novosti",
    "ria": "ria novosti",
    "кабар": "kabar",
    "спутник": "sputnik",
    "интерфакс": "interfax",
    "анадолу": "anadolu",
    "anadolu ajansı": "anadolu",
    "aa": "anadolu",
    "report az": "report",
    "репорт": "report",
    "апа": "apa",
    "уза": "uza",
    "national news agency of uzbekistan": "uza",
    "акипресс": "akipress",
    "ховар": "khovar",
    "арменпресс": "armenpress",
    "азернюс": "azernews",
}


def squash(text: str | None) -> str:
    """NFKC, one space between words, no spaces at the ends; '' for None."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def same_title(expected: str | None, got: str | None, *, derived: bool) -> bool:
    """Same headline after spacing and quote style; a label of null (the copy has no headline)
    is matched by a headline the importer says it derived from the lead."""
    if expected is None:
        return derived
    return _title_key(expected) == _title_key(got)


def _title_key(text: str | None) -> str:
    return squash(text).translate(_QUOTES).rstrip(".")


def same_text(expected: str | None, got: str | None) -> bool:
    """Dateline and byline: case and spacing aside; null and empty are the same answer."""
    return squash(expected).casefold() == squash(got).casefold()


def source_key(name: str | None) -> str:
    """An agency's name reduced to what identifies it: casefold, no punctuation, no
    "News Agency" around it, and one spelling for the agencies known by several."""
    text = squash(name).casefold().replace("ё", "е")
    text = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    for prefix in _AGENCY_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
    for suffix in _AGENCY_SUFFIXES:
        if text.endswith(" " + suffix):
            text = text[: -len(suffix) - 1]
            break
    text = text.strip()
    return AGENCY_EQUIVALENTS.get(text, text)


def same_source(expected: str | None, got: str | None) -> bool:
    return source_key(expected) == source_key(got)


def boilerplate_kept(line: str, body: str) -> bool:
    """Whether a labelled boilerplate line survived into the story's text.

    A line of three words or more counts as kept wherever it appears, bounded by non-letters
    (the importer may have glued it into a paragraph); a shorter one ("06:48", "Sputnik") only
    when it is a whole line of the text, since prose may use the same words.
    """
    wanted = squash(line)
    if not wanted:
        return False
    lines = {squash(part) for part in body.splitlines()}
    if wanted in lines:
        return True
    if len(wanted.split()) < 3:
        return False
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in wanted.split()) + r"(?!\w)"
    return re.search(pattern, body) is not None
