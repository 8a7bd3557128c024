"""The rows the fast reads are made from, read with prepared queries.

A list of 50 stories names about 500 entities. Building a model instance for each (a story, its
source, every mention and entity) and compiling the queries that fetch them took most of a list
request, on the website as in the API. Here the hot lists (the newest live stories, an entity's
live stories) are read as `.values()` rows of the same querysets the general path builds
(`published()`, `mentioning(live=True)`, `latest_first()`), compiled once (`newsroom.prepared`),
and each page's sources, entities and tags with one query each. The columns come from the
field specification (`articles.reads.fields`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from taggit.models import TaggedItem

from articles.models import Article, Mention, Source
from articles.reads.fields import (
    DETAIL_COLUMNS,
    ENTITY_COLUMNS,
    MENTION_COLUMNS,
    PAGE_COLUMNS,
    SOURCE_COLUMNS,
)
from entities import names
from entities.models import Entity
from newsroom.prepared import prepared

_COUNT = RawSQL("COUNT(*)", (), output_field=IntegerField())


@prepared
def _entity_page(entity: int, now: datetime.datetime):
    stories = Article.objects.latest_first().mentioning(entity, live=True, now=now)
    return stories.values(*PAGE_COLUMNS)


@prepared
def _entity_count(entity: int, now: datetime.datetime):
    # What ArticleQuerySet.count() reads for mentioning(entity, live=True): the index range.
    return Mention.objects.public(now=now).filter(entity=entity).order_by().values(n=_COUNT)


@prepared
def _latest_page(now: datetime.datetime):
    return Article.objects.published(now=now).latest_first().values(*PAGE_COLUMNS)


@prepared
def _latest_count(now: datetime.datetime):
    return Article.objects.published(now=now).order_by().values(n=_COUNT)


class LiveStories(Sequence):
    """The newest live stories, or an entity's, as Django's Paginator reads a list: `count()`,
    then one slice, which `make` turns from rows of `PAGE_COLUMNS` into what the page shows.

    `count` may be given when it is known already (an entity page has it).
    """

    ordered = True

    def __init__(
        self,
        entity_id: int | None,
        now: datetime.datetime,
        make: Callable[[list[dict]], list] | None = None,
        count: int | None = None,
    ) -> None:
        self.entity_id = entity_id
        self.now = now
        self.make = make
        self._count = count

    def _values(self) -> dict:
        if self.entity_id is None:
            return {"now": self.now}
        return {"entity": self.entity_id, "now": self.now}

    def count(self) -> int:
        if self._count is None:
            query = _latest_count if self.entity_id is None else _entity_count
            self._count = query.rows(**self._values())[0]["n"]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice) or item.step not in (None, 1):
            raise TypeError("a story list is read one page (a slice) at a time")
        start, stop = item.start or 0, item.stop
        if stop is None or start < 0 or stop < start:
            raise TypeError("a page needs a start and an end")
        query = _latest_page if self.entity_id is None else _entity_page
        rows = query.rows(limit=stop - start, offset=start, **self._values())
        return self.make(rows) if self.make is not None else rows


# A page's sources, entities and tags

_SOURCE_SLUG, _SOURCE_NAME = SOURCE_COLUMNS


@prepared
def _card_sources(ids: list[int]):
    return Source.objects.filter(pk__in=ids).order_by().values("id", "slug", "name")


@prepared
def _card_entities(ids: list[int]):
    return (
        Mention.objects.confirmed()
        .filter(article_id__in=ids)
        .order_by("article_id", "-count", "entity__name")
        .values("article_id", *ENTITY_COLUMNS)
    )


@prepared
def _card_tags(ids: list[int], content_type: int):
    return (
        TaggedItem.objects.filter(content_type=content_type, object_id__in=ids)
        .order_by()
        .values("object_id", "tag__name")
    )


def sources_of(rows: Sequence[dict]) -> dict[int, dict]:
    """{source id: {"slug", "name"}} for the stories in `rows`: read from the rows when they
    carry them (`PAGE_COLUMNS`), else with one query."""
    if rows and _SOURCE_SLUG in rows[0]:
        return {
            row["source_id"]: {"slug": row[_SOURCE_SLUG], "name": row[_SOURCE_NAME]}
            for row in rows
            if row["source_id"] is not None
        }
    ids = sorted({row["source_id"] for row in rows} - {None})
    return {
        source["id"]: {"slug": source["slug"], "name": source["name"]}
        for source in _card_sources.rows(ids=ids)
    }


def entities_of(ids: list[int]) -> dict[int, list[dict]]:
    """{story id: [{"slug", "name", "kind"}]}: each story's confirmed entities, most mentioned
    first, then by name."""
    entities = defaultdict(list)
    # The tuples follow the names given to `.values()`: the story's id, then ENTITY_COLUMNS.
    for article_id, slug, name, kind in _card_entities.tuples(ids=ids):
        entities[article_id].append({"slug": slug, "name": name, "kind": kind})
    names.expect(e["slug"] for story in entities.values() for e in story)
    return entities


def tags_of(ids: list[int]) -> dict[int, list[str]]:
    """{story id: [tag name]}, unordered."""
    tags = defaultdict(list)
    content_type = ContentType.objects.get_for_model(Article).pk
    for object_id, name in _card_tags.tuples(ids=ids, content_type=content_type):
        tags[object_id].append(name)
    return tags


# One story


@prepared
def _entity_id(slug: str):
    return Entity.objects.filter(slug=slug).order_by().values("id")


@prepared
def _live_story(slug: str, now: datetime.datetime):
    return Article.objects.published(now=now).filter(slug=slug).order_by().values(*DETAIL_COLUMNS)


@prepared
def _story_mentions(article: int):
    return (
        Mention.objects.confirmed()
        .filter(article_id=article)
        .order_by("-count", "entity__name")
        .values(*ENTITY_COLUMNS, *MENTION_COLUMNS)
    )


def entity_id(slug: str) -> int | None:
    """The id of the entity with this slug, or None."""
    found = _entity_id.rows(slug=slug)
    return found[0]["id"] if found else None


def live_story(slug: str, now: datetime.datetime) -> dict[str, Any] | None:
    """The live story with this slug as a row of `DETAIL_COLUMNS`, or None."""
    found = _live_story.rows(slug=slug, now=now)
    return found[0] if found else None


def story_mentions(story_id: int) -> list[dict[str, Any]]:
    """A story's confirmed mentions as rows (`ENTITY_COLUMNS`, `MENTION_COLUMNS`), most
    mentioned first, then by entity name."""
    return _story_mentions.rows(article=story_id)
