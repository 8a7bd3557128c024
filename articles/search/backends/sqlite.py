"""SQLite: an FTS5 table, `articles_search`, of the Snowball stems of each story's headline and
text (FTS5 has no Russian stemmer), ranked with bm25.

The Article save and delete signals (which `loaddata` sends too) keep it in step; `reindex` and
`rebuild` are for the writes that send none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice, product

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, FloatField, Func, Q
from django.db.models.expressions import RawSQL

from articles.search.query import Group, index_text, query_forms, query_keys, stem

FTS_TABLE = "articles_search"
MAX_PHRASE_FORMS = 64  # spellings of one phrase looked for (a Russian surname has two stems)
TITLE_WEIGHT = 10.0  # bm25 weight of the headline against 1.0 for the text
INDEXED_FIELDS = frozenset({"title", "text"})

CREATE_FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
    "USING fts5(title, body, tokenize='unicode61 remove_diacritics 0')"
)


class SQLiteSearch:
    vendor = "sqlite"

    @staticmethod
    def expression(words: Sequence[str], joiner: str) -> str:
        """An FTS5 query of quoted stems: no operator or syntax from the reader gets through."""
        return f" {joiner} ".join(
            "(" + " OR ".join(f'"{key}"' for key in sorted(query_keys(word))) + ")"
            for word in words
        )

    @classmethod
    def group_expression(cls, group: Group) -> str:
        """A group as FTS5: its words (AND), or a phrase of stems, each position one of the
        stems the index may hold for the word there (a stop word as itself: the index keeps
        it, where PostgreSQL keeps its position)."""
        if not group.phrase:
            return cls.expression(group.words, "AND")
        positions = [sorted({stem(form) for form in query_forms(word)}) for word in group.words]
        spellings = islice(product(*positions), MAX_PHRASE_FORMS)
        return "(" + " OR ".join('"' + " ".join(keys) + '"' for keys in spellings) + ")"

    @classmethod
    def clauses_expression(cls, clauses: Sequence[Sequence[Group]]) -> str:
        """Every clause (AND), each any of its groups (OR)."""
        return " AND ".join(
            "(" + " OR ".join(cls.group_expression(group) for group in clause) + ")"
            for clause in clauses
        )

    @classmethod
    def matches(cls, words: Sequence[str]) -> Q:
        return cls.matches_expression(cls.expression(words, "AND"))

    @classmethod
    def matches_clauses(cls, clauses: Sequence[Sequence[Group]]) -> Q:
        return cls.matches_expression(cls.clauses_expression(clauses))

    @staticmethod
    def matches_expression(expression: str) -> Q:
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return Q(pk__in=RawSQL(sql, [expression]))

    @classmethod
    def rank(cls, words: Sequence[str]) -> Func:
        return Bm25(F("pk"), match=cls.expression(words, "OR"))


class Bm25(Func):
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


# Keeping the index in step


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
            # No savepoint of its own inside a caller's transaction (a story's write): a
            # failure here fails that write, as it should, and a save costs two queries fewer.
            # FTS5 honours OR REPLACE on its rowid: the old row's terms go, in one statement.
            with (
                transaction.atomic(using=using, savepoint=False),
                connections[using].cursor() as cursor,
            ):
                cursor.executemany(insert.replace("INSERT", "INSERT OR REPLACE", 1), batch)
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
    stems = getattr(instance, "search_stems", None)
    if stems is not None and stems.title == instance.title and stems.text == instance.text:
        # Stemmed by an import worker, off the writing process, from these very words.
        write_stems([(instance.pk, stems.title_stems, stems.text_stems)], using=using)
    else:
        write_index([(instance.pk, instance.title, instance.text)], using=using)


@dataclass(frozen=True)
class Stems:
    """A story's headline and text with their index stems, worked out ahead of its save."""

    title: str
    text: str
    title_stems: str
    text_stems: str

    @classmethod
    def of(cls, title: str, text: str) -> Stems:
        return cls(title, text, index_text(title or ""), index_text(text or ""))


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
