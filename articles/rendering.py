"""Story HTML as readers see it: confirmed mentions linked to their entity pages.

A pure function of sanitised HTML and mentions, so it is tested without a database and can be
reused by anything that renders a story (pages today; feeds and AMP-like views later).
"""

import html
import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A tag, with quoted attribute values that may themselves contain ">".
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
_LINK_OPEN = re.compile(r"<a[\s>]", re.IGNORECASE)
_LINK_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
# A character reference is consumed whole, so no form ever matches inside "&amp;" or "&#39;".
_CHAR_REF = r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"


def _escaped_variants(form: str) -> set[str]:
    """How a plain-text form can appear in serialised HTML text."""
    return {html.escape(form, quote=False), html.escape(form, quote=True)}


def _form_pattern(form: str) -> str:
    # Any run of whitespace in the text matches the single spaces of a stored form.
    return r"\s+".join(re.escape(word) for word in form.split())


def link_mentions(body_html: str, mentions: Iterable) -> SafeString:
    """Wrap the first occurrence of each mentioned entity in a link to its page.

    `body_html` must already be sanitised (see `articles.html.sanitize_html`); only its text
    segments are touched, never tags, attribute values or the inside of existing links.
    Each mention needs `.entity` (with `slug`, `kind` and `get_absolute_url()`) and
    `.surface_forms`. Forms are matched longest first, as whole words, so "Milli Majlis of
    Azerbaijan" wins over "Azerbaijan" and "OTS" does not match inside "BOTS".
    """
    entity_of_form: dict[str, object] = {}
    for mention in mentions:
        forms = sorted({f.strip() for f in mention.surface_forms or [] if f and f.strip()})
        for form in forms:
            for variant in _escaped_variants(form):
                entity_of_form.setdefault(variant, mention.entity)
    if not entity_of_form or not body_html:
        return mark_safe(body_html or "")

    forms = sorted(entity_of_form, key=lambda f: (-len(f), f))
    alternatives = "|".join(f"(?:{_form_pattern(f)})" for f in forms)
    pattern = re.compile(rf"(?<!\w)(?P<form>{alternatives})(?!\w)|(?P<ref>{_CHAR_REF})")
    normalised = {" ".join(f.split()): entity for f, entity in entity_of_form.items()}
    linked: set[str] = set()

    def replace(match: re.Match) -> str:
        found = match.group("form")
        if found is None:
            return match.group(0)
        entity = normalised[" ".join(found.split())]
        if entity.slug in linked:
            return found
        linked.add(entity.slug)
        href = html.escape(entity.get_absolute_url())
        kind = html.escape(entity.kind)
        return f'<a href="{href}" class="mention mention-{kind}">{found}</a>'

    out = []
    link_depth = 0
    for i, part in enumerate(_TAG.split(body_html)):
        if i % 2:  # a tag
            if _LINK_OPEN.match(part):
                link_depth += 1
            elif _LINK_CLOSE.match(part):
                link_depth = max(0, link_depth - 1)
            out.append(part)
        elif link_depth or not part:
            out.append(part)
        else:
            out.append(pattern.sub(replace, part))
    return mark_safe("".join(out))


def highlight_mentions(text: str, marks: Iterable[tuple[int, int, str, str]]) -> SafeString:
    """The story's plain text with each mention span marked by its status, for editors.

    `marks` are (start, end, status, entity name); overlapping spans keep the first one.
    """
    parts: list[str] = []
    position = 0
    for start, end, status, name in sorted(marks):
        if start < position or end <= start or end > len(text):
            continue
        parts.append(escape(text[position:start]))
        parts.append(
            f'<mark class="mention-{escape(status)}" title="{escape(name)} ({escape(status)})">'
            f"{escape(text[start:end])}</mark>"
        )
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every piece above is escaped
