"""The knowledge base of the corpus: entities of all five kinds, named in English and Russian,
with aliases and positions. Pure: the same seed gives the same entities on every machine."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from anyascii import anyascii

from benchmarks.corpus import vocab
from benchmarks.corpus.exceptions import CorpusError
from entities.models import EntityKind
from newsroom.text import ascii_slug

KIND_SHARES = {  # of the knowledge base; people take the rest
    EntityKind.COUNTRY: 0.04,
    EntityKind.ORGANIZATION: 0.25,
    EntityKind.PLACE: 0.18,
    EntityKind.EVENT: 0.08,
}
MIN_ENTITIES = 20


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

    The wire's own countries, capitals and organizations (`vocab.CORE`) head the list;
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
        spec.slug = unused_slug(ascii_slug(spec.name), slugs)
    return specs


def unused_slug(base: str, taken: set[str]) -> str:
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
