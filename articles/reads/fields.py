"""A story's fields as cards, API list items and API details show them: one specification.

A story is shown two ways on each hot read: from a model instance (the template, the
serializer) and from a `.values()` row (`articles.reads`). Both are derived from
`STORY_FIELDS`: the columns the row queries read, the website card's values, the API item's
keys in order, how the API writes each value, and the serializer's field list (and so the
OpenAPI schema). Adding a story column to the API's items is one `StoryField` here; with
`card=True` the website's card has it too (the template then shows it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.utils import timezone


def iso_date(value: datetime.date | None, zone: datetime.tzinfo) -> str | None:
    """A date as DRF's DateField writes it."""
    return value.isoformat() if value is not None else None


def iso_time(value: datetime.time | None, zone: datetime.tzinfo) -> str | None:
    """A clock time as DRF's TimeField writes it ("19:19:00"); never converted: it is the
    time the copy states (`Article.published_time`)."""
    return value.isoformat() if value is not None else None


def iso_datetime(
    value: datetime.datetime | None, zone: datetime.tzinfo | None = None
) -> str | None:
    """A time as DRF's DateTimeField writes it: ISO 8601 in the current time zone (or `zone`,
    when a caller writing many has looked it up once), UTC as Z."""
    if value is None:
        return None
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


@dataclass(frozen=True)
class StoryField:
    """One value of a story as the fast reads show it.

    `columns` are the `.values()` names it is made from: by default its own name, a value
    copied from the row (through `to_api` for the API). A field made from other columns, or
    read by a query of its own (`columns=()`), is built by name in `api` (and `cards`), which
    refuse to load when a made field has no builder.
    """

    name: str  # the model instance's attribute, the API's key, the card's attribute
    columns: tuple[str, ...] | None = None  # None: (name,)
    to_api: Callable[[Any, datetime.tzinfo], Any] | None = None  # (value, zone) -> API value
    card: bool = False  # the website's card (`articles/_card.html`) shows it
    detail: bool = False  # in the API's detail only, not in its lists

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.name,) if self.columns is None else self.columns

    @property
    def copied(self) -> bool:
        """Whether the value is the row's own column of that name (else it is made)."""
        return self.columns is None


STORY_FIELDS: tuple[StoryField, ...] = (
    StoryField("id", card=True),
    StoryField("slug", card=True),
    StoryField("url", columns=("slug",)),  # the API's address of the story
    StoryField("web_url", columns=("slug", "status", "publish_at")),  # its page, while live
    StoryField("title", card=True),
    StoryField("summary", card=True),
    StoryField("language", card=True),
    StoryField("published", to_api=iso_date, card=True),
    StoryField("published_time", to_api=iso_time),
    StoryField("published_utc_offset"),
    StoryField("dateline", card=True),
    StoryField("byline"),
    StoryField("source", columns=("source_id",), card=True),  # its slug and name read apart
    StoryField("tags", columns=()),
    StoryField("entities", columns=(), card=True),  # the card's `confirmed_mentions`
    StoryField("status"),
    StoryField("publish_at", to_api=iso_datetime),
    StoryField("created", to_api=iso_datetime),
    StoryField("updated", to_api=iso_datetime),
    StoryField("version"),
    # A published story with edits readers do not see yet (`articles.drafts`): read from the
    # time they were saved, a column of the row (no query of its own).
    StoryField("has_unpublished_changes", columns=("draft_saved_at",)),
    StoryField("body_html", columns=("body", "text", "body_seal"), detail=True),
    StoryField("text", detail=True),
    StoryField("original_url", detail=True),
    StoryField("mentions", columns=(), detail=True),
)

LIST_FIELDS = tuple(f for f in STORY_FIELDS if not f.detail)
DETAIL_FIELDS = tuple(f for f in STORY_FIELDS if f.detail)
CARD_FIELDS = tuple(f for f in STORY_FIELDS if f.card)


def columns_of(fields: Sequence[StoryField]) -> tuple[str, ...]:
    """The `.values()` names `fields` are made from, each once, in their order."""
    return tuple(dict.fromkeys(column for f in fields for column in f.reads))


# A story in a list (the API's item, the website's card). Sources are read apart: a join in
# this query would be in every count too.
CARD_COLUMNS = columns_of(LIST_FIELDS)
# The source a page or a detail joins: one LEFT JOIN for 20 or 50 rows (not in the count).
SOURCE_COLUMNS = ("source__slug", "source__name")
PAGE_COLUMNS = (*CARD_COLUMNS, *SOURCE_COLUMNS)
STORY_COLUMNS = columns_of(STORY_FIELDS)  # a model instance's attributes of the same names
DETAIL_COLUMNS = (*STORY_COLUMNS, *SOURCE_COLUMNS)
# A story's confirmed entities, as a card and an API item name them.
ENTITY_COLUMNS = ("entity__slug", "entity__name", "entity__kind")
# A mention in the API's detail, besides its entity.
MENTION_COLUMNS = ("status", "surface_forms", "spans", "count")


def values_getter(names: Sequence[str]) -> Callable[[Any], tuple]:
    """`row -> (row[name] for name in names)` as a tuple, in C (`itemgetter`), for hot loops."""
    if len(names) > 1:
        return itemgetter(*names)
    return lambda row: tuple(row[name] for name in names)
