"""Each mention carries its story's status, sort date and publish time (database triggers), and
an entity's public stories are read from one index range in date order, on both databases."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import UNDATED, Article, Mention
from entities.models import Entity
from tests.factories import ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db

COPIES = ("article_status", "article_date", "article_publish_at")


def copies(mention: Mention) -> tuple:
    return tuple(Mention.objects.filter(pk=mention.pk).values_list(*COPIES).get())


def expected(article: Article) -> tuple:
    article = Article.objects.get(pk=article.pk)
    return (article.status, article.published or UNDATED, article.publish_at)


@pytest.fixture
def mention():
    article = ArticleFactory(published=datetime.date(2024, 2, 6))
    return Mention.objects.create(
        article=article, entity=EntityFactory(), status=Mention.Status.CONFIRMED
    )


def test_a_new_mention_copies_its_story(mention):
    assert copies(mention) == ("published", datetime.date(2024, 2, 6), None)


def test_bulk_created_mentions_copy_their_story():
    article = ArticleFactory(status=Article.Status.REVIEW, published=None)
    Mention.objects.bulk_create(
        [Mention(article=article, entity=EntityFactory()) for _ in range(3)]
    )
    assert set(Mention.objects.values_list(*COPIES)) == {("review", UNDATED, None)}


def test_saving_the_story_updates_its_mentions(mention):
    article = mention.article
    article.status = Article.Status.DRAFT
    article.published = None
    article.save()
    assert copies(mention) == expected(article) == ("draft", UNDATED, None)


def test_a_queryset_update_of_the_story_reaches_its_mentions(mention):
    later = timezone.now() + datetime.timedelta(days=1)
    Article.objects.filter(pk=mention.article_id).update(
        publish_at=later, published=datetime.date(2025, 1, 2)
    )
    assert copies(mention) == expected(mention.article)
    assert copies(mention)[1:] == (datetime.date(2025, 1, 2), later)


def test_a_stale_mention_object_cannot_overwrite_the_copies(mention):
    Article.objects.filter(pk=mention.article_id).update(status=Article.Status.ARCHIVED)
    mention.status = Mention.Status.REJECTED  # the object still holds "published"
    mention.save()
    assert copies(mention)[0] == "archived"


def test_a_mention_moved_to_another_story_copies_that_story(mention):
    other = ArticleFactory(status=Article.Status.DRAFT, published=None)
    Mention.objects.filter(pk=mention.pk).update(article=other)
    assert copies(mention) == ("draft", UNDATED, None)


def test_the_seed_fixture_loads_with_correct_copies():
    call_command("loaddata", "seed", verbosity=0)
    for m in Mention.objects.select_related("article"):
        assert copies(m) == expected(m.article)


def test_public_mentions_follow_scheduling(mention):
    assert Mention.objects.public().filter(pk=mention.pk).exists()
    Article.objects.filter(pk=mention.article_id).update(
        publish_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert not Mention.objects.public().filter(pk=mention.pk).exists()


def test_live_entity_lists_match_the_article_side_rule():
    """`mentioning(live=True)` (mention copies) and `published()` (story columns) agree."""
    entity = EntityFactory()
    now = timezone.now()
    variants = [
        {"status": Article.Status.PUBLISHED},
        {"status": Article.Status.PUBLISHED, "published": None},
        {"status": Article.Status.PUBLISHED, "publish_at": now - datetime.timedelta(hours=1)},
        {"status": Article.Status.PUBLISHED, "publish_at": now + datetime.timedelta(hours=1)},
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.ARCHIVED},
    ]
    for fields in variants * 2:
        article = ArticleFactory(**fields)
        Mention.objects.create(article=article, entity=entity, status=Mention.Status.CONFIRMED)
    rule = list(Article.objects.published().mentioning(entity).latest_first())
    live = list(Article.objects.mentioning(entity, live=True).latest_first())
    assert live == rule
    assert len(live) == 6
    assert live[-1].published is None  # undated stories come last


# Query plans. The test tables are tiny: SQLite plans from the schema alone (no ANALYZE, as a
# fresh install), and PostgreSQL is told to rule out sequential scans and sorts, so a plan
# that still sorts shows it could not avoid sorting.


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(row[-1] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def popular_entity():
    entity = EntityFactory(kind=Entity.Kind.COUNTRY)
    for _ in range(30):
        Mention.objects.create(
            article=ArticleFactory(), entity=entity, status=Mention.Status.CONFIRMED
        )
    return entity


def test_an_entitys_public_stories_walk_the_mention_index_in_date_order(popular_entity):
    stories = Article.objects.published().mentioning(popular_entity, live=True).latest_first()
    shown = plan(stories.with_cards()[:50])
    assert "mention_entity_timeline" in shown
    assert "TEMP B-TREE" not in shown  # SQLite: no sort step
    assert "Sort" not in shown  # PostgreSQL: no sort node


def test_the_public_list_walks_the_article_index_in_date_order(popular_entity):
    shown = plan(Article.objects.published().latest_first()[:20])
    assert "article_latest" in shown
    assert "TEMP B-TREE" not in shown
    assert "Sort" not in shown


def test_counting_an_entitys_public_stories_reads_only_the_mention_index(popular_entity):
    counted = Mention.objects.public().filter(entity=popular_entity)
    shown = plan(counted.order_by().values("pk"))
    assert "mention_entity_timeline" in shown
    assert "articles_article" not in shown


def test_published_adds_nothing_after_a_live_entity_join_and_stays_correct():
    entity = EntityFactory()
    shown = ArticleFactory()
    hidden = ArticleFactory(status=Article.Status.DRAFT)
    for article in (shown, hidden):
        Mention.objects.create(article=article, entity=entity, status=Mention.Status.CONFIRMED)
    joined = Article.objects.mentioning(entity, live=True)
    assert str(joined.published().query) == str(joined.query)
    assert list(joined.published()) == [shown]
    # Combined with another query, the rule applies again on the story row.
    either = joined | Article.objects.filter(pk=hidden.pk)
    assert hidden not in either.published()


def test_live_entity_lists_count_on_the_mentions_until_narrowed(django_assert_num_queries):
    a, b = EntityFactory(), EntityFactory()
    now = timezone.now()
    for status, publish_at, entities in [
        (Article.Status.PUBLISHED, None, (a, b)),
        (Article.Status.PUBLISHED, None, (a,)),
        (Article.Status.PUBLISHED, now + datetime.timedelta(hours=1), (a, b)),
        (Article.Status.DRAFT, None, (a, b)),
    ]:
        article = ArticleFactory(status=status, publish_at=publish_at, language="en")
        for entity in entities:
            Mention.objects.create(article=article, entity=entity, status="confirmed")
    ArticleFactory(language="ru")
    cases = [
        Article.objects.mentioning(a, live=True),
        Article.objects.mentioning(a, live=True).published().latest_first(),
        Article.objects.mentioning(a, b, live=True),
        Article.objects.mentioning(a, live=True).filter(language="ru"),
        Article.objects.mentioning(a, live=True).exclude(pk=Article.objects.first().pk),
        Article.objects.mentioning(a, live=True) | Article.objects.filter(language="ru"),
        Article.objects.mentioning(a),
    ]
    for stories in cases:
        assert stories.count() == len(list(stories))
    counted = Article.objects.mentioning(a, live=True).latest_first()
    with django_assert_num_queries(1) as captured:
        assert counted.count() == 2
    assert "articles_article" not in captured.captured_queries[0]["sql"]
