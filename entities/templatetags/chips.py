"""An entity's chip: the link to its page that cards, stories and lists show."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from newsroom.paths import slug_path

register = template.Library()


@register.simple_tag
def entity_chip(slug: str, name: str, kind: str, grouped: bool = False) -> SafeString:
    """`<a class="chip chip--kind">`, with the kind spelled out unless the list is grouped by
    kind. Built in Python: a page shows a hundred or more, and an included template cost
    about 0.1 ms each."""
    if grouped:
        return format_html(
            '<a class="chip chip--{}" href="{}">{}</a>',
            kind,
            slug_path("entity-detail", slug),
            name,
        )
    return format_html(
        '<a class="chip chip--{}" href="{}"><span class="chip__kind">{}</span> {}</a>',
        kind,
        slug_path("entity-detail", slug),
        kind,
        name,
    )
