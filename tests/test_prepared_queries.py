"""A prepared query answers what its queryset answers, for any values, on either database."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Mention
from newsroom.prepared import PreparedQuery, prepared
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "slug", "published", "publish_at", "created", "status")


@prepared
def live_stories(now):
    return Article.objects.published(now=now).latest_first().values(*COLUMNS)


@prepared
def mentions_of(ids):
    return (
        Mention.objects.filter(article_id__in=ids)
        .order_by("article_id", "entity__name")
        .values("article_id", "entity__name", "surface_forms", "spans")
    )


@pytest.fixture
def stories():
    now = timezone.now()
    made = [
        ArticleFactory(),
        ArticleFactory(published=None),
        ArticleFactory(publish_at=now + datetime.timedelta(hours=1)),
        ArticleFactory(publish_at=now - datetime.timedelta(hours=1)),
        ArticleFactory(status=Article.Status.DRAFT),
    ]
    for article in made:
        MentionFactory(article=article, spans=[[0, 4]], surface_forms=["Баку"])
    return made


def test_rows_equal_the_querysets_values_with_times_converted(stories):
    now = timezone.now()
    expected = list(Article.objects.published(now=now).latest_first().values(*COLUMNS))
    assert live_stories.rows(now=now) == expected
    assert len(expected) == 3
    assert all(timezone.is_aware(row["created"]) for row in expected)


def test_the_moment_is_a_value_not_part_of_the_plan(stories):
    scheduled = stories[2]
    before = {row["id"] for row in live_stories.rows(now=timezone.now())}
    later = {row["id"] for row in live_stories.rows(now=scheduled.publish_at)}
    assert scheduled.pk not in before
    assert later == before | {scheduled.pk}


def test_limit_and_offset_read_one_page(stories):
    now = timezone.now()
    everything = live_stories.rows(now=now)
    assert live_stories.rows(now=now, limit=2, offset=1) == everything[1:3]
    assert live_stories.rows(now=now, limit=2, offset=5) == []


def test_lists_of_any_length_and_json_columns(stories):
    ids = [article.pk for article in stories]
    for chosen in (ids[:1], ids[:3], ids, ids[::-1]):
        expected = list(
            Mention.objects.filter(article_id__in=chosen)
            .order_by("article_id", "entity__name")
            .values("article_id", "entity__name", "surface_forms", "spans")
        )
        assert mentions_of.rows(ids=chosen) == expected
    assert mentions_of.rows(ids=ids[:1])[0]["spans"] == [[0, 4]]
    assert mentions_of.rows(ids=[]) == []


def test_a_value_that_never_reaches_the_sql_is_refused():
    ignored = PreparedQuery(lambda slug: Article.objects.values("id"))
    with pytest.raises(ValueError, match="slug"):
        ignored.rows(slug="anything")


def test_a_rewritten_value_is_refused():
    rewritten = PreparedQuery(
        lambda name: Article.objects.filter(title__startswith=name).values("id")
    )
    with pytest.raises(ValueError, match="name"):
        rewritten.rows(name="Baku")


def test_a_sliced_queryset_or_a_model_queryset_is_refused():
    with pytest.raises(ValueError, match="slice"):
        PreparedQuery(lambda entity: Article.objects.filter(pk=entity).values("id")[:5]).rows(
            entity=1
        )
    with pytest.raises(ValueError, match="values"):
        PreparedQuery(lambda entity: Article.objects.filter(pk=entity)).rows(entity=1)


def test_entity_ids_and_slugs_are_values(stories):
    entity = EntityFactory(name="Jeyhun Bayramov")
    MentionFactory(article=stories[0], entity=entity)
    by_id = PreparedQuery(lambda e: Mention.objects.filter(entity=e).values("article_id"))
    by_slug = PreparedQuery(lambda s: Mention.objects.filter(entity__slug=s).values("article_id"))
    assert by_id.rows(e=entity.pk) == [{"article_id": stories[0].pk}]
    assert by_slug.rows(s=entity.slug) == [{"article_id": stories[0].pk}]
    assert by_slug.rows(s="nobody") == []
