"""A synthetic corpus for benchmarks (issue 8): stories in English and Russian, a knowledge base
whose popularity follows Zipf's law, about ten mentions per story, every state present.

Two halves. The generators (`make_entities`, `make_statuses`, `StoryMaker`) are pure: given a
seed they return the same values on every machine, and each story depends only on the seed and
its number, so any story can be rebuilt alone. `build_corpus` writes them with multi-row inserts
(SQLite `executemany`, PostgreSQL `COPY`) in one transaction, never through `save()`: columns
the database keeps (the search vector, the mentions' copies of their story's status and date,
the sort date) are left to its triggers and generated columns.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import multiprocessing
import random
import string
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

from anyascii import anyascii
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, models, transaction
from django.db.models import Count
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles import corpus_vocab as vocab
from articles import search
from articles.html import body_seal, text_to_html
from articles.ingest.hashing import content_hash
from articles.models import Article, ArticleStatus, Mention, MentionStatus, Source
from entities.models import Alias, Entity, EntityKind, Role, normalize_name
from newsroom.text import ascii_slug

SCHEDULED = "scheduled"  # published, with a publish time still to come
# Shares of the stories in each state; published takes the rest (about 92%).
STATUS_SHARES = {
    SCHEDULED: 0.005,
    ArticleStatus.DRAFT: 0.03,
    ArticleStatus.REVIEW: 0.02,
    ArticleStatus.ARCHIVED: 0.025,
}
RUSSIAN_SHARE = 0.3
UNDATED_SHARE = 0.01
TAGGED_SHARE = 0.35
YEARS = 6
MENTIONS_PER_STORY = (6, 14)  # distinct entities, uniformly: about 10 on average
TEXT_LENGTH = (3000, 500)  # characters: mean and standard deviation
# Zipf-Mandelbrot weights 1 / (rank + OFFSET) ** EXPONENT. With an exponent of 1 the offset sets
# the head: 2.9 puts the most popular of 20,000 entities in a third of 100,000 stories, and in
# about 26,000 public ones (confirmed, live: what docs/benchmarks.md's api-list-popular reads),
# with a long tail in which most entities have a few stories.
ZIPF_EXPONENT = 1.0
ZIPF_OFFSET = 2.9
KIND_SHARES = {  # of the knowledge base; people take the rest
    EntityKind.COUNTRY: 0.04,
    EntityKind.ORGANIZATION: 0.25,
    EntityKind.PLACE: 0.18,
    EntityKind.EVENT: 0.08,
}
ACTORS = frozenset({EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.COUNTRY})
BATCH = 1000  # stories per insert round
MIN_ENTITIES = 20


class CorpusError(Exception):
    """The corpus cannot be built here (the database is not empty, or a bad size)."""


# --- Entities ----------------------------------------------------------------------------


@dataclass
class EntitySpec:
    """One knowledge-base entry, with the forms the story writer names it by."""

    kind: str
    name: str
    ru: str
    description: str = ""
    aliases: list[tuple[str, str, str]] = field(default_factory=list)  # (name, language, kind)
    short_en: str = ""  # a later mention: a person's surname, an organization's acronym
    short_ru: tuple[str, ...] = ()
    female: bool = False
    the: bool = False  # English puts "the" before it: "the United Nations", "the Ministry"
    title: tuple[str, str] | None = None  # (English, Russian) position named before a person
    roles: list[tuple[str, int | None, dt.date | None, dt.date | None]] = field(
        default_factory=list
    )  # (title, organization's index, start, end)
    slug: str = ""

    def add_alias(self, name: str, language: str, kind: str = "name") -> None:
        folded = name.casefold()
        if (
            name
            and folded != self.name.casefold()
            and all(a[0].casefold() != folded for a in self.aliases)
        ):
            self.aliases.append((name, language, kind))


def latin(text: str) -> str:
    """A Cyrillic name in Latin letters, as the wire writes it (no soft-sign apostrophes)."""
    return anyascii(text).replace("'", "")


def variant_spelling(name: str) -> str:
    """Another common English spelling of a transliterated name (Dzhabbarov -> Jabbarov)."""
    for old, new in (("Dzh", "J"), ("dzh", "j"), ("iev", "iyev"), ("aev", "ayev"), ("Yu", "Iu")):
        name = name.replace(old, new)
    return name


def make_entities(count: int, *, seed: int = 1) -> list[EntitySpec]:
    """`count` entities of all five kinds with unique slugs, most popular first.

    The wire's own countries, capitals and organizations (`corpus_vocab.CORE`) head the list;
    the rest follow in a seeded random order.
    """
    if count < MIN_ENTITIES:
        raise CorpusError(f"--entities must be at least {MIN_ENTITIES}")
    rng = random.Random(f"{seed}:entities")
    sizes = {kind: max(1, round(count * share)) for kind, share in KIND_SHARES.items()}
    sizes[EntityKind.COUNTRY] = min(sizes[EntityKind.COUNTRY], len(vocab.COUNTRIES))
    sizes[EntityKind.PERSON] = count - sum(sizes.values())
    taken: set[str] = set()

    def unique(make: Callable[[], EntitySpec]) -> EntitySpec:
        for _ in range(1000):
            spec = make()
            if spec.name.casefold() not in taken:
                taken.add(spec.name.casefold())
                return spec
        raise CorpusError("ran out of distinct names; ask for fewer entities")

    specs: list[EntitySpec] = []
    for en, ru, _, extra in vocab.COUNTRIES[: sizes[EntityKind.COUNTRY]]:
        spec = unique(lambda en=en, ru=ru: EntitySpec(EntityKind.COUNTRY, en, ru, "Country."))
        spec.add_alias(ru, "ru")
        for alias in extra:
            spec.add_alias(*alias)
        specs.append(spec)
    countries = list(vocab.COUNTRIES[:12])
    for i in range(sizes[EntityKind.PLACE]):
        specs.append(unique(lambda i=i: _place(rng, i, countries)))
    for i in range(sizes[EntityKind.ORGANIZATION]):
        specs.append(unique(lambda i=i: _organization(rng, i)))
    for _ in range(sizes[EntityKind.EVENT]):
        specs.append(unique(lambda: _event(rng)))
    for _ in range(sizes[EntityKind.PERSON]):
        specs.append(unique(lambda: _person(rng)))

    core = {name: rank for rank, name in enumerate(vocab.CORE)}
    head = sorted((s for s in specs if s.name in core), key=lambda s: core[s.name])
    tail = [s for s in specs if s.name not in core]
    rng.shuffle(tail)
    specs = head + tail
    _add_roles(rng, specs)
    slugs: set[str] = set()
    for spec in specs:
        spec.slug = _unused(ascii_slug(spec.name), slugs)
    return specs


def _unused(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free; noted as taken."""
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _place(rng: random.Random, i: int, countries: list) -> EntitySpec:
    if i < len(vocab.CITIES):
        en, ru, variant = vocab.CITIES[i]
        spec = EntitySpec(EntityKind.PLACE, en, ru, "City.")
        spec.add_alias(ru, "ru")
        if variant:
            spec.add_alias(variant, "en")
        return spec
    ru = (
        rng.choice(vocab.PLACE_STEMS)
        + rng.choice(vocab.PLACE_MIDDLES)
        + rng.choice(vocab.PLACE_SUFFIXES)
    ).capitalize()
    en = latin(ru)
    country = rng.choice(countries)[0]
    spec = EntitySpec(EntityKind.PLACE, en, ru, f"Town in {country}.")
    spec.add_alias(ru, "ru")
    spec.add_alias(variant_spelling(en), "en")
    return spec


