"""The raw baseline `make bench` measures Newsroom against: the same requests, answered with the
best SQL we can write, orjson and f-strings, in a bare WSGI function (no Django, no framework).

It answers, for anonymous readers (published, live stories and confirmed mentions only):

- `GET /api/v1/articles/?entity=<slug>&page_size=N[&page=P]`, `?q=<words>`: Newsroom's
  paginated list, item for item as `ArticleSerializer` writes it;
- `GET /api/v1/articles/<slug>/`: as `ArticleDetailSerializer` writes it;
- `GET /articles/[?page=P]` and `GET /entities/<slug>/[?page=P]`: the same data as the public
  pages (cards, counts, sources, aliases, roles, timeline, entities it appears with), rendered
  as minimal HTML.

The SQL relies on the denormalised columns that give the hot reads an index-ordered plan:
`articles_mention.article_status/article_date/article_publish_at` (an entity's stories walk
the mention index in date order) and `articles_article.sort_date` (newest first, undated last).
Search follows `articles.search` (the same stems, entity names and ranking), ported here so
the baseline needs nothing of Django.

The database comes from `DATABASE_URL` (SQLite file or PostgreSQL), one connection per process;
`make_app(connect)` takes any DB-API connection factory instead (the tests pass Django's own).
"""

from __future__ import annotations

import datetime
import html
import os
import re
import sys
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import orjson
import Stemmer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from articles.search.stopwords import is_stop_word
from entities.linking.normalize import is_cyrillic, normalize_word

STORIES_PER_PAGE = 20  # the public list and entity pages
DEFAULT_PAGE_SIZE = 20  # the API
MAX_PAGE_SIZE = 100
APPEARS_WITH = 8
UNDATED = "0001-01-01"
SQLITE_MMAP_BYTES = 4 * 1024**3
SQLITE_CACHE_KIB = 64 * 1024

