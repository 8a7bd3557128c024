"""New entities proposed from the text: people after a title, names and named bodies.

Conservative on purpose: every proposal costs an editor a click, so only patterns that are
rarely wrong propose anything ("Ambassador X Y", a capitalised "Name Surnameov", a capitalised
phrase headed by Forum / Agency / Фонд ...), and never over text already linked.
"""

import re
from dataclasses import dataclass

from entities.linking.morphology import stem
from entities.linking.normalize import Token, is_capitalized, is_cyrillic
from entities.linking.russian_names import RUSSIAN_WINDOW as _RUSSIAN_WINDOW
from entities.linking.russian_names import hyphenated, nominative_person, russian_span

_CONNECTORS = {"of", "the", "on", "for", "and", "in", "по", "и", "на", "за", "при"}
_ORG_HEADS = {
    "ministry", "agency", "fund", "council", "organization", "organisation", "committee",
    "union", "bank", "assembly", "parliament", "commission", "association", "institute",
    "university", "company", "corporation", "foundation", "party", "service",
    "министерство", "агентство", "фонд", "совет", "организация", "комитет", "союз", "банк",
    "ассамблея", "парламент", "комиссия", "ассоциация", "институт", "университет", "партия",
}  # fmt: skip
_EVENT_HEADS = {
    "forum", "conference", "summit", "games", "festival", "election", "elections", "congress",
    "olympics", "championship", "expo", "exhibition", "форум", "конференция", "саммит",
    "фестиваль", "выборы", "конгресс", "олимпиада", "чемпионат", "выставка",
}  # fmt: skip
_NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "during", "meanwhile", "according", "minister",
    "president", "ambassador", "mr", "mrs", "ms", "dr", "secretary", "general", "chairman",
    "speaker", "deputy", "head", "prime", "foreign", "special", "representative",
}  # fmt: skip
_PATRONYMIC = re.compile(r"(вич|вн|ичн|ич)")
_SURNAME = re.compile(r"(ov|ev|yev|iev|in|ova|eva|yeva|ina|sky|skiy|skaya|ич|ов|ев|ин|ск|ын)$")


@dataclass(frozen=True)
class Proposal:
    kind: str
    name: str
    first: int
    last: int


def _joined(text: str, tokens: list[Token], index: int) -> bool:
    """Whether token `index` follows the previous one with only spaces between (one phrase)."""
    return index > 0 and text[tokens[index - 1].end : tokens[index].start].strip() == ""


def _name_like(token: Token) -> bool:
    return (
        is_capitalized(token.text)
        and not token.text.isupper()
        and token.text.isalpha()
        and len(token.text) > 1
        and token.norm not in _NOT_NAMES
    )


def _person_name(words: list[str]) -> str:
    if all(is_cyrillic(w.lower()) for w in words):
        words = nominative_person(words)
    return " ".join(words)


def person_after(text: str, tokens: list[Token], start: int, taken: set[int]) -> Proposal | None:
    """'Ambassador X Y': two or three name-like words right after a title (and its country)."""
    end = start
    limit = _RUSSIAN_WINDOW if start < len(tokens) and is_cyrillic(tokens[start].norm) else 3
    while end - start < limit and end < len(tokens) and end not in taken:
        if not _name_like(tokens[end]):
            break
        if end > start and not (_joined(text, tokens, end) or hyphenated(text, tokens, end)):
            break
        end += 1
    if limit != 3:
        return _russian_person(text, tokens, start, end, taken)
    middle = tokens[start + 1].norm if end - start == 3 else ""
    if middle and is_cyrillic(middle) and not _PATRONYMIC.search(middle):
        start += 1  # "министр … Турции Хакан Фидан": a genitive country, not a patronymic
    if end - start < 2:
        return None
    if end < len(tokens) and end in taken and _joined(text, tokens, end):
        return None  # "председателем Милли Меджлиса Азербайджана": a body of a country
    words = [t.text for t in tokens[start:end]]
    return Proposal("person", _person_name(words), start, end)


def _russian_person(
    text: str, tokens: list[Token], first: int, last: int, taken: set[int]
) -> Proposal | None:
    """A Russian name in tokens [first, last), cut to the name itself (`russian_span`)."""
    if last < len(tokens) and last in taken and _joined(text, tokens, last):
        return None  # "председателем Милли Меджлиса Азербайджана": a body of a country
    span = russian_span(text, tokens, first, last, taken)
    if span is None:
        return None
    first, last, words = span
    return Proposal("person", " ".join(nominative_person(words)), first, last)


def propose(text: str, tokens: list[Token], taken: set[int]) -> list[Proposal]:
    """Names and named bodies not in the gazetteer, outside the tokens already linked."""
    proposals = []
    i = 0
    while i < len(tokens):
        if i in taken or not is_capitalized(tokens[i].text) or tokens[i].norm in _CONNECTORS:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j not in taken and _joined(text, tokens, j):
            token = tokens[j]
            if not (is_capitalized(token.text) or token.norm in _CONNECTORS):
                break
            j += 1
        while j > i and tokens[j - 1].norm in _CONNECTORS:
            j -= 1
        proposal = _classify(text, tokens, i, j)
        if proposal:
            proposals.append(proposal)
        i = max(j, i + 1)
    return proposals


def _classify(text: str, tokens: list[Token], first: int, last: int) -> Proposal | None:
    words = tokens[first:last]
    capitals = [t for t in words if is_capitalized(t.text)]
    if len(capitals) < 2:
        return None
    norms = {t.norm for t in words}
    if norms & _EVENT_HEADS:
        return Proposal("event", text[words[0].start : words[-1].end], first, last)
    if norms & _ORG_HEADS:
        return Proposal("organization", text[words[0].start : words[-1].end], first, last)
    surname = words[-1].norm
    if (
        2 <= len(words) <= 3
        and all(_name_like(t) for t in words)
        and (_SURNAME.search(surname) or _SURNAME.search(stem(surname)))
    ):
        if all(is_cyrillic(t.norm) for t in words):
            return _russian_person(text, tokens, first, last, set())
        return Proposal("person", _person_name([t.text for t in words]), first, last)
    return None
