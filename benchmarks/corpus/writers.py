"""Writing the corpus: multi-row inserts per table (SQLite `executemany`, PostgreSQL `COPY`),
SQLite's settings for a bulk load, and the writer that puts the knowledge base and the stories'
batches into their tables in order."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connections, models
from taggit.models import Tag, TaggedItem

from articles import search
from articles.html import body_seal, text_to_html
from articles.ingest.hashing import content_hash
from articles.models import Article, Mention, Source
from benchmarks.corpus import vocab
from benchmarks.corpus.entities import EntitySpec, unused_slug
from benchmarks.corpus.rows import (
    AliasRow,
    ArticleRow,
    Batch,
    EntityRow,
    MentionRow,
    RoleRow,
    RowPlan,
    SourceRow,
    TaggedRow,
    TagRow,
    same,
    sqlite_stamp,
    story_batches,
)
from entities.models import Alias, Entity, Role, normalize_name
from newsroom.text import ascii_slug


@dataclass
class CorpusSummary:
    """What was written, counted as it was; the command reports it."""

    articles: int = 0
    mentions: int = 0
    entities: int = 0
    aliases: int = 0
    roles: int = 0
    sources: int = 0
    tags: int = 0
    tagged: int = 0
    statuses: Counter = field(default_factory=Counter)
    mention_statuses: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    popular: tuple[str, int] | None = None
    rare: tuple[str, int] | None = None
    seconds: dict[str, float] = field(default_factory=dict)


class Table:
    """Multi-row inserts into one model's table: SQLite `executemany`, PostgreSQL `COPY`.

    The columns are those of the row type's fields, which are the model's field names, in
    their order; the rest get their field's default, computed once (blank strings, and the
    mentions' copies of their story's status and date, which the database's triggers then
    overwrite). The id (unless the row has one), generated columns and nullable columns
    without a default are left to the database (PostgreSQL's search vector, set by its trigger).
    """

    def __init__(self, model: type[models.Model], row: type[NamedTuple], *, using: str) -> None:
        self.connection = connections[using]
        self.row = row
        given = list(row._fields)
        defaults = []
        for f in model._meta.concrete_fields:
            if f.name in given or f.primary_key or f.generated or (f.null and not f.has_default()):
                continue
            defaults.append((f.column, f.get_db_prep_save(f.get_default(), self.connection)))
        columns = [model._meta.get_field(name).column for name in given]
        columns += [column for column, _ in defaults]
        self.tail = tuple(value for _, value in defaults)
        quote = self.connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(c) for c in columns)
        self.width = len(columns)

    def insert(self, rows: Iterable[tuple]) -> int:
        """Write the rows, named tuples of the table's row type; returns how many."""
        rows = list(rows)
        if not rows:
            return 0
        if type(rows[0]) is not self.row:  # a plain tuple's order would go unchecked
            raise TypeError(f"{self.table} takes {self.row.__name__} rows")
        if self.tail:
            rows = [row + self.tail for row in rows]
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                # COPY: PostgreSQL's fastest bulk path; row triggers still fire.
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * self.width)
                cursor.executemany(
                    f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", rows
                )
        return len(rows)


def next_id(model: type[models.Model], using: str) -> int:
    """The first id after the table's highest: generated rows carry their ids."""
    return (model.objects.using(using).aggregate(top=models.Max("pk"))["top"] or 0) + 1


SQLITE_CACHE_KIB = 128 * 1024  # page cache while loading: the mention indexes stay in memory


