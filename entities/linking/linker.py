"""The linker: gazetteer entries in, suggestions for one story out.

Build once per knowledge-base version (about a second for 50,000 names), then link each story
in a few milliseconds: one automaton pass, overlap resolution, then the story-level rules
(surnames and initials, roles on the publication date, new-entity proposals).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from entities.linking.bodies import names_no_body, nested_in
from entities.linking.matcher import SKELETON, Hit, Matcher, Target, words_of
from entities.linking.morphology import gender_is_certain, stem
from entities.linking.normalize import (
    Token,
    is_capitalized,
    is_cyrillic,
    is_upper,
    same_phrase,
    tokenize,
)
from entities.linking.proposals import name_like, person_after, propose
from entities.linking.roles import TITLE_SYNONYMS, GazetteerRole, RoleIndex
from entities.linking.translit import skeleton

__all__ = ["GazetteerEntry", "GazetteerRole", "Linker", "Suggestion"]

EXACT, INFLECTED, PHONETIC = 1.0, 0.9, 0.75
SURNAME_IN_STORY, SURNAME_UNIQUE, BY_ROLE, PROPOSED = 0.85, 0.6, 0.7, 0.5
_ROLE_GLUE = {"of", "the", "s"}
# "Russian side" is about Russia less surely than "Russia"; a former name may be historical.
_ALIAS_WEIGHT = {"demonym": 0.9, "former": 0.9}
# Words that share a title's stem but are not titles: "после" (after) stems like "послом".
_NOT_TITLES = {"после"}
_STOPWORDS = {"of", "the", "and", "for", "on", "in", "to", "и", "по", "в", "на"}


@dataclass(frozen=True)
class GazetteerEntry:
    """One name of an entity: its canonical name or an alias. The first entry seen for an
    entity is taken as its canonical name."""

    entity_id: int
    kind: str
    name: str
    language: str = ""
    alias_kind: str = "name"


@dataclass
class Suggestion:
    """An entity found in the text (or proposed as new), with where and how surely."""

    entity_id: int | None
    kind: str
    name: str
    surface_forms: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    count: int = 0
    confidence: float = 0.0
    new: bool = False


@dataclass
class _Found:
    first: int
    last: int
    targets: tuple[Target, ...]
    confidence: float
    start: int = -1  # a char offset when an initial extends the match to the left

    def last_end(self, tokens: list[Token]) -> int:
        return tokens[self.last - 1].end


def needs_capital(kind: str, name: str, alias_kind: str) -> bool:
    """Whether a name of a country or place counts only when the text capitalises it.

    Such names are proper nouns, and many are also common words of the language: Russian
    "того" (of that) is Togo's "Того", English "turkey" and "chad" are birds and names. Written
    in lower case the word is the common one. Demonyms stay free: Russian writes its country
    adjectives in lower case ("кыргызской стороны")."""
    return kind in ("country", "place") and alias_kind != "demonym" and name[:1].isupper()


_ADJECTIVE_ENDINGS = (
    "ая", "ое", "ой", "ую", "ий", "ый", "ые", "ых", "ым", "ого", "ому", "ими", "ыми", "ее", "его",
    "ему", "ей",
)  # fmt: skip


def adjective_of_place(word: str, name: str) -> bool:
    """Whether a Russian word is the adjective of a place name rather than the place.

    A name ending in a consonant (Смоленск, Омск) and its adjective (Смоленская площадь, Омской
    области) share a stem, but the labelling policy counts place adjectives as no mention; the
    noun's own case endings (Смоленска, Омске, Омском) never look like an adjective's."""
    last = name.rsplit(" ", 1)[-1]
    if not is_cyrillic(word) or last[-1:] in "аеиоуыэюяйь":
        return False
    return word != last and word.startswith(last) and word[len(last) :] in _ADJECTIVE_ENDINGS


def _sounds_alike_in_length(surface: str, name: str) -> bool:
    """Spellings of one name (Mamitkanov / Mamytkanov, Japarov / Zhaparov, Mirziyoyev /
    Mirziyoev, a Russian case ending) differ by a letter or two, never by a third of the word:
    a phonetic key alone would also let "Noting" stand for "Netanyahu" (both n-t-n-h)."""
    return abs(len(surface) - len(name)) <= max(2, len(name) // 4)


_SENTENCE_BREAK = re.compile(r"[\n.!?:;«»\"“”(]")


class Linker:
    """Matches a story against a gazetteer; immutable after `build`."""

    def __init__(self) -> None:
        self._matcher = Matcher()
        self._names: dict[int, tuple[str, str]] = {}
        self._initials: dict[int, set[str]] = {}
        self._context: dict[int, set[str]] = {}
        self._canonical: dict[int, set[str]] = {}
        self._scripts: dict[int, set[bool]] = {}  # per person: Cyrillic surnames?, Latin?
        self._roles = RoleIndex([])

    @classmethod
    def build(
        cls, entries: Iterable[GazetteerEntry], roles: Iterable[GazetteerRole] = ()
    ) -> "Linker":
        linker = cls()
        matcher = linker._matcher
        for entry in entries:
            words = words_of(entry.name)
            if not words:
                continue
            if entry.entity_id not in linker._names:
                linker._names[entry.entity_id] = (entry.kind, entry.name)
                linker._canonical[entry.entity_id] = set(words) - _STOPWORDS
            linker._context.setdefault(entry.entity_id, set()).update(words)
            if entry.kind == "person":
                linker._scripts.setdefault(entry.entity_id, set()).add(is_cyrillic(words[-1]))
            acronym = entry.alias_kind == "acronym" or (
                len(words) == 1 and entry.name.isupper() and len(entry.name) <= 6
            )
            norm = " ".join(words)
            person = entry.kind == "person"
            form = "surname" if person and len(words) == 1 else "full"
            weight = _ALIAS_WEIGHT.get(entry.alias_kind, 1.0)
            target = Target(
                entry.entity_id,
                entry.kind,
                entry.name,
                form,
                norm,
                acronym,
                weight=weight,
                cased=needs_capital(entry.kind, entry.name, entry.alias_kind),
            )
            matcher.add(words, target)
            if entry.kind == "place" and len(words) > 1 and all(skeleton(w) for w in words):
                # "Чолпон-Ата" / "Чолпон-Ате", "Чолпан-Ате": the short part of a compound place
                # name escapes the stemmer, and the spelling of its vowels varies.
                matcher.add(words, target, layer=SKELETON)
            if not person:
                continue
            if all(skeleton(word) for word in words):
                matcher.add(words, target, layer=SKELETON)
            if len(words) < 2:
                continue
            linker._initials.setdefault(entry.entity_id, set()).add(skeleton(words[0])[:1])
            surname = Target(entry.entity_id, "person", entry.name, "surname", words[-1])
            reverse = [words[-1], *words[:-1]]
            flipped = Target(entry.entity_id, "person", entry.name, "reversed", " ".join(reverse))
            # A surname alone is weak evidence: short ones (Lee, Ali) would fire everywhere.
            if len(words[-1]) >= 4:
                matcher.add([words[-1]], surname)
            if len(skeleton(words[-1])) >= 4:
                matcher.add([words[-1]], surname, layer=SKELETON)
            matcher.add(reverse, flipped)
            if all(skeleton(word) for word in words):
                # A script the phonetic keys cannot spell (Georgian, Chinese) has no sound key;
                # an empty key would match every lowercase word.
                matcher.add(reverse, flipped, layer=SKELETON)
        for key, phrases in TITLE_SYNONYMS.items():
            for phrase in phrases:
                words = words_of(phrase)
                matcher.add(words, Target(None, "title", key, "title", " ".join(words), False, key))
        matcher.freeze()
        linker._roles = RoleIndex(list(roles))
        return linker

    def link(self, text: str, *, language: str, published: date | None = None) -> list[Suggestion]:
        """Suggestions for `text`, in order of first appearance.

        `language` (ISO 639-1) is part of the contract for per-language weighting; the rules
        today key on the script of each word instead, which also handles mixed-script stories.
        """
        tokens = tokenize(text)
        hits = [h for h in (self._filter(h, tokens) for h in self._matcher.find(tokens)) if h]
        titles = _longest([h for h in hits if h.targets[0].kind == "title"])
        found = _longest([h for h in hits if h.targets[0].kind != "title"])
        covered = {i for h in [*titles, *found] for i in range(h.first, h.last)}
        found = [f for f in found if not self._inside_another_name(f, text, tokens, covered)]
        found += _inside_bodies(found, hits, tokens)
        for item in found:
            self._extend_initial(item, text, tokens)
        resolved = self._resolve(found)
        mentions: list[tuple[int | None, str, str, int, int, float]] = [
            (entity_id, kind, name, item.first, item.last, conf)
            for item, (entity_id, kind, name, conf) in resolved
        ]
        spans_of = {id(item): item.start for item, _ in resolved}
        taken = {i for item, _ in resolved for i in range(item.first, item.last)}
        mentions += self._by_role(text, tokens, titles, resolved, published, taken)
        taken |= {i for title in titles for i in range(title.first, title.last)}
        proposals = [
            p
            for p in propose(text, tokens, taken)
            if p.kind != "organization"
            or not names_no_body([t.norm for t in tokens[p.first : p.last]])
        ]
        mentions += [(None, p.kind, p.name, p.first, p.last, PROPOSED) for p in proposals]
        mentions += _repeats(tokens, [m for m in mentions if m[0] is None], taken, proposals)
        starts = {(item.first, item.last): spans_of[id(item)] for item, _ in resolved}
        return _aggregate(text, tokens, mentions, starts)

    def _filter(self, hit: Hit, tokens: list[Token]) -> _Found | None:
        """Drop targets the text's shape rules out; score the rest by how the key matched."""
        words = tokens[hit.first : hit.last]
        surface = " ".join(t.norm for t in words)
        targets = tuple(
            t
            for t in hit.targets
            if not (t.acronym and not all(is_upper(w.text) for w in words))
            and not (t.kind == "person" and not all(is_capitalized(w.text) for w in words))
            and not (t.cased and not is_capitalized(words[0].text))
            and not (t.kind == "title" and surface in _NOT_TITLES)
            and not (hit.layer == SKELETON and not _sounds_alike_in_length(surface, t.norm))
            and not (hit.layer == SKELETON and self._spelt_otherwise(t, surface))
            and not (t.kind == "place" and adjective_of_place(words[-1].norm, t.norm))
        )
        if not targets:
            return None
        if hit.layer == SKELETON:
            confidence = PHONETIC
        elif any(t.norm == surface for t in targets):
            confidence = EXACT
        else:
            confidence = INFLECTED
        confidence *= max(t.weight for t in targets)
        return _Found(hit.first, hit.last, targets, confidence)

    def _inside_another_name(
        self, item: _Found, text: str, tokens: list[Token], covered: set[int]
    ) -> bool:
        """Whether a surname-only match is one word of somebody else's full name: "Марс Сариев"
        is not Temir Sariyev, "Ермек Кошербаев" is not Andriy Yermak. The word beside it, on the
        same line, capitalised, no title or known name itself, and none of the person's own
        names, says the name is another person's (who is then proposed whole)."""
        if not all(t.form == "surname" for t in item.targets):
            return False
        for index in (item.first - 1, item.last):
            if not 0 <= index < len(tokens) or index in covered:
                continue
            left, right = (index, item.first) if index < item.first else (item.last - 1, index)
            gap = text[tokens[left].end : tokens[right].start]
            if gap != " " or not name_like(tokens[index]) or _opens_sentence(text, tokens, index):
                continue  # "Then Aliyev said": a capitalised word opening a sentence says nothing
            if is_cyrillic(tokens[index].norm) != is_cyrillic(tokens[item.first].norm):
                continue  # "в Twitter Чавушоглу": a name is written in one script
            key = skeleton(tokens[index].norm)
            if not any(
                _same_given_name(key, skeleton(word))
                for t in item.targets
                for word in self._context.get(t.entity_id or 0, ())
            ):
                return True
        return False

    def _spelt_otherwise(self, target: Target, surface: str) -> bool:
        """Whether a sound-alike from the other script should be ignored: the person has names
        in the word's own script and they did not match ("Decision" sounds like Zhang Dejiang's
        Russian "Дэцзян", but his Latin "Dejiang" does not). Sound keys across scripts are for
        people the knowledge base spells in one script only."""
        script = is_cyrillic(surface)
        return is_cyrillic(target.norm) != script and script in self._scripts.get(
            target.entity_id or 0, ()
        )

    def _extend_initial(self, item: _Found, text: str, tokens: list[Token]) -> None:
        """'Т.Мамытова', 'M. Mamytkanov': take the initial in and keep only people it fits."""
        if item.targets[0].form != "surname" or item.first == 0:
            return
        initial = tokens[item.first - 1]
        gap = text[initial.end : tokens[item.first].start]
        if len(initial.text) != 1 or not initial.text.isupper() or gap.strip() != ".":
            return
        letter = skeleton(initial.norm)[:1]
        fitting = tuple(
            t for t in item.targets if letter in self._initials.get(t.entity_id or 0, {letter})
        )
        if fitting:
            item.targets, item.start = fitting, initial.start

    def _resolve(self, found: list[_Found]) -> list[tuple[_Found, tuple[int, str, str, float]]]:
        """One entity per match: surnames by the story's full names, else by uniqueness."""
        sure = {
            ids.pop()
            for item in found
            if len(ids := {t.entity_id for t in item.targets}) == 1
            and item.targets[0].form != "surname"
        }
        out = []
        for item in found:
            ids = list(dict.fromkeys(t.entity_id for t in item.targets))
            surname = all(t.form == "surname" for t in item.targets)
            confidence = item.confidence
            if len(ids) > 1:
                named = [i for i in ids if i in sure]
                ids = named or self._by_context(ids, sure)
                if len(ids) != 1:
                    continue
            if surname:
                in_story = ids[0] in sure
                confidence = min(confidence, SURNAME_IN_STORY if in_story else SURNAME_UNIQUE)
            kind, name = self._names[ids[0]]
            out.append((item, (ids[0], kind, name, confidence)))
        return out

    def _by_context(self, ids: list[int], sure: set[int]) -> list[int]:
        """An ambiguous name (MFA) goes to the candidate whose names contain the story's
        other entities (Ministry of Foreign Affairs *of Azerbaijan*)."""
        scores = {
            i: sum(1 for s in sure if self._canonical[s] & self._context.get(i, set())) for i in ids
        }
        best = max(scores.values(), default=0)
        winners = [i for i, score in scores.items() if score == best]
        return winners if best > 0 and len(winners) == 1 else []

    def _by_role(self, text, tokens, titles, resolved, published, taken):
        """A role phrase ("Foreign Minister of Azerbaijan") adds a mention to the person who held
        it on the publication date, and a title followed by an unknown name proposes that
        person instead.

        The labelling policy (fixtures/eval/README.md) counts a person named only by role as no
        mention, so a role never brings in a person the story does not name: the holder must
        also be found by name, the role must name its country or body in the same phrase
        (never across a line or sentence break) and be held on the story's date. A title
        followed by a person's name refers to that person, never to the post's holder.
        """
        by_first = {item.first: (item, ids) for item, ids in resolved}
        by_last = {item.last: (item, ids) for item, ids in resolved}
        named_people = {ids[0] for _, ids in resolved if ids[1] == "person"}
        out = []
        for title in titles:
            key = title.targets[0].title_key
            places = []
            before = by_last.get(title.first)
            if before and same_phrase(text, before[0].last_end(tokens), tokens[title.first].start):
                places.append(before)
            after = end = title.last
            while True:  # "Speaker of the Jogorku Kenesh of the Kyrgyz Republic ..."
                while after < len(tokens) and tokens[after].norm in _ROLE_GLUE:
                    after += 1
                if not (
                    after in by_first
                    and by_first[after][1][1] in ("country", "organization")
                    and same_phrase(text, tokens[end - 1].end, tokens[after].start)
                ):
                    after = end
                    break
                places.append(by_first[after])
                after = end = by_first[after][0].last
            named = by_first.get(after)
            if named and not same_phrase(text, tokens[after - 1].end, tokens[after].start):
                named = None
            if named is None and after < len(tokens):
                proposal = person_after(text, tokens, after, taken)
                if proposal:
                    out.append(
                        (None, "person", proposal.name, proposal.first, proposal.last, PROPOSED)
                    )
                    taken.update(range(proposal.first, proposal.last))
                    continue
            if named and named[1][1] == "person":
                continue  # "Speaker ... Nurlanbek Shakiev": the name says who, not the post
            for place, (entity_id, kind, _, _) in places:
                if kind not in ("country", "organization"):
                    continue
                holder = self._roles.holder(key, entity_id, published)
                if holder is None or holder not in named_people:
                    continue
                first, last = min(place.first, title.first), max(place.last, title.last)
                person_kind, name = self._names[holder]
                out.append((holder, person_kind, name, first, last, BY_ROLE))
                break
        return out