# As in articles.search.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
MAX_PHRASE_WORDS = 6
MIN_ALIAS_STEM = 4
TITLE_WEIGHT = 10.0
FEW_MATCHES = 400  # up to here, reading each match's story costs less than the hidden set
FEW_WALKED = 200  # PostgreSQL: up to here, ranking every match costs less than the walk
PG_TEXT_COUNTS = (21, 11, 7, 6, 5, 4, 3, 2, 1, 0)  # the impact index's text buckets
_PG_LEXEMES = re.compile(r"\s*'([^'\\]*)'\s*(?:\|\s*'([^'\\]*)'\s*)*")
_PG_LEXEME = re.compile(r"'([^'\\]*)'")
ENTITY_BONUS = {"sqlite": 2.0, "postgresql": 0.1}
PG_WEIGHTS = "{0.05,0.1,0.2,1.0}"
_WORD = re.compile(r"[^\W_]+")
_EDGE_PUNCTUATION = "\"'«»“”„()[]{}<>*,;:!?-–—"
_SURNAME = re.compile(r"(?:ов|ев|ин|ын)$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_DIGITS = re.compile(r"[0-9]{1,9}")
_DETAIL = re.compile(r"/api/v1/articles/([-a-zA-Z0-9_]+)/")
_ENTITY_PAGE = re.compile(r"/entities/([-\w]+)/")

TIME_ZONE = zoneinfo.ZoneInfo(os.environ.get("DJANGO_TIME_ZONE", "UTC"))
UTC = datetime.UTC


# Values as DRF writes them


def fmt_date(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def fmt_time(value) -> str | None:
    """A clock time as the API writes it ("19:19:00"): SQLite returns the stored text."""
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()


def fmt_datetime(value) -> str | None:
    """A stored time as DRF's DateTimeField writes it: ISO 8601 in the site's time zone, UTC
    as `Z`. SQLite stores UTC text ("2024-05-01 09:30:00.123456"), PostgreSQL aware times."""
    if value is None:
        return None
    if isinstance(value, str):
        if TIME_ZONE.key == "UTC":
            return value.replace(" ", "T") + "Z"
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    text = value.astimezone(TIME_ZONE).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def now_param(vendor: str):
    """The current time as each database compares it with `publish_at`."""
    now = datetime.datetime.now(UTC)
    return now if vendor == "postgresql" else str(now.replace(tzinfo=None))


def json_value(value):
    """JSONField columns: text on SQLite (and from Django's connections), parsed from psycopg."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def text_to_html(text: str) -> str:
    """As articles.html.text_to_html: blank-line paragraphs as escaped <p> blocks."""
    paragraphs = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text or "")]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


# Search: a port of articles.search's query side


_stemmers: dict[str, Stemmer.Stemmer] = {}


def _stemmer(algorithm: str) -> Stemmer.Stemmer:
    if algorithm not in _stemmers:
        _stemmers[algorithm] = Stemmer.Stemmer(algorithm)
    return _stemmers[algorithm]


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _stemmer("russian" if is_cyrillic(word) else "english").stemWord(word)


@lru_cache(maxsize=20_000)
def query_forms(word: str) -> tuple[str, ...]:
    forms = [word]
    if is_cyrillic(word):
        if _SURNAME.search(word):
            forms.append(word + "а")
        else:
            root = stem(word)
            if root != word and _SURNAME.search(root):
                forms.append(root)
    return tuple(forms)


@lru_cache(maxsize=20_000)
def query_keys(word: str) -> frozenset[str]:
    return frozenset(
        _stemmer(name).stemWord(form)
        for form in query_forms(word)
        for name in ("english", "russian")
    )


def normalize_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    return " ".join(text.split())


def clean_query(value: str) -> str:
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in value)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0]
        text = cut if cut and len(cut) <= MAX_QUERY_LENGTH else text[:MAX_QUERY_LENGTH]
    return text


def _common_prefix(words: Sequence[str]) -> str:
    shortest = min(words, key=len)
    for i, char in enumerate(shortest):
        if any(word[i] != char for word in words):
            return shortest[:i]
    return shortest


# SQL: written with %s placeholders (psycopg's), turned into ? for sqlite3.

# What readers may see, as Newsroom's live_q() and Mention.objects.public() say it. The
# indexes `article_latest_live` and `mention_entity_timeline` end with the publish time, so
# counts and pages filtered this way read indexes alone.
LIVE = "a.status = 'published' AND (a.publish_at IS NULL OR a.publish_at <= %s)"
PUBLIC_MENTION = (
    "m.status = 'confirmed' AND m.article_status = 'published' "
    "AND (m.article_publish_at IS NULL OR m.article_publish_at <= %s)"
)
# The stories readers may not see, by id, read from indexes alone (status, and the partial
# index `article_scheduled` of stories published with a publish time).
HIDDEN = (
    "SELECT h.id FROM articles_article h WHERE h.status < 'published' OR h.status > 'published' "
    "UNION ALL SELECT z.id FROM articles_article z INDEXED BY article_scheduled "
    "WHERE z.status = 'published' "
    "AND z.publish_at IS NOT NULL AND z.publish_at > %s"
)

CARD_COLUMNS = (
    "a.id, a.slug, a.title, a.summary, a.language, a.published, a.dateline, a.byline, "
    "a.status, a.publish_at, a.created, a.updated, a.version, s.slug, s.name, a.draft_saved_at, "
    "a.published_time, a.published_utc_offset"
)
DETAIL_COLUMNS = CARD_COLUMNS + ", a.body, a.text, a.original_url"


def statements(vendor: str) -> dict[str, str]:
    """The baseline's queries for this database."""
    live, public = LIVE, PUBLIC_MENTION
    month = (
        "substr(m.article_date, 1, 7)"
        if vendor == "sqlite"
        else "to_char(m.article_date, 'YYYY-MM')"
    )
    return {
        "entity": "SELECT id FROM entities_entity WHERE slug = %s",
        "entity_count": f"SELECT COUNT(*) FROM articles_mention m WHERE m.entity_id = %s "
        f"AND {public}",
        # Walks the mention index (entity, status, article_status, article_date, article_id)
        # in order and stops after one page; only that page's stories are read, by primary
        # key (a deep page's OFFSET skips index entries, not stories).
        "entity_page": f"SELECT {CARD_COLUMNS} FROM (SELECT m.article_id, m.article_date "
        f"FROM articles_mention m WHERE m.entity_id = %s AND {public} "
        "ORDER BY m.article_date DESC, m.article_id DESC LIMIT %s OFFSET %s) p "
        "JOIN articles_article a ON a.id = p.article_id "
        "LEFT JOIN articles_source s ON s.id = a.source_id "
        "ORDER BY p.article_date DESC, p.article_id DESC",
        "latest_count": f"SELECT COUNT(*) FROM articles_article a WHERE {live}",
        # The same on `article_latest_live` (status, sort_date, id, publish_at).
        "latest_page": f"SELECT {CARD_COLUMNS} FROM (SELECT a.id, a.sort_date "
        f"FROM articles_article a WHERE {live} ORDER BY a.sort_date DESC, a.id DESC "
        "LIMIT %s OFFSET %s) p JOIN articles_article a ON a.id = p.id "
        "LEFT JOIN articles_source s ON s.id = a.source_id "
        "ORDER BY p.sort_date DESC, p.id DESC",
        "detail": f"SELECT {DETAIL_COLUMNS} FROM articles_article a "
        f"LEFT JOIN articles_source s ON s.id = a.source_id WHERE a.slug = %s AND {LIVE}",
        "detail_mentions": "SELECT e.slug, e.name, e.kind, m.status, m.surface_forms, "
        "m.spans, m.count FROM articles_mention m JOIN entities_entity e ON e.id = m.entity_id "
        "WHERE m.article_id = %s AND m.status = 'confirmed' ORDER BY m.count DESC, e.name",
        "content_type": "SELECT id FROM django_content_type "
        "WHERE app_label = 'articles' AND model = 'article'",
        "sources": "SELECT slug, name FROM articles_source ORDER BY name",
        "entity_row": "SELECT id, slug, name, kind, description, wikidata_id "
        "FROM entities_entity WHERE slug = %s",
        "aliases": "SELECT name, language FROM entities_alias WHERE entity_id = %s "
        "ORDER BY language, name",
        "roles": "SELECT r.title, r.start_date, r.end_date, r.person_id, p.slug, p.name, "
        "o.slug, o.name FROM entities_role r JOIN entities_entity p ON p.id = r.person_id "
        "LEFT JOIN entities_entity o ON o.id = r.organization_id "
        "WHERE r.person_id = %s OR r.organization_id = %s "
        "ORDER BY r.start_date IS NULL, r.start_date DESC, r.title",
        "timeline": f"SELECT {month} AS month, COUNT(*) FROM articles_mention m "
        f"WHERE m.entity_id = %s AND {public} AND m.article_date <> '{UNDATED}' "
        "GROUP BY month ORDER BY month",
        # Grouped by entity id first: only the groups, not every shared mention, meet the
        # entity table.
        "partners": "SELECT e.slug, e.name, e.kind, p.shared FROM (SELECT o.entity_id, "
        "COUNT(*) AS shared FROM articles_mention m "
        "JOIN articles_mention o ON o.article_id = m.article_id "
        f"WHERE m.entity_id = %s AND {public} AND o.status = 'confirmed' "
        "AND o.entity_id <> %s GROUP BY o.entity_id) p "
        "JOIN entities_entity e ON e.id = p.entity_id ORDER BY p.shared DESC, e.name LIMIT %s",
    }


SEARCH_INDEX = {"sqlite": "article_search_visible", "postgresql": "article_search_impacts"}
INDEX_EXISTS = {
    "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s",
    "postgresql": "SELECT 1 FROM pg_indexes WHERE indexname = %s",
}


class Database:
    """One DB-API connection and the vendor's dialect; reads only."""

    def __init__(self, connection, vendor: str, *, plain: bool = False) -> None:
        """`plain` searches with the straightforward SQL, never the SQLite path that needs the
        partial index `article_scheduled` (as when it is missing)."""
        self.connection = connection
        self.vendor = vendor
        self.bonus = ENTITY_BONUS[vendor]
        self._content_type: int | None = None
        self.scheduled_index = not plain and bool(
            self.value(INDEX_EXISTS[vendor], ["article_scheduled"])
        )
        # Migration 0012 (SQLite) and 0013 (PostgreSQL): search from indexes, as Newsroom does.
        self.search_index = not plain and bool(
            self.value(INDEX_EXISTS[vendor], [SEARCH_INDEX[vendor]])
        )
        self.q = statements(vendor)

    def sql(self, text: str) -> str:
        return text.replace("%s", "?") if self.vendor == "sqlite" else text

    def rows(self, text: str, params: Sequence = ()) -> list[tuple]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self.sql(text), tuple(params))
            return cursor.fetchall()
        finally:
            cursor.close()

    def value(self, text: str, params: Sequence = ()):
        rows = self.rows(text, params)
        return rows[0][0] if rows else None

    @property
    def article_type(self) -> int:
        if self._content_type is None:
            self._content_type = self.value(self.q["content_type"])
        return self._content_type

    def entity_count(self, entity_id: int, now) -> int:
        return self.value(self.q["entity_count"], [entity_id, now])

    def latest_count(self, now) -> int:
        return self.value(self.q["latest_count"], [now])

    def in_list(self, values: Sequence) -> str:
        return ", ".join(["%s"] * len(values))

    # Cards: one query for the page's entities, one for its tags

    def cards(self, rows: Sequence[tuple], origin: str, *, with_tags: bool = True) -> list[dict]:
        if not rows:
            return []
        ids = [row[0] for row in rows]
        marks = self.in_list(ids)
        entities: dict[int, list[dict]] = {pk: [] for pk in ids}
        for article_id, slug, name, kind in self.rows(
            "SELECT m.article_id, e.slug, e.name, e.kind FROM articles_mention m "
            "JOIN entities_entity e ON e.id = m.entity_id "
            f"WHERE m.article_id IN ({marks}) AND m.status = 'confirmed' "
            "ORDER BY m.count DESC, e.name",
            ids,
        ):
            entities[article_id].append({"slug": slug, "name": name, "kind": kind})
        tags: dict[int, list[str]] = {pk: [] for pk in ids}
        if with_tags:
            for object_id, name in self.rows(
                "SELECT i.object_id, t.name FROM taggit_taggeditem i "
                "JOIN taggit_tag t ON t.id = i.tag_id "
                f"WHERE i.content_type_id = %s AND i.object_id IN ({marks})",
                [self.article_type, *ids],
            ):
                tags[object_id].append(name)
        return [card(row, origin, sorted(tags[row[0]]), entities[row[0]]) for row in rows]

    # Search

    def parse_query(self, query: str) -> tuple[str, list[tuple[tuple[str, ...], frozenset]]]:
        """(cleaned text, [(words, entity ids)]) exactly as articles.search.parse_query."""
        text = clean_query(query)
        parts: list[str] = []
        phrases: list[list[str]] = []
        count = 0
        for part in normalize_name(text).split():
            words = [w for w in (normalize_word(m) for m in _WORD.findall(part)) if w]
            if not words or count >= MAX_QUERY_WORDS:
                continue
            parts.append(part.strip(_EDGE_PUNCTUATION))
            phrases.append(words[: MAX_QUERY_WORDS - count])
            count += len(phrases[-1])
        if not phrases:
            return text, []
        singles = [words[0] if len(words) == 1 else "" for words in phrases]
        matches = self._entities_named(parts, singles)
        groups, i = [], 0
        while i < len(phrases):
            for j in range(min(len(phrases), i + MAX_PHRASE_WORDS), i, -1):
                ids = matches.get((i, j))
                if ids:
                    break
            else:
                j, ids = i + 1, frozenset()
            groups.append((tuple(w for words in phrases[i:j] for w in words), frozenset(ids)))
            i = j
        # A word too common to search for ("the") is left out, as both databases do.
        return text, [(words, ids) for words, ids in groups if ids or not is_stop_word(words[0])]

    def _entities_named(self, parts: list[str], singles: list[str]) -> dict:
        runs: dict[str, list[tuple[int, int]]] = {}
        for i in range(len(parts)):
            for j in range(i + 1, min(len(parts), i + MAX_PHRASE_WORDS) + 1):
                runs.setdefault(" ".join(parts[i:j]), []).append((i, j))
        inflected: dict[str, list[int]] = {}
        for i, word in enumerate(singles):
            prefix = _common_prefix([word, *query_keys(word)]) if word else ""
            if len(prefix) >= MIN_ALIAS_STEM:
                inflected.setdefault(prefix, []).append(i)
        names = list(runs)
        condition = f"normalized IN ({self.in_list(names)})"
        params: list = list(names)
        for prefix in inflected:
            if self.vendor == "sqlite":
                # A range reads the index on `normalized`; SQLite's LIKE would scan the table.
                condition += " OR (normalized >= %s AND normalized < %s AND normalized NOT LIKE %s)"
                params += [prefix, prefix + "\U0010ffff", "% %"]
            else:
                condition += " OR (normalized LIKE %s AND normalized NOT LIKE %s)"
                params += [prefix + "%", "% %"]
        sql = (
            f"SELECT normalized, entity_id FROM entities_alias WHERE {condition} UNION ALL "
            f"SELECT LOWER(name), id FROM entities_entity WHERE LOWER(name) IN "
            f"({self.in_list(names)})"
        )
        found: dict[tuple[int, int], set] = {}
        for name, entity_id in self.rows(sql, [*params, *names]):
            for span in runs.get(name, ()):
                found.setdefault(span, set()).add(entity_id)
            for prefix, positions in inflected.items():
                if name.startswith(prefix) and " " not in name:
                    for i in positions:
                        if query_keys(name) & query_keys(singles[i]):
                            found.setdefault((i, i + 1), set()).add(entity_id)
        return found

    def fts(self, words: Sequence[str], joiner: str) -> tuple[str, list]:
        """A match condition on `a` (joiner AND) or a rank query (joiner OR): SQL and params."""
        if self.vendor == "sqlite":
            expression = f" {joiner} ".join(
                "(" + " OR ".join(f'"{key}"' for key in sorted(query_keys(w))) + ")" for w in words
            )
            return expression, []
        parts, params = [], []
        for word in words:
            forms = query_forms(word)
            parts.append("(" + " || ".join(["articles_search_term(%s)"] * len(forms)) + ")")
            params.extend(forms)
        pg_joiner = " && " if joiner == "AND" else " || "
        return pg_joiner.join(parts), params

    def search(self, query: str, limit: int, offset: int) -> tuple[int, list[tuple]]:
        """(count, rows of CARD_COLUMNS) of the live stories matching, best first."""
        _, groups = self.parse_query(query)
        if not groups:
            return 0, []
        now = now_param(self.vendor)
        plain = [w for words, ids in groups if not ids for w in words]
        named = [(words, ids) for words, ids in groups if ids]
        everything = [w for words, _ in groups for w in words]
        if not named and self.search_index:
            if self.vendor == "sqlite":
                return self._sqlite_indexed_search(plain, now, limit, offset)
            found = self._postgres_walk(plain, now, limit, offset)
            if found is not None:
                return found
        if self.vendor == "sqlite" and not named and self.scheduled_index:
            return self._sqlite_search(plain, now, limit, offset)
        where, where_params = [LIVE], [now]
        if plain:
            where_params += self._match(plain, where)
        score_params: list = []
        bonuses = ""
        for words, ids in named:
            match_sql, match_params = self._match_sql(words)
            marks = self.in_list(sorted(ids))
            exists = (
                "EXISTS (SELECT 1 FROM articles_mention m WHERE m.article_id = a.id "
                f"AND m.status = 'confirmed' AND m.entity_id IN ({marks}))"
            )
            where.append(f"({match_sql} OR {exists})")
            where_params += [*match_params, *sorted(ids)]
            bonuses += f" + CASE WHEN {exists} THEN {self.bonus} ELSE 0.0 END"
            score_params += sorted(ids)
        rank_sql, rank_params = self.fts(everything, "OR")
        if self.vendor == "sqlite":
            source = (
                "articles_article a LEFT JOIN (SELECT rowid AS id, -bm25(articles_search, "
                f"{TITLE_WEIGHT}, 1.0) AS score FROM articles_search "
                "WHERE articles_search MATCH %s) r ON r.id = a.id"
            )
            score = f"COALESCE(r.score, 0.0){bonuses}"
            source_params, score_params = [rank_sql], score_params
        else:
            source, source_params = "articles_article a", []
            score = f"COALESCE(ts_rank('{PG_WEIGHTS}'::real[], a.search_vector, {rank_sql}), 0.0)"
            score += bonuses
            score_params = [*rank_params, *score_params]
        condition = " AND ".join(where)
        count = self.value(
            f"SELECT COUNT(*) FROM articles_article a WHERE {condition}", where_params
        )
        rows = self.rows(
            f"SELECT {CARD_COLUMNS}, {score} AS score FROM {source} "
            f"LEFT JOIN articles_source s ON s.id = a.source_id WHERE {condition} "
            "ORDER BY score DESC, a.sort_date DESC, a.id DESC LIMIT %s OFFSET %s",
            [*score_params, *source_params, *where_params, limit, offset],
        )
        return count, [row[:-1] for row in rows]

    def _sqlite_indexed_search(
        self, words: Sequence[str], now, limit: int, offset: int
    ) -> tuple[int, list[tuple]]:
        """Plain words on SQLite with `article_search_visible`: one FTS5 query (the outer
        loop) filters and scores, each match's status, publish time and date read from that
        index, never its row; only the page's stories are read."""
        expression, _ = self.fts(words, "AND")
        joined = (
            "FROM (SELECT rowid AS id{score} FROM articles_search "
            "WHERE articles_search MATCH %s) f "
            "CROSS JOIN articles_article a INDEXED BY article_search_visible "
            f"WHERE a.id = f.id AND {LIVE}"
        )
        count = self.value("SELECT COUNT(*) " + joined.format(score=""), [expression, now])
        score = f", -bm25(articles_search, {TITLE_WEIGHT}, 1.0) AS score"
        ids = self.rows(
            "SELECT f.id " + joined.format(score=score) + " ORDER BY f.score DESC, "
            f"COALESCE(a.published, '{UNDATED}') DESC, a.id DESC LIMIT %s OFFSET %s",
            [expression, now, limit, offset],
        )
        return count, self.stories([pk for (pk,) in ids])

    def _postgres_walk(
        self, words: Sequence[str], now, limit: int, offset: int
    ) -> tuple[int, list[tuple]] | None:
        """One word on PostgreSQL with `article_search_impacts`: the count from the GIN index
        and the heap, the page by walking the impact buckets best first (articles.search's
        `_PostgresReader`, the same SQL); None when the word is beyond it."""
        if len(words) != 1:
            return None
        query_sql, query_params = self.fts(words, "OR")
        match_sql, match_params = self._match_sql(words)
        count = self.value(
            f"SELECT COUNT(*) FROM articles_article a WHERE {LIVE} AND {match_sql}",
            [now, *match_params],
        )
        if count <= FEW_WALKED:
            return None
        text = self.value(f"SELECT ({query_sql})::text", query_params)
        if not text or not _PG_LEXEMES.fullmatch(text):
            return None
        lexemes = sorted(set(_PG_LEXEME.findall(text)))
        orders, tokens, shapes, floors = [], [], [], []
        buckets = [(4, PG_TEXT_COUNTS)]
        buckets += [(k, (m,)) for k in (3, 2, 1, 0) for m in PG_TEXT_COUNTS if k or m]
        for order, (headline, texts) in enumerate(buckets):
            for lexeme in lexemes:
                for text_count in texts:
                    exact = headline < 4 and text_count <= 6
                    orders.append(order)
                    tokens.append(f"{lexeme} {headline} {text_count}")
                    shapes.append(_shape(lexeme, headline, text_count) if exact else None)
                    floors.append(_shape(lexeme, headline, min(texts)))
        pairs = " | ".join(
            f"('{a}' & '{b}')" for n, a in enumerate(lexemes) for b in lexemes[n + 1 :]
        )
        live = "AND s.status = 'published' AND (s.publish_at IS NULL OR s.publish_at <= %s)"
        special = (
            "special AS MATERIALIZED (SELECT s.id, s.sort_date, "
            f"ts_rank('{PG_WEIGHTS}'::real[], s.search_vector, q.query) AS score "
            "FROM articles_article AS s CROSS JOIN q "
            f"WHERE s.search_vector @@ %s::tsquery {live}), "
            if pairs
            else "special AS (SELECT NULL::bigint AS id, NULL::date AS sort_date, "
            "NULL::real AS score WHERE false), "
        )
        ids = self.rows(
            f"WITH q AS (SELECT {query_sql} AS query), {special}"
            "buckets AS MATERIALIZED (SELECT b.ord, array_agg(b.token) AS tokens, "
            f"ts_rank('{PG_WEIGHTS}'::real[], min(b.shape)::tsvector, min(q.query::text)::tsquery) "
            "AS value, "
            f"ts_rank('{PG_WEIGHTS}'::real[], min(b.floor)::tsvector, min(q.query::text)::tsquery) "
            "AS floor FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[]) "
            "AS b(ord, token, shape, floor) CROSS JOIN q GROUP BY b.ord), "
            "placed AS MATERIALIZED (SELECT special.*, COALESCE((SELECT min(b.ord) "
            "FROM buckets AS b WHERE special.score >= b.floor), "
            "(SELECT max(b.ord) FROM buckets AS b)) AS ord FROM special) "
            "SELECT a.id FROM (SELECT * FROM buckets ORDER BY ord) AS b "
            "CROSS JOIN q CROSS JOIN LATERAL (SELECT s.id, s.sort_date, COALESCE(b.value, "
            f"ts_rank('{PG_WEIGHTS}'::real[], s.search_vector, q.query)) AS score "
            "FROM (SELECT t.id, t.sort_date, t.status, t.publish_at, t.search_vector "
            "FROM articles_article AS t "
            "WHERE articles_search_impacts(t.search_vector) && b.tokens OFFSET 0) AS s "
            f"WHERE s.id NOT IN (SELECT id FROM special) {live} "
            "UNION ALL SELECT placed.id, placed.sort_date, placed.score FROM placed "
            "WHERE placed.ord = b.ord) AS a "
            "ORDER BY b.ord, a.score DESC, a.sort_date DESC, a.id DESC LIMIT %s OFFSET %s",
            [
                *query_params,
                *([pairs, now] if pairs else []),
                orders,
                tokens,
                shapes,
                floors,
                now,
                limit,
                offset,
            ],
        )
        return count, self.stories([pk for (pk,) in ids])

    def stories(self, ids: Sequence[int]) -> list[tuple]:
        """Rows of CARD_COLUMNS for these story ids, in their order."""
        if not ids:
            return []
        rows = self.rows(
            f"SELECT {CARD_COLUMNS} FROM articles_article a "
            "LEFT JOIN articles_source s ON s.id = a.source_id "
            f"WHERE a.id IN ({self.in_list(ids)})",
            list(ids),
        )
        by_id = {row[0]: row for row in rows}
        return [by_id[pk] for pk in ids if pk in by_id]

    def _sqlite_search(
        self, words: Sequence[str], now, limit: int, offset: int
    ) -> tuple[int, list[tuple]]:
        """Plain words on SQLite: one FTS5 query filters and scores (bm25 sums over the query's
        phrases, so its score under AND is articles.search's under OR for every match).

        Reading a story's status means walking its body's overflow pages, so with more than
        a few hundred matches, hidden stories are left out by id, from indexes alone, and only
        the matches scoring at least the page's last score (ties included) are joined to their
        stories, for the date and id that order ties.
        """
        expression, _ = self.fts(words, "AND")
        scored = (
            f"SELECT rowid AS id, -bm25(articles_search, {TITLE_WEIGHT}, 1.0) AS score "
            "FROM articles_search WHERE articles_search MATCH %s"
        )
        matches = self.value(
            "SELECT COUNT(*) FROM articles_search WHERE articles_search MATCH %s", [expression]
        )
        if matches <= FEW_MATCHES:
            count = self.value(
                "SELECT COUNT(*) FROM articles_search f JOIN articles_article a "
                f"ON a.id = f.rowid WHERE articles_search MATCH %s AND {LIVE}",
                [expression, now],
            )
            rows = self.rows(
                f"SELECT {CARD_COLUMNS} FROM ({scored}) f JOIN articles_article a "
                f"ON a.id = f.id LEFT JOIN articles_source s ON s.id = a.source_id "
                f"WHERE {LIVE} ORDER BY f.score DESC, a.sort_date DESC, a.id DESC "
                "LIMIT %s OFFSET %s",
                [expression, now, limit, offset],
            )
            return count, rows
        count = self.value(
            "SELECT COUNT(*) FROM articles_search WHERE articles_search MATCH %s "
            f"AND rowid NOT IN ({HIDDEN})",
            [expression, now],
        )
        if not count or offset >= count:
            return count, []
        rows = self.rows(
            f"WITH scored AS MATERIALIZED ({scored} AND rowid NOT IN ({HIDDEN})), "
            "best AS (SELECT score FROM scored ORDER BY score DESC LIMIT %s) "
            f"SELECT {CARD_COLUMNS} FROM scored JOIN articles_article a ON a.id = scored.id "
            "LEFT JOIN articles_source s ON s.id = a.source_id "
            "WHERE scored.score >= (SELECT MIN(score) FROM best) "
            "ORDER BY scored.score DESC, a.sort_date DESC, a.id DESC LIMIT %s OFFSET %s",
            [expression, now, offset + limit, limit, offset],
        )
        return count, rows

    def _match_sql(self, words: Sequence[str]) -> tuple[str, list]:
        expression, params = self.fts(words, "AND")
        if self.vendor == "sqlite":
            return (
                "a.id IN (SELECT rowid FROM articles_search WHERE articles_search MATCH %s)",
                [expression],
            )
        return f"(a.search_vector @@ ({expression}))", params

    def _match(self, words: Sequence[str], where: list[str]) -> list:
        sql, params = self._match_sql(words)
        where.append(sql)
        return params


def _shape(lexeme: str, headline: int, text: int) -> str:
    """A one-lexeme tsvector: `headline` positions of weight A, then `text` of weight B."""
    positions = [f"{n}A" for n in range(1, headline + 1)]
    positions += [f"{n}B" for n in range(headline + 1, headline + text + 1)]
    return f"'{lexeme}':" + ",".join(positions)


def card(row: tuple, origin: str, tags: list[str], entities: list[dict]) -> dict:
    """A story in a list, as ArticleSerializer writes it."""
    slug = quote(row[1])
    return {
        "id": row[0],
        "slug": row[1],
        "url": f"{origin}/api/v1/articles/{slug}/",
        "web_url": f"{origin}/articles/{slug}/",  # every story here is published and live
        "title": row[2],
        "summary": row[3],
        "language": row[4],
        "published": fmt_date(row[5]),
        "published_time": fmt_time(row[16]),
        "published_utc_offset": row[17],
        "dateline": row[6],
        "byline": row[7],
        "source": {"slug": row[13], "name": row[14]} if row[13] is not None else None,
        "tags": tags,
        "entities": entities,
        "status": row[8],
        "publish_at": fmt_datetime(row[9]),
        "created": fmt_datetime(row[10]),
        "updated": fmt_datetime(row[11]),
        "version": row[12],
        "has_unpublished_changes": row[15] is not None,
    }


# The application


class HTTPError(Exception):
    def __init__(self, status: str, body: dict) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


def page_link(origin: str, path: str, query: str, page: int | None) -> str:
    """DRF's replace_query_param / remove_query_param: the other parameters sorted."""
    params = parse_qs(query, keep_blank_values=True)
    if page is None:
        params.pop("page", None)
    else:
        params["page"] = [str(page)]
    encoded = urlencode(sorted(params.items()), doseq=True)
    return f"{origin}{path}" + (f"?{encoded}" if encoded else "")


def _number(params: dict, name: str, default: int, maximum: int | None = None) -> int:
    raw = params.get(name, [None])[-1]
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw) or int(raw) < 1 or (maximum and int(raw) > maximum):
        raise HTTPError("400 Bad Request", {name: [f"Bad {name}."]})
    return int(raw)


