"""`manage.py load_seed` (make seed): loads the seed stories once, never over editors' work."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Mention
from entities.models import Entity
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def load_seed() -> str:
    out = StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


def test_load_seed_fills_an_empty_database():
    output = load_seed()

    assert Article.objects.published().count() == 5
    assert Entity.objects.filter(slug="kyrgyzstan").exists()
    assert "Loaded 5 seed stories" in output


def test_load_seed_again_changes_nothing():
    load_seed()
    before = list(Article.objects.order_by("pk").values("pk", "title", "version", "updated"))
    mentions = Mention.objects.count()

    output = load_seed()

    assert list(Article.objects.order_by("pk").values("pk", "title", "version", "updated")) == (
        before
    )
    assert Mention.objects.count() == mentions
    assert "left the existing 5 stories alone" in output


def test_an_editors_change_survives_load_seed():
    load_seed()
    article = Article.objects.get(original_filename="004_470fcd4a740a0a54.txt")
    article.title = "Kyrgyz envoy praises Baku-Bishkek ties"
    article.save()

    load_seed()

    article.refresh_from_db()
    assert article.title == "Kyrgyz envoy praises Baku-Bishkek ties"
    assert article.version == 2


def test_load_seed_leaves_an_existing_knowledge_base_alone():
    entity = EntityFactory(name="Editor's Entity")

    output = load_seed()

    assert not Article.objects.exists()
    assert list(Entity.objects.all()) == [entity]
    assert "left the existing 1 entities" in output


def test_new_rows_after_the_seed_get_fresh_ids():
    load_seed()

    entity = EntityFactory()

    assert entity.pk > max(Entity.objects.exclude(pk=entity.pk).values_list("pk", flat=True))
