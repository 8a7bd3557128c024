"""Organisations inside organisations' names, and descriptions that name no particular body.

Two rules of the labelling policy (fixtures/eval/README.md, "Organisations"), kept apart from
the matcher so each is a pure function:

- A body's name names what it is part of or belongs to: "Council of Foreign Ministers of the
  OTS" names the OTS too, "МИД РФ" and "Kyrgyz Parliament" name their countries. The linker
  takes the longest name first, so the countries and organisations inside it are found here.
- A generic description of a body ("the Ministry of Foreign Affairs", "Council of Foreign
  Ministers", "Intergovernmental Commission", "Совет глав государств") says neither whose nor
  which: it names no particular body, so it is never proposed as a new organisation.
"""

from collections.abc import Sequence
from typing import Protocol

from entities.linking.morphology import stem

# Words that describe a body's kind, rank or remit but never tell one body from another.
_GENERIC_WORDS = {
    "ministry", "ministries", "minister", "ministers", "ministerial", "foreign", "affairs",
    "council", "councils", "committee", "commission", "assembly", "secretariat", "office",
    "agency", "fund", "bank", "union", "organization", "organisation", "parliament",
    "department", "service", "board", "conference", "heads", "head", "state", "states",
    "government", "governments", "general", "executive", "intergovernmental", "interstate",
    "interparliamentary", "inter", "parliamentary", "supreme", "high", "joint", "permanent",
    "regional", "national", "international", "federal", "security", "collective",
    "development", "trade", "economic", "cooperation", "co", "operation", "member",
    "director", "chairman", "leaders", "presidential", "administration", "press",
    "of", "the", "and", "for", "on", "in",
    "министерство", "министр", "иностранных", "дел", "совет", "комитет", "комиссия",
    "ассамблея", "секретариат", "ведомство", "внешнеполитическое", "глав", "глава", "главы",
    "государств", "правительств", "межправительственная", "межгосударственный", "высший",
    "исполнительный", "генеральная", "администрация", "президента", "по", "и", "в", "на",
    "торгово", "экономическому", "сотрудничеству", "членов", "мид",
}  # fmt: skip
_GENERIC_STEMS = {stem(word) for word in _GENERIC_WORDS}


def names_no_body(words: Sequence[str]) -> bool:
    """Whether normalised `words` only describe a kind of body (no name, no owner in them)."""
    return bool(words) and all(
        word in _GENERIC_WORDS or stem(word) in _GENERIC_STEMS for word in words
    )


class _Span(Protocol):
    first: int
    last: int


def nested_in(outer: Sequence[_Span], inner: Sequence[_Span]) -> list[tuple[int, int]]:
    """Pairs (outer index, inner index) where an inner span lies within an outer one and is
    shorter: the names inside a longer name."""
    pairs = []
    for i, big in enumerate(outer):
        for j, small in enumerate(inner):
            inside = big.first <= small.first and small.last <= big.last
            if inside and (small.last - small.first) < (big.last - big.first):
                pairs.append((i, j))
    return pairs
