"""Full-text search over stories' headlines and text, in English and Russian, on both databases.

One entry point, `search_articles(queryset, query)`, filters a story queryset and orders it by
relevance; `add_snippets` highlights the matches for a page of results. The queryset decides
what may be found (`Article.objects.published()` for readers), so search never widens access.

- PostgreSQL: `Article.search_vector`, kept by a trigger on every write (migration 0005), built
  with the `russian` configuration for Russian stories and `english` for the rest, headline
  weighted A and text B, GIN-indexed, ranked with `ts_rank`.
- SQLite: an FTS5 table, `articles_search`, holding the Snowball stems of each story's headline
  and text (FTS5 has no Russian stemmer), kept in step by the Article save and delete signals
  (which `loaddata` sends too), ranked with bm25.

On both, every word of the query must match (any inflection), unless it is part of a name in
the knowledge base: a phrase that is an entity's alias, in any script, also matches the stories
with a confirmed public mention of that entity (`Байрамов` finds the English stories about
Jeyhun Bayramov).

A search of plain words over the readers' live stories (or every story), with nothing else
narrowing it, counts and ranks from indexes and reads only its page's stories
(`_IndexedSearch`): on SQLite the FTS5 table and `article_search_visible` (migration 0012),
on PostgreSQL, for one word, the impact index (migration 0013). Same answers, same order.
"""

from __future__ import annotations

import datetime
import operator
import re
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache, reduce
from itertools import islice

import Stemmer
from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
)
from django.db.models.sql.where import WhereNode
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from entities.linking.normalize import is_cyrillic, normalize_word
from entities.models import Alias, Entity, normalize_name

MAX_QUERY_LENGTH = 200  # characters kept of a query; the rest is dropped, never an error
MAX_QUERY_WORDS = 10  # words searched for; a longer query is cut here
MAX_PHRASE_WORDS = 6  # longest entity name looked up as one phrase
MIN_ALIAS_STEM = 4  # shortest stem that may match an inflected alias ("байрамов" for "Байрамова")
LAST_CHARACTER = "\U0010ffff"  # sorts after any character a name may hold

FTS_TABLE = "articles_search"
TITLE_WEIGHT = 10.0  # bm25 weight of the headline against 1.0 for the text
# ts_rank weights for D, C, B (text) and A (headline).
PG_WEIGHTS = [0.05, 0.1, 0.2, 1.0]
# What a confirmed mention of an entity named in the query adds to a story's score, on each
# database's own scale: about one more match in the text.
ENTITY_BONUS = {"sqlite": 2.0, "postgresql": 0.1}

SNIPPET_CHARS = 220
SNIPPET_LEAD = 60  # characters shown before the first match
SNIPPET_SCAN = 20_000  # characters of a story's text looked at for matches (a long one's start)

_WORD = re.compile(r"[^\W_]+")
_EDGE_PUNCTUATION = "\"'«»“”„()[]{}<>*,;:!?-–—"
_SURNAME = re.compile(r"(?:ов|ев|ин|ын)$")  # ё is already е in normalised words


# Stems


_stemmers = threading.local()  # PyStemmer objects are not safe to share between threads


