"""The admin refuses what the API refuses (issue 20), with the message on the field at fault:
control characters in plain text, for stories, entities, aliases and sources alike, and a
published story without a source. The rule is `Article.input_errors`, asked by the form and by
the services on every path."""

import pytest
from django.urls import reverse

from articles.models import Article, Source
from entities.models import Entity
from tests.factories import ArticleFactory
from tests.test_admin import article_form_data

pytestmark = pytest.mark.django_db


def field_errors(response, field: str) -> list[str]:
    form = response.context["adminform"].form
    return list(form.errors.get(field, []))


@pytest.mark.parametrize("field", ["title", "byline", "dateline"])
def test_a_control_character_in_a_storys_plain_text_is_named_on_its_field(admin_client, field):
    article = ArticleFactory(status=Article.Status.DRAFT)
    data = article_form_data(article, **{field: "Bishkek\x0b talks"})
    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "U+000B" in " ".join(field_errors(response, field))
    assert Article.objects.get(pk=article.pk).version == article.version


def test_publishing_a_story_without_a_source_is_named_on_the_source_field(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT, source=None)
    data = article_form_data(article, status=Article.Status.PUBLISHED)
    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "needs a source" in " ".join(field_errors(response, "source"))
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_an_entity_or_alias_name_with_a_control_character_is_refused(admin_client):
    data = {
        "kind": Entity.Kind.PERSON,
        "name": "Sadyr\x1bJaparov",
        "slug": "",
        "description": "",
        "wikidata_id": "",
        "aliases-TOTAL_FORMS": 1,
        "aliases-INITIAL_FORMS": 0,
        "aliases-MIN_NUM_FORMS": 0,
        "aliases-MAX_NUM_FORMS": 1000,
        "aliases-0-name": "Садыр\x07Жапаров",
        "aliases-0-language": "ru",
        "aliases-0-kind": "name",
        "roles-TOTAL_FORMS": 0,
        "roles-INITIAL_FORMS": 0,
        "roles-MIN_NUM_FORMS": 0,
        "roles-MAX_NUM_FORMS": 1000,
    }
    response = admin_client.post(reverse("admin:entities_entity_add"), data)
    assert response.status_code == 200
    assert "U+001B" in " ".join(field_errors(response, "name"))
    alias_errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "U+0007" in str(alias_errors)
    assert not Entity.objects.filter(name__startswith="Sadyr").exists()


def test_a_source_name_with_a_control_character_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:articles_source_add"), {"name": "Kabar\x01", "slug": "", "url": ""}
    )
    assert response.status_code == 200
    assert "U+0001" in " ".join(field_errors(response, "name"))
    assert not Source.objects.filter(name__startswith="Kabar").exists()
