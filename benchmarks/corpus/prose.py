"""A story's sentences, from the hand-written templates of `vocab`: entity names placed in their
slots, with the offsets a mention's spans record, and the filler in between.

The random draws follow a fixed order (a story's `random.Random` is shared with `StoryMaker`):
reordering them here changes every corpus.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from functools import cache
from typing import TYPE_CHECKING

from articles import search
from benchmarks.corpus import vocab
from entities.models import EntityKind

if TYPE_CHECKING:
    from benchmarks.corpus.entities import EntitySpec
    from benchmarks.corpus.stories import StoryMaker

TEXT_LENGTH = (3000, 500)  # characters: mean and standard deviation
ACTORS = frozenset({EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.COUNTRY})

_formatter = string.Formatter()
ENTITY_SLOTS = frozenset({"P", "P2", "C", "C2", "O", "L", "E", "X", "Y"})
SIGNATURE_SLOTS = {
    ("person",): ("P",),
    ("person", "person"): ("P", "P2"),
    ("country",): ("C",),
    ("country", "country"): ("C", "C2"),
    ("organization",): ("O",),
    ("place",): ("L",),
    ("event",): ("E",),
    ("person", "country"): ("P", "C"),
    ("person", "organization"): ("P", "O"),
    ("actor", "actor"): ("X", "Y"),
}
TITLE_SLOTS = {
    "person": ("P",),
    "country": ("C",),
    "organization": ("O",),
    "place": ("L",),
    "event": ("E",),
    "pair": ("X", "Y"),
}


@cache
def parse_template(template: str) -> tuple[tuple[str, str | None], ...]:
    """[(literal text, slot name or None)], parsed once per template."""
    return tuple((literal, name) for literal, name, _, _ in _formatter.parse(template))


FILLERS = 120  # pre-rendered filler sentences per topic and language
TOPIC_SLOTS = frozenset({"topic", "topic2", "topic3", "tn", "tn2", "tg", "tg2", "tg3"})


class SentenceWriter:
    """One story's sentences: entity names placed by template, with their offsets."""

    def __init__(self, maker: StoryMaker, rng: random.Random, language: str) -> None:
        self.maker = maker
        self.rng = rng
        self.ru = language == "ru"
        self.entities = maker.entities
        self.named: set[int] = set()
        self.topics = rng.sample(range(len(vocab.TOPICS)), 3)
        self.templates = vocab.RU_ENTITY if self.ru else vocab.EN_ENTITY
        self.last_template = ""

    def kind(self, entity: int) -> str:
        return self.entities[entity].kind

    # Slots

    def value(self, name: str, person: EntitySpec | None, used: list[int]) -> str:
        rng, ru = self.rng, self.ru
        key = name.lower()
        if key in TOPIC_SLOTS:
            # The story's own topics first, each once per sentence, then any other.
            topic = next((t for t in self.topics if t not in used), None)
            if topic is None or (used and rng.random() < 0.3):
                topic = rng.choice([t for t in range(len(vocab.TOPICS)) if t not in used])
            used.append(topic)
            words = vocab.TOPICS[topic]
            text = words[0] if key.startswith("topic") else words[1 if key[1] == "n" else 2]
        elif key == "num":
            text = str(rng.randint(12, 480))
        elif key == "num2":
            text = str(rng.randint(5, 10))
        elif key == "mult":
            text = str(rng.randint(2, 4))
        elif key == "pct":
            text = f"{rng.uniform(1.5, 48):.1f}"
        elif key == "amount":
            amount = rng.randint(5, 950)
            if ru:
                text = f"{amount} {rng.choice(('млн долларов', 'млн манатов', 'млрд сомов'))}"
            else:
                text = rng.choice((f"${amount} million", f"{amount} million manat"))
        elif key == "year":
            text = str(self.maker.today.year - rng.randint(0, 6))
        elif key == "year2":
            text = str(self.maker.today.year + rng.randint(1, 6))
        elif key == "month":
            text = rng.choice(vocab.RU_MONTHS if ru else vocab.EN_MONTHS)
        elif key == "weekday":
            text = rng.choice(vocab.RU_WEEKDAYS if ru else vocab.EN_WEEKDAYS)
        elif key == "a":
            text = "а" if person is not None and person.female else ""
        elif key in ("he", "his"):
            female = person is not None and person.female
            text = {"he": ("he", "she"), "his": ("his", "her")}[key][female]
        else:
            raise KeyError(name)
        return text[:1].upper() + text[1:] if name[:1].isupper() and key != name else text

    def form(self, entity: int, in_title: bool = False) -> tuple[str, str]:
        """(words before the name, the name as written) for one mention of `entity`."""
        spec, rng = self.entities[entity], self.rng
        first = entity not in self.named or in_title
        if not in_title:
            self.named.add(entity)
        prefix = ""
        if first and not in_title and spec.title and rng.random() < 0.6:
            prefix = spec.title[1 if self.ru else 0] + " "
        if self.ru:
            if first or not spec.short_ru or rng.random() < 0.3:
                return prefix, spec.ru
            return prefix, rng.choice(spec.short_ru)
        if spec.the and not in_title:
            prefix = "the "
        if first or not spec.short_en or rng.random() < 0.35:
            return prefix, spec.name
        return prefix, spec.short_en

    def render(
        self, template: str, slots: dict[str, int], in_title: bool = False
    ) -> tuple[str, list[tuple[int, str, int, int]]]:
        """The sentence, and (entity, form, start, end) for each name in it."""
        out: list[str] = []
        marks = []
        length = 0
        used: list[int] = []
        person = None
        for slot in ("P", "X"):
            if slot in slots and self.kind(slots[slot]) == EntityKind.PERSON:
                person = self.entities[slots[slot]]
                break
        for literal, name in parse_template(template):
            if literal:
                out.append(literal)
                length += len(literal)
            if name is None:
                continue
            if name in ENTITY_SLOTS:
                entity = slots[name]
                prefix, form = self.form(entity, in_title)
                if prefix and length == 0:
                    prefix = prefix[:1].upper() + prefix[1:]
                out.append(prefix)
                length += len(prefix)
                marks.append((entity, form, length, length + len(form)))
                out.append(form)
                length += len(form)
            else:
                text = self.value(name, person, used)
                out.append(text)
                length += len(text)
        return "".join(out), marks

    # Headline and text

    def title(self, picks: list[int]) -> str:
        first, second = picks[0], picks[1]
        titles = vocab.RU_TITLES if self.ru else vocab.EN_TITLES
        if self.kind(first) in ACTORS and self.kind(second) in ACTORS and self.rng.random() < 0.6:
            key, entities = "pair", (first, second)
        else:
            key, entities = self.kind(first), (first,)
        template = self.rng.choice(titles[key])
        slots = dict(zip(TITLE_SLOTS[key], entities, strict=True))
        return self.render(template, slots, in_title=True)[0]

    def _sentence_for(self, queue: list[int]) -> tuple[str, dict[str, int]]:
        """A template and its entities for the next name, or two, in `queue` (consumed)."""
        entity = queue.pop(0)
        kind = self.kind(entity)
        signature, entities = (kind,), (entity,)
        if queue and queue[0] != entity and self.rng.random() < 0.4:
            other = queue[0]
            pair = (kind, self.kind(other))
            if pair in self.templates:
                signature, entities = pair, (entity, other)
            elif pair[::-1] in self.templates:
                signature, entities = pair[::-1], (other, entity)
            elif kind in ACTORS and pair[1] in ACTORS:
                signature, entities = ("actor", "actor"), (entity, other)
            if len(entities) == 2:
                queue.pop(0)
        template = self.rng.choice(self.templates[signature])
        if template == self.last_template:
            template = self.rng.choice(self.templates[signature])
        self.last_template = template
        return template, dict(zip(SIGNATURE_SLOTS[signature], entities, strict=True))

    def body(
        self, picks: list[int], *, credit: str, city: vocab.Dateline, date: dt.date | None
    ) -> tuple[str, dict[int, list], str, str]:
        """The plain text (paragraphs separated by blank lines), each entity's (form, start,
        end) in it, the lead sentence as a summary, and the text's search-index words when
        the maker asks for them (words never cross sentences, so they are the sentences'
        words joined; the pooled fillers' are computed once)."""
        rng = self.rng
        occurrences = []
        for n, entity in enumerate(picks):
            if n == 0:
                times = rng.randint(2, 5)
            elif n == 1:
                times = rng.randint(1, 4)
            else:
                times = 2 if rng.random() < 0.3 else 1
            occurrences += [entity] * times
        # The lead names the first two entities (as the headline does), the rest follow.
        rest = occurrences[:]
        rest.remove(picks[0])
        rest.remove(picks[1])
        rng.shuffle(rest)
        queue = [picks[0], picks[1], *rest]
        sentences = []
        while queue:
            template, slots = self._sentence_for(queue)
            sentences.append(self.render(template, slots))
        target = max(1500, int(rng.gauss(*TEXT_LENGTH)))
        length = sum(len(s) + 1 for s, _ in sentences)
        pools = self.maker.fillers["ru" if self.ru else "en"]
        seen: set[str] = set()
        while length < target:
            topic = rng.choice(self.topics) if rng.random() < 0.85 else rng.randrange(len(pools))
            filler = rng.choice(pools[topic])
            if filler in seen:
                continue
            seen.add(filler)
            sentences.insert(rng.randint(1, len(sentences)), (filler, ()))
            length += len(filler) + 1
        summary = sentences[0][0]
        sentences[0] = self._lead(*sentences[0], credit=credit, city=city, date=date)

        marks: dict[int, list] = {entity: [] for entity in picks}
        parts: list[str] = []
        offset, i = 0, 0
        while i < len(sentences):
            size = rng.randint(1, 2) if i == 0 else rng.randint(2, 4)
            chunk = sentences[i : i + size]
            i += size
            at = offset
            for sentence, found in chunk:
                for entity, form, start, end in found:
                    marks[entity].append((form, at + start, at + end))
                at += len(sentence) + 1  # and the space between sentences
            paragraph = " ".join(sentence for sentence, _ in chunk)
            parts.append(paragraph)
            offset += len(paragraph) + 2  # and the blank line between paragraphs
        stems = ""
        if self.maker.stems:
            known = self.maker.filler_stems
            words = (
                known.get(sentence) or search.index_text(sentence) for sentence, _ in sentences
            )
            stems = " ".join(filter(None, words))
        return "\n\n".join(parts), marks, summary, stems

    def _lead(
        self, sentence: str, found: list, *, credit: str, city: vocab.Dateline, date: dt.date | None
    ) -> tuple[str, list]:
        """The first sentence with the wire's dateline and credit: 'BAKU, Azerbaijan, May 2.
        ... , Trend reports.' or 'Бишкек, 03.07.21. /Кабар/. ...'."""
        if date is None or self.rng.random() >= 0.5:
            return sentence, found
        if self.ru:
            prefix = f"{city.city_ru}, {date:%d.%m.%y}. /{credit}/. "
        else:
            month = vocab.EN_MONTHS[date.month - 1]
            prefix = f"{city.city_en.upper()}, {city.country_en}, {month} {date.day}. "
            sentence = sentence[:-1] + f", {credit} reports."
        shift = len(prefix)
        return prefix + sentence, [(e, f, s + shift, t + shift) for e, f, s, t in found]