@contextmanager
def bulk_load(connection) -> Iterator[None]:
    """SQLite: a large page cache while loading and, when no other connection has the file
    open, a rollback journal instead of WAL; both restored afterwards, also after a failure
    (and every new connection asks for WAL again: newsroom.settings).

    With SQLite's default 2 MB cache the mention indexes, inserted in entity order (at random),
    are read back for every batch. Through WAL, a transaction of two gigabytes is written twice
    (log, then checkpoint) and its spilled pages are read back through the log's index. Each
    costs the load about a sixth more CPU.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.execute("PRAGMA journal_mode")
        wal = cursor.fetchone()[0] == "wal" and not connection.in_atomic_block
        if wal:
            try:
                cursor.execute("PRAGMA journal_mode = DELETE")
                wal = cursor.fetchone()[0] == "delete"
            except OperationalError:  # another connection has the file open: stay in WAL
                wal = False
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {cache_size}")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")


class CorpusWriter:
    """Writes the knowledge base, then the stories batch by batch, counting into `summary`."""

    def __init__(
        self,
        specs: list[EntitySpec],
        *,
        seed: int,
        using: str,
        now: dt.datetime,
        summary: CorpusSummary,
    ) -> None:
        self.specs = specs
        self.seed = seed
        self.using = using
        self.now = now
        self.summary = summary
        self.sqlite = connections[using].vendor == "sqlite"
        self.stamp = sqlite_stamp if self.sqlite else same
        self.day = dt.date.isoformat if self.sqlite else same

    def write_knowledge_base(self) -> None:
        using, summary, stamp, day = self.using, self.summary, self.stamp, self.day
        rng = random.Random(f"{self.seed}:timestamps")
        self.first_source = next_id(Source, using)
        summary.sources = Table(Source, SourceRow, using=using).insert(
            SourceRow(
                id=self.first_source + n,
                name=source.name,
                slug=ascii_slug(source.name),
                url=source.url,
            )
            for n, source in enumerate(vocab.SOURCES)
        )
        self.first_entity = first = next_id(Entity, using)
        entity_rows, alias_rows, role_rows = [], [], []
        entity_rows: list[EntityRow] = []
        alias_rows: list[AliasRow] = []
        role_rows: list[RoleRow] = []
        for index, spec in enumerate(self.specs):
            pk = first + index
            created = self.now - dt.timedelta(minutes=rng.randint(3 * 365 * 1440, 7 * 365 * 1440))
            updated = created + dt.timedelta(minutes=rng.randint(0, 365 * 1440))
            entity_rows.append(
                EntityRow(
                    id=pk,
                    kind=spec.kind,
                    name=spec.name,
                    slug=spec.slug,
                    description=spec.description,
                    wikidata_id="",
                    created=stamp(created),
                    updated=stamp(updated),
                )
            )
            for name, language, kind in spec.aliases:
                alias_rows.append(
                    AliasRow(
                        entity=pk,
                        name=name,
                        language=language,
                        kind=kind,
                        normalized=normalize_name(name),
                    )
                )
            for title, employer, start, end in spec.roles:
                role_rows.append(
                    RoleRow(
                        person=pk,
                        title=title,
                        organization=None if employer is None else first + employer,
                        start_date=day(start),
                        end_date=end and day(end),
                    )
                )
        summary.entities = Table(Entity, EntityRow, using=using).insert(entity_rows)
        summary.aliases = Table(Alias, AliasRow, using=using).insert(alias_rows)
        summary.roles = Table(Role, RoleRow, using=using).insert(role_rows)

    def _tags(self) -> dict[str, int]:
        existing = dict(Tag.objects.using(self.using).values_list("name", "id"))
        pk = next_id(Tag, self.using)
        rows = []
        for name in vocab.TAGS:
            if name not in existing:
                existing[name] = pk
                rows.append(TagRow(id=pk, name=name, slug=Tag(name=name).slugify(name)))
                pk += 1
        self.summary.tags = Table(Tag, TagRow, using=self.using).insert(rows)
        return existing

    def write_stories(
        self, count: int, *, jobs: int, progress: Callable[[int], None] | None
    ) -> None:
        using, summary = self.using, self.summary
        plan = RowPlan(
            seed=self.seed,
            count=count,
            today=self.now.date(),
            now=self.now,
            sqlite=self.sqlite,
            first_article=next_id(Article, using),
            first_entity=self.first_entity,
            first_source=self.first_source,
            tag_ids=self._tags(),
            article_type=ContentType.objects.db_manager(using).get_for_model(Article).pk,
        )
        articles = Table(Article, ArticleRow, using=using)
        mentions = Table(Mention, MentionRow, using=using)
        tagged = Table(TaggedItem, TaggedRow, using=using)
        slugs: set[str] = set()
        hashes: set[str] = set()
        for batch in story_batches(plan, self.specs, jobs=jobs):
            for n, row in enumerate(batch.articles):
                slug = unused_slug(row.slug, slugs)
                if slug != row.slug or row.content_hash in hashes:
                    batch.articles[n] = row = self._distinct(row, slug, hashes, batch)
                hashes.add(row.content_hash)
            if self.sqlite:
                # Mentions first: each story's insert trigger then copies its status and date
                # onto its mentions in one statement, instead of every mention's trigger
                # reading the story's wide row (4x faster). Foreign keys are checked at commit.
                summary.mentions += mentions.insert(batch.mentions)
                summary.articles += articles.insert(batch.articles)
            else:
                # Stories first: PostgreSQL's mention trigger fills each row as it is written.
                summary.articles += articles.insert(batch.articles)
                summary.mentions += mentions.insert(batch.mentions)
            summary.tagged += tagged.insert(batch.tagged)
            if batch.stems:
                search.write_stems(batch.stems, using=using, fresh=True)
            summary.statuses.update(batch.statuses)
            summary.languages.update(batch.languages)
            summary.mention_statuses.update(batch.mention_statuses)
            if progress:
                progress(len(batch.articles))

    @staticmethod
    def _distinct(row: ArticleRow, slug: str, hashes: set[str], batch: Batch) -> ArticleRow:
        """The row with a free slug, and a text of its own should another story have the
        same (never seen in practice: a note at the end keeps the spans valid)."""
        row = row._replace(slug=slug)
        if row.content_hash in hashes:
            text = f"{row.text}\n\n({row.id})"
            body = text_to_html(text)
            row = row._replace(
                text=text, body=body, body_seal=body_seal(body), content_hash=content_hash(text)
            )
            if batch.stems:
                at = next(i for i, (pk, *_) in enumerate(batch.stems) if pk == row.id)
                batch.stems[at] = search.index_row(row.id, row.title, row.text)
        return row