def _organization(rng: random.Random, i: int) -> EntitySpec:
    if i < len(vocab.ORGANIZATIONS):
        en, ru, acronym_en, acronym_ru = vocab.ORGANIZATIONS[i]
        spec = EntitySpec(EntityKind.ORGANIZATION, en, ru, "International organization.")
        spec.the = not en.isupper()  # the United Nations, but UNESCO
        spec.add_alias(ru, "ru")
        spec.add_alias(acronym_en, "en", "acronym")
        spec.add_alias(acronym_ru, "ru", "acronym")
        spec.short_en = acronym_en
        spec.short_ru = (acronym_ru,) if acronym_ru else ()
        return spec
    if rng.random() < 0.25:
        root = rng.choice(vocab.BRAND_ROOTS) + rng.choice(vocab.BRAND_MIDDLES).lower()
        suffix_en, suffix_ru = rng.choice(vocab.BRAND_SUFFIXES)
        ru = f"{root} {suffix_ru}"
        en = f"{latin(root)} {suffix_en}"
        country = rng.choice(vocab.COUNTRIES[:12])[0]
        spec = EntitySpec(EntityKind.ORGANIZATION, en, ru, f"Company based in {country}.")
    else:
        body_en, body_ru = rng.choice(vocab.BODIES)
        field_en, field_ru = rng.choice(vocab.FIELDS)
        country_en, _, country_gen, _ = rng.choice(vocab.COUNTRIES)
        en = f"{body_en} of {field_en} of {country_en}"
        ru = f"{body_ru} {field_ru} {country_gen}"
        spec = EntitySpec(EntityKind.ORGANIZATION, en, ru, f"Public body of {country_en}.")
        spec.the = True
    spec.add_alias(ru, "ru")
    return spec


def _event(rng: random.Random) -> EntitySpec:
    theme_en, theme_m, theme_f = rng.choice(vocab.EVENT_THEMES)
    noun_en, noun_ru, feminine = rng.choice(vocab.EVENT_NOUNS)
    city_en, city_ru, _ = rng.choice(vocab.CITIES)
    year = rng.randint(2019, 2027)
    en = f"{city_en} {theme_en} {noun_en} {year}"
    ru = f"{theme_f if feminine else theme_m} {noun_ru} {city_ru}-{year}"
    spec = EntitySpec(EntityKind.EVENT, en, ru, f"{noun_en} held in {city_en} in {year}.")
    spec.add_alias(ru, "ru")
    return spec


def _person(rng: random.Random) -> EntitySpec:
    female = rng.random() < 0.3
    first = rng.choice(vocab.FEMALE_NAMES if female else vocab.MALE_NAMES)
    stem = rng.choice(vocab.SURNAME_STEMS)
    style = rng.random()
    if style < 0.08:
        surname = stem + "лы"  # Azerbaijani style, the same for women: Гасанлы
    elif style < 0.12:
        surname = stem + "заде"
    else:
        suffix = "ев" if stem[-1] in "аеиоуыэюяйьжшчщц" else "ов"
        surname = stem + suffix + ("а" if female else "")
    ru = f"{first} {surname}"
    en = f"{latin(first)} {latin(surname)}"
    spec = EntitySpec(EntityKind.PERSON, en, ru, female=female)
    spec.add_alias(ru, "ru")
    if rng.random() < 0.5:
        spec.add_alias(f"{first[0]}.{surname}", "ru")
    spec.add_alias(variant_spelling(en), "en")
    spec.short_en = latin(surname)
    spec.short_ru = (surname, f"{first[0]}.{surname}")
    return spec


