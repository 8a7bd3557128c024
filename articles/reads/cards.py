"""The website's story cards (`articles/_card.html`) from rows, in place of model instances.

The template reads a card with the names a model instance has, so the same template shows
either; `tests/test_card_from_row.py` holds the two to the same HTML. A card's values are the
specification's card fields (`fields.CARD_FIELDS`): those copied from the row are set by name,
and the two made ones here (its source, and its entities as `confirmed_mentions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from articles.reads.fields import CARD_FIELDS, values_getter
from articles.reads.rows import entities_of, sources_of
from newsroom.paths import slug_path

_COPIED = tuple(f.name for f in CARD_FIELDS if f.copied)
_copied_values = values_getter(_COPIED)
_MADE = frozenset({"source", "entities"})
if missing := {f.name for f in CARD_FIELDS if not f.copied} - _MADE:
    raise ImproperlyConfigured(f"articles.reads.cards builds no card field {sorted(missing)}")


class _Lookup:
    """Templates look a name up as a key before trying it as an attribute; answering the key
    saves an exception per lookup (a card shows about 40 values)."""

    def __getitem__(self, name: str):
        return getattr(self, name)


@dataclass(frozen=True)
class CardEntity(_Lookup):
    slug: str
    name: str
    kind: str


@dataclass(frozen=True)
class CardMention(_Lookup):
    entity: CardEntity


@dataclass(frozen=True)
class CardSource(_Lookup):
    slug: str
    name: str


class StoryCard(_Lookup):
    """What `articles/_card.html` reads of a story: the card fields copied from its row, its
    `source` and its `confirmed_mentions`."""

    def __init__(
        self,
        row: dict[str, Any],
        source: CardSource | None,
        confirmed_mentions: list[CardMention],
    ) -> None:
        self.__dict__.update(zip(_COPIED, _copied_values(row), strict=True))
        self.source = source
        self.confirmed_mentions = confirmed_mentions

    def get_absolute_url(self) -> str:
        return slug_path("article-detail", self.slug)


def story_card_objects(rows: list[dict[str, Any]]) -> list[StoryCard]:
    """Cards for the website's lists from rows of `PAGE_COLUMNS`, in their order."""
    if not rows:
        return []
    sources = {id_: CardSource(**source) for id_, source in sources_of(rows).items()}
    entities = entities_of([row["id"] for row in rows])
    return [
        StoryCard(
            row,
            source=sources.get(row["source_id"]),
            confirmed_mentions=[CardMention(CardEntity(**e)) for e in entities[row["id"]]],
        )
        for row in rows
    ]
