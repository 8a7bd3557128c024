"""The filter and rank of a search on each database: `sqlite` (FTS5, bm25) and `postgres`
(`search_vector`, ts_rank). Each builds Django expressions; `articles.search.engine` joins them."""

from __future__ import annotations

from django.db import connections

from articles.search.backends.postgres import PostgresSearch
from articles.search.backends.sqlite import SQLiteSearch

Backend = type[SQLiteSearch] | type[PostgresSearch]


def backend_for(using: str) -> Backend:
    """The search of the database `using` names."""
    return PostgresSearch if connections[using].vendor == "postgresql" else SQLiteSearch
