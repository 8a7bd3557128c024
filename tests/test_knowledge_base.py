"""`manage.py load_knowledge_base`: the starter knowledge base, safe to re-run over edits."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.knowledge.countries import other_state_records, un_state_codes
from entities.knowledge.load import build_records
from entities.models import Alias, Entity, Role

pytestmark = pytest.mark.django_db

# The 193 UN members and 2 observers, and the states outside the UN the news names as states.
STATES = 195 + len(other_state_records())


def load() -> str:
    out = StringIO()
    call_command("load_knowledge_base", stdout=out)
    return out.getvalue()


def names(slug: str) -> set[str]:
    return set(Alias.objects.filter(entity__slug=slug).values_list("name", flat=True))


def test_records_have_unique_slugs_and_cover_every_un_state():
    records = build_records()
    countries = [r for r in records if r.kind == "country"]

    assert len({r.slug for r in records}) == len(records)
    assert len(un_state_codes()) == len(set(un_state_codes())) == 195
    assert len(countries) == STATES


def test_loads_on_an_empty_database():
    output = load()

    assert Entity.objects.filter(kind=Entity.Kind.COUNTRY).count() == STATES
    created = Entity.objects.count()
    assert f"{created} entities created" in output
    assert "0 already present" in output
    for slug in ["kyrgyzstan", "azerbaijan", "russia", "holy-see", "palestine", "south-korea"]:
        assert Entity.objects.get(slug=slug).kind == Entity.Kind.COUNTRY
    # The curated leaders are created; people.json only adds to people the seed holds.
    assert Entity.objects.get(slug="sadyr-japarov").kind == Entity.Kind.PERSON
    assert not Entity.objects.filter(slug="mikayil-jabbarov").exists()


def test_loads_after_the_seed_without_duplicating_it(seeded):
    seed = dict(Entity.objects.values_list("slug", "name"))

    output = load()

    assert "entities created" in output
    for slug, name in seed.items():
        assert Entity.objects.get(slug=slug).name == name
    assert Entity.objects.filter(name="Kyrgyzstan").count() == 1
    assert Entity.objects.filter(name="COP29").count() == 1
    assert Entity.objects.filter(name="Baku").count() == 1
    assert "Сахиба Гафарова" in names("sahiba-gafarova")
    assert "Ceyhun Bayramov" in names("jeyhun-bayramov")
    assert Role.objects.filter(
        person__slug="jeyhun-bayramov", title="Minister of Education"
    ).exists()


def test_a_rerun_creates_nothing(seeded):
    load()
    counts = (Entity.objects.count(), Alias.objects.count(), Role.objects.count())

    output = load()

    assert (Entity.objects.count(), Alias.objects.count(), Role.objects.count()) == counts
    present = len(build_records())  # after the seed, even its people are all there
    assert output.startswith(f"0 entities created, 0 aliases added, {present} already present")
    assert "0 roles added" in output


def test_an_editors_changes_survive_a_rerun(seeded):
    load()
    turkey = Entity.objects.get(slug="turkiye")
    turkey.name = "Turkey"
    turkey.description = "Edited by the desk."
    turkey.save()
    Entity.objects.filter(slug="kyrgyzstan").update(description="Our own description.")

    load()

    turkey.refresh_from_db()
    assert (turkey.name, turkey.description) == ("Turkey", "Edited by the desk.")
    assert Entity.objects.get(slug="kyrgyzstan").description == "Our own description."
    assert Entity.objects.filter(name__in=["Turkey", "Türkiye"]).count() == 1


def test_an_entity_of_another_kind_under_the_same_slug_is_left_alone():
    georgia = Entity.objects.create(kind=Entity.Kind.PLACE, name="Georgia", slug="georgia")

    load()

    assert not georgia.aliases.exists()
    assert Entity.objects.filter(slug__startswith="georgia").count() == 1


def test_every_un_member_and_observer_state_is_present():
    load()

    countries = Entity.objects.filter(kind=Entity.Kind.COUNTRY)
    assert countries.count() == STATES
    assert {"Holy See", "Palestine", "Russia", "Iran", "Moldova", "Türkiye"} <= set(
        countries.values_list("name", flat=True)
    )
    assert Entity.objects.get(slug="holy-see").description == "UN observer state."


def test_kyrgyzstan_has_its_names_in_both_languages(seeded):
    load()

    assert {"Kyrgyz Republic", "Кыргызстан", "Кыргызская Республика", "КР", "Киргизия"} <= names(
        "kyrgyzstan"
    )


def test_turkey_and_turkiye_are_one_entity():
    load()

    turkiye = Entity.objects.get(slug="turkiye")
    assert {"Turkey", "Турция"} <= names("turkiye")
    assert Entity.objects.search("Turkey").filter(kind=Entity.Kind.COUNTRY).get() == turkiye
    assert Entity.objects.search("Турция").filter(kind=Entity.Kind.COUNTRY).get() == turkiye


def test_organizations_have_acronyms_and_former_names(seeded):
    load()

    ots = Alias.objects.filter(entity__slug="organization-of-turkic-states")
    assert {"Turkic Council", "ОТГ", "Тюркский совет"} <= set(ots.values_list("name", flat=True))
    assert ots.get(name="Тюркский совет").kind == Alias.Kind.FORMER
    assert "СНГ" in names("commonwealth-of-independent-states")
    assert Alias.objects.get(entity__slug="united-nations", name="ООН").kind == Alias.Kind.ACRONYM
    assert {"cop27", "cop28", "cop29", "cop30"} <= set(
        Entity.objects.filter(kind=Entity.Kind.EVENT).values_list("slug", flat=True)
    )


def test_demonyms_are_aliases_of_their_kind():
    load()

    demonyms = Alias.objects.filter(kind=Alias.Kind.DEMONYM)
    assert {"Azerbaijani", "азербайджанский", "Kyrgyz", "кыргызский", "киргизский"} <= set(
        demonyms.values_list("name", flat=True)
    )
    assert demonyms.get(name="киргизский").entity.slug == "kyrgyzstan"


def test_states_outside_the_un_are_countries_under_their_longer_names():
    load()

    trnc = Entity.objects.get(slug="turkish-republic-of-northern-cyprus")
    assert trnc.kind == Entity.Kind.COUNTRY
    assert {"North Cyprus", "Северный Кипр", "TRNC"} <= names(trnc.slug)
    assert {"СССР", "USSR"} <= names("soviet-union")


def test_regions_and_regional_centres_are_places():
    load()

    for slug in ("central-asia", "south-caucasus", "nagorno-karabakh", "issyk-kul", "omsk", "xian"):
        assert Entity.objects.get(slug=slug).kind == Entity.Kind.PLACE
    assert Entity.objects.get(slug="central-asia").description.startswith("Region:")
    assert {"Ближний Восток"} <= names("middle-east")
    assert {"Uralsk", "Уральск"} <= names("oral")


def test_capitals_and_cities_are_places():
    load()

    bishkek = Entity.objects.get(slug="bishkek")
    assert bishkek.kind == Entity.Kind.PLACE
    assert bishkek.description == "Capital of Kyrgyzstan."
    assert {"Бишкек", "Frunze"} <= names("bishkek")
    assert Entity.objects.get(slug="ganja").description == "City in Azerbaijan."
    assert {"Гянджа", "Gəncə"} <= names("ganja")
    assert {"Санкт-Петербург", "Leningrad"} <= names("saint-petersburg")
    assert Entity.objects.filter(kind=Entity.Kind.PLACE).count() > 250


def test_make_seed_order_works_on_an_empty_database_and_again():
    for _ in range(2):
        call_command("load_seed", stdout=StringIO())
        load()

    assert Entity.objects.filter(slug="cop29").count() == 1
    assert Alias.objects.filter(entity__slug="kyrgyzstan", name="КР").count() == 1
    assert Entity.objects.filter(kind=Entity.Kind.COUNTRY).count() == STATES


def test_the_load_is_a_handful_of_bulk_queries():
    # Bulk inserts come in batches of SQLite's parameter limit, so their number grows with the
    # data (~1,400 entities, 4,000 aliases, 900 roles); every other query is a fixed one, and one
    # query a row would be ~6,000.
    with CaptureQueriesContext(connection) as queries:
        load()

    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(queries.captured_queries) - len(inserts) <= 12
    assert len(inserts) <= 80


def test_dry_run_writes_nothing():
    out = StringIO()
    call_command("load_knowledge_base", "--dry-run", stdout=out)

    assert out.getvalue().startswith("Dry run: ")
    assert not Entity.objects.exists()
