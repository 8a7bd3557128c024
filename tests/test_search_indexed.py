"""Searches counted and ranked from indexes (articles.search.indexed, through SearchResults).

A search of plain words over all stories or the readers' live ones reads its page's order from
indexes: on SQLite the FTS5 table and `article_search_visible` (migration 0012), never a story
row but the page's own; on PostgreSQL the impact index (migration 0013), bucket by bucket,
never a toasted vector but those of the stories it must rank. These tests hold both to
Django's plain query, which ranks every match: the same counts, the same pages in the same
order, after every way a story's status or publish time can change.
"""

import datetime
import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.search import indexed as indexed_readers
from tests.factories import AliasFactory, ArticleFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own index")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the impact index")

HOUR = datetime.timedelta(hours=1)
INDEX = "article_search_visible" if connection.vendor == "sqlite" else "article_search_impacts"
# What the index path's SQL names: the SQLite index, or PostgreSQL's indexed expression.
MARK = INDEX if connection.vendor == "sqlite" else "articles_search_impacts("


@pytest.fixture(autouse=True)
def walk_even_a_few_matches(monkeypatch):
    """PostgreSQL ranks a few hundred matches the plain way; these tests have a few dozen."""
    monkeypatch.setattr(indexed_readers, "FEW_MATCHES", 0)


def searched(query: str, stories=None):
    return search.search_articles(stories if stories is not None else published(), query)


def published():
    return Article.objects.published()


def indexed(found) -> bool:
    return isinstance(found, search.SearchResults) and found.reader is not None


def answers(found, size: int = 3) -> tuple[int, list[list[str]]]:
    """The count and every page of `size`, read as the API reads them (values, slices)."""
    rows = found.values("slug")
    count = rows.count()
    pages = [[row["slug"] for row in rows[n : n + size]] for n in range(0, count + size, size)]
    return count, pages


def plain(found):
    """The same search through Django's plain query (any later filter leaves the index path)."""
    return found.filter(pk__gt=0)


def assert_same(query: str, stories=None, *, walked: bool = True) -> tuple[int, list[list[str]]]:
    """The index path's answers, checked against the plain query's; `walked=False` for a
    search the index path may decline (PostgreSQL's walk takes one word)."""
    found = searched(query, stories)
    with CaptureQueriesContext(connection) as queries:
        fast = answers(found)
    if walked:
        assert indexed(found)
        assert any(MARK in q["sql"] for q in queries.captured_queries) or not fast[0]
    assert isinstance(plain(found), QuerySet)
    assert fast == answers(plain(found))
    return fast


@pytest.fixture
def stories():
    """Stories sharing a word, in every state, with ties in relevance and in date."""
    now = timezone.now()
    day = datetime.date(2024, 5, 1)
    made = []
    for n, (status, publish_at) in enumerate(
        [
            (Article.Status.PUBLISHED, None),
            (Article.Status.PUBLISHED, now - HOUR),
            (Article.Status.PUBLISHED, now + HOUR),
            (Article.Status.DRAFT, None),
            (Article.Status.REVIEW, None),
            (Article.Status.ARCHIVED, None),
        ]
        * 2
    ):
        made.append(
            ArticleFactory(
                title="Zqxharvest report" if n % 4 == 0 else f"Report {n}",
                text="The zqxharvest was late. " * (1 + n % 3),
                status=status,
                publish_at=publish_at,
                published=None if n % 5 == 0 else day - datetime.timedelta(days=n % 3),
            )
        )
    ArticleFactory.create_batch(4, text="Nothing to see.")
    return made


def slugs(found) -> set[str]:
    return set(found.values_list("slug", flat=True))


def live_slugs(stories) -> set[str]:
    return {s.slug for s in Article.objects.filter(pk__in=[s.pk for s in stories]).published()}


def test_counts_and_pages_equal_the_plain_query(stories):
    count, pages = assert_same("zqxharvest")
    assert count == len(live_slugs(stories)) == 4
    assert {slug for page in pages for slug in page} == live_slugs(stories)
    assert assert_same("zqxharvest late", walked=connection.vendor == "sqlite")[0] == 4
    assert assert_same("zqxnothing") == (0, [[]])


