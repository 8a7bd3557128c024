"""A fresh install ships a clean knowledge base: the seed fixture (fixtures/seed.json) holds no
word form of a name (the alias policy, docs/editorial-workflow.md), and its stories still link
to exactly the entities their editors confirmed, the linker's morphology finding the case forms
the removed aliases once spelt out.

One kind of alias the policy calls a part of a name stays, on purpose: a person's bare surname
("Bayramov", "Байрамов", "Гафарова"). The linker does not need them, but the reader's search does:
a one-word query names an entity only through a one-word alias (articles/search/query.py), so
"Байрамов" finds the English stories about Jeyhun Bayramov only while that alias exists
(tests/test_search.py). `clean_aliases` lists them, and nothing else.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.linking import suggest
from articles.models import Article
from entities.models import Alias

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed.json"


def clean_aliases_report() -> list[dict]:
    out = StringIO()
    call_command("clean_aliases", "--json", stdout=out)
    return json.loads(out.getvalue())["aliases"]


def confirmed_in_text() -> dict[str, set[int]]:
    """Each seed story's confirmed entities that its text names (a confirmed mention may have
    no span: an editor added it by hand), by file name, as the fixture says."""
    rows = json.loads(SEED.read_text(encoding="utf-8"))
    files = {
        r["pk"]: r["fields"]["original_filename"] for r in rows if r["model"] == "articles.article"
    }
    out: dict[str, set[int]] = {name: set() for name in files.values()}
    for row in rows:
        fields = row["fields"]
        if (
            row["model"] == "articles.mention"
            and fields["status"] == "confirmed"
            and fields["spans"]
        ):
            out[files[fields["article"]]].add(fields["entity"])
    return out


def test_clean_aliases_lists_only_the_surnames_the_search_needs(seeded):
    rows = clean_aliases_report()
    assert {row["reason"] for row in rows} == {"short"}
    for row in rows:
        alias = Alias.objects.select_related("entity").get(pk=row["alias_id"])
        assert alias.entity.kind == "person"
        assert len(alias.name.split()) == 1  # a surname alone, never a word form
    assert {"Bayramov", "Байрамов", "Gafarova", "Гафарова"} <= {row["name"] for row in rows}


def test_make_seed_adds_nothing_to_clean(seeded):
    """`make seed` adds the starter knowledge base to the seed's entities: still the same."""
    before = clean_aliases_report()
    call_command("load_knowledge_base", stdout=StringIO())
    assert clean_aliases_report() == before


def test_the_seed_holds_no_case_form_or_adjective_form(seeded):
    names = set(Alias.objects.values_list("name", flat=True))
    assert not names & {"Кыргызстана", "Азербайджаном", "Милли Меджлиса", "С.Гафарову"}
    assert not names & {"Азербайджанская", "азербайджанского", "Парламента Азербайджана"}
    # Names stay: other scripts, acronyms, another romanisation of the whole name, demonyms.
    assert {"Кыргызстан", "КР", "Джейхун Байрамов", "Maksat Mamytkanov"} <= names
    demonym = Alias.objects.get(name="азербайджанский")
    assert (demonym.entity.slug, demonym.kind) == ("azerbaijan", Alias.Kind.DEMONYM)


@pytest.mark.parametrize("filename", sorted(confirmed_in_text()))
def test_each_seed_story_links_to_exactly_its_confirmed_entities(seeded, filename):
    story = Article.objects.get(original_filename=filename)
    found = {s.entity_id for s in suggest(story) if not s.new}
    assert found == confirmed_in_text()[filename]


def test_the_russian_story_finds_case_forms_and_adjectives_without_stored_forms(seeded):
    """ "Кыргызстане", "Азербайджаном", "азербайджанского народа", "Милли Меджлисе": the
    morphology meets them on the nominative name or the demonym, no alias spells them out."""
    story = Article.objects.get(original_filename="003_c7fc8fada12e7e9c.txt")
    forms = {s.entity_id: set(s.surface_forms) for s in suggest(story) if not s.new}
    by_slug = dict(Alias.objects.values_list("entity__slug", "entity_id").distinct())
    assert {"Кыргызстана", "Кыргызстане", "Кыргызстаном"} <= forms[by_slug["kyrgyzstan"]]
    assert {"Азербайджана", "Азербайджаном", "азербайджанского", "азербайджанскую"} <= forms[
        by_slug["azerbaijan"]
    ]
    assert {"Милли Меджлиса", "Милли Меджлисе", "Парламента Азербайджана"} <= forms[
        by_slug["milli-majlis"]
    ]
    assert {"Сагибой Гафаровой", "С.Гафарову"} <= forms[by_slug["sahiba-gafarova"]]
    assert "Казакбаев" in forms[by_slug["ruslan-kazakbaev"]]
