"""The Editor's queue of alias suggestions: pending first, filtered, decided by actions."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import AliasSuggestion, AuditEvent
from entities.models import Alias, Entity
from tests.factories import ArticleFactory, EntityFactory, staff_member

pytestmark = pytest.mark.django_db

URL = "admin:articles_aliassuggestion_changelist"


@pytest.fixture
def editor_client(db) -> Client:
    user = staff_member("aynur", "Editor")
    client = Client()
    client.force_login(user)
    return client


def suggestions(count: int) -> list[AliasSuggestion]:
    story = ArticleFactory(status="draft")
    return [
        AliasSuggestion.objects.create(
            entity=EntityFactory(name=f"Person {i} Surname", kind=Entity.Kind.PERSON),
            name=f"Персона {i} Фамилия",
            language="ru",
            article=story,
        )
        for i in range(count)
    ]


def test_the_queue_lists_pending_suggestions_first_with_their_entity_and_story(editor_client):
    decided, pending = suggestions(2)
    AliasSuggestion.objects.filter(pk=decided.pk).update(status="rejected")

    page = editor_client.get(reverse(URL))

    rows = list(page.context["cl"].result_list)
    assert [s.pk for s in rows] == [pending.pk, decided.pk]
    html = page.content.decode()
    assert pending.entity.name in html and pending.article.title in html
    filtered = editor_client.get(reverse(URL), {"status__exact": "pending"})
    assert [s.pk for s in filtered.context["cl"].result_list] == [pending.pk]


def test_the_queue_costs_the_same_queries_for_one_row_and_for_twenty(editor_client):
    suggestions(1)
    with CaptureQueriesContext(connection) as one:
        editor_client.get(reverse(URL))
    suggestions(19)
    with CaptureQueriesContext(connection) as twenty:
        response = editor_client.get(reverse(URL))
    assert len(response.context["cl"].result_list) == 20
    assert len(twenty) == len(one)


def test_approving_makes_aliases_and_rejecting_never_suggests_again(editor_client):
    approved, rejected = suggestions(2)

    editor_client.post(reverse(URL), {"action": "approve", "_selected_action": [approved.pk]})
    response = editor_client.post(
        reverse(URL), {"action": "reject", "_selected_action": [rejected.pk]}, follow=True
    )

    assert Alias.objects.filter(entity=approved.entity, name=approved.name).exists()
    assert not Alias.objects.filter(entity=rejected.entity).exists()
    assert AliasSuggestion.objects.get(pk=rejected.pk).status == "rejected"
    assert "1 spelling rejected" in response.content.decode()
    assert AuditEvent.objects.filter(action="aliases").count() == 2


def test_a_suggestion_is_never_typed_in(editor_client):
    (suggestion,) = suggestions(1)
    assert editor_client.get(reverse("admin:articles_aliassuggestion_add")).status_code == 403
    editor_client.post(
        reverse("admin:articles_aliassuggestion_change", args=[suggestion.pk]),
        {"name": "Something else"},
    )
    assert AliasSuggestion.objects.get(pk=suggestion.pk).name == suggestion.name
