"""A prepared query answers what its queryset answers, for any values, on either database."""

import dataclasses
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


def test_reads_are_counted_where_queries_are_counted(stories, django_assert_num_queries):
    # Under assertNumQueries (or DEBUG) the query goes through Django's logging cursor; else
    # through the driver's own, with the same rows.
    now = timezone.now()
    plain = live_stories.rows(now=now)
    with django_assert_num_queries(1) as captured:
        logged = live_stories.rows(now=now)
    assert logged == plain
    assert "articles_article" in captured.captured_queries[0]["sql"]


def test_another_execute_wrapper_sees_every_read(stories):
    from django.db import connection

    seen = []

    def spy(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        live_stories.rows(now=timezone.now())
    assert len(seen) == 1


def test_database_errors_are_djangos_own(stories):
    from django.db import DatabaseError

    broken = PreparedQuery(lambda slug: Article.objects.filter(slug=slug).values("id"))
    broken.rows(slug="x")
    broken._plans = {
        shape: dataclasses.replace(plan, sql=plan.sql.replace("articles_article", "no_such_table"))
        for shape, plan in broken._plans.items()
    }
    with pytest.raises(DatabaseError):
        broken.rows(slug="x")


def test_json_columns_decode_as_json_loads_does(stories):
    import json

    from django.db import connection

    from newsroom.prepared import _json_converter

    field = Mention._meta.get_field("spans")
    convert = _json_converter(field.from_db_value, None)
    assert convert is not field.from_db_value  # the fast decoder applies to a plain column
    for raw in ("[[0, 4], [10, 14]]", '{"a": "Баку", "b": null}', '"\\u2028"', "1e400", "NaN"):
        # repr: NaN equals nothing, itself included
        expected = repr(field.from_db_value(raw, None, connection))
        assert repr(convert(raw, None, connection)) == expected == repr(json.loads(raw))
    assert convert(None, None, connection) is None
    assert convert("not json", None, connection) == "not json"  # as Django leaves it
