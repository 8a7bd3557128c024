"""Addresses of pages named by a slug, without a URL resolver walk for each one.

`reverse()` costs tens of microseconds; a list page names its 20 stories and their 120 entity
chips, a feed or sitemap thousands. A slug is URL-safe, so the address is the pattern's
address for a placeholder with the slug put in its place: one `reverse()` per view and script
prefix, then string work. A slug with anything else in it goes through `reverse()`, which
quotes it.
"""

import re
from functools import lru_cache

from django.urls import get_script_prefix, reverse

PLACEHOLDER = "--slug--"
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=64)
def _around(view_name: str, script_prefix: str) -> tuple[str, str]:
    head, _, tail = reverse(view_name, kwargs={"slug": PLACEHOLDER}).partition(PLACEHOLDER)
    return head, tail


def slug_path_parts(view_name: str) -> tuple[str, str]:
    """What comes before and after the slug in the view's address (for this script prefix)."""
    return _around(view_name, get_script_prefix())


def slug_path(view_name: str, slug: str) -> str:
    """`reverse(view_name, kwargs={"slug": slug})`, for views whose one argument is a slug."""
    if not PLAIN_SLUG.fullmatch(slug) or PLACEHOLDER in slug:
        return reverse(view_name, kwargs={"slug": slug})
    head, tail = _around(view_name, get_script_prefix())
    return f"{head}{slug}{tail}"