def _same_given_name(key: str, other: str) -> bool:
    """Sound keys of one given name in its forms ("Майкла"/"Майк", "Mike"/"Michael")."""
    return bool(key and other) and (key.startswith(other) or other.startswith(key))


def _opens_sentence(text: str, tokens: list[Token], index: int) -> bool:
    return index == 0 or bool(
        _SENTENCE_BREAK.search(text[tokens[index - 1].end : tokens[index].start])
    )


def _inside_bodies(found: list[_Found], hits: list[_Found], tokens: list[Token]) -> list[_Found]:
    """The countries and organisations named inside an organisation's name ("МИД РФ" names
    Russia, "Council of Foreign Ministers of the OTS" the OTS): the longest ones, never the
    body itself again, and never a mere description of a body inside it (bodies.py)."""
    bodies = [item for item in found if all(t.kind == "organization" for t in item.targets)]
    inner = []
    for outer, index in nested_in(bodies, hits):
        own = {t.entity_id for t in bodies[outer].targets}
        hit = hits[index]
        generic = names_no_body([t.norm for t in tokens[hit.first : hit.last]])
        targets = tuple(
            t
            for t in hit.targets
            if t.entity_id not in own
            and (t.kind == "country" or (t.kind == "organization" and not generic))
        )
        if targets:
            inner.append(_Found(hit.first, hit.last, targets, hit.confidence))
    return _longest(inner)


