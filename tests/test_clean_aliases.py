"""`manage.py clean_aliases`: aliases polluted before the alias policy, reported, then removed
with --fix (exactly those, one transaction, audited). The seed fixture (fixtures/seed.json) no
longer holds word forms (tests/test_seed_knowledge_base.py); the ones it once held, made when
confirming stories still wrote spellings into the knowledge base, are put back here."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from articles import services
from articles.models import AliasSuggestion, AuditEvent
from entities.models import Alias, Entity

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("clean_aliases", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def polluted(seeded):
    """The seed's knowledge base plus the two aliases issue 18 found made by confirming, and
    word forms the seed once shipped (case endings of a name and of its nominative)."""
    bayramov = Entity.objects.get(slug="jeyhun-bayramov")
    mamytov = Entity.objects.get(slug="talant-mamytov")
    Alias.objects.create(entity=bayramov, name="Azerbaijani Foreign Minister", language="en")
    Alias.objects.create(entity=mamytov, name="Toraga of the Jogorku Kenesh", language="en")
    kyrgyzstan = Entity.objects.get(slug="kyrgyzstan")
    Alias.objects.create(entity=kyrgyzstan, name="Кыргызстана", language="ru")
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    Alias.objects.create(entity=azerbaijan, name="Азербайджанской Республики", language="ru")
    return bayramov, mamytov


def test_without_fix_it_reports_each_alias_its_entity_and_why_and_removes_nothing(polluted):
    aliases = Alias.objects.count()

    out = run()

    assert (
        "Jeyhun Bayramov (jeyhun-bayramov): “Azerbaijani Foreign Minister” [en] — a role phrase"
        in out
    )
    assert "Talant Mamytov (talant-mamytov): “Toraga of the Jogorku Kenesh” [en]" in out
    assert "Kyrgyzstan (kyrgyzstan): “Кыргызстана” [ru] — a word form" in out
    assert "of “Кыргызстан”" in out
    assert "“Bayramov” [en] — a part of the person's name “Jeyhun Bayramov”" in out
    assert "run again with --fix" in out
    assert Alias.objects.count() == aliases
    assert not AuditEvent.objects.filter(action="alias_cleanup").exists()


def test_the_names_themselves_are_never_reported(polluted):
    names = {row["name"] for row in json.loads(run("--json"))["aliases"]}
    assert not names & {"Джейхун Байрамов", "Кыргызстан", "Милли Меджлис"}
    assert "Азербайджанская Республика" not in names  # the nominative of its forms
    assert "Азербайджанской Республики" in names


def test_fix_removes_exactly_what_was_reported_with_an_audit_event_per_entity(polluted):
    bayramov, _ = polluted
    reported = {row["alias_id"] for row in json.loads(run("--json"))["aliases"]}
    before = set(Alias.objects.values_list("pk", flat=True))

    out = run("--fix")

    assert f"Removed {len(reported)} aliases." in out
    assert set(Alias.objects.values_list("pk", flat=True)) == before - reported
    event = AuditEvent.objects.get(action="alias_cleanup", object_id=str(bayramov.pk))
    assert "Azerbaijani Foreign Minister" in event.detail and "role phrase" in event.detail
    assert event.via == "command"
    assert run().endswith("No alias breaks the policy.\n")


def test_fix_leaves_the_public_page_with_names_only(polluted):
    bayramov, _ = polluted
    run("--fix")
    page = Client().get(bayramov.get_absolute_url()).text
    aka = page.split("Also known as")[-1]
    assert "Джейхун Байрамов" in aka
    assert "Foreign Minister</span>" not in aka


def test_one_entity_only(polluted):
    out = run("--entity", "talant-mamytov")
    assert "Toraga of the Jogorku Kenesh" in out
    assert "Bayramov" not in out


def test_an_editors_approved_spelling_is_kept_even_when_it_is_part_of_the_name(seeded):
    bayramov = Entity.objects.get(slug="jeyhun-bayramov")
    suggestion = AliasSuggestion.objects.create(entity=bayramov, name="Bayramov Jeyhun")
    services.alias_suggestions_decide(suggestions=[suggestion], approve=True, user=None)
    rows = json.loads(run("--json", "--entity", "jeyhun-bayramov"))["aliases"]
    assert "Bayramov Jeyhun" not in {row["name"] for row in rows}
