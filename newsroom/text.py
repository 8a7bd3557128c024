"""Text helpers shared by both apps: slugs in ASCII from any script, and the check that keeps
control characters out of plain-text fields."""

import re
import secrets
from collections.abc import Iterable
from urllib.parse import quote

from anyascii import anyascii
from django.db import connections
from django.db.models import Model
from django.utils.text import slugify
from django.utils.translation import gettext


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


# C0 control characters other than tab and newline (LF, or CRLF as a browser's textarea sends
# it). They are invisible, break feeds, XML and JSON-LD consumers, and no editor types them: a
# paste from a wire or a forged request does.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|\r(?!\n)")


def control_character_error(value: object) -> str | None:
    """Why `value` may not be stored as plain text (its first control character), or None."""
    if not isinstance(value, str):
        return None
    found = _CONTROL.search(value)
    if found is None:
        return None
    return gettext(
        "Contains a control character (U+%(code)04X) at position %(position)d; only tabs and "
        "line breaks are allowed."
    ) % {"code": ord(found.group()), "position": found.start() + 1}


def control_character_errors(values: dict[str, object]) -> dict[str, list[str]]:
    """`control_character_error` for each named value, keyed by the name at fault."""
    return {
        name: [error]
        for name, value in values.items()
        if (error := control_character_error(value)) is not None
    }
