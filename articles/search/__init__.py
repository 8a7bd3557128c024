"""Full-text search over stories' headlines and text, in English and Russian, on both databases.

One entry point, `search_articles(queryset, query)`, filters a story queryset and orders it by
relevance, as `SearchResults`; `add_snippets` highlights the matches for a page of results. The
queryset decides what may be found (`Article.objects.published()` for readers), so search never
widens access.

- PostgreSQL (`backends.postgres`): `Article.search_vector`, kept by a trigger, ranked with
  `ts_rank`.
- SQLite (`backends.sqlite`): an FTS5 table, `articles_search`, of the Snowball stems of each
  story's headline and text, kept in step by the Article save and delete signals, ranked with
  bm25.

On both, one parser (`query`) reads the query's syntax (words, "phrases", `OR`, `-word`; stop
words dropped) and each backend compiles the same structure (docs/search.md). Every word must
match (any inflection), unless it is part of a name in the knowledge base: a phrase that is
an entity's alias, in any script, also matches the stories with a confirmed public mention of
that entity (`Байрамов` finds the English
stories about Jeyhun Bayramov).

A search of plain words over the readers' live stories (or every story), with nothing else
narrowing it, counts and ranks from indexes and reads only its page's stories (`indexed`).

This module holds no code: it names what the rest of the project uses.
"""

from articles.search.backends.sqlite import (
    CREATE_FTS_TABLE,
    FTS_TABLE,
    Stems,
    article_deleted,
    article_saved,
    index_row,
    optimize_index,
    rebuild,
    reindex,
    reset_index,
    uses_fts_table,
    write_index,
    write_stems,
)
from articles.search.engine import search_articles
from articles.search.query import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    Group,
    ParsedQuery,
    clean_query,
    index_text,
    parse_query,
    query_keys,
    stem,
    tokenize_query,
)
from articles.search.results import SearchResults
from articles.search.snippets import SNIPPET_CHARS, add_snippets, highlight, marked, snippet
from articles.search.stopwords import STOP_WORDS, is_stop_word

__all__ = [
    "CREATE_FTS_TABLE",
    "FTS_TABLE",
    "MAX_QUERY_LENGTH",
    "MAX_QUERY_WORDS",
    "SNIPPET_CHARS",
    "STOP_WORDS",
    "Group",
    "ParsedQuery",
    "SearchResults",
    "Stems",
    "add_snippets",
    "article_deleted",
    "article_saved",
    "clean_query",
    "highlight",
    "index_row",
    "index_text",
    "is_stop_word",
    "marked",
    "optimize_index",
    "parse_query",
    "query_keys",
    "rebuild",
    "reindex",
    "reset_index",
    "search_articles",
    "snippet",
    "stem",
    "tokenize_query",
    "uses_fts_table",
    "write_index",
    "write_stems",
]
