"""Readers that count a search and find its page's story ids from indexes alone.

A search of plain words reads every matching story whole: on SQLite a story's status and
publish time sit after its body and text, in overflow pages, and a sort holds every selected
column of every match; on PostgreSQL `ts_rank` reads each match's toasted vector. When nothing
but the readers' rule (or nothing at all) narrows the search, a reader counts the matches and
finds the page's ids from indexes (`SearchResults` then reads only the page's stories): on
SQLite the FTS5 table and `article_search_visible` (migration 0012), on PostgreSQL, for one
word, the impact index (migration 0013). Same answers, same order.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Protocol

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from articles.search.backends import Backend
from articles.search.backends.postgres import PG_WEIGHTS, PostgresSearch
from articles.search.backends.sqlite import FTS_TABLE, TITLE_WEIGHT, SQLiteSearch


class Reader(Protocol):
    """What `SearchResults` asks of a reader: None from either means "ask Django instead"."""

    seen: dict

    def count(self, using: str) -> int | None: ...

    def page(self, using: str, *, offset: int, limit: int) -> list[int] | None: ...


def reader_for(backend: Backend, base: QuerySet, words: Sequence[str]) -> Reader | None:
    """The reader for a search of plain `words` over `base`, or None when none applies: `base`
    is more than every story or the live ones, or (PostgreSQL) there are several words."""
    live_at = _visible_from(base)
    if live_at is None:
        return None
    if backend is SQLiteSearch:
        if not _has_visible_index(base.db):
            return None
        return SQLiteReader(SQLiteSearch.expression(words, "AND"), live_at or None)
    if len(words) != 1:
        return None  # several words: every story found matches several lexemes
    return PostgresReader(PostgresSearch.tsquery(words, "||"), live_at or None)


def _visible_from(queryset: QuerySet) -> datetime.datetime | bool | None:
    """What a queryset holds before the search: every story (False), the stories live at a
    moment (that moment: `published()` and nothing else), or anything else (None)."""
    # Imported here: articles.models imports nothing from search, and search is imported early.
    from articles.models import live_q

    query = queryset.query
    if query.distinct or query.combinator or len(query.alias_map) > 1 or query.is_sliced:
        return None
    if not query.where:
        return False
    moments = [
        node.rhs
        for node in _lookups(query.where)
        if node.lookup_name == "lte"
        and getattr(node.lhs, "target", None) is not None
        and node.lhs.target.name == "publish_at"
    ]
    if len(moments) == 1:
        rule = queryset.model.objects.filter(live_q(now=moments[0])).query.where
        if query.where == rule:
            return moments[0]
    return None


def _lookups(node) -> Iterator:
    """The lookups of a where tree, however nested."""
    for child in getattr(node, "children", ()):
        if hasattr(child, "children"):
            yield from _lookups(child)
        else:
            yield child


_VISIBLE_INDEX = "article_search_visible"
_indexes_seen: dict[str, bool] = {}


def _has_visible_index(using: str) -> bool:
    """Whether migration 0012's index is there (a Django table rebuild on SQLite drops it)."""
    key = f"{using}:{connections[using].settings_dict['NAME']}"
    if key not in _indexes_seen:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s", [_VISIBLE_INDEX]
            )
            _indexes_seen[key] = cursor.fetchone() is not None
    return _indexes_seen[key]


@dataclass(frozen=True)
class SQLiteReader:
    """SQLite: the FTS5 table and `article_search_visible` (id, status, publish time, date).

    The FTS5 query is the outer loop (CROSS JOIN), so it runs once, and each match's
    visibility and date are one lookup in the index, never the story's row. Its bm25 under
    AND equals the rank's under OR for every match (it sums over the same phrases).
    """

    match: str  # the FTS5 expression, words joined by AND
    live_at: datetime.datetime | None  # None: every story
    seen: dict = field(default_factory=dict, compare=False)

    def count(self, using: str) -> int:
        sql, params = self.sql(using)
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql})", params)
            return cursor.fetchone()[0]

    def page(self, using: str, *, offset: int, limit: int) -> list[int]:
        sql, params = self.sql(using, ranked=True)
        with connections[using].cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def sql(self, using: str, *, ranked: bool = False) -> tuple[str, list]:
        """The matching stories' ids; `ranked` orders them as `search_articles` does (bm25,
        then newest first, then id)."""
        params: list = [self.match]
        where = ""
        if self.live_at is not None:
            where = "AND a.status = %s AND (a.publish_at IS NULL OR a.publish_at <= %s)"
            params += ["published", connections[using].ops.adapt_datetimefield_value(self.live_at)]
        score = f", -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0) AS score" if ranked else ""
        sql = (
            f"SELECT f.id FROM (SELECT rowid AS id{score} FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s) AS f "
            f"CROSS JOIN articles_article AS a INDEXED BY {_VISIBLE_INDEX} "
            f"WHERE a.id = f.id {where}"
        )
        if ranked:
            # COALESCE(published, ...) is sort_date, read from the index.
            sql += " ORDER BY f.score DESC, COALESCE(a.published, '0001-01-01') DESC, a.id DESC"
        return sql, params