def _add_roles(rng: random.Random, specs: list[EntitySpec]) -> None:
    """Positions for about 60% of people, in a country or organization of the corpus."""
    employers = [
        i for i, s in enumerate(specs) if s.kind in (EntityKind.COUNTRY, EntityKind.ORGANIZATION)
    ]
    for spec in specs:
        if spec.kind != EntityKind.PERSON or rng.random() >= 0.6:
            continue
        title = rng.choice(vocab.TITLES)
        employer = rng.choice(employers)
        start = dt.date(rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28))
        if rng.random() < 0.25:  # an earlier position, ended when this one began
            old_title, _ = rng.choice(vocab.TITLES)
            old_start = start - dt.timedelta(days=rng.randint(400, 2500))
            spec.roles.append((old_title, rng.choice(employers), old_start, start))
        spec.roles.append((title[0], employer, start, None))
        spec.title = title
        spec.description = f"{title[0]}, {specs[employer].name}."


# --- Statuses and popularity --------------------------------------------------------------


def make_statuses(count: int, *, seed: int = 1) -> list[str]:
    """Each story's state, in exact shares (at least one of each once there are enough stories),
    in a seeded random order. `SCHEDULED` is published with a publish time still to come."""
    statuses: list[str] = []
    for status, share in STATUS_SHARES.items():
        statuses += [status] * max(1 if count >= 10 else 0, round(count * share))
    statuses = statuses[:count]
    statuses += [ArticleStatus.PUBLISHED] * (count - len(statuses))
    random.Random(f"{seed}:statuses").shuffle(statuses)
    return statuses