def test_every_story_for_those_who_may_see_them(stories):
    count, _ = assert_same("zqxharvest", Article.objects.all())
    assert count == len(stories)


def test_model_objects_and_their_prefetches_come_in_order(stories):
    found = searched("zqxharvest", published().with_cards())
    page = list(found[:4])
    assert [a.slug for a in page] == list(plain(found).values_list("slug", flat=True)[:4])
    assert all(hasattr(a, "confirmed_mentions") for a in page)
    assert found.first() == page[0]


def test_other_filters_and_orders_take_the_plain_query(stories):
    found = searched("zqxharvest")
    for changed in (found.filter(language="ru"), found.order_by("-id"), found.distinct()):
        assert isinstance(changed, QuerySet)
    assert slugs(found.filter(language="ru")) == set()
    english = searched("zqxharvest", published().filter(language="en"))
    assert not indexed(english)
    assert slugs(english) == live_slugs(stories)


def test_names_of_entities_take_the_plain_query(stories):
    person = EntityFactory(name="Zqxperson")
    AliasFactory(entity=person, name="Zqxalias", language="ru")
    MentionFactory(article=stories[0], entity=person)
    found = searched("zqxalias")
    assert not indexed(found)
    assert slugs(found) == {stories[0].slug}


def test_a_story_scheduled_for_later_is_found_once_its_time_has_come(stories):
    scheduled = [s for s in stories if s.is_scheduled]
    later = timezone.now() + 2 * HOUR
    count, pages = assert_same("zqxharvest", Article.objects.published(now=later))
    assert count == 6
    assert {s.slug for s in scheduled} <= {slug for page in pages for slug in page}


def hide_with_save(article):
    article.status = Article.Status.ARCHIVED
    article.save(update_fields=["status"])


def hide_with_update(article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)


def hide_with_bulk_update(article):
    article.publish_at = timezone.now() + HOUR
    Article.objects.bulk_update([article], ["publish_at"])


def hide_with_raw_sql(article):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_article SET status = 'review' WHERE id = %s", [article.pk])


def hide_with_loaddata(article, tmp_path):
    (row,) = json.loads(serializers.serialize("json", [article]))
    row["fields"]["status"] = Article.Status.DRAFT
    fixture = tmp_path / "hidden.json"
    fixture.write_text(json.dumps([row]))
    call_command("loaddata", str(fixture), verbosity=0)


@pytest.mark.parametrize(
    "hide", [hide_with_save, hide_with_update, hide_with_bulk_update, hide_with_raw_sql, "loaddata"]
)
def test_hiding_a_story_by_any_write_takes_it_out(stories, hide, tmp_path):
    story = next(s for s in stories if s.is_published)
    assert story.slug in slugs(searched("zqxharvest"))
    if hide == "loaddata":
        hide_with_loaddata(story, tmp_path)
    else:
        hide(story)
    count, pages = assert_same("zqxharvest")
    assert count == 3
    assert story.slug not in {slug for page in pages for slug in page}


def test_showing_a_story_by_any_write_puts_it_in(stories):
    draft, scheduled, archived = (
        next(s for s in stories if s.status == Article.Status.DRAFT),
        next(s for s in stories if s.is_scheduled),
        next(s for s in stories if s.status == Article.Status.ARCHIVED),
    )
    draft.status = Article.Status.PUBLISHED
    draft.save()
    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - HOUR)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET status = 'published' WHERE id = %s", [archived.pk]
        )
    count, pages = assert_same("zqxharvest")
    assert count == 7
    assert {draft.slug, scheduled.slug, archived.slug} <= {s for page in pages for s in page}


def test_new_and_deleted_stories(stories):
    made = Article.objects.bulk_create(
        [Article(title=f"Bulk {n}", slug=f"bulk-{n}", text="Zqxharvest.") for n in range(3)]
    )
    search.reindex([a.pk for a in made])  # bulk_create sends no signal
    assert assert_same("zqxharvest")[0] == 4  # drafts, by default
    Article.objects.filter(pk__in=[a.pk for a in made]).update(status=Article.Status.PUBLISHED)
    assert assert_same("zqxharvest")[0] == 7
    stories[0].delete()
    assert assert_same("zqxharvest")[0] == 6