def _repeats(tokens: list[Token], proposed: list, taken: set[int], found: list) -> list:
    """Later mentions of a proposed name (compared by stem, so inflected repeats count too)."""
    if not proposed:
        return []
    taken = taken | {i for p in found for i in range(p.first, p.last)}
    taken |= {i for m in proposed for i in range(m[3], m[4])}
    stems = [stem(t.norm) for t in tokens]
    out = []
    for _, kind, name, first, last, conf in proposed:
        key, size = stems[first:last], last - first
        for i in range(len(tokens) - size + 1):
            if stems[i : i + size] == key and not taken.intersection(range(i, i + size)):
                out.append((None, kind, name, i, i + size, conf))
                taken.update(range(i, i + size))
    return out


def _longest(items: list) -> list:
    """Longest match wins, then the stronger layer, then the earlier; no two share a token."""
    items = sorted(items, key=lambda h: (h.first - h.last, -h.confidence, h.first))
    taken: set[int] = set()
    chosen = []
    for item in items:
        span = range(item.first, item.last)
        if not taken.intersection(span):
            taken.update(span)
            chosen.append(item)
    return sorted(chosen, key=lambda h: h.first)


def _aggregate(text, tokens, mentions, starts) -> list[Suggestion]:
    """Fold mentions into one suggestion per entity (or per proposed name)."""
    suggestions: dict[object, Suggestion] = {}
    sure: dict[object, bool] = {}
    certain = True
    for entity_id, kind, name, first, last, confidence in mentions:
        start = starts.get((first, last), -1)
        start = start if start >= 0 else tokens[first].start
        end = tokens[last - 1].end
        key: object = entity_id
        if entity_id is None:
            # One proposal per person however inflected; its name from a form that shows gender.
            key = (kind, *(stem(t.norm) for t in tokens[first:last]))
            certain = kind == "person" and gender_is_certain(tokens[last - 1].text)
        suggestion = suggestions.get(key)
        if suggestion is None:
            suggestion = suggestions[key] = Suggestion(entity_id, kind, name, new=entity_id is None)
            sure[key] = entity_id is not None or certain
        elif not sure[key] and entity_id is None and certain:
            suggestion.name, sure[key] = name, True
        if (start, end) in suggestion.spans:
            continue
        surface = text[start:end]
        if surface not in suggestion.surface_forms:
            suggestion.surface_forms.append(surface)
        suggestion.spans.append((start, end))
        suggestion.confidence = max(suggestion.confidence, confidence)
    for suggestion in suggestions.values():
        suggestion.spans.sort()
        suggestion.count = len(suggestion.spans)
    return sorted(suggestions.values(), key=lambda s: s.spans[0])
