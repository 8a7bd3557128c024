"""Database objects Django's model state cannot express, and so cannot keep.

Indexes Django can express live in the models' `Meta.indexes` (a SQLite table rebuild makes
them again). What stays raw SQL in the migrations is listed here, per database vendor: the
SQLite FTS5 table, triggers, the PostgreSQL functions, and indexes only one database has or
can build. Django knows nothing of them, so when it rebuilds a SQLite table (an `AlterField`,
say) they vanish without a word; `articles.checks` reports each one missing, and
`manage.py repair_schema_objects` makes it again from the same SQL its migration ran.

An object is required once the migration that creates it is applied: a database that is
still being migrated is not yet missing anything.
"""

from __future__ import annotations

import importlib
import io
from dataclasses import dataclass
from functools import cache

from django.core.management import call_command
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


@dataclass(frozen=True)
class SchemaObject:
    """One raw object: where it comes from and how it is made again."""

    name: str
    kind: str  # "table", "index", "trigger" or "function"
    vendor: str
    migration: tuple[str, str]  # (app label, migration name) that creates it
    why: str
    command: str = ""  # a management command that re-creates it (and its contents)

    @property
    def migration_label(self) -> str:
        return ".".join(self.migration)

    def create_statements(self) -> tuple[str, ...]:
        """The SQL that re-creates it: the statements its migration ran, read from there."""
        return _statements()[(self.vendor, self.kind, self.name)]


def _migration(name: str):
    return importlib.import_module(f"articles.migrations.{name}")


SEARCH = "0005_search"
TIMELINE = "0008_denormalised_timeline"
SEARCH_INDEXES = "0012_search_indexes"
IMPACTS = "0013_search_impacts"

# In the order of the migration's SQLITE_FORWARD.
SQLITE_TRIGGERS = (
    "articles_mention_copy_insert",
    "articles_mention_copy_update",
    "articles_article_copy_insert",
    "articles_article_copy_update",
)


def _object(name: str, kind: str, vendor: str, migration: str, why: str, **extra) -> SchemaObject:
    return SchemaObject(name, kind, vendor, ("articles", migration), why, **extra)


# In creation order: a function comes before the trigger or index that calls it.
OBJECTS: tuple[SchemaObject, ...] = (
    _object(
        "articles_search",
        "table",
        SQLITE,
        SEARCH,
        "FTS5 full-text index of every story's headline and text",
        command="rebuild_search_index",
    ),
    *(
        _object(name, "trigger", SQLITE, TIMELINE, "copies a story's status and dates to mentions")
        for name in SQLITE_TRIGGERS
    ),
    _object(
        "article_search_visible",
        "index",
        SQLITE,
        SEARCH_INDEXES,
        "a search's visibility and date lookups (INDEXED BY in articles.search)",
    ),
    *(
        _object(name, "function", POSTGRESQL, SEARCH, "builds search_vector")
        for name in (
            "articles_search_config",
            "articles_search_term",
            "articles_article_search_vector",
        )
    ),
    _object("articles_article_search_vector", "trigger", POSTGRESQL, SEARCH, "sets search_vector"),
    _object("articles_article_search_vector_gin", "index", POSTGRESQL, SEARCH, "full-text matches"),
    *(
        _object(name, "function", POSTGRESQL, TIMELINE, "copies a story's status and dates")
        for name in ("articles_mention_copy_article", "articles_article_copy_to_mentions")
    ),
    *(
        _object(name, "trigger", POSTGRESQL, TIMELINE, "copies a story's status and dates")
        for name in (
            "articles_mention_copy_article",
            "articles_article_copy_insert",
            "articles_article_copy_update",
        )
    ),
    _object("articles_search_impacts", "function", POSTGRESQL, IMPACTS, "lexeme impact buckets"),
    _object("article_search_impacts", "index", POSTGRESQL, IMPACTS, "ranked one-word searches"),
)


