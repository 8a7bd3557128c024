"""Queries an import costs per story: a fixed number, whatever the story holds.

Speed is never asserted in tests (docs/benchmarks.md measures it); the number of queries is,
so a change that adds a query to every imported story, or one per mention, is seen here.
"""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import importing
from articles.models import Article, Source
from entities.gazetteer import current_linker

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seed_documents"

# A new story from a known source, inside the test's transaction (so the service's transaction
# is a savepoint): the duplicate check; the source; the slug (its free candidates, one query);
# the story; its first revision and version (written directly: reversion's check that the story
# it has just saved exists, and its read of a new story's tag rows, are not asked); the
# savepoints of the service's transaction and of its save. On SQLite also its search row (one
# INSERT OR REPLACE, in the story's transaction); PostgreSQL's trigger keeps `search_vector`.
# Then its mentions and its proposals, one multi-row insert each when there are any.
BASE_QUERIES = 10
SEARCH_ROW_QUERIES = 1


def new_story_queries() -> int:
    return BASE_QUERIES + (SEARCH_ROW_QUERIES if connection.vendor == "sqlite" else 0)


def _import(path: Path) -> tuple[importing.ImportResult, list[str]]:
    data = path.read_bytes()
    prepared = importing.prepare(data, current_linker())  # parsing and linking: no query
    with CaptureQueriesContext(connection) as queries:
        result = importing.import_bytes(data=data, name=path.name, prepared=prepared)
    return result, [q["sql"] for q in queries.captured_queries]


def _inserts(queries: list[str], table: str) -> int:
    return sum(f'INTO "{table}"' in sql for sql in queries)


@pytest.mark.django_db
def test_a_new_story_costs_the_same_queries_however_many_entities_it_names(seeded):
    Article.objects.all().delete()
    mentions = set()
    for path in sorted(SEEDS.glob("*.txt")):
        result, queries = _import(path)
        assert result.status == "imported", result.error
        mentions.add(result.article.mentions.count())
        assert _inserts(queries, "articles_mention") == 1
        assert _inserts(queries, "articles_entityproposal") <= 1
        rows = _inserts(queries, "articles_mention") + _inserts(queries, "articles_entityproposal")
        assert len(queries) == new_story_queries() + rows, queries
    assert len(mentions) > 1, "the seed stories name different numbers of entities"


@pytest.mark.django_db
def test_a_story_from_a_new_source_stores_it_in_the_same_transaction(seeded):
    path = sorted(SEEDS.glob("*.txt"))[0]
    Article.objects.all().delete()
    Source.objects.all().delete()
    result, queries = _import(path)
    assert result.status == "imported", result.error
    # The source's slug and the source, in a savepoint around the story's (the import's own).
    assert len(queries) == new_story_queries() + 2 + 2 + _inserts(queries, "articles_mention") + (
        _inserts(queries, "articles_entityproposal")
    ), queries
    assert queries.index(next(q for q in queries if 'INTO "articles_source"' in q)) < (
        queries.index(next(q for q in queries if 'INTO "articles_article"' in q))
    )
    assert result.article.source.pk == Source.objects.get().pk


@pytest.mark.django_db
def test_a_duplicate_costs_three_queries(seeded):
    path = sorted(SEEDS.glob("*.txt"))[0]
    Article.objects.all().delete()
    importing.import_bytes(data=path.read_bytes(), name=path.name)
    result, queries = _import(path)
    assert result.status == "duplicate"
    # The id by content hash, then the story with its source and its mentions with entities.
    assert len(queries) == 3, queries


@pytest.mark.django_db
def test_a_run_of_imports_looks_each_source_up_once(seeded, tmp_path):
    Article.objects.all().delete()
    Source.objects.all().delete()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    paths = []
    for n in range(3):  # three stories of one agency
        paths.append(tmp_path / f"{n}.txt")
        paths[-1].write_bytes(seed.read_bytes() + f"\n\nReference {n}.\n".encode())
    with CaptureQueriesContext(connection) as queries:
        results = list(importing.import_paths(paths, jobs=1))
    assert [r.status for r in results] == ["imported"] * 3
    lookups = [q["sql"] for q in queries.captured_queries if 'FROM "articles_source"' in q["sql"]]
    # The name, then the new source's slug: once for the run, not once a story.
    assert len(lookups) == 2, lookups
    assert Source.objects.count() == 1
    assert {r.article.source_id for r in results} == {Source.objects.get().pk}


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_asking_for_async_commit_skips_the_disk_wait_only_for_its_run(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL's synchronous_commit; SQLite's WAL never waits (synchronous=NORMAL)"
        )
    seed = sorted(SEEDS.glob("*.txt"))[0]
    paths = []
    for n in range(2):
        paths.append(tmp_path / f"{n}.txt")
        paths[-1].write_bytes(seed.read_bytes() + f"\n\nReference {n}.\n".encode())
    assert _synchronous_commit() == "on"
    seen = []
    for result in importing.import_paths(paths, jobs=1, async_commit=True):
        assert result.status == "imported", result.error
        seen.append(_synchronous_commit())
    assert seen == ["off", "off"]
    assert _synchronous_commit() == "on"  # the connection's default again, for what follows


@pytest.mark.django_db(transaction=True)
def test_an_import_waits_for_the_disk_by_default(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's synchronous_commit")
    path = tmp_path / "one.txt"
    path.write_bytes(sorted(SEEDS.glob("*.txt"))[0].read_bytes())
    seen = [_synchronous_commit() for _ in importing.import_paths([path], jobs=1)]
    assert seen == ["on"]


@pytest.mark.django_db
def test_tags_added_after_an_import_are_in_the_next_revision(seeded):
    from articles import history, services

    path = sorted(SEEDS.glob("*.txt"))[0]
    Article.objects.all().delete()
    article = importing.import_bytes(data=path.read_bytes(), name=path.name).article
    assert history.version_values(history.versions_of(article)[0])["tags"] == []
    services.story_add_tag(article=article, name="Diplomacy", via="test")
    assert history.version_values(history.versions_of(article)[0])["tags"] == ["Diplomacy"]
