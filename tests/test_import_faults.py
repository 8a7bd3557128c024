"""Faults during `import_documents`: an import killed mid-way and run again, and a database
that stops taking writes part-way through a folder (read-only, full).

Each file is its own transaction (articles.importing), so whatever happens to one file, the
database holds each story whole or not at all, and running the folder again completes it.
"""

import contextlib
import os
import re
import signal
import subprocess
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles import importing
from articles.ingest import parse_document
from articles.models import Article, Source
from tests.scratch_databases import ScratchDatabase, migrated, write_variants

DOCUMENTS = 200
KILL_AFTER = 20  # stories stored before the import is killed

# What a story is, whatever order it was imported in: its content hash, headline, file, source,
# its revisions, and each of its mentions (entity, status, count, forms found).
STORIES = """
SELECT a.content_hash, a.title, a.original_filename, a.status, s.name,
       (SELECT COUNT(*) FROM reversion_version v JOIN django_content_type t
          ON t.id = v.content_type_id AND t.app_label = 'articles' AND t.model = 'article'
        WHERE v.object_id = CAST(a.id AS TEXT))
FROM articles_article a LEFT JOIN articles_source s ON s.id = a.source_id
"""
MENTIONS = """
SELECT a.content_hash, e.slug, m.status, m.count, m.surface_forms, m.article_status
FROM articles_mention m JOIN articles_article a ON a.id = m.article_id
JOIN entities_entity e ON e.id = m.entity_id
"""
ORPHANS = {
    "mention without its story": "SELECT COUNT(*) FROM articles_mention m "
    "LEFT JOIN articles_article a ON a.id = m.article_id WHERE a.id IS NULL",
    "proposal without its story": "SELECT COUNT(*) FROM articles_entityproposal p "
    "LEFT JOIN articles_article a ON a.id = p.article_id WHERE a.id IS NULL",
    "story version without its story": "SELECT COUNT(*) FROM reversion_version v "
    "JOIN django_content_type t ON t.id = v.content_type_id AND t.model = 'article' "
    "LEFT JOIN articles_article a ON CAST(a.id AS TEXT) = v.object_id WHERE a.id IS NULL",
    "revision without versions": "SELECT COUNT(*) FROM reversion_revision r "
    "WHERE NOT EXISTS (SELECT 1 FROM reversion_version v WHERE v.revision_id = r.id)",
    "source without stories": "SELECT COUNT(*) FROM articles_source s "
    "WHERE NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.source_id = s.id)",
    "story stored twice": "SELECT COUNT(*) FROM (SELECT content_hash FROM articles_article "
    "GROUP BY content_hash HAVING COUNT(*) > 1) AS twice",
}
COUNTED = (
    "articles_article",
    "articles_mention",
    "articles_source",
    "articles_entityproposal",
    "reversion_revision",
    "reversion_version",
    "entities_entity",
)


@pytest.fixture(scope="module")
def knowledge_base(tmp_path_factory):
    """A migrated database holding the starter knowledge base, copied by each test."""
    database = migrated("faults_template", tmp_path_factory.mktemp("faults"))
    result = database.manage("load_knowledge_base")
    assert result.returncode == 0, result.stderr
    yield database
    database.drop()


@pytest.fixture
def scratch(tmp_path, knowledge_base):
    made = []

    def make(name: str) -> ScratchDatabase:
        database = ScratchDatabase(name, tmp_path).create(template=knowledge_base)
        made.append(database)
        return database

    yield make
    for database in made:
        database.drop()


def stories(database: ScratchDatabase) -> dict[str, tuple]:
    """Every story keyed by content hash, with its sorted mentions: equal for two databases
    that hold the same stories, whatever ids and order they were imported in."""
    mentions: dict[str, list] = {}
    for content_hash, *mention in database.rows(MENTIONS):
        mentions.setdefault(content_hash, []).append(tuple(str(value) for value in mention))
    return {
        content_hash: (*story, sorted(mentions.get(content_hash, [])))
        for content_hash, *story in database.rows(STORIES)
    }


def orphans(database: ScratchDatabase) -> dict[str, int]:
    return {name: database.value(sql) for name, sql in ORPHANS.items()}


def counts(database: ScratchDatabase) -> dict[str, int]:
    found = {table: database.value(f"SELECT COUNT(*) FROM {table}") for table in COUNTED}
    if database.vendor == "sqlite":  # the FTS5 search index: one row per story
        found["articles_search"] = database.value("SELECT COUNT(*) FROM articles_search")
    return found


