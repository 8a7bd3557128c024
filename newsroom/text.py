"""Text helpers shared by both apps: slugs in ASCII from any script."""

import secrets

from anyascii import anyascii
from django.db.models import Model
from django.utils.text import slugify


def ascii_slug(text: str, max_length: int = 80) -> str:
    """Slugify after transliteration, so Russian headlines get readable Latin slugs."""
    slug = slugify(anyascii(text or ""))[:max_length].strip("-")
    return slug or "item"


def unique_slug(model: type[Model], text: str, *, max_length: int = 80, field: str = "slug") -> str:
    """A slug not yet used by `model`: the plain form, else -2 to -9, else a random suffix.

    Only exact, indexed lookups (at most two queries), so the cost does not grow with the table
    even when thousands of stories share a headline.
    """
    base = ascii_slug(text, max_length=max_length)
    manager = model._default_manager
    if not manager.filter(**{field: base}).exists():
        return base
    numbered = [f"{base}-{n}" for n in range(2, 10)]
    taken = set(manager.filter(**{f"{field}__in": numbered}).values_list(field, flat=True))
    for candidate in numbered:
        if candidate not in taken:
            return candidate
    return f"{base[: max_length - 7]}-{secrets.token_hex(3)}"
