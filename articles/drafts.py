"""Drafts of live stories, after Wagtail's model: what waits for an Editor, and how it reads.

A published story's words and metadata are what readers get: the website, the API for
anonymous callers, feeds, the sitemap and search all read the story's own columns. An edit of
a published story therefore does not touch them: the new values wait in `Article.draft` (a
JSON object of `DRAFT_FIELDS`) until an Editor publishes them
(`articles.services.story_publish_changes`), which copies them onto the story as one edit:
sanitised again, a new version, re-linked on the new live text.

Tags and editors' decisions on mentions classify a story rather than say anything in it: they
apply at once, as before. Status and schedule are the workflow's, never drafted.

Pure functions of values: no database, so the admin's preview, the API's draft and the service
layer read a draft the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from newsroom.text import ascii_slug

# The fields a draft holds: what an edit of a live story may change before it is published.
DRAFT_FIELDS = (
    "title",
    "summary",
    "body",
    "language",
    "source_id",
    "byline",
    "dateline",
    "published",
    "published_time",
    "published_utc_offset",
    "original_url",
)
_DATES = {"published"}
_TIMES = {"published_time"}


def content_of(story: Any) -> dict[str, Any]:
    """A story's `DRAFT_FIELDS` as Python values (an instance, or anything with those
    attributes)."""
    return {name: getattr(story, name) for name in DRAFT_FIELDS}


def to_json(values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` as stored in the JSON column (dates and times as ISO 8601)."""
    return {
        name: value.isoformat() if isinstance(value, datetime.date | datetime.time) else value
        for name, value in values.items()
        if name in DRAFT_FIELDS
    }


def from_json(draft: Mapping[str, Any] | None) -> dict[str, Any]:
    """A stored draft as Python values, the fields it lacks left out."""
    values = {}
    for name, value in (draft or {}).items():
        if name not in DRAFT_FIELDS:
            continue
        if name in _DATES and isinstance(value, str) and value:
            value = datetime.date.fromisoformat(value)
        elif name in _TIMES and isinstance(value, str) and value:
            value = datetime.time.fromisoformat(value)
        values[name] = value
    return values


def pending(live: Mapping[str, Any], edited: Mapping[str, Any]) -> dict[str, Any] | None:
    """The draft to keep for a live story whose content is `live` after an edit that leaves it
    `edited`: the edited values (JSON), or None when they are the live ones (nothing waits)."""
    if all(_same(live.get(name), edited.get(name)) for name in DRAFT_FIELDS):
        return None
    return to_json({name: edited.get(name) for name in DRAFT_FIELDS})


def _same(a: Any, b: Any) -> bool:
    # "" and None are the same emptiness for text, ids and dates alike.
    return (a if a not in ("", None) else None) == (b if b not in ("", None) else None)


def changed_fields(live: Mapping[str, Any], draft: Mapping[str, Any] | None) -> list[str]:
    """The names of the fields a stored draft changes, in `DRAFT_FIELDS` order."""
    values = from_json(draft)
    return [n for n in DRAFT_FIELDS if n in values and not _same(live.get(n), values[n])]


def apply(story: Any, draft: Mapping[str, Any] | None) -> Any:
    """Set a stored draft's values on `story` (in memory) and return it."""
    for name, value in from_json(draft).items():
        setattr(story, name, value)
    return story


def slug_follows(slug: str, headline: str) -> bool:
    """Whether `slug` was made from `headline` (possibly with the suffix `unique_slug` adds):
    then, until the story is first published, a corrected headline gets a new slug.

    A slug an editor typed is none of those, and is kept.
    """
    base = ascii_slug(headline, max_length=80)
    if slug == base:
        return True
    stem, _, suffix = slug.rpartition("-")
    if suffix.isdigit() and 2 <= int(suffix) <= 9:
        return stem == base
    # The random suffix comes after a shortened base (`unique_slug`).
    random = len(suffix) == 6 and all(c in "0123456789abcdef" for c in suffix)
    return random and bool(stem) and base.startswith(stem)