def wait_for(condition, *, what: str, process: subprocess.Popen | None = None) -> None:
    """Poll until `condition()` holds; a process that ends first, or a minute, fails the test."""
    deadline = time.monotonic() + 60
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the import ended (status {process.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within a minute")
        time.sleep(0.005)


@pytest.mark.slow
def test_a_killed_import_run_again_stores_every_document_once_and_whole(scratch, tmp_path):
    folder = tmp_path / "wire"
    write_variants(folder, DOCUMENTS)
    clean, killed = scratch("clean"), scratch("killed")

    result = clean.manage("import_documents", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"{DOCUMENTS} imported, 0 duplicate, 0 failed"
    expected = stories(clean)
    assert len(expected) == DOCUMENTS
    assert sum(len(story[-1]) for story in expected.values()) > DOCUMENTS  # stories have mentions

    process = killed.start("import_documents", str(folder))

    def stored() -> int:
        return killed.value("SELECT COUNT(*) FROM articles_article")

    wait_for(lambda: stored() >= KILL_AFTER, what=f"{KILL_AFTER} stories", process=process)
    os.killpg(process.pid, signal.SIGKILL)  # the command and its parsing workers, at once
    process.communicate()
    assert process.returncode == -signal.SIGKILL

    # What the killed run left: whole stories only, each exactly as a clean run stores it.
    survivors = stories(killed)
    assert KILL_AFTER <= len(survivors) < DOCUMENTS
    assert all(story == expected[key] for key, story in survivors.items())
    assert set(orphans(killed).values()) == {0}, orphans(killed)

    rerun = killed.manage("import_documents", str(folder))
    assert rerun.returncode == 0, rerun.stderr
    summary = rerun.stdout.splitlines()[-1]
    assert summary == f"{DOCUMENTS - len(survivors)} imported, {len(survivors)} duplicate, 0 failed"
    assert stories(killed) == expected
    assert set(orphans(killed).values()) == {0}, orphans(killed)
    assert counts(killed) == counts(clean)


# A database that stops taking writes, in the command's own process, on the suite's database.


def run(*args: str) -> tuple[list[str], int]:
    out = StringIO()
    try:
        call_command("import_documents", *args, "--jobs", "1", stdout=out, stderr=StringIO())
    except CommandError as exc:
        return out.getvalue().splitlines(), exc.returncode
    return out.getvalue().splitlines(), 0


@contextlib.contextmanager
def refusing(monkeypatch, name: str, refuse, allow):
    """The database refuses writes from the moment the file `name` is read until the next file
    is read (`refuse()` and `allow()` change the database itself, not the importer)."""
    real_read = importing.read_document
    refused = False

    def read_document(path: Path):
        nonlocal refused
        if path.name == name:
            refuse()
            refused = True
        elif refused:
            allow()
            refused = False
        return real_read(path)

    with monkeypatch.context() as patch:
        patch.setattr(importing, "read_document", read_document)
        try:
            yield
        finally:
            if refused:
                allow()


class SQLiteReadOnly:
    """SQLite: the connection turns read-only in the middle of the file's transaction, after
    its story, source and search rows are written, as it writes the story's mentions."""

    reason = re.compile(r"readonly database")

    def refuse(self) -> None:
        def read_only_at_mentions(execute, sql, params, many, context):
            if sql.startswith('INSERT INTO "articles_mention"'):
                context["connection"].connection.execute("PRAGMA query_only = ON")
            return execute(sql, params, many, context)

        self.wrapper = connection.execute_wrapper(read_only_at_mentions)
        self.wrapper.__enter__()

    def allow(self) -> None:
        self.wrapper.__exit__(None, None, None)
        connection.cursor().execute("PRAGMA query_only = OFF")


class PostgreSQLReadOnly:
    """PostgreSQL: the session turns read-only (as on a standby, or with
    `default_transaction_read_only` set by an operator): the file's transaction may read only."""

    reason = re.compile(r"read-only transaction")

    def refuse(self) -> None:
        connection.cursor().execute("SET default_transaction_read_only = on")

    def allow(self) -> None:
        connection.cursor().execute("SET default_transaction_read_only = off")


class SQLiteFull:
    """SQLite: the file may not grow by one page (`max_page_count`), which SQLite reports as
    "database or disk is full", as on a full disk."""

    reason = re.compile(r"database or disk is full")

    def refuse(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")  # no free pages left inside the file to fill first
            cursor.execute("PRAGMA page_count")
            (pages,) = cursor.fetchone()
            cursor.execute(f"PRAGMA max_page_count = {pages}")

    def allow(self) -> None:
        connection.cursor().execute("PRAGMA max_page_count = 4294967294")


class PostgreSQLFull:
    """PostgreSQL: the server cannot extend a table's file (SQLSTATE 53100, disk_full) when the
    file's mentions are written, after its story and source rows."""

    reason = re.compile(r"No space left on device")

    def refuse(self) -> None:
        connection.cursor().execute(
            "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'could not extend file: No space left on device' "
            "USING ERRCODE = 'disk_full'; END $$; "
            "CREATE TRIGGER disk_full BEFORE INSERT ON articles_mention "
            "FOR EACH STATEMENT EXECUTE FUNCTION disk_full()"
        )

    def allow(self) -> None:
        connection.cursor().execute(
            "DROP TRIGGER IF EXISTS disk_full ON articles_mention; "
            "DROP FUNCTION IF EXISTS disk_full()"
        )


def search_rows() -> set[int]:
    """The story ids in SQLite's FTS5 search index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM articles_search")
        return {rowid for (rowid,) in cursor.fetchall()}


FAULTS = {
    "read-only": {"sqlite": SQLiteReadOnly, "postgresql": PostgreSQLReadOnly},
    "full": {"sqlite": SQLiteFull, "postgresql": PostgreSQLFull},
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.django_db(transaction=True)
def test_a_database_refusing_writes_fails_that_file_clearly_and_the_import_carries_on(
    fault, tmp_path, monkeypatch
):
    call_command("loaddata", "seed", verbosity=0)  # the seed knowledge base links the stories
    paths = write_variants(tmp_path / "wire", 5)
    refused = paths[2]
    refused_hash = parse_document(refused.read_bytes()).content_hash
    database = FAULTS[fault][connection.vendor]()
    sources = Source.objects.count()
    indexed = search_rows() if connection.vendor == "sqlite" else set()
    seed_stories = set(Article.objects.values_list("pk", flat=True))

    with refusing(monkeypatch, refused.name, database.refuse, database.allow):
        lines, code = run(str(tmp_path / "wire"))

    assert code == 1
    assert lines[-1] == "4 imported, 0 duplicate, 1 failed"
    (failure,) = [line for line in lines if line.startswith("failed ")]
    assert failure.startswith(f"failed {refused}: ")
    assert database.reason.search(failure), failure
    imported = [line for line in lines if line.startswith("imported ")]
    assert [line.split()[1] for line in imported] == [str(p) for p in paths if p != refused]

    # Nothing of the refused file is stored: no story, mention, source, revision or index row.
    assert not Article.objects.filter(content_hash=refused_hash).exists()
    assert Article.objects.count() == len(seed_stories) + 4
    assert Source.objects.count() == sources
    with connection.cursor() as cursor:
        for what, sql in ORPHANS.items():
            if what != "source without stories":  # the seed has one (MENAFN), counted above
                cursor.execute(sql)
                assert cursor.fetchone() == (0,), what
        cursor.execute(
            "SELECT COUNT(*) FROM reversion_revision WHERE comment = %s",
            [f"Imported from {refused.name}"],
        )
        assert cursor.fetchone() == (0,)
    if connection.vendor == "sqlite":  # the search index gained the stored stories alone
        stored = set(Article.objects.values_list("pk", flat=True)) - seed_stories
        assert search_rows() - indexed == stored

    # Once the database takes writes again, the same folder completes the import.
    lines, code = run(str(tmp_path / "wire"))
    assert (code, lines[-1]) == (0, "1 imported, 4 duplicate, 0 failed")
    story = Article.objects.get(content_hash=refused_hash)
    assert story.mentions.exists()
    assert story.original_filename == refused.name


# A connection that drops part-way (a restarted server, a killed backend, a dropped network).


def drop(wrapper) -> None:
    """The connection goes away under Django, as when the server ends it."""
    if wrapper.vendor == "sqlite":
        wrapper.connection.close()
    else:
        with contextlib.suppress(Exception), wrapper.connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


@contextlib.contextmanager
def dropping(monkeypatch, name: str, times: int):
    """The connection drops as file `name`'s story is written, `times` times in all."""
    real_read = importing.read_document
    state = {"current": None, "left": times}

    def read_document(path: Path):
        state["current"] = path.name
        return real_read(path)

    def drop_at_story(execute, sql, params, many, context):
        if (
            state["current"] == name
            and state["left"] > 0
            and sql.startswith('INSERT INTO "articles_article"')
        ):
            state["left"] -= 1
            drop(context["connection"])
        return execute(sql, params, many, context)

    with monkeypatch.context() as patch, connection.execute_wrapper(drop_at_story):
        patch.setattr(importing, "read_document", read_document)
        yield state


@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_is_opened_again_and_the_file_stored(tmp_path, monkeypatch):
    call_command("loaddata", "seed", verbosity=0)
    paths = write_variants(tmp_path / "wire", 5)
    before = Article.objects.count()

    with dropping(monkeypatch, paths[1].name, times=1) as state:
        lines, code = run(str(tmp_path / "wire"))

    assert state["left"] == 0  # the connection did drop
    assert code == 0, lines
    assert lines[-1] == "5 imported, 0 duplicate, 0 failed"
    assert Article.objects.count() == before + 5
    with connection.cursor() as cursor:
        for what, sql in ORPHANS.items():
            if what != "source without stories":
                cursor.execute(sql)
                assert cursor.fetchone() == (0,), what


@pytest.mark.django_db(transaction=True)
def test_a_file_whose_connection_drops_twice_is_reported_and_the_rest_are_stored(
    tmp_path, monkeypatch
):
    call_command("loaddata", "seed", verbosity=0)
    paths = write_variants(tmp_path / "wire", 5)
    lost = paths[2]
    before = Article.objects.count()

    with dropping(monkeypatch, lost.name, times=2):
        lines, code = run(str(tmp_path / "wire"))

    assert code == 1
    assert lines[-1] == "4 imported, 0 duplicate, 1 failed"
    (failure,) = [line for line in lines if line.startswith("failed ")]
    assert failure.startswith(f"failed {lost}: not stored, the database connection was lost")
    assert Article.objects.count() == before + 4
    lost_hash = parse_document(lost.read_bytes()).content_hash
    assert not Article.objects.filter(content_hash=lost_hash).exists()
