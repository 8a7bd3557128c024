"""The page in the site's other languages: `hreflang` alternates in <head> and the switch.

The language of a public page is its address (`/ru/...` for Russian, no prefix for English:
Django's `i18n_patterns`, docs/i18n.md), so the same page in another language is the same
route reversed under that language (`translate_url`): no cookie, no redirect, a plain link.
"""

from urllib.parse import parse_qsl

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles import seo
from newsroom.text import encode_query

register = template.Library()

# Each language named in itself, as a switch names it (a Russian reader looks for "Русский").
NATIVE_NAMES = {"en": "English", "ru": "Русский"}


def _in_language(url: str, code: str) -> str:
    """`url` (a path or an absolute address of a public page) in language `code`."""
    return translate_url(url, code)


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> SafeString:
    """`<link rel="alternate" hreflang>` for each language, and `x-default`: the version a
    reader whose language the site lacks gets; a story's own language, English elsewhere."""
    request: HttpRequest | None = context.get("request")
    if request is None or request.resolver_match is None:
        return SafeString("")
    canonical = seo.canonical_url(request)
    links = [(code, _in_language(canonical, code)) for code, _ in settings.LANGUAGES]
    default = context.get("default_language") or settings.LANGUAGE_CODE
    by_code = dict(links)
    links.append(("x-default", by_code.get(default, by_code[settings.LANGUAGE_CODE])))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in links)
    )


@register.simple_tag(takes_context=True)
def language_switch(context: template.Context) -> SafeString:
    """Links to this page in the other languages (the query kept: a search stays a search);
    on a page no route matched (a 404), to the other languages' front pages."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return SafeString("")
    current = translation.get_language()
    items = []
    for code, _ in settings.LANGUAGES:
        if code == current:
            continue
        if request.resolver_match is not None:
            # The reader's query as the page's own links write it (free text percent-encoded
            # whole, `newsroom.text.encode_query`), never verbatim.
            url = _in_language(request.path, code)
            if query := request.META.get("QUERY_STRING"):
                url += "?" + encode_query(parse_qsl(query, keep_blank_values=True))
        else:
            with translation.override(code):
                url = reverse("home")
        items.append(
            format_html(
                '<a href="{}" hreflang="{}" lang="{}" rel="alternate">{}</a>',
                url,
                code,
                code,
                NATIVE_NAMES.get(code, code),
            )
        )
    return format_html_join(" ", "{}", ((item,) for item in items))
