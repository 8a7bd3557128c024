"""A story read as a row (`articles.reads`) shows exactly what the same story read as a model
instance shows: the website's card renders to the same HTML, the API's detail is the same
dictionary. (The API's list items: tests/test_api_fast_representation.py.)"""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from articles.api.serializers import ArticleDetailSerializer
from articles.api.views import story_queryset
from articles.models import Article
from articles.reads import rows
from articles.reads.api import detail_from_row
from articles.reads.cards import story_card_objects
from articles.reads.fields import CARD_FIELDS, DETAIL_COLUMNS, PAGE_COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(seeded):
    """The seed stories (one undated, each with 7 to 9 entities: the chips' "+N more"), one
    of them without a source, summary or dateline, one with markup in its title."""
    first, second, *_ = Article.objects.order_by("pk")
    Article.objects.filter(pk=first.pk).update(source=None, summary="", dateline="")
    Article.objects.filter(pk=second.pk).update(title="Tariffs <b>&</b> “quotas”")
    return Article.objects.order_by("pk")


def card_html(story, heading: str) -> str:
    return render_to_string("articles/_card.html", {"article": story, "heading": heading})


@pytest.mark.parametrize("heading", ["h2", ""])
def test_a_card_from_a_row_is_the_card_from_the_model_instance(stories, heading):
    instances = list(stories.with_cards())
    cards = story_card_objects(list(stories.values(*PAGE_COLUMNS)))
    assert [card.id for card in cards] == [story.pk for story in instances]
    pages = []
    for story, card in zip(instances, cards, strict=True):
        expected = card_html(story, heading)
        assert card_html(card, heading) == expected
        pages.append(expected)
    assert all("chips__more" in html for html in pages)
    assert "Tariffs &lt;b&gt;&amp;&lt;/b&gt;" in pages[1] and "Undated" in "".join(pages)


def test_the_live_lists_cards_are_the_model_instances_cards(stories):
    live = stories.published().latest_first()
    cards = rows.LiveStories(None, timezone.now(), make=story_card_objects)[:20]
    assert [card_html(c, "h2") for c in cards] == [card_html(s, "h2") for s in live.with_cards()]
    assert len(cards) == 5


def test_a_card_carries_every_card_field_of_the_specification(stories):
    card = story_card_objects(list(stories.values(*PAGE_COLUMNS)))[0]
    story = stories.with_cards()[0]
    for field in CARD_FIELDS:
        name = "confirmed_mentions" if field.name == "entities" else field.name
        assert hasattr(card, name), name
        if field.copied:
            assert getattr(card, name) == getattr(story, name)


def test_a_detail_from_a_row_is_the_serializers(stories):
    context = {"request": APIRequestFactory().get("/api/v1/articles/", HTTP_HOST="testserver")}
    rows_by_id = {row["id"]: row for row in stories.values(*DETAIL_COLUMNS)}
    for story in story_queryset(all_statuses=True):
        row = rows_by_id[story.pk]
        fast = detail_from_row(row, rows.story_mentions(story.pk), context)
        assert fast == ArticleDetailSerializer(story, context=context).data