@cache
def _statements() -> dict[tuple[str, str, str], tuple[str, ...]]:
    """Each object's SQL, from its migration's own constants (one copy of the SQL)."""
    search, timeline = _migration(SEARCH), _migration(TIMELINE)
    indexes, impacts = _migration(SEARCH_INDEXES), _migration(IMPACTS)

    def backfill(undated: str) -> str:
        # A trigger's copies are stale once it has been missing: fill them before it is back.
        source = timeline.FROM_ARTICLE.format(
            undated=undated, article_id="articles_mention.article_id"
        )
        return f"UPDATE articles_mention SET ({timeline.COPY_COLUMNS}) = ({source})"

    sqlite_fill = backfill(timeline.SQLITE_UNDATED)
    pg_fill = backfill(timeline.PG_UNDATED)
    pg_search, pg_timeline = search.POSTGRES_FORWARD, timeline.POSTGRES_FORWARD
    sqlite_triggers = zip(SQLITE_TRIGGERS, timeline.SQLITE_FORWARD, strict=True)
    return {
        (SQLITE, "table", "articles_search"): (),
        **{(SQLITE, "trigger", name): (sqlite_fill, sql) for name, sql in sqlite_triggers},
        (SQLITE, "index", "article_search_visible"): (indexes.SQLITE_VISIBLE_INDEX,),
        (POSTGRESQL, "function", "articles_search_config"): (pg_search[0],),
        (POSTGRESQL, "function", "articles_search_term"): (pg_search[1],),
        (POSTGRESQL, "function", "articles_article_search_vector"): (pg_search[2],),
        # Every story's vector again (the trigger fires on search_vector), as 0005 did.
        (POSTGRESQL, "trigger", "articles_article_search_vector"): (pg_search[3], pg_search[5]),
        (POSTGRESQL, "index", "articles_article_search_vector_gin"): (pg_search[4],),
        (POSTGRESQL, "function", "articles_mention_copy_article"): (pg_timeline[0],),
        (POSTGRESQL, "trigger", "articles_mention_copy_article"): (pg_timeline[1], pg_fill),
        (POSTGRESQL, "function", "articles_article_copy_to_mentions"): (pg_timeline[2],),
        (POSTGRESQL, "trigger", "articles_article_copy_insert"): (pg_timeline[3],),
        (POSTGRESQL, "trigger", "articles_article_copy_update"): (pg_fill, pg_timeline[4]),
        (POSTGRESQL, "function", "articles_search_impacts"): (impacts.FUNCTION,),
        (POSTGRESQL, "index", "article_search_impacts"): (impacts.INDEX,),
    }


_EXISTING_SQL = {
    SQLITE: "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')",
    POSTGRESQL: """
        SELECT 'index', indexname FROM pg_indexes WHERE schemaname = current_schema()
        UNION ALL
        SELECT 'trigger', t.tgname FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
        UNION ALL
        SELECT 'function', proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace
    """,
}


def required(connection: BaseDatabaseWrapper) -> list[SchemaObject]:
    """The objects this database must have: its vendor's, from migrations already applied."""
    applied = MigrationRecorder(connection).applied_migrations()
    return [o for o in OBJECTS if o.vendor == connection.vendor and o.migration in applied]


def existing(connection: BaseDatabaseWrapper) -> set[tuple[str, str]]:
    """(kind, name) of every table, index, trigger and function the database has."""
    sql = _EXISTING_SQL.get(connection.vendor)
    if sql is None:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {(kind, name) for kind, name in cursor.fetchall()}


def missing(connection: BaseDatabaseWrapper) -> list[SchemaObject]:
    """The required objects the database lacks, in creation order."""
    found = existing(connection)
    # A PostgreSQL trigger and its function share some names: kind tells them apart.
    return [o for o in required(connection) if (o.kind, o.name) not in found]


def repair(connection: BaseDatabaseWrapper) -> list[SchemaObject]:
    """Make every missing object again, as its migration did; returns what was made."""
    made = missing(connection)
    for obj in made:
        if obj.command:
            call_command(obj.command, database=connection.alias, stdout=io.StringIO())
            continue
        with connection.cursor() as cursor:
            for statement in obj.create_statements():
                cursor.execute(statement)
    return made
