"""Text helpers shared by both apps: slugs in ASCII from any script."""

import secrets
from collections.abc import Iterable
from urllib.parse import quote

from anyascii import anyascii
from django.db import connections
from django.db.models import Model
from django.utils.text import slugify


def ascii_slug(text: str, max_length: int = 80) -> str:
    """Slugify after transliteration, so Russian headlines get readable Latin slugs."""
    slug = slugify(anyascii(text or ""))[:max_length].strip("-")
    return slug or "item"


def unique_slug(model: type[Model], text: str, *, max_length: int = 80, field: str = "slug") -> str:
    """A slug not yet used by `model`: the plain form, else -2 to -9, else a random suffix.

    One query of exact, indexed lookups (the ten candidates at once), so the cost does not grow
    with the table even when thousands of stories share a headline, and a story whose headline
    is new costs the same single query as one whose headline is taken.
    """
    base = ascii_slug(text, max_length=max_length)
    candidates = [base, *(f"{base}-{n}" for n in range(2, 10))]
    # Written out, not built by the ORM: every new story, source and entity asks this.
    meta = model._meta
    connection = connections[model._default_manager.db]
    quote = connection.ops.quote_name
    column = quote(meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {quote(meta.db_table)} "
            f"WHERE {column} IN ({', '.join(['%s'] * len(candidates))})",
            candidates,
        )
        taken = {row[0] for row in cursor.fetchall()}
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    return f"{base[: max_length - 7]}-{secrets.token_hex(3)}"


def encode_query(pairs: Iterable[tuple[str, str]]) -> str:
    """A query string, every value percent-encoded as a browser's form would send it (a
    space as %20, `/` and non-ASCII escaped), so a link keeps any text the reader typed."""
    return "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)
