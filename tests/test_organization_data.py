"""The curated organizations and state bodies (entities/data): names an editor can trust, a
loader that stays idempotent over them, and the linker following the organisation policy of
fixtures/eval/README.md on the real data."""

import json
import re
from collections import defaultdict
from functools import cache
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from entities.knowledge.load import build_records
from entities.linking import GazetteerEntry, Linker
from entities.models import Entity, normalize_name

DATA = Path(__file__).resolve().parent.parent / "entities" / "data"
FILES = ("organizations.json", "state_bodies.json")
# A name two entities may both carry, on purpose. None today: keep it that way unless a name
# truly is shared (the linker then asks the story's context which one is meant).
DELIBERATELY_SHARED: set[str] = set()
# Bare words that are common nouns or name several bodies: never a name on their own (an
# acronym is exempt: the linker matches it only in capitals).
COMMON_WORDS = {
    "council", "senate", "parliament", "assembly", "congress", "ministry", "mfa", "union",
    "commonwealth", "secretariat", "bank", "fund", "majlis", "mejlis", "duma", "rada",
    "совет", "сенат", "парламент", "ассамблея", "конгресс", "министерство", "мид", "союз",
    "содружество", "секретариат", "банк", "фонд", "меджлис", "маджлис", "дума", "рада", "сейм",
}  # fmt: skip


def items() -> list[dict]:
    return [item for name in FILES for item in json.loads((DATA / name).read_text("utf-8"))]


def names_of(item: dict, key: str) -> list[tuple[str, str]]:
    return [(lang, name) for lang, names in item.get(key, {}).items() for name in names]


@pytest.mark.parametrize("item", items(), ids=lambda item: item["slug"])
def test_every_body_has_a_description_and_names_in_both_languages(item):
    assert item["description"].endswith(".")
    languages = {lang for key in ("aliases", "acronyms") for lang, _ in names_of(item, key)}
    assert "ru" in languages, "a Russian name or acronym"


def test_acronyms_are_capitals_so_they_never_match_a_common_word():
    for item in items():
        for lang, acronym in names_of(item, "acronyms"):
            letters = acronym.replace(" ", "").replace("-", "")
            assert letters == letters.upper() and letters.isalnum(), (item["slug"], acronym)
            if lang == "ru":
                assert re.search("[А-ЯЁ]", acronym), (item["slug"], acronym)


def test_names_are_in_the_script_of_their_language_and_never_a_bare_common_word():
    for item in items():
        for key in ("aliases", "acronyms", "former"):
            for lang, name in names_of(item, key):
                cyrillic = bool(re.search("[а-яёА-ЯЁ]", name))
                assert cyrillic == (lang == "ru"), (item["slug"], name)
                if key != "acronyms":
                    assert normalize_name(name) not in COMMON_WORDS, (item["slug"], name)
        assert normalize_name(item["name"]) not in COMMON_WORDS


def test_every_organization_name_belongs_to_one_entity_of_the_knowledge_base():
    owners = defaultdict(set)
    for record in build_records():
        for name in [record.name, *(alias.name for alias in record.aliases)]:
            owners[normalize_name(name)].add((record.kind, record.slug))
    shared = {
        name: sorted(slugs)
        for name, slugs in owners.items()
        if len(slugs) > 1 and any(kind == "organization" for kind, _ in slugs)
    }
    assert set(shared) <= DELIBERATELY_SHARED, shared


def test_the_seed_bodies_keep_their_slugs_so_the_loader_enriches_them():
    slugs = {item["slug"] for item in items()}
    assert {
        "milli-majlis",
        "jogorku-kenesh",
        "ministry-of-foreign-affairs-of-azerbaijan",
        "ministry-of-foreign-affairs-of-kyrgyzstan",
        "azerbaijan-kyrgyz-development-fund",
        "united-nations-framework-convention-on-climate-change",
    } <= slugs


