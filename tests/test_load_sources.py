"""`manage.py load_sources`: the importer's agencies as sources, safe to re-run over edits."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.ingest.agencies import agencies
from articles.models import Source

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_sources", stdout=out)
    return out.getvalue()


def test_loads_every_agency_after_the_seed_and_a_rerun_creates_nothing():
    call_command("load_seed", stdout=StringIO())
    seeded = dict(Source.objects.values_list("slug", "name"))

    output = load()

    assert Source.objects.count() == len(agencies())
    assert f"{len(agencies()) - len(seeded)} sources created" in output
    for slug, name in seeded.items():
        assert Source.objects.get(slug=slug).name == name
    assert Source.objects.get(name="Kazinform").url == "https://www.inform.kz"
    assert load().startswith(f"0 sources created, {len(agencies())} already present")
    assert Source.objects.count() == len(agencies())


def test_an_editors_source_is_never_overwritten():
    Source.objects.create(name="KABAR", slug="kabar-kg", url="https://en.kabar.kg")
    Source.objects.create(name="Trend (edited)", slug="trend-news-agency")

    load()

    assert Source.objects.get(slug="kabar-kg").url == "https://en.kabar.kg"
    assert not Source.objects.filter(name="Kabar").exclude(slug="kabar-kg").exists()
    assert Source.objects.get(slug="trend-news-agency").name == "Trend (edited)"
    assert not Source.objects.filter(name="Trend News Agency").exists()


def test_dry_run_writes_nothing():
    out = StringIO()
    call_command("load_sources", "--dry-run", stdout=out)

    assert out.getvalue().startswith("Dry run: ")
    assert not Source.objects.exists()
