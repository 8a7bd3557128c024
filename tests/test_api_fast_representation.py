"""The API's hand-built story dictionaries and orjson output equal what DRF's fields and
JSONRenderer would write, for real stories in every state."""

import datetime
import decimal
import json

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.test import APIRequestFactory

from articles.api.serializers import ArticleDetailSerializer, ArticleSerializer, MentionSerializer
from articles.api.views import story_queryset
from articles.models import Article
from articles.reads.api import story_cards
from articles.reads.fields import CARD_COLUMNS
from entities.api import EntityCardSerializer
from newsroom.rest import JSONRenderer

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(seeded):
    """The seed stories, with one scheduled, one undated draft without a source, one tagged."""
    first, second, third, *_ = Article.objects.order_by("pk")
    Article.objects.filter(pk=first.pk).update(
        publish_at=timezone.now() + datetime.timedelta(days=2)
    )
    Article.objects.filter(pk=second.pk).update(status="draft", published=None, source=None)
    third.tags.add("diplomacy", "Central Asia")
    return list(story_queryset(all_statuses=True, all_mentions=True))


def context():
    return {"request": APIRequestFactory().get("/api/v1/articles/", HTTP_HOST="testserver")}


def test_list_items_equal_the_field_based_representation(stories):
    for article in stories:
        serializer = ArticleSerializer(context=context())
        fast = serializer.to_representation(article)
        assert fast == serializer.field_representation(article)
        assert list(fast) == ArticleSerializer.Meta.fields
        cards = [m.entity for m in article.confirmed_mentions]
        assert fast["entities"] == EntityCardSerializer(cards, many=True).data


def test_the_scheduled_story_has_no_web_url_and_keeps_its_publish_time(stories):
    scheduled = next(a for a in stories if a.publish_at)
    data = ArticleSerializer(context=context()).to_representation(scheduled)
    assert data["web_url"] is None
    assert data["publish_at"].endswith("Z")
    assert data["url"] == f"http://testserver/api/v1/articles/{scheduled.slug}/"


def test_details_equal_the_field_based_representation(stories):
    for article in stories:
        serializer = ArticleDetailSerializer(context=context())
        fast = serializer.to_representation(article)
        assert fast == serializer.field_representation(article)
        assert list(fast) == ArticleDetailSerializer.Meta.fields
        assert fast["mentions"] == MentionSerializer(article.visible_mentions, many=True).data


def test_times_follow_the_configured_time_zone_as_drf_does(stories, settings):
    settings.TIME_ZONE = "Asia/Baku"
    timezone.activate("Asia/Baku")
    try:
        for article in stories:
            serializer = ArticleSerializer(context=context())
            fast = serializer.to_representation(article)
            assert fast == serializer.field_representation(article)
            assert fast["created"].endswith("+04:00")
    finally:
        timezone.deactivate()


PAYLOADS = [
    {"count": 2, "next": None, "results": [{"title": "Бишкек, 03.07.21. /Кабар/.", "n": 1.5}]},
    {"detail": gettext_lazy("Not found."), "price": decimal.Decimal("1.10")},
    {"text": "line\u2028separator\u2029paragraph <script>", "empty": [], "flag": False},
    [1, "two", {"3": None}],
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_orjson_output_is_byte_for_byte_drfs(payload):
    assert JSONRenderer().render(payload) == renderers.JSONRenderer().render(payload)


def test_an_indented_rendering_is_still_possible():
    rendered = JSONRenderer().render({"a": [1]}, "application/json; indent=2", {"indent": None})
    assert json.loads(rendered) == {"a": [1]}
    assert b"\n" in rendered


def test_the_api_answers_with_the_orjson_renderer(seeded, api):
    response = api.get("/api/v1/articles/?page_size=2")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["count"] == 5


def test_list_cards_from_values_equal_the_serializer(stories):
    rows = list(story_queryset(all_statuses=True).prefetch_related(None).values(*CARD_COLUMNS))
    by_id = {article.pk: article for article in stories}
    ctx = context()
    expected = ArticleSerializer([by_id[r["id"]] for r in rows], many=True, context=ctx).data
    assert story_cards(rows, ctx) == expected
    assert story_cards(rows[::-1], ctx) == expected[::-1]
    assert story_cards([], ctx) == []


def test_a_list_page_costs_a_fixed_number_of_queries(seeded, api, django_assert_num_queries):
    # The entity check, the count, the page's stories with their sources, entities and tags.
    with django_assert_num_queries(5):
        first = api.get("/api/v1/articles/?entity=azerbaijan&page_size=2")
    assert first.status_code == 200