def _stemmer(algorithm: str) -> Stemmer.Stemmer:
    stemmer = getattr(_stemmers, algorithm, None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer(algorithm)
        setattr(_stemmers, algorithm, stemmer)
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index key of a normalised word: its Snowball stem, Russian for a Cyrillic word and
    English otherwise.

    For our stories that is the story's language (`ru` -> russian, else english), except that a
    word in the other script is stemmed as its own language: a Latin name in a Russian story as
    English (as PostgreSQL's `russian` configuration does), a Russian quote in an English one as
    Russian. Queries, whose language is unknown, are stemmed both ways (`query_keys`).
    """
    return _stemmer("russian" if is_cyrillic(word) else "english").stemWord(word)


@lru_cache(maxsize=20_000)
def query_forms(word: str) -> tuple[str, ...]:
    """The forms a query word is searched as: itself, and its other surname forms.

    Snowball strips -ов from a nominative surname but not from its other cases (Байрамов ->
    байрам, Байрамова -> байрамов), so a Russian-pattern surname is also searched in the form
    that reaches the other stem. Both databases stem these forms their own way.
    """
    forms = [word]
    if is_cyrillic(word):
        if _SURNAME.search(word):
            forms.append(word + "а")  # Байрамов: Байрамова, Байрамову... stem to байрамов
        else:
            root = stem(word)
            if root != word and _SURNAME.search(root):
                forms.append(root)  # Байрамову, Гафаровой: the nominative Байрамов, Гафаров
    return tuple(forms)


@lru_cache(maxsize=20_000)
def query_keys(word: str) -> frozenset[str]:
    """Index keys a query word matches: the stems of its forms by both stemmers."""
    return frozenset(
        _stemmer(name).stemWord(form)
        for form in query_forms(word)
        for name in ("english", "russian")
    )


@lru_cache(maxsize=300_000)
def word_key(word: str) -> str:
    """The index key of a word as written in a story ("" for one that normalises to nothing)."""
    norm = normalize_word(word)
    return stem(norm) if norm else ""


def index_text(text: str) -> str:
    """What the SQLite index stores for a text: its words' stems, in order."""
    return " ".join(filter(None, map(word_key, _WORD.findall(text))))


# Queries


def clean_query(value: str) -> str:
    """A query as typed, made safe to show and search: no control characters, one space between
    words, at most MAX_QUERY_LENGTH characters (cut at a word boundary where there is one)."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in value)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0]
        text = cut if cut and len(cut) <= MAX_QUERY_LENGTH else text[:MAX_QUERY_LENGTH]
    return text


@dataclass(frozen=True)
class Group:
    """Words that must match together: one word, or a phrase naming entities in the knowledge
    base (then a confirmed mention of one of them matches too)."""

    words: tuple[str, ...]
    entity_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ParsedQuery:
    """A query as plain words (no search syntax survives), grouped by the names they form."""

    text: str
    groups: tuple[Group, ...] = ()
    keys: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for group in self.groups for word in group.words)

    @property
    def entity_ids(self) -> frozenset[int]:
        return frozenset().union(*(group.entity_ids for group in self.groups))

    def __bool__(self) -> bool:
        return bool(self.groups)


def parse_query(query: str) -> ParsedQuery:
    """Split a query into plain words and find the entities its phrases name (one query)."""
    text = clean_query(query)
    parts: list[str] = []  # whitespace-separated parts, as aliases store them ("с.гафарова")
    phrases: list[list[str]] = []  # the plain words of each part
    count = 0
    for part in normalize_name(text).split():
        words = [w for w in (normalize_word(m) for m in _WORD.findall(part)) if w]
        if not words or count >= MAX_QUERY_WORDS:
            continue
        parts.append(part.strip(_EDGE_PUNCTUATION))
        phrases.append(words[: MAX_QUERY_WORDS - count])
        count += len(phrases[-1])
    if not phrases:
        return ParsedQuery(text)
    matches = _entities_named(parts, [words[0] if len(words) == 1 else "" for words in phrases])
    groups, i = [], 0
    while i < len(phrases):
        for j in range(min(len(phrases), i + MAX_PHRASE_WORDS), i, -1):
            ids = matches.get((i, j))
            if ids:
                break
        else:
            j, ids = i + 1, frozenset()
        groups.append(Group(tuple(w for words in phrases[i:j] for w in words), frozenset(ids)))
        i = j
    keys = frozenset().union(*(query_keys(w) for g in groups for w in g.words))
    return ParsedQuery(text, tuple(groups), keys)


def _entities_named(parts: list[str], single_words: list[str]) -> dict[tuple[int, int], set]:
    """{(first, end) part index: entity ids} for each run of parts naming entities.

    A run matches an alias's normalised form or an entity's canonical name exactly; a single
    word also matches a one-word alias with a shared stem (Байрамова -> alias Байрамов).
    """
    runs: dict[str, list[tuple[int, int]]] = {}
    for i in range(len(parts)):
        for j in range(i + 1, min(len(parts), i + MAX_PHRASE_WORDS) + 1):
            runs.setdefault(" ".join(parts[i:j]), []).append((i, j))
    inflected: dict[str, list[int]] = {}
    for i, word in enumerate(single_words):
        prefix = _common_prefix([word, *query_keys(word)]) if word else ""
        if len(prefix) >= MIN_ALIAS_STEM:
            inflected.setdefault(prefix, []).append(i)
    condition = Q(normalized__in=list(runs))
    # On SQLite a prefix is an index range (its LIKE scans the table); PostgreSQL reads LIKE
    # 'prefix%' from the pattern index Django adds, whatever the collation.
    ranges = connections[Alias.objects.db].vendor == "sqlite"
    for prefix in inflected:
        starts = (
            Q(normalized__gte=prefix, normalized__lt=prefix + LAST_CHARACTER)
            if ranges
            else Q(normalized__startswith=prefix)
        )
        condition |= starts & ~Q(normalized__contains=" ")
    aliases = Alias.objects.filter(condition).order_by().values_list("normalized", "entity_id")
    names = (
        Entity.objects.annotate(key=Lower("name"))
        .filter(key__in=list(runs))
        .order_by()
        .values_list("key", "id")
    )
    found: dict[tuple[int, int], set] = {}
    for name, entity_id in aliases.union(names, all=True):
        for span in runs.get(name, ()):
            found.setdefault(span, set()).add(entity_id)
        for prefix, positions in inflected.items():
            if name.startswith(prefix) and " " not in name:
                for i in positions:
                    if query_keys(name) & query_keys(single_words[i]):
                        found.setdefault((i, i + 1), set()).add(entity_id)
    return found


def _common_prefix(words: Sequence[str]) -> str:
    shortest = min(words, key=len)
    for i, char in enumerate(shortest):
        if any(word[i] != char for word in words):
            return shortest[:i]
    return shortest


# Searching


def search_articles(queryset: QuerySet, query: str | ParsedQuery) -> QuerySet:
    """Stories of `queryset` matching `query`, best first (by `search_rank`, an alias).

    Words match in any inflection (Гафарова finds Гафаровой, ministers finds minister); a phrase
    naming an entity also matches the stories confirmed to mention it. A query with no words
    (only punctuation) finds nothing.

    On SQLite, a search of plain words over all stories or the readers' live ones (nothing
    else narrowing it) counts and picks its page from the indexes (`_IndexedSearch`).
    """
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    if not parsed:
        return queryset.none()
    backend = _Postgres if connections[queryset.db].vendor == "postgresql" else _SQLite
    base = queryset
    plain = [w for g in parsed.groups if not g.entity_ids for w in g.words]
    named = [g for g in parsed.groups if g.entity_ids]
    aliases = {f"_search_entity_{n}": _mentions(g.entity_ids) for n, g in enumerate(named)}
    queryset = queryset.alias(**aliases)
    if plain:
        queryset = queryset.filter(backend.matches(plain))
    for group in named:
        queryset = queryset.filter(_matches_or_mentions(backend, group.words, group.entity_ids))
    bonus = Value(ENTITY_BONUS[backend.vendor])
    score = reduce(
        operator.add,
        [Case(When(**{name: True}, then=bonus), default=Value(0.0)) for name in aliases],
        Coalesce(backend.rank(parsed.words), Value(0.0), output_field=FloatField()),
    )
    found = queryset.alias(search_rank=score).order_by(F("search_rank").desc(), "-sort_date", "-id")
    reader = None if named else backend.reader(base, plain)
    return found if reader is None else _IndexedSearch.attach(found, reader)


def _matches_or_mentions(backend, words: Sequence[str], entity_ids: Iterable[int]) -> Q:
    """Stories whose text matches `words` or that are confirmed to mention one of the entities.

    One set of ids, the union of the two: written as "matches OR EXISTS(mention)", no database
    could use an index for either side, and both read every story (1.2 s on PostgreSQL and
    0.2 s on SQLite for a city at 100,000 stories); the union reads the full-text index and the
    mention index, then only the stories found.
    """
    from articles.models import Article, Mention

    text = Article.objects.filter(backend.matches(words)).order_by().values("pk")
    mentioned = Mention.objects.public().filter(entity__in=entity_ids).order_by()
    return Q(pk__in=text.union(mentioned.values("article_id")))


def _mentions(entity_ids: Iterable[int]) -> Exists:
    # Imported here: articles.models imports nothing from search, and search is imported early.
    from articles.models import Mention

    return Exists(Mention.objects.public().filter(article=OuterRef("pk"), entity__in=entity_ids))


class _SQLite:
    vendor = "sqlite"

    @staticmethod
    def expression(words: Sequence[str], joiner: str) -> str:
        """An FTS5 query of quoted stems: no operator or syntax from the reader gets through."""
        return f" {joiner} ".join(
            "(" + " OR ".join(f'"{key}"' for key in sorted(query_keys(word))) + ")"
            for word in words
        )

    @classmethod
    def matches(cls, words: Sequence[str]) -> Q:
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return Q(pk__in=RawSQL(sql, [cls.expression(words, "AND")]))

    @classmethod
    def rank(cls, words: Sequence[str]) -> Func:
        return _Bm25(F("pk"), match=cls.expression(words, "OR"))

    @classmethod
    def reader(cls, base: QuerySet, words: Sequence[str]) -> _SQLiteReader | None:
        live_at = _visible_from(base)
        if live_at is None or not _has_visible_index(base.db):
            return None
        return _SQLiteReader(cls.expression(words, "AND"), live_at or None)


class _Bm25(Func):
    """A story's bm25 score (higher is better) for an FTS5 query, headline weighted."""

    output_field = FloatField()

    def __init__(self, pk, *, match: str) -> None:
        super().__init__(pk)
        self.match = match

    def as_sql(self, compiler, connection, **extra_context):
        # One FTS query scores every match; each story then looks its score up. "LIMIT -1" keeps
        # SQLite from merging the inner query into the per-story lookup, which would run the
        # full-text query (and bm25's document counts) once per story: 11 s instead of 0.1 s
        # for 6,700 matches among 10,000 stories.
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        sql = (
            "(SELECT scored.score FROM ("
            f"SELECT rowid AS story, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0) AS score "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT -1"
            f") AS scored WHERE scored.story = {pk_sql})"
        )
        return sql, [self.match, *pk_params]


class _IndexedSearch(QuerySet):
    """A search of plain words that reads its count and its page's order from indexes.

    The plain query reads every matching story whole: on SQLite a story's status and publish
    time sit after its body and text, in overflow pages, and a sort holds every selected
    column of every match; on PostgreSQL `ts_rank` reads each match's toasted vector. When
    nothing but the readers' rule (or nothing at all) narrows the search, and it is still
    ordered by relevance, a reader (`_SQLiteReader`, `_PostgresReader`) counts the matches
    and finds the page's story ids from indexes; only the page's stories are then read, by id.

    Anything that changes the query after the search (another filter, another order) takes
    Django's plain query, which gives the same answers; so does a reader that declines.
    """

    SPEC = "newsroom_indexed_search"

    @classmethod
    def attach(cls, found: QuerySet, reader) -> QuerySet:
        """`found` (the search as made) answering its count and pages through `reader`."""
        found = found._chain()
        found.__class__ = _indexed_class(type(found))
        setattr(found.query, cls.SPEC, (found.query.where.clone(), found.query.order_by, reader))
        return found

    def _reader(self):
        """The reader while the query is still the search as made, else None."""
        spec = getattr(self.query, self.SPEC, None)
        if (
            spec is None
            or self.query.distinct
            or self.query.where != spec[0]
            or self.query.order_by != spec[1]
        ):
            return None
        return spec[2]

    def count(self) -> int:
        reader = self._reader() if self._result_cache is None else None
        if reader is None or self.query.is_sliced:
            return super().count()
        counted = reader.count(self.db)
        if counted is None:
            counted = super().count()
        reader.seen["count"] = counted  # the page may choose its plan by it
        return counted

    def _fetch_all(self) -> None:
        if self._result_cache is None and self.query.is_sliced and self.query.high_mark:
            reader = self._reader()
            if reader is not None:
                low, high = self.query.low_mark, self.query.high_mark
                ids = reader.page(self.db, offset=low, limit=high - low)
                if ids is not None:
                    self._result_cache = self._stories(ids)
        super()._fetch_all()

    def _stories(self, ids: list[int]) -> list:
        """The page's stories by id, in the order found: the search's own conditions hold for
        them already (testing them again would rebuild the whole match list)."""
        if not ids:
            return []
        rows = self._chain()
        rows.query.clear_limits()
        rows.query.clear_ordering(force=True)
        rows.query.where = WhereNode()
        rows = rows.filter(pk__in=ids)
        key = _row_key(rows)
        if key is None:  # rows that do not show their id: the database orders them
            position = Case(
                *(When(pk=pk, then=Value(n)) for n, pk in enumerate(ids)),
                output_field=IntegerField(),
            )
            ordered = rows.order_by(position)
            return list(ordered._iterable_class(ordered))
        found = {key(row): row for row in rows._iterable_class(rows)}
        return [found[pk] for pk in ids if pk in found]


def _row_key(rows: QuerySet):
    """How to read a story's id from the rows `rows` yields, or None when they do not hold it."""
    iterable, query, pk = rows._iterable_class, rows.query, rows.model._meta.pk
    if iterable is ModelIterable:
        return operator.attrgetter("pk")
    if iterable is ValuesIterable and not query.values_select:
        return operator.itemgetter(pk.attname)  # every field
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    name = next((n for n in (pk.attname, pk.name, "pk") if n in query.values_select), None)
    if name is None:
        return None
    if iterable is ValuesIterable:
        return operator.itemgetter(name)
    if iterable is ValuesListIterable:
        return operator.itemgetter(names.index(name))
    if iterable is FlatValuesListIterable:
        return lambda value: value
    return None


@cache
def _indexed_class(base: type) -> type:
    """`_IndexedSearch` over the queryset class a search started from (ArticleQuerySet)."""
    if issubclass(base, _IndexedSearch):
        return base
    return type(f"Indexed{base.__name__}", (_IndexedSearch, base), {})


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
class _SQLiteReader:
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


class _Postgres:
    vendor = "postgresql"

    @staticmethod
    def tsquery(words: Sequence[str], joiner: str) -> RawSQL:
        """Each word's forms, each parsed by both configurations (`articles_search_term`, made by
        migration 0005, drops a word that either configuration takes for a stop word)."""
        parts, params = [], []
        for word in words:
            forms = query_forms(word)
            parts.append("(" + " || ".join(["articles_search_term(%s)"] * len(forms)) + ")")
            params.extend(forms)
        return RawSQL(f" {joiner} ".join(parts), params, output_field=SearchQueryField())

    @classmethod
    def matches(cls, words: Sequence[str]) -> Q:
        return Q(
            Func(
                F("search_vector"),
                cls.tsquery(words, "&&"),
                template="(%(expressions)s)",
                arg_joiner=" @@ ",
                output_field=BooleanField(),
            )
        )

    @classmethod
    def rank(cls, words: Sequence[str]) -> SearchRank:
        return SearchRank(F("search_vector"), cls.tsquery(words, "||"), weights=PG_WEIGHTS)

    @classmethod
    def reader(cls, base: QuerySet, words: Sequence[str]) -> _PostgresReader | None:
        live_at = _visible_from(base)
        if live_at is None or len(words) != 1:
            return None  # several words: every story found matches several lexemes
        return _PostgresReader(cls.tsquery(words, "||"), live_at or None)


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
class _PostgresReader:
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


# Snippets


def highlight(
    text: str, keys: frozenset[str], spans: Iterable[Sequence[int]] = ()
) -> list[tuple[int, int]]:
    """[(start, end)] of the words of `text` whose stems are in `keys`, with `spans` merged in."""
    marks = [m.span() for m in _WORD.finditer(text) if word_key(m.group()) in keys]
    marks.extend((int(s), int(e)) for s, e in spans if 0 <= int(s) < int(e) <= len(text))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(marks):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(
    text: str, marks: Sequence[tuple[int, int]], start: int = 0, end: int | None = None
) -> SafeString:
    """`text[start:end]`, escaped, with the marks wrapped in <mark>."""
    end = len(text) if end is None else end
    out, at = [], start
    for s, e in marks:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[at:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        at = e
    out.append(escape(text[at:end]))
    return mark_safe("".join(out))  # every piece of the text is escaped above


def snippet(text: str, marks: Sequence[tuple[int, int]]) -> SafeString:
    """About SNIPPET_CHARS characters of `text` around the densest run of marks."""
    if not marks:
        return mark_safe("")
    ends = [end for _, end in marks]  # sorted too: marks are merged, so they never overlap
    best, best_count = marks[0][0], 0
    for i, (start, _) in enumerate(marks):
        count = bisect_right(ends, start + SNIPPET_CHARS - SNIPPET_LEAD) - i
        if count > best_count:
            best, best_count = start, count
    start = max(0, best - SNIPPET_LEAD)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and best - space < SNIPPET_LEAD * 2 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > best else end
    body = " ".join(marked(text, marks, start, end).split())
    return mark_safe(("… " if start else "") + body + (" …" if end < len(text) else ""))


def add_snippets(articles: Iterable, query: ParsedQuery) -> None:
    """Give each story `search_title` and `search_snippet`: its headline and the part of its text
    where the query matches, matches in <mark>, everything else escaped.

    Built in Python from the plain text already loaded (and from the confirmed mentions
    `with_cards()` prefetched, for the entities the query names), so it is the same on both
    databases and costs no query.
    """
    for article in articles:
        mentions = [
            mention
            for mention in getattr(article, "confirmed_mentions", ())
            if mention.entity_id in query.entity_ids
        ]
        spans = [
            span
            for mention in mentions
            for span in mention.spans or ()
            if isinstance(span, list | tuple) and len(span) == 2
        ]
        forms = {form for mention in mentions for form in mention.surface_forms or () if form}
        title_marks = highlight(article.title, query.keys, _occurrences(article.title, forms))
        article.search_title = marked(article.title, title_marks)
        text = article.text[:SNIPPET_SCAN]
        article.search_snippet = snippet(text, highlight(text, query.keys, spans))


def _occurrences(text: str, forms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the forms occur in `text` as whole words, in any case."""
    spans = []
    for form in forms:
        pattern = r"\s+".join(re.escape(word) for word in str(form).split())
        if pattern:
            found = re.finditer(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)
            spans.extend(m.span() for m in found)
    return spans


# Keeping the SQLite index in step

INDEXED_FIELDS = frozenset({"title", "text"})

CREATE_FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
    "USING fts5(title, body, tokenize='unicode61 remove_diacritics 0')"
)


def uses_fts_table(using: str = DEFAULT_DB_ALIAS) -> bool:
    """SQLite keeps the FTS5 table; PostgreSQL keeps `search_vector` by itself."""
    return connections[using].vendor == "sqlite"


def batched(rows: Iterable, size: int) -> Iterator[list]:
    """itertools.batched, which Python 3.11 lacks."""
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def index_row(pk: int, title: str, text: str) -> tuple[int, str, str]:
    """A story's row in the SQLite index: its id and the stems of its headline and text."""
    return pk, index_text(title or ""), index_text(text or "")


def write_index(
    rows: Iterable[tuple[int, str, str]], *, using: str = DEFAULT_DB_ALIAS, fresh: bool = False
) -> int:
    """Store (id, title, text) rows in the SQLite index, replacing what it held for them.

    `fresh` says the index holds none of them yet (a rebuild, a bulk load): nothing to replace.
    """
    return write_stems((index_row(*row) for row in rows), using=using, fresh=fresh)


def write_stems(
    rows: Iterable[tuple[int, str, str]], *, using: str = DEFAULT_DB_ALIAS, fresh: bool = False
) -> int:
    """Store rows made by `index_row` (bulk writers stem in other processes) as `write_index`.

    Into a fresh index the rows go without a savepoint per batch: FTS5 writes out its pending
    terms at every savepoint, and a bulk load would otherwise leave thousands of tiny segments
    to merge.
    """
    insert = f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)"
    done = 0
    for batch in batched(rows, 500):
        if fresh:
            with connections[using].cursor() as cursor:
                cursor.executemany(insert, batch)
        else:
            with transaction.atomic(using=using), connections[using].cursor() as cursor:
                cursor.executemany(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(r[0],) for r in batch]
                )
                cursor.executemany(insert, batch)
        done += len(batch)
    return done


def reset_index(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """An empty SQLite index (the table dropped and made again), to rebuild or bulk-load."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        cursor.execute(CREATE_FTS_TABLE)


def optimize_index(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Merge the SQLite index's segments into one, after writing many stories at once."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")


def article_saved(sender, instance, update_fields=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_save of Article, `loaddata`'s raw saves included: index the story's words."""
    if not uses_fts_table(using):
        return  # PostgreSQL's trigger keeps search_vector up to date
    if update_fields is not None and not INDEXED_FIELDS & set(update_fields):
        return
    write_index([(instance.pk, instance.title, instance.text)], using=using)


def article_deleted(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_delete of Article (cascades included): drop the story's row from the index."""
    if uses_fts_table(using):
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [instance.pk])


def reindex(article_ids: Iterable[int] | None = None, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Index stories again (all of them when `article_ids` is None); the number indexed.

    For writes that send no signals (`QuerySet.update` of a headline or text, `bulk_create`).
    """
    from articles.models import Article

    stories = Article.objects.using(using).order_by("pk")
    if article_ids is not None:
        stories = stories.filter(pk__in=list(article_ids))
    if not uses_fts_table(using):
        # The trigger recomputes the vector whenever the column is written.
        return stories.update(search_vector=None)
    return write_index(stories.values_list("pk", "title", "text").iterator(), using=using)


def rebuild(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Rebuild the whole index from the stories, as after a crash or a restore from backup."""
    if not uses_fts_table(using):
        return reindex(using=using)
    from articles.models import Article

    stories = Article.objects.using(using).order_by("pk").values_list("pk", "title", "text")
    with transaction.atomic(using=using):
        reset_index(using=using)
        count = write_index(stories.iterator(), using=using, fresh=True)
        optimize_index(using=using)
    return count