def zipf_cum_weights(count: int) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights of `count` ranks, for `random.choices`."""
    return list(
        itertools.accumulate(1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(count))
    )


# --- Stories -----------------------------------------------------------------------------


@dataclass
class MentionSpec:
    entity: int  # index into the entity list
    status: str
    surface_forms: list[str]
    spans: list[list[int]]
    confidence: float


@dataclass
class StorySpec:
    title: str
    summary: str
    text: str
    language: str
    source: int  # index into vocab.SOURCES
    byline: str
    dateline: str
    published: dt.date | None
    status: str
    publish_at: dt.datetime | None
    created: dt.datetime
    updated: dt.datetime
    first_published_at: dt.datetime | None
    version: int
    tags: list[str]
    mentions: list[MentionSpec]
    stems: str = ""  # the text's search-index words (`search.index_text`), when asked for


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


def _weighted(rows: Sequence[tuple], column: int) -> tuple[list[tuple], list[float]]:
    kept = [row for row in rows if row[column] > 0]
    return kept, list(itertools.accumulate(row[column] for row in kept))


class StoryMaker:
    """Writes story number `i` from the seed alone, in the state it is given."""

    def __init__(
        self,
        entities: Sequence[EntitySpec],
        *,
        seed: int = 1,
        today: dt.date,
        now: dt.datetime,
        stems: bool = False,
    ) -> None:
        self.entities = entities
        self.stems = stems  # also give each story's `search.index_text`, sentence by sentence
        self.seed = seed
        self.today = today
        self.now = now
        self.midnight = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
        self.cum_weights = zipf_cum_weights(len(entities))
        self.population = range(len(entities))
        self.sources = {
            "en": _weighted([(i, *s) for i, s in enumerate(vocab.SOURCES)], 5),
            "ru": _weighted([(i, *s) for i, s in enumerate(vocab.SOURCES)], 6),
        }
        self.datelines = _weighted(vocab.DATELINES, 3)
        rng = random.Random(f"{seed}:bylines")
        self.bylines = []
        for _ in range(120):
            female = rng.random() < 0.45
            first = rng.choice(vocab.FEMALE_NAMES if female else vocab.MALE_NAMES)
            stem = rng.choice(vocab.SURNAME_STEMS)
            surname = stem + ("ев" if stem[-1] in "аеиоуыэюяйь" else "ов") + ("а" if female else "")
            self.bylines.append((f"{latin(first)} {latin(surname)}", f"{first} {surname}"))
        self.tag_weights = list(itertools.accumulate(1 / (i + 2) for i in range(len(vocab.TAGS))))
        self.fillers = {language: self._filler_pool(language) for language in ("en", "ru")}
        self.filler_stems = {
            sentence: search.index_text(sentence)
            for pool in (self.fillers.values() if stems else ())
            for sentences in pool
            for sentence in sentences
        }

    def _filler_pool(self, language: str) -> list[list[str]]:
        """Per topic, sentences without names about it. Rendered once: a story then takes
        its filler by choice, which is most of its length at a fraction of the cost."""
        rng = random.Random(f"{self.seed}:filler:{language}")
        writer = _Writer(self, rng, language)
        templates = vocab.RU_FILLER if language == "ru" else vocab.EN_FILLER
        pool = []
        for topic in range(len(vocab.TOPICS)):
            writer.topics = [topic]
            pool.append([writer.render(rng.choice(templates), {})[0] for _ in range(FILLERS)])
        return pool

    def story(self, index: int, status: str) -> StorySpec:
        rng = random.Random(f"{self.seed}:story:{index}")
        language = "ru" if rng.random() < RUSSIAN_SHARE else "en"
        picks = self._pick_entities(rng)
        dates = self._dates(rng, status)
        sources, weights = self.sources[language]
        source = rng.choices(sources, cum_weights=weights)[0]
        city = rng.choices(self.datelines[0], cum_weights=self.datelines[1])[0]
        writer = _Writer(self, rng, language)
        title = writer.title(picks)
        text, marks, summary, stems = writer.body(
            picks, credit=source[4 if writer.ru else 3], city=city, date=dates["published"]
        )
        byline = rng.choice(self.bylines)[language == "ru"] if rng.random() < 0.65 else ""
        tags = []
        if rng.random() < TAGGED_SHARE:
            drawn = rng.choices(vocab.TAGS, cum_weights=self.tag_weights, k=rng.randint(1, 3))
            tags = list(dict.fromkeys(drawn))
        return StorySpec(
            title=title,
            summary=summary,
            text=text,
            language=language,
            source=source[0],
            byline=byline,
            dateline=(city[2] if writer.ru else city[0]) if rng.random() < 0.85 else "",
            status=ArticleStatus.PUBLISHED if status == SCHEDULED else status,
            tags=tags,
            mentions=self._mentions(rng, status, picks, marks),
            stems=stems,
            **dates,
        )

    def _pick_entities(self, rng: random.Random) -> list[int]:
        wanted = rng.randint(*MENTIONS_PER_STORY)
        picked: dict[int, None] = {}
        while len(picked) < wanted:
            for entity in rng.choices(self.population, cum_weights=self.cum_weights, k=wanted):
                picked.setdefault(entity)
                if len(picked) == wanted:
                    break
        return list(picked)

    def _dates(self, rng: random.Random, status: str) -> dict:
        span = YEARS * 365
        publish_at = None
        if status == SCHEDULED:
            # From tomorrow on, so the story is still to come whenever today it is generated.
            publish_at = self.midnight + dt.timedelta(
                days=1 + rng.randint(0, 13), minutes=15 * rng.randint(24, 80)
            )
            published = publish_at.date()
            created = self.midnight - dt.timedelta(minutes=rng.randint(60, 5 * 1440))
        else:
            if status in (ArticleStatus.DRAFT, ArticleStatus.REVIEW):
                days = rng.randint(0, 30)
            elif status == ArticleStatus.ARCHIVED:
                days = int(span * (0.3 + 0.7 * rng.random()))
            else:
                days = int(span * rng.random() ** 1.25)  # more stories in recent years
            published = self.today - dt.timedelta(days=days)
            created = dt.datetime.combine(published, dt.time(), tzinfo=dt.UTC) + dt.timedelta(
                minutes=rng.randint(5 * 60, 20 * 60)
            )
            if rng.random() < UNDATED_SHARE:
                published = None
        created = min(created, self.now)
        later = rng.randint(1, 120) if rng.random() < 0.7 else rng.randint(120, 30 * 1440)
        updated = min(created + dt.timedelta(minutes=later), self.now)
        first_published_at = None
        if status in (ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED, SCHEDULED):
            first_published_at = created + (updated - created) * rng.random()
            if status == ArticleStatus.PUBLISHED and rng.random() < 0.02:
                publish_at = first_published_at  # was scheduled, and went live then
        version = 1 if rng.random() < 0.7 else rng.randint(2, 4)
        return {
            "published": published,
            "publish_at": publish_at,
            "created": created,
            "updated": updated,
            "first_published_at": first_published_at,
            "version": version,
        }

    def _mentions(
        self, rng: random.Random, status: str, picks: list[int], marks: dict[int, list]
    ) -> list[MentionSpec]:
        editorial = status in (ArticleStatus.DRAFT, ArticleStatus.REVIEW)
        confirmed, suggested = (0.45, 0.9) if editorial else (0.88, 0.95)
        mentions = []
        for entity in picks:
            found = marks[entity]
            roll = rng.random()
            if roll < confirmed:
                state, confidence = MentionStatus.CONFIRMED, rng.uniform(0.8, 1.0)
            elif roll < suggested:
                state, confidence = MentionStatus.SUGGESTED, rng.uniform(0.5, 0.95)
            else:
                state, confidence = MentionStatus.REJECTED, rng.uniform(0.3, 0.8)
            mentions.append(
                MentionSpec(
                    entity=entity,
                    status=state,
                    surface_forms=list(dict.fromkeys(form for form, _, _ in found)),
                    spans=[[start, end] for _, start, end in found],
                    confidence=round(confidence, 3),
                )
            )
        return mentions


FILLERS = 120  # pre-rendered filler sentences per topic and language
TOPIC_SLOTS = frozenset({"topic", "topic2", "topic3", "tn", "tn2", "tg", "tg2", "tg3"})


class _Writer:
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
        self, picks: list[int], *, credit: str, city: tuple, date: dt.date | None
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
        self, sentence: str, found: list, *, credit: str, city: tuple, date: dt.date | None
    ) -> tuple[str, list]:
        """The first sentence with the wire's dateline and credit: 'BAKU, Azerbaijan, May 2.
        ... , Trend reports.' or 'Бишкек, 03.07.21. /Кабар/. ...'."""
        if date is None or self.rng.random() >= 0.5:
            return sentence, found
        city_en, country, city_ru, _ = city
        if self.ru:
            prefix = f"{city_ru}, {date:%d.%m.%y}. /{credit}/. "
        else:
            prefix = f"{city_en.upper()}, {country}, {vocab.EN_MONTHS[date.month - 1]} {date.day}. "
            sentence = sentence[:-1] + f", {credit} reports."
        shift = len(prefix)
        return prefix + sentence, [(e, f, s + shift, t + shift) for e, f, s, t in found]


