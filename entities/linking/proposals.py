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
from entities.linking.russian_names import nominative_person, russian_span

_CONNECTORS = {"of", "the", "on", "for", "and", "in", "по", "и", "на", "за", "при"}
_ORG_HEADS = {
    "ministry", "agency", "fund", "council", "organization", "organisation", "committee",
    "union", "bank", "assembly", "parliament", "commission", "association", "institute",
    "university", "company", "corporation", "foundation", "party", "service",
    "министерство", "агентство", "фонд", "совет", "организация", "комитет", "союз", "банк",
    "ассамблея", "парламент", "комиссия", "ассоциация", "институт", "университет", "партия",
    # parliaments by their own names
    "kenesh", "majlis", "mazhilis", "khural", "rada", "duma", "senate",
    "кенеш", "меджлис", "мажилис", "хурал", "рада", "дума", "сенат",
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
# Words that name an institution or an office, never a person: "Jogorku Kenesh" after
# "Speaker of the" is the parliament, "Office Daniyar Sydykov" holds a person after its office.
_INSTITUTIONS = _ORG_HEADS | {
    "majilis", "office", "administration", "secretariat", "government", "court", "embassy",
    "department", "маджлис", "офис", "администрация", "секретариат", "правительство", "суд",
    "посольство", "департамент",
}  # fmt: skip
_INSTITUTION_STEMS = {stem(word) for word in _INSTITUTIONS}
_PATRONYMIC = re.compile(r"(вич|вн|ичн|ич)")
_SURNAME = re.compile(
    r"(ov|ev|yev|iev|in|ova|eva|yeva|ina|sky|skiy|skaya|ич|ов|ев|ин|ск|ын)$"
    # Central Asian, Turkic, Tajik and Armenian surnames without a Russian ending (Kazykhan,
    # Sarybay, Kazykhanuly, Rasulzoda, Cavusoglu, Mirzoyan), inside a longer word only.
    r"|(?<=\w\w)(uly|ulu|kyzy|bay|bai|bek|khan|zoda|zade|oglu|oğlu|yan"
    r"|улы|кызы|бай|бек|хан|зода|заде|оглу|ян)$"
)
# A name in quotes is a title (a conference, a paper, a ship: «Диалог Райсина»), not a person.
_QUOTES_OPEN = "«\"“„'‘"
_QUOTES_CLOSE = "»\"”“'’"
_HYPHENS = {"-", "‐", "‑", "–"}
# A reporter or photo editor credited in the body ("корреспондент телеканала «МИР 24» Алексей
# Тимаев", "бильд-редактор: Дастан Шанай", "Photo: ...") is a credit, which the labelling policy
# keeps apart from the story's people.
_CREDITS = {
    "correspondent", "reporter", "editor", "photo", "photographer", "author",
    "корреспондент", "репортер", "обозреватель", "редактор", "фото", "фотограф", "автор",
}  # fmt: skip
_CREDIT_STEMS = {stem(word) for word in _CREDITS}
_CREDIT_REACH = 5
_SENTENCE_END = re.compile(r"[\n.!?]")


@dataclass(frozen=True)
class Proposal:
    kind: str
    name: str
    first: int
    last: int


def _joined(text: str, tokens: list[Token], index: int) -> bool:
    """Whether token `index` continues the previous one's phrase: only spaces between them (never
    a line or paragraph break: "Council of Central Banks\n\nSimilarly" is two phrases), or a
    hyphen inside one word ("Kassym-Jomart", "Co-operation")."""
    if index <= 0:
        return False
    gap = text[tokens[index - 1].end : tokens[index].start]
    return (gap.strip() == "" and "\n" not in gap) or _hyphenated(text, tokens, index)


def _hyphenated(text: str, tokens: list[Token], index: int) -> bool:
    """Whether token `index` is the second part of a hyphenated word ("Jomart" in
    "Kassym-Jomart", "operation" in "Co-operation")."""
    if index <= 0 or index >= len(tokens):
        return False
    return text[tokens[index - 1].end : tokens[index].start] in _HYPHENS


def _institution(token: Token) -> bool:
    return token.norm in _INSTITUTIONS or stem(token.norm) in _INSTITUTION_STEMS


def name_like(token: Token) -> bool:
    """A capitalised word that may be part of a person's name (no acronym, title or article)."""
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
    """'Ambassador X Y': two or three name-like words right after a title (and its country).

    Never an institution ("Speaker of the Jogorku Kenesh") and never part of a word
    ("Shanghai Co" of "Co-operation"); a hyphenated given name is taken whole."""
    end = start
    russian = start < len(tokens) and is_cyrillic(tokens[start].norm)
    limit = _RUSSIAN_WINDOW if russian else 3
    groups: list[int] = []  # the first token of each word, a hyphenated word being one
    while end < len(tokens) and end not in taken and name_like(tokens[end]):
        if end > start and not _joined(text, tokens, end):
            break
        if not (end > start and _hyphenated(text, tokens, end)):
            if len(groups) == limit:
                break
            groups.append(end)
        end += 1
    if russian:
        return _russian_person(text, tokens, start, end, taken)
    if _hyphenated(text, tokens, end) or any(_institution(t) for t in tokens[start:end]):
        return None  # a run cut inside a hyphenated word, or a body rather than a person
    middle = tokens[groups[1]].norm if len(groups) == 3 else ""
    if middle and is_cyrillic(middle) and not _PATRONYMIC.search(middle):
        groups.pop(0)  # "министр … Турции Хакан Фидан": a genitive country, not a patronymic
        start = groups[0]
    if len(groups) < 2:
        return None
    if end < len(tokens) and end in taken and _joined(text, tokens, end):
        return None  # "председателем Милли Меджлиса Азербайджана": a body of a country
    return Proposal("person", _person_name(_words(text, tokens, start, end)), start, end)


def _words(text: str, tokens: list[Token], first: int, last: int) -> list[str]:
    """The written words of tokens [first, last), a hyphenated word kept as one."""
    spans: list[list[int]] = []
    for index in range(first, last):
        if index > first and _hyphenated(text, tokens, index):
            spans[-1][1] = tokens[index].end
        else:
            spans.append([tokens[index].start, tokens[index].end])
    return [text[a:b] for a, b in spans]


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
    """Names and named bodies not in the gazetteer, outside the tokens already linked.

    A phrase is a run of capitalised words (and connectors) on one line; a hyphenated word is
    never cut ("Shanghai Co-operation Organisation", not "Shanghai Co"). A name right after a
    reporter's or photo editor's credit is the byline, not one of the story's people."""
    proposals = []
    i = 0
    while i < len(tokens):
        if i in taken or not is_capitalized(tokens[i].text) or tokens[i].norm in _CONNECTORS:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j not in taken and _joined(text, tokens, j):
            token = tokens[j]
            if not (
                is_capitalized(token.text)
                or token.norm in _CONNECTORS
                or _hyphenated(text, tokens, j)
            ):
                break
            j += 1
        while j > i and tokens[j - 1].norm in _CONNECTORS:
            j -= 1
        # A run that opens right after a linked word has that word as its head ("Azerbaijani
        # Foreign Ministry", "Shanghai Co-operation Organisation"): its rest is no body's name.
        headless = i - 1 in taken and _joined(text, tokens, i)
        if not (_hyphenated(text, tokens, i) or _hyphenated(text, tokens, j)):
            proposals += [
                p
                for p in _classify(text, tokens, i, j)
                if (
                    p.kind == "person"
                    and not _credited(text, tokens, p.first)
                    and not _quoted(text, tokens, p.first, p.last)
                )
                or (p.kind != "person" and not (headless and p.first == i))
            ]
        i = max(j, i + 1)
    return proposals


def _classify(text: str, tokens: list[Token], first: int, last: int) -> list[Proposal]:
    """What a capitalised run names: an event or a body by its head word, or a person; a
    person's name that ends a longer run ("President's Office Daniyar Sydykov", "СССР Борис
    Ельцин") is cut from it, the rest classified on its own."""
    words = tokens[first:last]
    capitals = [t for t in words if is_capitalized(t.text)]
    if len(capitals) < 2:
        return []
    person = _person(text, tokens, first, last)
    if person:
        return [person]
    tail = _person_tail(text, tokens, first, last)
    if tail:
        return [*_classify(text, tokens, first, tail.first), tail]
    norms = {t.norm for t in words}
    if norms & _EVENT_HEADS:
        return [Proposal("event", text[words[0].start : words[-1].end], first, last)]
    if norms & _ORG_HEADS:
        return [Proposal("organization", text[words[0].start : words[-1].end], first, last)]
    return []


def _person(text: str, tokens: list[Token], first: int, last: int) -> Proposal | None:
    """Two or three name-like words, none an institution, the last shaped like a surname."""
    groups = _words(text, tokens, first, last)
    words = tokens[first:last]
    surname = words[-1].norm
    if (
        2 <= len(groups) <= 3
        and all(name_like(t) and not _institution(t) for t in words)
        and (_SURNAME.search(surname) or _SURNAME.search(stem(surname)))
    ):
        if all(is_cyrillic(t.norm) for t in words):
            return _russian_person(text, tokens, first, last, set())
        return Proposal("person", _person_name(groups), first, last)
    return None


def _person_tail(text: str, tokens: list[Token], first: int, last: int) -> Proposal | None:
    """A person's name at the end of a longer run. Where the name starts is uncertain there, so
    only the surest part is taken: given name and surname (with a Russian patronymic, three)."""
    starts = [i for i in range(first, last) if i == first or not _hyphenated(text, tokens, i)]
    if len(starts) < 3:
        return None
    middle = tokens[starts[-2]].norm
    size = 3 if len(starts) >= 4 and is_cyrillic(middle) and _PATRONYMIC.search(middle) else 2
    tail = starts[-size]
    return _person(text, tokens, tail, last)


def _quoted(text: str, tokens: list[Token], first: int, last: int) -> bool:
    """Whether tokens [first, last) are the whole of a quoted title ("«Диалог Райсина»")."""
    before = text[tokens[first - 1].end if first else 0 : tokens[first].start].strip()
    after_end = tokens[last].start if last < len(tokens) else len(text)
    after = text[tokens[last - 1].end : after_end].strip()
    return bool(before and after) and before[-1] in _QUOTES_OPEN and after[0] in _QUOTES_CLOSE


def _credited(text: str, tokens: list[Token], first: int) -> bool:
    """Whether a reporter's credit word opens the sentence part that ends at token `first`."""
    for index in range(first - 1, max(first - 1 - _CREDIT_REACH, -1), -1):
        if _SENTENCE_END.search(text[tokens[index].end : tokens[index + 1].start]):
            return False
        if stem(tokens[index].norm) in _CREDIT_STEMS:
            return True
    return False
