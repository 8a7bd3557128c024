"""Addresses of pages named by a slug, without a URL resolver walk for each one.

`reverse()` costs tens of microseconds; a list page names its 20 stories and their 120 entity
chips, a feed or sitemap thousands. A slug is URL-safe, so the address is the pattern's
address for a placeholder with the slug put in its place: one `reverse()` per view and script
prefix, then string work. A slug with anything else in it goes through `reverse()`, which
quotes it.

Addresses follow the active language (Django's `i18n_patterns`: `/ru/...` for Russian, none for
English), so the cache is per view, script prefix and language; `language=` asks for a given
language's address whatever page is being built (a story links to its own language's page).
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import translation

PLACEHOLDER = "--slug--"
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=64)
def _around(view_name: str, script_prefix: str, language: str | None) -> tuple[str, str]:
    with translation.override(language):
        head, _, tail = reverse(view_name, kwargs={"slug": PLACEHOLDER}).partition(PLACEHOLDER)
    return head, tail


def site_language(language: str | None) -> str | None:
    """`language` if the site has an interface in it, else None (the active language)."""
    return language if language in _SITE_LANGUAGES else None


_SITE_LANGUAGES = frozenset(code for code, _ in settings.LANGUAGES)


def slug_path_parts(view_name: str) -> tuple[str, str]:
    """What comes before and after the slug in the view's address (for this script prefix)."""
    return _around(view_name, get_script_prefix(), translation.get_language())


def slug_path(view_name: str, slug: str, language: str | None = None) -> str:
    """`reverse(view_name, kwargs={"slug": slug})`, for views whose one argument is a slug, in
    the active language or in `language` (a site language; any other means the active one)."""
    language = site_language(language) or translation.get_language()
    if not PLAIN_SLUG.fullmatch(slug) or PLACEHOLDER in slug:
        with translation.override(language):
            return reverse(view_name, kwargs={"slug": slug})
    head, tail = _around(view_name, get_script_prefix(), language)
    return f"{head}{slug}{tail}"