def make_app(connect: Callable[[], object], vendor: str, *, plain: bool = False) -> Callable:
    """A WSGI application reading through `connect()` (called once, on the first request)."""
    state: dict[str, Database] = {}

    def database() -> Database:
        if "db" not in state:
            state["db"] = Database(connect(), vendor, plain=plain)
        return state["db"]

    def application(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        query = environ.get("QUERY_STRING", "")
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "127.0.0.1")
        origin = f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
        try:
            db = database()
            if path == "/api/v1/articles/":
                body, kind = api_list(db, origin, path, query), "json"
            elif match := _DETAIL.fullmatch(path):
                body, kind = api_detail(db, origin, unquote(match[1])), "json"
            elif path == "/articles/":
                body, kind = story_list_page(db, query), "html"
            elif match := _ENTITY_PAGE.fullmatch(path):
                body, kind = entity_page(db, unquote(match[1]), query), "html"
            else:
                raise HTTPError("404 Not Found", {"detail": "Not found."})
        except HTTPError as error:
            payload = orjson.dumps(error.body)
            start_response(
                error.status,
                [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
            )
            return [payload]
        payload = orjson.dumps(body) if kind == "json" else body.encode()
        content_type = "application/json" if kind == "json" else "text/html; charset=utf-8"
        start_response(
            "200 OK", [("Content-Type", content_type), ("Content-Length", str(len(payload)))]
        )
        return [payload]

    return application


def api_list(db: Database, origin: str, path: str, query: str) -> dict:
    params = parse_qs(query, keep_blank_values=True)
    page_size = _number(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    page = _number(params, "page", 1)
    offset = (page - 1) * page_size
    now = now_param(db.vendor)
    if "entity" in params and "q" in params:
        raise HTTPError("400 Bad Request", {"detail": "The baseline filters by one thing."})
    if "entity" in params:
        slug = params["entity"][-1]
        entity_id = db.value(db.q["entity"], [slug])
        if entity_id is None:
            raise HTTPError("400 Bad Request", {"entity": [f"There is no entity “{slug}”."]})
        count = db.entity_count(entity_id, now)
        rows = db.rows(db.q["entity_page"], [entity_id, now, page_size, offset]) if count else []
    elif "q" in params:
        count, rows = db.search(params["q"][-1], page_size, offset)
    else:
        count = db.latest_count(now)
        rows = db.rows(db.q["latest_page"], [now, page_size, offset]) if count else []
    if page > 1 and offset >= count:
        raise HTTPError("404 Not Found", {"detail": "Invalid page."})
    return {
        "count": count,
        "next": page_link(origin, path, query, page + 1) if offset + page_size < count else None,
        "previous": (page_link(origin, path, query, page - 1 if page > 2 else None))
        if page > 1
        else None,
        "results": db.cards(rows, origin),
    }


def api_detail(db: Database, origin: str, slug: str) -> dict:
    rows = db.rows(db.q["detail"], [slug, now_param(db.vendor)])
    if not rows:
        raise HTTPError("404 Not Found", {"detail": "No Article matches the given query."})
    row = rows[0]
    mentions = db.rows(db.q["detail_mentions"], [row[0]])
    tags = sorted(
        name
        for (name,) in db.rows(
            "SELECT t.name FROM taggit_taggeditem i JOIN taggit_tag t ON t.id = i.tag_id "
            "WHERE i.content_type_id = %s AND i.object_id = %s",
            [db.article_type, row[0]],
        )
    )
    entities = [{"slug": m[0], "name": m[1], "kind": m[2]} for m in mentions]
    item = card(row, origin, tags, entities)
    body, text = row[18], row[19]
    item["body_html"] = body if body.strip() else text_to_html(text)
    item["text"] = text
    item["original_url"] = row[20]
    item["mentions"] = [
        {
            "entity": entity,
            "status": m[3],
            "surface_forms": [str(f) for f in json_value(m[4])],
            "spans": [[int(v) for v in span] for span in json_value(m[5])],
            "count": m[6],
        }
        for entity, m in zip(entities, mentions, strict=True)
    ]
    return item


# Public pages: the same reads, minimal HTML


def _page(db: Database, query: str, count: int) -> int:
    page = _number(parse_qs(query), "page", 1)
    if page > 1 and (page - 1) * STORIES_PER_PAGE >= count:
        raise HTTPError("404 Not Found", {"detail": "Invalid page."})
    return page


def render_cards(cards: Iterable[dict]) -> str:
    out = []
    for item in cards:
        entities = item["entities"]
        chips = "".join(
            f'<li><a class="chip chip--{e["kind"]}" href="/entities/{quote(e["slug"])}/">'
            f"{html.escape(e['name'])}</a></li>"
            for e in entities[:6]
        )
        more = f"<li>+{len(entities) - 6} more</li>" if len(entities) > 6 else ""
        source = item["source"]["name"] if item["source"] else ""
        summary = " ".join(item["summary"].split()[:50])
        out.append(
            f'<article class="card" lang="{item["language"]}"><p>'
            f"{item['published'] or 'Undated'} {html.escape(source)} "
            f"{html.escape(item['dateline'])}</p>"
            f'<h2 class="card__title"><a href="/articles/{quote(item["slug"])}/">'
            f"{html.escape(item['title'])}</a></h2>"
            f"<p>{html.escape(summary)}</p><ul>{chips}{more}</ul></article>"
        )
    return "".join(out)


def layout(title: str, content: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} · Newsroom</title></head><body><main>{content}</main>"
        "</body></html>"
    )


def story_list_page(db: Database, query: str) -> str:
    now = now_param(db.vendor)
    count = db.latest_count(now)
    page = _page(db, query, count)
    rows = db.rows(db.q["latest_page"], [now, STORIES_PER_PAGE, (page - 1) * STORIES_PER_PAGE])
    cards = db.cards(rows, "", with_tags=False)
    sources = "".join(
        f'<option value="{html.escape(slug)}">{html.escape(name)}</option>'
        for slug, name in db.rows(db.q["sources"])
    )
    content = (
        f"<h1>Stories</h1><p>{count} stories.</p>{render_cards(cards)}"
        f'<form><select name="source">{sources}</select></form>'
    )
    return layout("Stories" + (f", page {page}" if page > 1 else ""), content)


def entity_page(db: Database, slug: str, query: str) -> str:
    rows = db.rows(db.q["entity_row"], [slug])
    if not rows:
        raise HTTPError("404 Not Found", {"detail": "Not found."})
    entity_id, slug, name, kind, description, _wikidata = rows[0]
    now = now_param(db.vendor)
    count = db.entity_count(entity_id, now)
    page = _page(db, query, count)
    aliases = db.rows(db.q["aliases"], [entity_id])
    roles = db.rows(db.q["roles"], [entity_id, entity_id])
    offset = (page - 1) * STORIES_PER_PAGE
    stories = db.rows(db.q["entity_page"], [entity_id, now, STORIES_PER_PAGE, offset])
    cards = db.cards(stories, "", with_tags=False)
    parts = [
        f"<p>{html.escape(kind)}</p><h1>{html.escape(name)}</h1><p>{html.escape(description)}</p>"
    ]
    if count:
        timeline = db.rows(db.q["timeline"], [entity_id, now])
        partners = db.rows(db.q["partners"], [entity_id, now, entity_id, APPEARS_WITH])
        parts.append(
            "<table>"
            + "".join(f"<tr><th>{month}</th><td>{n}</td></tr>" for month, n in timeline)
            + "</table><table>"
            + "".join(
                f'<tr><th><a href="/entities/{quote(p[0])}/">{html.escape(p[1])}</a></th>'
                f"<td>{p[2]}</td><td>{p[3]}</td></tr>"
                for p in partners
            )
            + "</table>"
        )
    parts.append(f"<p>{count} published stories mention {html.escape(name)}.</p>")
    parts.append(render_cards(cards))
    parts.append(
        "<ul>"
        + "".join(
            f"<li>{html.escape(r[0])} {r[1] or ''}–{r[2] or ''} "
            f"{html.escape(r[5] if r[3] != entity_id else (r[7] or ''))}</li>"
            for r in roles
        )
        + "</ul><dl>"
        + "".join(
            f"<dt>{html.escape(language)}</dt><dd>{html.escape(alias)}</dd>"
            for alias, language in aliases
        )
        + "</dl>"
    )
    return layout(name + (f", page {page}" if page > 1 else ""), "".join(parts))


# From the environment


PG_RANDOM_PAGE_COST = os.environ.get("NEWSROOM_PG_RANDOM_PAGE_COST", "1.1")


def connect_url(url: str) -> tuple[Callable[[], object], str]:
    """A connection factory and vendor for a `DATABASE_URL`: sqlite:///path or postgres://."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)[1:]  # as dj-database-url: sqlite:////abs, sqlite:///rel

        def connect_sqlite():
            import sqlite3

            connection = sqlite3.connect(path, check_same_thread=False)
            connection.execute("PRAGMA query_only = 1")
            # Pages read through a memory map and a larger page cache: no read() per page.
            connection.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
            connection.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            return connection

        return connect_sqlite, "sqlite"
    if parts.scheme in ("postgres", "postgresql", "pgsql"):

        def connect_postgres():
            import psycopg

            # The planner setting Newsroom's settings use (NEWSROOM_PG_RANDOM_PAGE_COST).
            return psycopg.connect(
                url.replace("pgsql://", "postgres://", 1),
                autocommit=True,
                options=f"-c random_page_cost={float(PG_RANDOM_PAGE_COST)}"
                if PG_RANDOM_PAGE_COST
                else "",
            )

        return connect_postgres, "postgresql"
    raise ValueError(f"unsupported DATABASE_URL scheme: {parts.scheme}")


def _from_environment() -> Callable:
    default = f"sqlite:///{Path(__file__).resolve().parent.parent / 'db.sqlite3'}"
    connect, vendor = connect_url(os.environ.get("DATABASE_URL", default))
    return make_app(connect, vendor)


application = _from_environment()