@sqlite_only
def test_without_the_index_search_takes_the_plain_query(stories, monkeypatch):
    monkeypatch.setattr(indexed_readers, "_indexes_seen", {})
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {INDEX}")
    found = searched("zqxharvest")
    assert not indexed(found)
    assert slugs(found) == live_slugs(stories)
    monkeypatch.setattr(indexed_readers, "_indexes_seen", {})  # the next test has the index again


def explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[-1] for row in cursor.fetchall())


@sqlite_only
@pytest.mark.parametrize("ranked", [False, True])
@pytest.mark.parametrize("live", [True, False])
def test_the_count_and_the_ranking_read_no_story_row(stories, ranked, live):
    reader = indexed_readers.SQLiteReader('("zqxharvest")', timezone.now() if live else None)
    sql, params = reader.sql("default", ranked=ranked)
    shown = explain(sql, params)
    assert f"COVERING INDEX {INDEX}" in shown
    assert "INTEGER PRIMARY KEY" not in shown  # never the story row itself
    assert shown.index("VIRTUAL TABLE") < shown.index(INDEX)  # the FTS5 query runs once


def test_the_page_reads_only_its_own_stories(stories):
    with CaptureQueriesContext(connection) as queries:
        list(searched("zqxharvest").values("slug")[:2])
    stories_read = [q["sql"] for q in queries.captured_queries if "articles_article" in q["sql"]]
    (page,) = [sql for sql in stories_read if MARK not in sql]
    assert "articles_search" not in page and "search_vector" not in page and " IN (" in page


# PostgreSQL: the impact index's buckets


def story(title: str, text: str, **fields):
    return ArticleFactory(title=title, text=text, published=datetime.date(2024, 5, 1), **fields)


@postgres_only
def test_every_bucket_ranks_as_the_plain_query():
    # Headline counts 0-5 (4+ is one bucket ranked by vectors), text counts 0-25 (7-10,
    # 11-20 and 21+ ranked by vectors), several stories per count for ties in rank and date.
    for headline in range(6):
        for text in (0, 1, 2, 3, 6, 7, 9, 12, 21, 25):
            if headline or text:
                for _ in range(2):
                    story(
                        " ".join(["Zqxgrain"] * headline + ["report"]),
                        " ".join(["Zqxgrain is sold."] * text + ["Markets opened."]),
                    )
    story("Zqxgrain draft", "Zqxgrain.", status=Article.Status.DRAFT)
    assert assert_same("zqxgrain")[0] == 2 * (6 * 10 - 1)
    assert_same("zqxgrain", Article.objects.all())


@postgres_only
def test_stories_holding_two_forms_of_a_surname_rank_by_their_sum():
    # Дуйшенова is searched as дуйшенова and дуйшенов: lexemes дуйшенов and дуйшен.
    both = [
        story("Визит", "Дуйшенов прибыл. " * n + "Встреча с Дуйшеновой.", language="ru")
        for n in (1, 3)
    ]
    for n in (1, 2, 5):
        story("Новости", "Дуйшенов сказал. " * n, language="ru")
        story("Дуйшенов в Бишкеке", "Дуйшенова приехала. " * n, language="ru")
    count, pages = assert_same("Дуйшенова")
    assert count == 8
    assert {s.slug for s in both} <= {slug for page in pages for slug in page}


@postgres_only
def test_the_walk_takes_the_buckets_in_rank_order(stories):
    with CaptureQueriesContext(connection) as queries:
        list(searched("zqxharvest").values("slug")[:2])
    (walk,) = [q["sql"] for q in queries.captured_queries if MARK in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + walk)
        shown = "\n".join(row[0] for row in cursor.fetchall())
    # Each bucket's stories through the index (never the expression row by row, even among
    # a few test stories), the buckets in rank order, so the sort stops once the page is full.
    assert f"Bitmap Index Scan on {INDEX}" in shown, shown
    assert "Incremental Sort" in shown and "Presorted Key: buckets.ord" in shown
