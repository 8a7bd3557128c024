"""Stories as rows of their tables, batch by batch, in worker processes when asked.

Each table's row is a named tuple whose fields are the model's field names, in the order the
insert lists their columns (`writers.Table` reads the names): a row is built by keyword and
read by name, so no column position is written down anywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import multiprocessing
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from articles import search
from articles.html import body_seal, text_to_html
from articles.ingest.hashing import content_hash
from benchmarks.corpus.entities import EntitySpec
from benchmarks.corpus.stories import SCHEDULED, StoryMaker, make_statuses
from newsroom.text import ascii_slug

BATCH = 1000  # stories per insert round
T = TypeVar("T")


# Rows of the knowledge base: Source, Entity, Alias, Role and taggit's Tag.


class SourceRow(NamedTuple):
    id: int
    name: str
    slug: str
    url: str


class EntityRow(NamedTuple):
    id: int
    kind: str
    name: str
    slug: str
    description: str
    wikidata_id: str
    created: object  # a datetime, or SQLite's text form of it (`sqlite_stamp`)
    updated: object


class AliasRow(NamedTuple):
    entity: int
    name: str
    language: str
    kind: str
    normalized: str


class RoleRow(NamedTuple):
    person: int
    title: str
    organization: int | None
    start_date: object  # a date, or its ISO text for SQLite
    end_date: object


class TagRow(NamedTuple):
    id: int
    name: str
    slug: str


# Rows of the stories: Article, Mention and taggit's TaggedItem.


class ArticleRow(NamedTuple):
    id: int
    title: str
    slug: str  # a base form; the writer makes it unique
    summary: str
    body: str
    text: str
    language: str
    source: int
    byline: str
    dateline: str
    published: object
    status: str
    publish_at: object
    content_hash: str
    version: int
    first_published_at: object
    created: object
    updated: object
    body_seal: str


class MentionRow(NamedTuple):
    article: int
    entity: int
    status: str
    surface_forms: str  # JSON
    spans: str  # JSON
    count: int
    confidence: float
    created: object
    updated: object


class TaggedRow(NamedTuple):
    tag: int
    content_type: int
    object_id: int


@dataclass(frozen=True)
class RowPlan:
    """What turning stories into table rows needs; small and picklable, for worker processes."""

    seed: int
    count: int
    today: dt.date
    now: dt.datetime
    sqlite: bool  # dates as SQLite stores them, and search stems for its FTS5 table
    first_article: int
    first_entity: int
    first_source: int
    tag_ids: dict[str, int]
    article_type: int


@dataclass
class Batch:
    """Up to BATCH stories as rows. Slugs are base forms the writer makes unique."""

    articles: list[ArticleRow] = field(default_factory=list)
    mentions: list[MentionRow] = field(default_factory=list)
    tagged: list[TaggedRow] = field(default_factory=list)
    stems: list[tuple[int, str, str]] = field(default_factory=list)  # `search.index_row`'s
    statuses: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    mention_statuses: Counter = field(default_factory=Counter)


def sqlite_stamp(value: dt.datetime) -> str:
    """As Django stores an aware datetime in SQLite: naive UTC, `str()` form."""
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


def same(value: T) -> T:
    """A value as PostgreSQL's driver takes it: unchanged."""
    return value


def json_strings(values: list[str]) -> str:
    """`json.dumps(values, ensure_ascii=False)`, at a fraction of the cost for plain names."""
    if any('"' in v or "\\" in v or not v.isprintable() for v in values):
        return json.dumps(values, ensure_ascii=False)
    return '["' + '", "'.join(values) + '"]'


def json_spans(spans: list[list[int]]) -> str:
    """`json.dumps(spans)` for [[start, end], ...]."""
    return "[" + ", ".join(f"[{start}, {end}]" for start, end in spans) + "]"


def story_rows(plan: RowPlan, maker: StoryMaker, statuses: Sequence[str], first: int) -> Batch:
    """Stories `first` to `first + BATCH` as rows for their tables (pure: no database)."""
    stamp = sqlite_stamp if plan.sqlite else same
    day = dt.date.isoformat if plan.sqlite else same
    batch = Batch()
    for index in range(first, min(first + BATCH, plan.count)):
        story = maker.story(index, statuses[index])
        pk = plan.first_article + index
        created, updated = stamp(story.created), stamp(story.updated)
        body = text_to_html(story.text)
        batch.articles.append(
            ArticleRow(
                id=pk,
                title=story.title,
                slug=ascii_slug(story.title),
                summary=story.summary,
                body=body,
                text=story.text,
                language=story.language,
                source=plan.first_source + story.source,
                byline=story.byline,
                dateline=story.dateline,
                published=story.published and day(story.published),
                status=story.status,
                publish_at=story.publish_at and stamp(story.publish_at),
                content_hash=content_hash(story.text),
                version=story.version,
                first_published_at=story.first_published_at and stamp(story.first_published_at),
                created=created,
                updated=updated,
                body_seal=body_seal(body),  # text_to_html's output is within the policy
            )
        )
        if plan.sqlite:
            batch.stems.append((pk, search.index_text(story.title), story.stems))
        scheduled = story.publish_at is not None and story.publish_at > plan.now
        batch.statuses[SCHEDULED if scheduled else story.status] += 1
        batch.languages[story.language] += 1
        for mention in story.mentions:
            batch.mentions.append(
                MentionRow(
                    article=pk,
                    entity=plan.first_entity + mention.entity,
                    status=mention.status,
                    surface_forms=json_strings(mention.surface_forms),
                    spans=json_spans(mention.spans),
                    count=len(mention.spans),
                    confidence=mention.confidence,
                    created=created,
                    updated=updated,
                )
            )
            batch.mention_statuses[mention.status] += 1
        for tag in story.tags:
            batch.tagged.append(
                TaggedRow(tag=plan.tag_ids[tag], content_type=plan.article_type, object_id=pk)
            )
    return batch


_worker: dict = {}  # a worker process's StoryMaker, made once


def _start_worker(plan: RowPlan, entities: list[EntitySpec]) -> None:
    _worker["plan"] = plan
    _worker["maker"] = StoryMaker(
        entities, seed=plan.seed, today=plan.today, now=plan.now, stems=plan.sqlite
    )
    _worker["statuses"] = make_statuses(plan.count, seed=plan.seed)


def _rows_in_worker(first: int) -> Batch:
    return story_rows(_worker["plan"], _worker["maker"], _worker["statuses"], first)


def story_batches(plan: RowPlan, entities: list[EntitySpec], *, jobs: int = 1) -> Iterator[Batch]:
    """Every story's rows, batch by batch in order. With `jobs` > 1, forked workers write the
    stories (most of the work) a few batches ahead while the caller inserts; same rows."""
    starts = range(0, plan.count, BATCH)
    if jobs <= 1 or len(starts) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        maker = StoryMaker(
            entities, seed=plan.seed, today=plan.today, now=plan.now, stems=plan.sqlite
        )
        statuses = make_statuses(plan.count, seed=plan.seed)
        for first in starts:
            yield story_rows(plan, maker, statuses, first)
        return
    workers = max(1, jobs - 1)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(plan, entities)) as pool:
        todo = iter(starts)
        # A bounded look-ahead: finished batches never pile up in memory.
        pending = deque(pool.apply_async(_rows_in_worker, (first,)) for first in
                        itertools.islice(todo, 2 * workers))  # fmt: skip
        while pending:
            batch = pending.popleft().get()
            following = next(todo, None)
            if following is not None:
                pending.append(pool.apply_async(_rows_in_worker, (following,)))
            yield batch
