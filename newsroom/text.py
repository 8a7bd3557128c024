"""Text helpers shared by both apps: slugs in ASCII from any script."""

from anyascii import anyascii
from django.db.models import Model
from django.utils.text import slugify


def ascii_slug(text: str, max_length: int = 80) -> str:
    """Slugify after transliteration, so Russian headlines get readable Latin slugs."""
    slug = slugify(anyascii(text or ""))[:max_length].strip("-")
    return slug or "item"


def unique_slug(model: type[Model], text: str, *, max_length: int = 80, field: str = "slug") -> str:
    """A slug not yet used by `model`, suffixed -2, -3... on collision."""
    base = ascii_slug(text, max_length=max_length)
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": base}).values_list(
            field, flat=True
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