@cache
def linker() -> Linker:
    """The real knowledge base as the linker sees it (ids are record positions)."""
    entries = []
    for number, record in enumerate(build_records(), start=1):
        entries.append(GazetteerEntry(number, record.kind, record.name))
        for alias in record.aliases:
            entries.append(
                GazetteerEntry(number, record.kind, alias.name, alias.language, alias.kind)
            )
    return Linker.build(entries)


def linked(text: str, language: str) -> dict[str, str]:
    return {s.name: s.kind for s in linker().link(text, language=language) if not s.new}


@pytest.mark.parametrize(
    ("text", "language", "body"),
    [
        (
            "По данным МИД КР, встреча прошла в Стамбуле.",
            "ru",
            "Ministry of Foreign Affairs of Kyrgyzstan",
        ),
        (
            "Глава МИД Узбекистана Бахтиёр Саидов прибыл в Москву.",
            "ru",
            "Ministry of Foreign Affairs of Uzbekistan",
        ),
        (
            "отметил глава российского МИД Сергей Лавров",
            "ru",
            "Ministry of Foreign Affairs of Russia",
        ),
        (
            "the Azerbaijani Foreign Ministry told News.Az",
            "en",
            "Ministry of Foreign Affairs of Azerbaijan",
        ),
        ("Speaker of the Jogorku Kenesh of the Kyrgyz Republic", "en", "Jogorku Kenesh"),
        ("с Председателем Милли Меджлиса Азербайджанской Республики", "ru", "Milli Majlis"),
        ("Председатель Мажилиса Парламента Республики Казахстан", "ru", "Mazhilis"),
        ("the Grand National Assembly of Türkiye", "en", "Grand National Assembly of Turkey"),
        (
            "заседание Совета министров иностранных дел ОТГ",
            "ru",
            "Council of Foreign Ministers of the Organization of Turkic States",
        ),
        ("the SCO Foreign Ministers' Council approved", "en", "SCO Council of Foreign Ministers"),
        ("в заседании Совета глав государств СНГ", "ru", "CIS Council of Heads of State"),
        ("the Eurasian Economic Commission said", "en", "Eurasian Economic Commission"),
    ],
)
def test_the_knowledge_base_names_the_bodies_of_the_region(text, language, body):
    assert linked(text, language).get(body) == "organization"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Министр иностранных дел Узбекистана Бахтиёр Саидов", "ru"),
        ("Minister of Foreign Affairs of Azerbaijan Jeyhun Bayramov", "en"),
        ("Azerbaijani Foreign Minister Jeyhun Bayramov", "en"),
        ("глава внешнеполитического ведомства Казахстана", "ru"),
    ],
)
def test_a_job_title_alone_names_no_ministry(text, language):
    assert "organization" not in linked(text, language).values()


def test_an_acronym_in_lower_case_is_a_common_word():
    assert linked("the ECO summit", "en").get("Economic Cooperation Organization")
    assert not linked("an eco summit on green energy", "en")


def load() -> str:
    out = StringIO()
    call_command("load_knowledge_base", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_loader_is_idempotent_over_the_organizations_and_keeps_an_editors_edit():
    load()
    kenesh = Entity.objects.get(slug="jogorku-kenesh")
    assert kenesh.kind == Entity.Kind.ORGANIZATION
    kenesh.name, kenesh.description = "Jogorku Kenesh (Supreme Council)", "Edited by an editor."
    kenesh.save()
    before = Entity.objects.count()

    output = load()

    assert output.startswith("0 entities created, 0 aliases added")
    assert Entity.objects.count() == before
    kenesh.refresh_from_db()
    assert (kenesh.name, kenesh.description) == (
        "Jogorku Kenesh (Supreme Council)",
        "Edited by an editor.",
    )
    assert (
        Entity.objects.get(slug="ministry-of-foreign-affairs-of-russia")
        .aliases.filter(name="МИД РФ", kind="acronym")
        .exists()
    )
