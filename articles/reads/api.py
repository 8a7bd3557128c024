"""The API's story list items and details, built from a story's values without DRF's fields.

Hot lists of 50 stories with 500 entities spent most of their time in per-field serializer
calls; here an item is one dictionary built from the field specification
(`articles.reads.fields`): the values copied from the row, converted as DRF writes them, and the
few made from other reads (addresses, source, tags, entities, body, mentions). The serializers
build their items with the same functions from a model instance's values, and
tests/test_api_fast_representation.py holds them to what DRF's fields write.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from articles.html import stored_body_html
from articles.models import is_live
from articles.reads.fields import (
    DETAIL_FIELDS,
    ENTITY_COLUMNS,
    LIST_FIELDS,
    MENTION_COLUMNS,
    SOURCE_COLUMNS,
    StoryField,
    values_getter,
)
from articles.reads.rows import entities_of, sources_of, tags_of
from newsroom.paths import PLAIN_SLUG, slug_path, slug_path_parts


class _Shape:
    """How one kind of item is made from the specification: its keys in order, the values
    copied from the row, those then converted, and the names made by the caller."""

    def __init__(self, fields: Sequence[StoryField], made: frozenset[str]) -> None:
        if missing := {f.name for f in fields if not f.copied} - made:
            raise ImproperlyConfigured(f"articles.reads.api builds no field {sorted(missing)}")
        self.keys = dict.fromkeys(f.name for f in fields)
        self.copied = tuple(f.name for f in fields if f.copied)
        self.values = values_getter(self.copied)
        self.converted = tuple((f.name, f.to_api) for f in fields if f.copied and f.to_api)

    def values_of(self, row: Any, zone: datetime.tzinfo) -> dict:
        """This shape's keys in order, with the values copied from `row` (converted for the
        API) and None for the made ones."""
        item = self.keys.copy()
        item.update(zip(self.copied, self.values(row), strict=True))
        for name, to_api in self.converted:
            item[name] = to_api(item[name], zone)
        return item


_LIST = _Shape(
    LIST_FIELDS,
    frozenset({"url", "web_url", "source", "tags", "entities", "has_unpublished_changes"}),
)
_DETAIL = _Shape(DETAIL_FIELDS, frozenset({"body_html", "mentions"}))
_SOURCE_SLUG, _SOURCE_NAME = SOURCE_COLUMNS
_ENTITY_SLUG, _ENTITY_NAME, _ENTITY_KIND = ENTITY_COLUMNS


def absolute_url_maker(context: dict, view_name: str) -> Callable[[str], str]:
    """`slug -> absolute URL of view_name`, with no reverse() per story (`newsroom.paths`).

    Slugs are URL-safe (letters, digits, hyphens, underscores), so putting one between the
    parts of the view's address gives exactly what reverse() would.
    """
    makers = context.setdefault("_url_makers", {})
    if view_name not in makers:
        head, tail = slug_path_parts(view_name)
        request = context.get("request")
        if request is not None:
            head = request.build_absolute_uri(head)
        makers[view_name] = lambda slug: (
            f"{head}{slug}{tail}"
            if PLAIN_SLUG.fullmatch(slug)
            else _absolute(request, view_name, slug)
        )
    return makers[view_name]


def _absolute(request, view_name: str, slug: str) -> str:
    path = slug_path(view_name, slug)
    return request.build_absolute_uri(path) if request is not None else path


def instance_values(story, columns: Sequence[str]) -> dict[str, Any]:
    """A model instance's values under the names a row of `columns` gives them (the general
    path builds its items from these, so both paths share one builder)."""
    return {column: getattr(story, column) for column in columns}


def entity_card(entity) -> dict:
    """An entity (anything with a slug, name and kind) as `EntityCardSerializer` writes it."""
    return {"slug": entity.slug, "name": entity.name, "kind": entity.kind}


def story_card(
    row: dict,
    *,
    source: dict | None,
    tags: list,
    entities: list,
    context: dict,
    now: datetime.datetime | None = None,
    zone: datetime.tzinfo | None = None,
) -> dict:
    """A story in a list (`ArticleSerializer`), from its `CARD_COLUMNS` values: the one place
    the item is built."""
    item = _LIST.values_of(row, zone or timezone.get_current_timezone())
    slug = row["slug"]
    item["url"] = absolute_url_maker(context, "api:article-detail")(slug)
    live = is_live(row["status"], row["publish_at"], now)
    item["web_url"] = absolute_url_maker(context, "article-detail")(slug) if live else None
    item["has_unpublished_changes"] = row["draft_saved_at"] is not None
    item["source"] = source
    item["tags"] = tags
    item["entities"] = entities
    return item


def add_detail(item: dict, row: dict, mentions: list[dict]) -> dict:
    """`item` (a `story_card`) made a detail (`ArticleDetailSerializer`) with the story's
    `DETAIL_COLUMNS` values and its mentions as the API writes them."""
    item.update(_DETAIL.values_of(row, timezone.get_current_timezone()))
    item["body_html"] = stored_body_html(row["body"], row["text"], row["body_seal"])
    item["mentions"] = mentions
    return item


def story_cards(rows: Sequence[dict], context: dict) -> list[dict]:
    """`ArticleSerializer(stories, many=True).data` for stories read as `.values(*CARD_COLUMNS)`
    rows, in their order, with three more `.values()` queries (sources, entities, tags) instead
    of model instances: a page of 50 stories names about 500 entities, and building 1,050 model
    objects for them took most of a list request. The three are prepared (`newsroom.prepared`):
    compiling them cost as much as running them.
    """
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    sources, entities, tags = sources_of(rows), entities_of(ids), tags_of(ids)
    now, zone = timezone.now(), timezone.get_current_timezone()
    return [
        story_card(
            row,
            source=sources.get(row["source_id"]),
            tags=sorted(tags[row["id"]]),
            entities=entities[row["id"]],
            context=context,
            now=now,
            zone=zone,
        )
        for row in rows
    ]


def detail_from_row(row: dict, mentions: Sequence[dict], context: dict) -> dict:
    """`ArticleDetailSerializer(story).data` for a story read as a row of `DETAIL_COLUMNS`, and
    its confirmed mentions as rows (`ENTITY_COLUMNS`, `MENTION_COLUMNS`), most mentioned
    first."""
    entities = [
        {"slug": m[_ENTITY_SLUG], "name": m[_ENTITY_NAME], "kind": m[_ENTITY_KIND]}
        for m in mentions
    ]
    item = story_card(
        row,
        source=(
            {"slug": row[_SOURCE_SLUG], "name": row[_SOURCE_NAME]}
            if row["source_id"] is not None
            else None
        ),
        tags=sorted(tags_of([row["id"]])[row["id"]]),
        entities=entities,
        context=context,
    )
    # The JSON columns were decoded just now: lists of their own, nothing to copy.
    written = [
        {"entity": entity, **{name: m[name] for name in MENTION_COLUMNS}}
        for entity, m in zip(entities, mentions, strict=True)
    ]
    return add_detail(item, row, written)
