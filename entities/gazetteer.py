"""The knowledge base as a linker: built from the database once, rebuilt when it changes.

Building takes about a second for 50,000 names, linking a story a few milliseconds, so each
process keeps one linker. Edits made in this process drop it at once (see `EntitiesConfig`);
edits made by other processes are noticed through a fingerprint of the knowledge base, checked
at most every `RECHECK_SECONDS`.
"""

import time

from django.db.models import Count, Max

from entities.linking import GazetteerEntry, GazetteerRole, Linker
from entities.models import Alias, Entity, Role

RECHECK_SECONDS = 5.0
_built: dict[str, object] = {"key": None, "linker": None, "slugs": {}, "checked": 0.0}


def knowledge_base_key() -> tuple:
    """Changes when an entity, alias or role is added, removed or an entity is edited."""
    entities = Entity.objects.aggregate(n=Count("id"), last=Max("updated"))
    aliases = Alias.objects.aggregate(n=Count("id"), last=Max("id"))
    roles = Role.objects.aggregate(n=Count("id"), last=Max("id"))
    return (*entities.values(), *aliases.values(), *roles.values())


def build_linker() -> Linker:
    """A linker over every entity's canonical name (first, so it stays canonical) and alias."""
    return _build()[0]


def _build() -> tuple[Linker, dict[int, str]]:
    rows = list(Entity.objects.values_list("id", "kind", "name", "slug"))
    entries = [
        GazetteerEntry(entity_id=pk, kind=kind, name=name, language="en")
        for pk, kind, name, _ in rows
    ]
    entries += [
        GazetteerEntry(
            entity_id=entity_id, kind=kind, name=name, language=language, alias_kind=alias_kind
        )
        for entity_id, kind, name, language, alias_kind in Alias.objects.values_list(
            "entity_id", "entity__kind", "name", "language", "kind"
        )
    ]
    roles = [
        GazetteerRole(person_id=p, title=t, organization_id=o, start=s, end=e)
        for p, t, o, s, e in Role.objects.values_list(
            "person_id", "title", "organization_id", "start_date", "end_date"
        )
    ]
    return Linker.build(entries, roles), {pk: slug for pk, _, _, slug in rows}


def current_linker() -> Linker:
    """This process's linker, rebuilt first if the knowledge base changed since it was built."""
    now = time.monotonic()
    if _built["linker"] is not None and now - _built["checked"] < RECHECK_SECONDS:  # type: ignore[operator]
        return _built["linker"]  # type: ignore[return-value]
    key = knowledge_base_key()
    if _built["key"] != key or _built["linker"] is None:
        _built["linker"], _built["slugs"] = _build()
        _built["key"] = key
    _built["checked"] = now
    return _built["linker"]  # type: ignore[return-value]


def entity_slug(entity_id: int) -> str | None:
    """The slug of an entity the current linker knows, without a query."""
    current_linker()
    return _built["slugs"].get(entity_id)  # type: ignore[union-attr]


def forget_linker() -> None:
    """Drop the cached linker (tests, and after bulk edits that keep the fingerprint)."""
    _built.update(key=None, linker=None, slugs={}, checked=0.0)
