"""Indexes that let a search read indexes instead of rows (articles.search).

- Both databases: entity names by `LOWER(name)`, as a query's phrases are looked up
  (`articles.search.query._entities_named`); without it every search scanned the 20,000 entities.
- SQLite: `article_search_visible` (id, status, publish_at, published). A story's status and
  publish time sit after its body and text, in overflow pages; read by id from this index, the
  readers' rule and the newest-first tie-break of every match cost one index lookup, not a walk
  through the row. PostgreSQL keeps those columns in the heap tuple, before the toasted text.

Raw SQL, outside Django's model state (like the FTS5 table of 0005): the search code checks
that the SQLite index exists before naming it.
"""

from django.db import migrations

ENTITY_NAME_INDEX = "CREATE INDEX IF NOT EXISTS entity_lower_name ON entities_entity (LOWER(name))"
SQLITE_VISIBLE_INDEX = (
    "CREATE INDEX IF NOT EXISTS article_search_visible "
    "ON articles_article (id, status, publish_at, published)"
)


def create_indexes(apps, schema_editor):
    schema_editor.execute(ENTITY_NAME_INDEX)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_VISIBLE_INDEX)


def drop_indexes(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS entity_lower_name")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_visible")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_mention_article_entities"),
        ("entities", "0003_entity_redirect"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