# --- Rows --------------------------------------------------------------------------------

ARTICLE_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "text",
    "language",
    "source",
    "byline",
    "dateline",
    "published",
    "status",
    "publish_at",
    "content_hash",
    "version",
    "first_published_at",
    "created",
    "updated",
    "body_seal",
]
MENTION_FIELDS = [
    "article",
    "entity",
    "status",
    "surface_forms",
    "spans",
    "count",
    "confidence",
    "created",
    "updated",
]
TAGGED_FIELDS = ["tag", "content_type", "object_id"]
# Positions in an article row (the id comes first).
SLUG, BODY, TEXT, HASH, SEAL = 2, 4, 5, 13, 18


@dataclass(frozen=True)
class RowPlan:
    """What turning stories into table rows needs; small and picklable, for worker processes."""

    seed: int
    count: int
    today: dt.date
    now: dt.datetime
    sqlite: bool  # dates as SQLite stores them, and search stems for its FTS5 table
    first_article: int
    first_entity: int
    first_source: int
    tag_ids: dict[str, int]
    article_type: int


@dataclass
class Batch:
    """Up to BATCH stories as rows. Slugs are base forms the writer makes unique."""

    articles: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    tagged: list[tuple] = field(default_factory=list)
    stems: list[tuple] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    mention_statuses: Counter = field(default_factory=Counter)


def _sqlite_stamp(value: dt.datetime) -> str:
    """As Django stores an aware datetime in SQLite: naive UTC, `str()` form."""
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


def _same(value):
    return value


def _json_strings(values: list[str]) -> str:
    """`json.dumps(values, ensure_ascii=False)`, at a fraction of the cost for plain names."""
    if any('"' in v or "\\" in v or not v.isprintable() for v in values):
        return json.dumps(values, ensure_ascii=False)
    return '["' + '", "'.join(values) + '"]'


def _json_spans(spans: list[list[int]]) -> str:
    """`json.dumps(spans)` for [[start, end], ...]."""
    return "[" + ", ".join(f"[{start}, {end}]" for start, end in spans) + "]"


def story_rows(plan: RowPlan, maker: StoryMaker, statuses: Sequence[str], first: int) -> Batch:
    """Stories `first` to `first + BATCH` as rows for their tables (pure: no database)."""
    stamp = _sqlite_stamp if plan.sqlite else _same
    day = dt.date.isoformat if plan.sqlite else _same
    batch = Batch()
    for index in range(first, min(first + BATCH, plan.count)):
        story = maker.story(index, statuses[index])
        pk = plan.first_article + index
        created, updated = stamp(story.created), stamp(story.updated)
        batch.articles.append(
            (
                pk,
                story.title,
                ascii_slug(story.title),
                story.summary,
                body := text_to_html(story.text),
                story.text,
                story.language,
                plan.first_source + story.source,
                story.byline,
                story.dateline,
                story.published and day(story.published),
                story.status,
                story.publish_at and stamp(story.publish_at),
                content_hash(story.text),
                story.version,
                story.first_published_at and stamp(story.first_published_at),
                created,
                updated,
                body_seal(body),  # text_to_html's output is within the policy by construction
            )
        )
        if plan.sqlite:
            batch.stems.append((pk, search.index_text(story.title), story.stems))
        scheduled = story.publish_at is not None and story.publish_at > plan.now
        batch.statuses[SCHEDULED if scheduled else story.status] += 1
        batch.languages[story.language] += 1
        for mention in story.mentions:
            batch.mentions.append(
                (
                    pk,
                    plan.first_entity + mention.entity,
                    mention.status,
                    _json_strings(mention.surface_forms),
                    _json_spans(mention.spans),
                    len(mention.spans),
                    mention.confidence,
                    created,
                    updated,
                )
            )
            batch.mention_statuses[mention.status] += 1
        for tag in story.tags:
            batch.tagged.append((plan.tag_ids[tag], plan.article_type, pk))
    return batch


_worker: dict = {}  # a worker process's StoryMaker, made once


def _start_worker(plan: RowPlan, entities: list[EntitySpec]) -> None:
    _worker["plan"] = plan
    _worker["maker"] = StoryMaker(
        entities, seed=plan.seed, today=plan.today, now=plan.now, stems=plan.sqlite
    )
    _worker["statuses"] = make_statuses(plan.count, seed=plan.seed)


def _rows_in_worker(first: int) -> Batch:
    return story_rows(_worker["plan"], _worker["maker"], _worker["statuses"], first)