# PostgreSQL's impact index (migration 0013): each lexeme of a story's vector as "lexeme
# headline-count text-count", the counts in buckets. A story that holds one lexeme of the query
# ranks (ts_rank) by those two counts alone: its vector lists the lexeme's headline positions
# (weight A) before its text positions (B), and the rank adds up weights in position order.
# Buckets, best first: four or more in the headline (ranked by their own vectors), then for
# 3, 2, 1, 0 in the headline, text counts of 21+, 11-20, 7-10 (ranked by their own vectors)
# and 6 down to 0 (each exactly as a vector of those two counts). No bucket's stories rank
# below the next bucket's: one more headline occurrence outweighs any number in the text.
_PG_TEXT_COUNTS = (21, 11, 7, 6, 5, 4, 3, 2, 1, 0)
FEW_MATCHES = 200  # up to here the plain query ranks every match faster than the walk
_PG_EXACT_TEXT = 6
_PG_MANY_IN_HEADLINE = 4
_PG_LEXEMES = re.compile(r"\s*'([^'\\]*)'\s*(?:\|\s*'([^'\\]*)'\s*)*")
_PG_LEXEME = re.compile(r"'([^'\\]*)'")


@dataclass(frozen=True)
class PostgresReader:
    """PostgreSQL: the page from the impact index, walking its buckets best first.

    Each bucket's stories come from the index, their visibility from the heap tuple (never
    the toasted vector); the buckets arrive in rank order, so an incremental sort stops once
    the page is full, and only stories in a bucket of many counts that the page reaches are
    ranked by their own vectors. A story holding two of the query's lexemes (a Russian surname
    in two cases) ranks by the sum: those few are ranked by their vectors and placed in the
    first bucket they reach. Declines (Django's query then ranks every match) when a query
    word is more than a union of lexemes.
    """

    query: RawSQL  # the rank's tsquery (one word's forms, each by both configurations)
    live_at: datetime.datetime | None  # None: every story
    seen: dict = field(default_factory=dict, compare=False)

    def count(self, using: str) -> None:
        return None  # Django's count reads the GIN index and each match's (narrow) heap tuple

    def page(self, using: str, *, offset: int, limit: int) -> list[int] | None:
        if self.seen.get("count", FEW_MATCHES + 1) <= FEW_MATCHES:
            return None  # ranking a few matches by their vectors costs less than the walk
        lexemes = _pg_lexemes(using, self.query.sql, tuple(self.query.params))
        if not lexemes:
            return None
        orders, tokens, shapes, floors = [], [], [], []
        for order, (headline, texts) in enumerate(_pg_buckets()):
            for lexeme in lexemes:
                for text in texts:
                    exact = headline < _PG_MANY_IN_HEADLINE and text <= _PG_EXACT_TEXT
                    orders.append(order)
                    tokens.append(f"{lexeme} {headline} {text}")
                    shapes.append(_shape(lexeme, headline, text) if exact else None)
                    floors.append(_shape(lexeme, headline, min(texts)))
        live, live_params = "", []
        if self.live_at is not None:
            live = "AND s.status = %s AND (s.publish_at IS NULL OR s.publish_at <= %s)"
            live_params = ["published", self.live_at]
        pairs = " | ".join(
            f"('{a}' & '{b}')" for n, a in enumerate(lexemes) for b in lexemes[n + 1 :]
        )
        # Stories holding two lexemes: ranked by their vectors, each in the first bucket
        # whose lowest possible rank it reaches (buckets are in descending rank).
        special = (
            "special AS MATERIALIZED (SELECT s.id, s.sort_date, "
            "ts_rank((%s)::float4[], s.search_vector, q.query) AS score "
            "FROM articles_article AS s CROSS JOIN q "
            f"WHERE s.search_vector @@ %s::tsquery {live}), "
            if pairs
            else "special AS (SELECT NULL::bigint AS id, NULL::date AS sort_date, "
            "NULL::real AS score WHERE false), "
        )
        special_params = [PG_WEIGHTS, pairs, *live_params] if pairs else []
        sql = (
            f"WITH q AS (SELECT {self.query.sql} AS query), {special}"
            "buckets AS MATERIALIZED (SELECT b.ord, array_agg(b.token) AS tokens, "
            "ts_rank((%s)::float4[], min(b.shape)::tsvector, min(q.query::text)::tsquery) "
            "AS value, "
            "ts_rank((%s)::float4[], min(b.floor)::tsvector, min(q.query::text)::tsquery) "
            "AS floor "
            "FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[]) "
            "AS b(ord, token, shape, floor) CROSS JOIN q GROUP BY b.ord), "
            "placed AS MATERIALIZED (SELECT special.*, COALESCE((SELECT min(b.ord) "
            "FROM buckets AS b WHERE special.score >= b.floor), "
            "(SELECT max(b.ord) FROM buckets AS b)) AS ord FROM special) "
            "SELECT a.id FROM (SELECT * FROM buckets ORDER BY ord) AS b "
            "CROSS JOIN q CROSS JOIN LATERAL ("
            "SELECT s.id, s.sort_date, "
            "COALESCE(b.value, ts_rank((%s)::float4[], s.search_vector, q.query)) AS score "
            # OFFSET 0 keeps the bucket's own scan to the index alone: the readers' rule,
            # applied after, must not tempt the planner into the status index and the
            # (costly) expression row by row.
            "FROM (SELECT t.id, t.sort_date, t.status, t.publish_at, t.search_vector "
            "FROM articles_article AS t "
            "WHERE articles_search_impacts(t.search_vector) && b.tokens OFFSET 0) AS s "
            f"WHERE s.id NOT IN (SELECT id FROM special) {live} "
            "UNION ALL SELECT placed.id, placed.sort_date, placed.score FROM placed "
            "WHERE placed.ord = b.ord) AS a "
            "ORDER BY b.ord, a.score DESC, a.sort_date DESC, a.id DESC LIMIT %s OFFSET %s"
        )
        params = [
            *self.query.params,
            *special_params,
            PG_WEIGHTS,
            PG_WEIGHTS,
            orders,
            tokens,
            shapes,
            floors,
            PG_WEIGHTS,
            *live_params,
            limit,
            offset,
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


@cache
def _pg_buckets() -> list[tuple[int, tuple[int, ...]]]:
    """[(headline count, text counts)] of the impact index's buckets, best first."""
    buckets = [(_PG_MANY_IN_HEADLINE, _PG_TEXT_COUNTS)]
    for headline in range(_PG_MANY_IN_HEADLINE - 1, -1, -1):
        buckets += [(headline, (text,)) for text in _PG_TEXT_COUNTS if headline or text]
    return buckets


@lru_cache(maxsize=4096)
def _pg_lexemes(using: str, sql: str, params: tuple) -> tuple[str, ...] | None:
    """A query's distinct lexemes, or None when it is more than a union of plain lexemes
    (or empty): the same words always give the same tsquery."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT ({sql})::text", params)
        text = cursor.fetchone()[0]
    if not text or not _PG_LEXEMES.fullmatch(text):
        return None
    return tuple(sorted(set(_PG_LEXEME.findall(text))))


def _shape(lexeme: str, headline: int, text: int) -> str:
    """A one-lexeme vector with the given counts: `headline` positions of weight A, then
    `text` of weight B (ts_rank reads the weights in position order, not the positions)."""
    positions = [f"{n}A" for n in range(1, headline + 1)]
    positions += [f"{n}B" for n in range(headline + 1, headline + text + 1)]
    return f"'{lexeme}':" + ",".join(positions)
