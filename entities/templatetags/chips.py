"""An entity's chip: the link to its page that cards, stories and lists show.

Built in Python, not with an included template: a list page shows a hundred chips or more, and
an include (or a loop of tags) per chip cost a third of the page.
"""

from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from entities.names import KIND_WORDS, entity_name
from newsroom.paths import slug_path

register = template.Library()


def chip_html(entity, grouped: bool = False) -> str:
    """`<a class="chip chip--kind">` for an entity (anything with a slug, name and kind), the
    kind spelled out unless the list is grouped by kind, its name in the page's language.
    Every value is escaped."""
    kind, url = escape(entity.kind), escape(slug_path("entity-detail", entity.slug))
    name = escape(entity_name(entity))
    if grouped:
        label = name
    else:
        label = (
            f'<span class="chip__kind">{escape(KIND_WORDS.get(entity.kind, kind))}</span> {name}'
        )

    return f'<a class="chip chip--{kind}" href="{url}">{label}</a>'


@register.simple_tag
def entity_chip(entity, grouped: bool = False) -> SafeString:
    return mark_safe(chip_html(entity, grouped))  # chip_html escapes every value


@register.simple_tag
def mention_chips(mentions: Iterable, limit: int = 6) -> SafeString:
    """`<li>` chips for the entities of the first `limit` mentions, then "+N more": a
    `<details>` that opens the rest in place, without script."""
    mentions = list(mentions)
    items = [f"<li>{chip_html(mention.entity)}</li>" for mention in mentions[:limit]]
    rest = mentions[limit:]
    if rest:
        more = escape(
            ngettext("+%(count)d more", "+%(count)d more", len(rest)) % {"count": len(rest)}
        )
        chips = "".join(f"<li>{chip_html(mention.entity)}</li>" for mention in rest)
        items.append(
            f'<li class="chips__more"><details><summary>{more}</summary>'
            f'<ul class="chips chips--rest">{chips}</ul></details></li>'
        )
    return mark_safe("\n    ".join(items))  # chip_html escapes every value; `more` is escaped