def story_batches(plan: RowPlan, entities: list[EntitySpec], *, jobs: int = 1) -> Iterator[Batch]:
    """Every story's rows, batch by batch in order. With `jobs` > 1, forked workers write the
    stories (most of the work) a few batches ahead while the caller inserts; same rows."""
    starts = range(0, plan.count, BATCH)
    if jobs <= 1 or len(starts) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        maker = StoryMaker(
            entities, seed=plan.seed, today=plan.today, now=plan.now, stems=plan.sqlite
        )
        statuses = make_statuses(plan.count, seed=plan.seed)
        for first in starts:
            yield story_rows(plan, maker, statuses, first)
        return
    workers = max(1, jobs - 1)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(plan, entities)) as pool:
        todo = iter(starts)
        # A bounded look-ahead: finished batches never pile up in memory.
        pending = deque(pool.apply_async(_rows_in_worker, (first,)) for first in
                        itertools.islice(todo, 2 * workers))  # fmt: skip
        while pending:
            batch = pending.popleft().get()
            following = next(todo, None)
            if following is not None:
                pending.append(pool.apply_async(_rows_in_worker, (following,)))
            yield batch


# --- Writing -----------------------------------------------------------------------------


@dataclass
class CorpusSummary:
    articles: int = 0
    mentions: int = 0
    entities: int = 0
    aliases: int = 0
    roles: int = 0
    sources: int = 0
    tags: int = 0
    tagged: int = 0
    statuses: Counter = field(default_factory=Counter)
    mention_statuses: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    popular: tuple[str, int] | None = None
    rare: tuple[str, int] | None = None
    seconds: dict[str, float] = field(default_factory=dict)


class _Table:
    """Multi-row inserts into one model's table: SQLite `executemany`, PostgreSQL `COPY`.

    Columns the caller does not give get their field's default, computed once (blank strings,
    and the mentions' copies of their story's status and date, which the database's triggers
    then overwrite); the id (unless given), generated columns and nullable columns without a
    default are left to the database (PostgreSQL's search vector, set by its trigger).
    """

    def __init__(
        self, model: type[models.Model], fields: Sequence[str], *, using: str, ids: bool = True
    ) -> None:
        self.connection = connections[using]
        given = ["id", *fields] if ids else list(fields)
        defaults = []
        for f in model._meta.concrete_fields:
            if f.name in given or f.primary_key or f.generated or (f.null and not f.has_default()):
                continue
            defaults.append((f.column, f.get_db_prep_save(f.get_default(), self.connection)))
        columns = [model._meta.get_field(name).column for name in given]
        columns += [column for column, _ in defaults]
        self.tail = tuple(value for _, value in defaults)
        quote = self.connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(c) for c in columns)
        self.width = len(columns)

    def insert(self, rows: Iterable[tuple]) -> int:
        tail = self.tail
        rows = [row + tail for row in rows] if tail else list(rows)
        if not rows:
            return 0
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                # COPY: PostgreSQL's fastest bulk path; row triggers still fire.
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * self.width)
                cursor.executemany(
                    f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", rows
                )
        return len(rows)


def next_id(model: type[models.Model], using: str) -> int:
    return (model.objects.using(using).aggregate(top=models.Max("pk"))["top"] or 0) + 1


