"""The curated people files themselves: names in both languages, roles that name a loaded
country or organization with ordered dates, well-formed and unique QIDs, and no name that could
stand for two people. Pure checks of the data, without the database."""

import re
from collections import defaultdict
from datetime import date

import pytest

from entities.knowledge.load import build_records
from entities.knowledge.people import leader_items, leader_slug, role_date
from entities.linking.normalize import normalize
from entities.linking.roles import title_key
from entities.linking.translit import skeleton

PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
QID = re.compile(r"^Q[1-9]\d*$")
# Different people whose full names share a phonetic key, checked by hand: two Chinese premiers,
# a Moldovan and a Romanian minister, the Saudi and Emirati crown princes' initials.
SAME_SOUNDING = {
    frozenset({"li-keqiang", "li-qiang"}),
    frozenset({"oana-toiu", "ion-chicu"}),
    frozenset({"mohamed-bin-zayed-al-nahyan", "mohammed-bin-salman"}),
}


def is_cyrillic_or_latin(word: str) -> bool:
    """Latin (with its diacritics) or Cyrillic letters: a name linked by its spelling."""
    return all(
        ch.isascii() or "\u0400" <= ch <= "\u04ff" or (ch.isalpha() and ord(ch) < 0x250)
        for ch in word
    )


@pytest.fixture(scope="module")
def people() -> list[dict]:
    return leader_items()


@pytest.fixture(scope="module")
def person_records() -> list:
    return [record for record in build_records() if record.kind == "person"]


def test_the_region_s_leaders_are_all_there(people):
    assert len(people) >= 800
    countries = {role[1] for item in people for role in item["roles"] if role[1]}
    assert len(countries) >= 40


def test_every_person_has_an_english_name_and_a_russian_one(people):
    for item in people:
        assert item["name"] and is_cyrillic_or_latin(item["name"]), item
        assert not any("\u0400" <= ch <= "\u04ff" for ch in item["name"]), item["name"]
        assert item["aliases"].get("ru"), item["name"]


def test_role_dates_are_well_formed_and_ordered(people):
    for item in people:
        for title, _organization, start, end in item["roles"]:
            for value in (start, end):
                assert value is None or PARTIAL_DATE.match(value), (item["name"], title, value)
            first, last = role_date(start), role_date(end, end=True)
            if first and last:
                assert first <= last, (item["name"], title)
            assert first is None or first <= date(2026, 12, 31), (item["name"], title)


def test_a_role_without_an_organization_names_its_body_in_the_title(people):
    """Posts of bodies the knowledge base has no entity for (the Arab League, Northern Cyprus)
    carry no organization, so the title itself must say whose post it is."""
    slugs = {record.slug for record in build_records()}
    for item in people:
        for title, organization, _start, _end in item["roles"]:
            if organization is None:
                assert " of " in title, (item["name"], title)
            else:
                assert organization in slugs, (item["name"], organization)


def test_a_title_names_the_post_the_role_linker_takes_it_for(people):
    """The role linker reads a title by its head: "President of the National Assembly" would make
    the speaker a "French President", "Secretary of State for Defence" a British foreign
    secretary and "Ambassador to the UN" every "US ambassador". A country's president is titled
    "President" and a foreign minister's title says foreign (or external) affairs."""
    countries = {record.slug for record in build_records() if record.kind == "country"}
    for item in people:
        for title, organization, _start, _end in item["roles"]:
            key = title_key(title)
            if organization in countries and key == "president":
                assert title == "President", (item["name"], title)
            if key == "foreign_minister":
                assert title == "Secretary of State" or re.search("Foreign|External", title), (
                    item["name"],
                    title,
                )
            if key == "ambassador":
                assert re.match(r"Ambassador of \S.* to ", title), (item["name"], title)


def test_wikidata_ids_are_well_formed_and_unique(people):
    qids = [item["wikidata"] for item in people if item.get("wikidata")]

    assert all(QID.match(qid) for qid in qids), qids
    assert len(qids) == len(set(qids))


def test_no_alias_is_a_bare_latin_or_cyrillic_word(person_records):
    """A surname alone ("Aliyev": Ilham and Heydar) would link every namesake; only a native
    script name (习近平) or an initialism (MBS) may be a single word."""
    for record in person_records:
        for alias in record.aliases:
            words = normalize(alias.name).replace("-", " ").split()
            if len(words) == 1 and len(record.name.split()) > 1:
                assert alias.name.isupper() or not is_cyrillic_or_latin(alias.name), alias.name


def test_no_two_people_sound_the_same(person_records):
    """One man in two spellings (Komilov / Kamilov) must be one entity: different people whose
    full names share a phonetic key are listed above after a check by hand."""
    owners: dict[str, set[str]] = defaultdict(set)
    for record in person_records:
        for name in [record.name, *(alias.name for alias in record.aliases)]:
            if not name or not is_cyrillic_or_latin(name) or name.isupper():
                continue
            words = normalize(name).replace("-", " ").split()
            owners[" ".join(skeleton(word) for word in words)].add(record.slug)
    shared = {frozenset(slugs) for slugs in owners.values() if len(slugs) > 1}

    assert shared <= SAME_SOUNDING


def test_renamed_people_keep_their_slug(people):
    """An English name corrected to the editors' spelling keeps the slug databases know it by."""
    slugs = {item["name"]: leader_slug(item) for item in people}

    assert slugs["Abdulaziz Kamilov"] == "abdulaziz-komilov"
    assert slugs["Erlan Abdyldaev"] == "erlan-abdyldayev"
    assert slugs["Sergey Lebedev"] == "sergei-lebedev"


@pytest.mark.parametrize(
    "value, end, expected",
    [
        ("2019-05-17", False, date(2019, 5, 17)),
        ("2019", False, date(2019, 1, 1)),
        ("2019", True, date(2019, 12, 31)),
        ("2024-02", False, date(2024, 2, 1)),
        ("2024-02", True, date(2024, 2, 29)),
        (None, True, None),
    ],
)
def test_a_partial_role_date_covers_its_whole_period(value, end, expected):
    assert role_date(value, end=end) == expected
