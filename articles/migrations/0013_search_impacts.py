"""PostgreSQL: an index of how often each lexeme occurs in each story's headline and text.

`articles_search_impacts(search_vector)` lists each lexeme of a story as "lexeme headline-count
text-count" (headline counts 0-3 and 4 for more; text counts 0-6, then 7 for 7-10, 11 for
11-20, 21 for more). For a query of one lexeme, ts_rank is a function of those two counts
alone, so a search walks this GIN index bucket by bucket, best first, and stops after its page
instead of reading every match's toasted vector (articles.search.indexed.PostgresReader).

The index is an expression over search_vector: PostgreSQL keeps it on every write path, with
no trigger of its own. The function is declared costly (it reads the whole vector), so the
planner finds a bucket's stories through this index and never evaluates it row by row. SQLite
has nothing to do here.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION articles_search_impacts(vector tsvector) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000
    AS $$ SELECT coalesce(array_agg(u.lexeme || ' ' || least(c.headline, 4) || ' '
                   || CASE WHEN c.text <= 6 THEN c.text WHEN c.text <= 10 THEN 7
                           WHEN c.text <= 20 THEN 11 ELSE 21 END), '{}')
          FROM unnest(vector) AS u
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE w = 'A') AS headline,
                                     count(*) FILTER (WHERE w <> 'A') AS text
                              FROM unnest(u.weights) AS w) AS c $$
"""
INDEX = (
    "CREATE INDEX IF NOT EXISTS article_search_impacts ON articles_article "
    "USING gin (articles_search_impacts(search_vector))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_impacts")
        schema_editor.execute("DROP FUNCTION IF EXISTS articles_search_impacts(tsvector)")


class Migration(migrations.Migration):

    dependencies = [("articles", "0012_search_indexes")]

    operations = [migrations.RunPython(create_index, drop_index)]
