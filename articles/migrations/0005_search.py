"""Full-text search: PostgreSQL's search_vector (trigger, GIN index) or SQLite's FTS5 table.

One migration for both databases: each part runs only on its own vendor. See articles.search.
"""

import django.contrib.postgres.search
from django.db import migrations

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search "
    "USING fts5(title, body, tokenize='unicode61 remove_diacritics 0')"
)

# The story's language picks the configuration: russian for 'ru', english for the rest; ё is
# read as е, as queries are (entities.models.normalize_name), since writers use both.
# articles_search_term parses one query word with both; a word either takes for a stop word is
# dropped (an empty tsquery, which && and || ignore), so Russian stop words never demand a match.
POSTGRES_FORWARD = [
    """
CREATE FUNCTION articles_search_config(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN language = 'ru' THEN 'pg_catalog.russian'::regconfig
                      ELSE 'pg_catalog.english'::regconfig END $$
""",
    """
CREATE FUNCTION articles_search_term(word text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT CASE WHEN numnode(en) = 0 OR numnode(ru) = 0 THEN ''::tsquery ELSE en || ru END
          FROM (SELECT plainto_tsquery('pg_catalog.english', word) AS en,
                       plainto_tsquery('pg_catalog.russian', word) AS ru) AS parsed $$
""",
    """
CREATE FUNCTION articles_article_search_vector() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(articles_search_config(NEW.language),
                              translate(coalesce(NEW.title, ''), 'ёЁ', 'еЕ')), 'A')
        || setweight(to_tsvector(articles_search_config(NEW.language),
                                 translate(coalesce(NEW.text, ''), 'ёЁ', 'еЕ')), 'B');
    RETURN NEW;
END
$$
""",
    """
CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF title, text, language, search_vector ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()
""",
    """
CREATE INDEX articles_article_search_vector_gin ON articles_article USING gin (search_vector)
""",
    """
UPDATE articles_article SET search_vector = NULL
""",
]

POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS articles_article_search_vector_gin",
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vector()",
    "DROP FUNCTION IF EXISTS articles_search_term(text)",
    "DROP FUNCTION IF EXISTS articles_search_config(text)",
]


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)
    elif connection.vendor == "sqlite":
        # Stems are computed in Python (FTS5 has no Russian stemmer), by the same code as on
        # every later save, so existing stories are indexed here.
        from articles.search import write_index

        schema_editor.execute(SQLITE_TABLE)
        Article = apps.get_model("articles", "Article")
        rows = Article.objects.using(connection.alias).values_list("pk", "title", "text")
        write_index(rows.iterator(), using=connection.alias)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS articles_search")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_article_publish_permission'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, help_text='PostgreSQL only: headline and text for full-text search, set by a trigger (articles.search). SQLite keeps its own index table.', null=True),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