def existing_content(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """What the database already holds that a corpus would collide with."""
    counts = {
        "stories": Article.objects.using(using).count(),
        "entities": Entity.objects.using(using).count(),
        "sources": Source.objects.using(using).count(),
    }
    return {name: n for name, n in counts.items() if n}


def clear_corpus(using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete every story, entity and source, and all that hangs on them, with plain DELETEs.

    No signals and no per-row work: the rows that refer to these tables (mentions, aliases,
    roles, proposals, redirects, and any later model pointing at them) go by relation, tags
    and revisions by content type. Foreign keys are checked at commit, so order is free.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    roots = [Article, Entity, Source]
    wiped: list[type[models.Model]] = []
    deletes: list[str] = []
    nulls: list[str] = []

    def visit(model: type[models.Model], where: str = "") -> None:
        if model in wiped:
            return
        wiped.append(model)
        deletes.append(f"DELETE FROM {quote(model._meta.db_table)}{where}")
        for rel in model._meta.related_objects:
            related = rel.related_model
            if rel.many_to_many:
                if rel.through._meta.auto_created:
                    visit(rel.through)
                continue
            column = quote(rel.field.column)
            if rel.on_delete is models.SET_NULL and related not in roots:
                table = quote(related._meta.db_table)
                nulls.append(f"UPDATE {table} SET {column} = NULL WHERE {column} IS NOT NULL")
            elif related not in roots:
                visit(related, f" WHERE {column} IS NOT NULL")

    for model in roots:
        visit(model)
    types = ContentType.objects.db_manager(using).get_for_models(*wiped, TaggedItem).values()
    type_ids = ", ".join(str(t.pk) for t in types)
    article_type = ContentType.objects.db_manager(using).get_for_model(Article).pk
    items = quote(TaggedItem._meta.db_table)
    tag_column = quote(TaggedItem._meta.get_field("tag").column)
    with connection.cursor() as cursor:
        for statement in nulls:
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {items} WHERE content_type_id = %s", [article_type])
        cursor.execute(
            f"DELETE FROM {quote(Tag._meta.db_table)} "
            f"WHERE id NOT IN (SELECT {tag_column} FROM {items})"
        )
        if apps.is_installed("reversion"):
            from reversion.models import Revision, Version

            versions = quote(Version._meta.db_table)
            cursor.execute(f"DELETE FROM {versions} WHERE content_type_id IN ({type_ids})")
            cursor.execute(
                f"DELETE FROM {quote(Revision._meta.db_table)} "
                f"WHERE id NOT IN (SELECT revision_id FROM {versions})"
            )
        for statement in reversed(deletes):
            cursor.execute(statement)


def popular_and_rare_entities(
    using: str = DEFAULT_DB_ALIAS,
) -> tuple[tuple[str, int], tuple[str, int]] | None:
    """((slug, stories), (slug, stories)): the entity in the most public stories, and one in
    the fewest (at least one), ties broken by slug; None when no story is public. Benchmarks
    use them for their popular- and rare-entity workloads.

    Counted as `Mention.objects.public()` would, in two cheap reads: confirmed mentions of
    published stories (read from the mention index alone), less those of stories scheduled
    for later (a handful).
    """
    now = timezone.now()
    confirmed = Mention.objects.using(using).confirmed().order_by()
    published = confirmed.filter(article_status=ArticleStatus.PUBLISHED)
    later = confirmed.filter(
        article__in=Article.objects.using(using).filter(
            status=ArticleStatus.PUBLISHED, publish_at__gt=now
        )
    )
    stories = Counter(dict(published.values_list("entity_id").annotate(n=Count("id"))))
    stories.subtract(dict(later.values_list("entity_id").annotate(n=Count("id"))))
    stories = Counter({entity: n for entity, n in stories.items() if n > 0})
    if not stories:
        return None
    slugs = dict(Entity.objects.using(using).filter(pk__in=list(stories)).values_list("id", "slug"))
    ranked = sorted((-n, slugs[entity], n) for entity, n in stories.items())
    rare = min(ranked, key=lambda r: (r[2], r[1]))
    return (ranked[0][1], ranked[0][2]), (rare[1], rare[2])


SQLITE_CACHE_KIB = 128 * 1024  # page cache while loading: the mention indexes stay in memory


@contextmanager
def _bulk_load(connection) -> Iterator[None]:
    """SQLite: a large page cache while loading and, when no other connection has the file
    open, a rollback journal instead of WAL; both restored afterwards, also after a failure
    (and every new connection asks for WAL again: newsroom.settings).

    With SQLite's default 2 MB cache the mention indexes, inserted in entity order (at random),
    are read back for every batch. Through WAL, a transaction of two gigabytes is written twice
    (log, then checkpoint) and its spilled pages are read back through the log's index. Each
    costs the load about a sixth more CPU.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.execute("PRAGMA journal_mode")
        wal = cursor.fetchone()[0] == "wal" and not connection.in_atomic_block
        if wal:
            try:
                cursor.execute("PRAGMA journal_mode = DELETE")
                wal = cursor.fetchone()[0] == "delete"
            except OperationalError:  # another connection has the file open: stay in WAL
                wal = False
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {cache_size}")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")


def build_corpus(
    *,
    articles: int,
    entities: int,
    seed: int = 1,
    replace: bool = False,
    jobs: int = 1,
    using: str = DEFAULT_DB_ALIAS,
    progress: Callable[[int], None] | None = None,
    now: dt.datetime | None = None,
) -> CorpusSummary:
    """Fill the database with a generated corpus in one transaction (see the module docstring).

    Refuses a database that already holds stories, entities or sources unless `replace`,
    which deletes them first. `jobs` processes in all write the stories (see
    `story_batches`); `progress` is called with the number of stories written per batch.
    """
    if articles < 1:
        raise CorpusError("--articles must be at least 1")
    specs = make_entities(entities, seed=seed)
    now = now or timezone.now()
    connection = connections[using]
    sqlite = search.uses_fts_table(using)
    summary = CorpusSummary()
    clock = time.perf_counter()

    def lap(step: str) -> None:
        summary.seconds[step] = time.perf_counter() - clock

    with _bulk_load(connection), transaction.atomic(using=using), connection.cursor() as cursor:
        found = existing_content(using)
        if found and not replace:
            held = ", ".join(f"{n} {name}" for name, n in found.items())
            raise CorpusError(
                f"the database already holds {held}; generate_corpus fills an empty database. "
                "Run it with --replace to delete all stories, entities and sources first."
            )
        if found:
            clear_corpus(using)
        if sqlite:
            search.reset_index(using=using)
        lap("clear")
        writer = _CorpusWriter(specs, seed=seed, using=using, now=now, summary=summary)
        writer.write_knowledge_base()
        lap("entities")
        writer.write_stories(articles, jobs=jobs, progress=progress)
        lap("stories")
        if sqlite:
            search.optimize_index(using=using)
        else:
            tables = [Source, Entity, Alias, Role, Article, Mention, Tag, TaggedItem]
            for sql in connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(sql)
        lap("search index")
    lap("commit")
    if connection.vendor == "postgresql":
        # What autovacuum would do within the minute: planner statistics for the new rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    summary.popular, summary.rare = popular_and_rare_entities(using) or (None, None)
    lap("total")
    return summary


class _CorpusWriter:
    def __init__(
        self,
        specs: list[EntitySpec],
        *,
        seed: int,
        using: str,
        now: dt.datetime,
        summary: CorpusSummary,
    ) -> None:
        self.specs = specs
        self.seed = seed
        self.using = using
        self.now = now
        self.summary = summary
        self.sqlite = connections[using].vendor == "sqlite"
        self.stamp = _sqlite_stamp if self.sqlite else _same
        self.day = dt.date.isoformat if self.sqlite else _same

    def write_knowledge_base(self) -> None:
        using, summary, stamp, day = self.using, self.summary, self.stamp, self.day
        rng = random.Random(f"{self.seed}:timestamps")
        self.first_source = next_id(Source, using)
        summary.sources = _Table(Source, ["name", "slug", "url"], using=using).insert(
            (self.first_source + i, name, ascii_slug(name), url)
            for i, (name, url, *_) in enumerate(vocab.SOURCES)
        )
        self.first_entity = first = next_id(Entity, using)
        entity_rows, alias_rows, role_rows = [], [], []
        for index, spec in enumerate(self.specs):
            created = self.now - dt.timedelta(minutes=rng.randint(3 * 365 * 1440, 7 * 365 * 1440))
            updated = created + dt.timedelta(minutes=rng.randint(0, 365 * 1440))
            entity_rows.append(
                (first + index, spec.kind, spec.name, spec.slug, spec.description, "",
                 stamp(created), stamp(updated))
            )  # fmt: skip
            for name, language, kind in spec.aliases:
                alias_rows.append((first + index, name, language, kind, normalize_name(name)))
            for title, employer, start, end in spec.roles:
                organization = None if employer is None else first + employer
                role_rows.append((first + index, title, organization, day(start), end and day(end)))
        fields = ["kind", "name", "slug", "description", "wikidata_id", "created", "updated"]
        summary.entities = _Table(Entity, fields, using=using).insert(entity_rows)
        fields = ["entity", "name", "language", "kind", "normalized"]
        summary.aliases = _Table(Alias, fields, using=using, ids=False).insert(alias_rows)
        fields = ["person", "title", "organization", "start_date", "end_date"]
        summary.roles = _Table(Role, fields, using=using, ids=False).insert(role_rows)

    def _tags(self) -> dict[str, int]:
        existing = dict(Tag.objects.using(self.using).values_list("name", "id"))
        pk = next_id(Tag, self.using)
        rows = []
        for name in vocab.TAGS:
            if name not in existing:
                existing[name] = pk
                rows.append((pk, name, Tag(name=name).slugify(name)))
                pk += 1
        self.summary.tags = _Table(Tag, ["name", "slug"], using=self.using).insert(rows)
        return existing

    def write_stories(
        self, count: int, *, jobs: int, progress: Callable[[int], None] | None
    ) -> None:
        using, summary = self.using, self.summary
        plan = RowPlan(
            seed=self.seed,
            count=count,
            today=self.now.date(),
            now=self.now,
            sqlite=self.sqlite,
            first_article=next_id(Article, using),
            first_entity=self.first_entity,
            first_source=self.first_source,
            tag_ids=self._tags(),
            article_type=ContentType.objects.db_manager(using).get_for_model(Article).pk,
        )
        articles = _Table(Article, ARTICLE_FIELDS, using=using)
        mentions = _Table(Mention, MENTION_FIELDS, using=using, ids=False)
        tagged = _Table(TaggedItem, TAGGED_FIELDS, using=using, ids=False)
        slugs: set[str] = set()
        hashes: set[str] = set()
        for batch in story_batches(plan, self.specs, jobs=jobs):
            for n, row in enumerate(batch.articles):
                slug = _unused(row[SLUG], slugs)
                if slug != row[SLUG] or row[HASH] in hashes:
                    batch.articles[n] = row = self._distinct(row, slug, hashes, batch)
                hashes.add(row[HASH])
            if self.sqlite:
                # Mentions first: each story's insert trigger then copies its status and date
                # onto its mentions in one statement, instead of every mention's trigger
                # reading the story's wide row (4x faster). Foreign keys are checked at commit.
                summary.mentions += mentions.insert(batch.mentions)
                summary.articles += articles.insert(batch.articles)
            else:
                # Stories first: PostgreSQL's mention trigger fills each row as it is written.
                summary.articles += articles.insert(batch.articles)
                summary.mentions += mentions.insert(batch.mentions)
            summary.tagged += tagged.insert(batch.tagged)
            if batch.stems:
                search.write_stems(batch.stems, using=using, fresh=True)
            summary.statuses.update(batch.statuses)
            summary.languages.update(batch.languages)
            summary.mention_statuses.update(batch.mention_statuses)
            if progress:
                progress(len(batch.articles))

    @staticmethod
    def _distinct(row: tuple, slug: str, hashes: set[str], batch: Batch) -> tuple:
        """The row with a free slug, and a text of its own should another story have the
        same (never seen in practice: a note at the end keeps the spans valid)."""
        row = list(row)
        row[SLUG] = slug
        if row[HASH] in hashes:
            row[TEXT] += f"\n\n({row[0]})"
            row[BODY] = text_to_html(row[TEXT])
            row[SEAL] = body_seal(row[BODY])
            row[HASH] = content_hash(row[TEXT])
            if batch.stems:
                at = next(i for i, stems in enumerate(batch.stems) if stems[0] == row[0])
                batch.stems[at] = search.index_row(row[0], row[1], row[TEXT])
        return tuple(row)
