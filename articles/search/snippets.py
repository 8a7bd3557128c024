"""Search results' headlines and excerpts with the query's matches in <mark>.

Built in Python from text already loaded, with the query's own stems (`query.word_key`), so they
are the same on both databases and cost no query.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search.query import WORD, ParsedQuery, word_key

SNIPPET_CHARS = 220
SNIPPET_LEAD = 60  # characters shown before the first match
SNIPPET_SCAN = 20_000  # characters of a story's text looked at for matches (a long one's start)


def highlight(
    text: str, keys: frozenset[str], spans: Iterable[Sequence[int]] = ()
) -> list[tuple[int, int]]:
    """[(start, end)] of the words of `text` whose stems are in `keys`, with `spans` merged in."""
    marks = [m.span() for m in WORD.finditer(text) if word_key(m.group()) in keys]
    marks.extend((int(s), int(e)) for s, e in spans if 0 <= int(s) < int(e) <= len(text))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(marks):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(
    text: str, marks: Sequence[tuple[int, int]], start: int = 0, end: int | None = None
) -> SafeString:
    """`text[start:end]`, escaped, with the marks wrapped in <mark>."""
    end = len(text) if end is None else end
    out, at = [], start
    for s, e in marks:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[at:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        at = e
    out.append(escape(text[at:end]))
    return mark_safe("".join(out))  # every piece of the text is escaped above


def snippet(text: str, marks: Sequence[tuple[int, int]]) -> SafeString:
    """About SNIPPET_CHARS characters of `text` around the densest run of marks."""
    if not marks:
        return mark_safe("")
    ends = [end for _, end in marks]  # sorted too: marks are merged, so they never overlap
    best, best_count = marks[0][0], 0
    for i, (start, _) in enumerate(marks):
        count = bisect_right(ends, start + SNIPPET_CHARS - SNIPPET_LEAD) - i
        if count > best_count:
            best, best_count = start, count
    start = max(0, best - SNIPPET_LEAD)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and best - space < SNIPPET_LEAD * 2 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > best else end
    body = " ".join(marked(text, marks, start, end).split())
    return mark_safe(("… " if start else "") + body + (" …" if end < len(text) else ""))


def add_snippets(articles: Iterable, query: ParsedQuery) -> None:
    """Give each story `search_title` and `search_snippet`: its headline and the part of its text
    where the query matches, matches in <mark>, everything else escaped.

    Built in Python from the plain text already loaded (and from the confirmed mentions
    `with_cards()` prefetched, for the entities the query names), so it is the same on both
    databases and costs no query.
    """
    for article in articles:
        mentions = [
            mention
            for mention in getattr(article, "confirmed_mentions", ())
            if mention.entity_id in query.entity_ids
        ]
        spans = [
            span
            for mention in mentions
            for span in mention.spans or ()
            if isinstance(span, list | tuple) and len(span) == 2
        ]
        forms = {form for mention in mentions for form in mention.surface_forms or () if form}
        title_marks = highlight(article.title, query.keys, _occurrences(article.title, forms))
        article.search_title = marked(article.title, title_marks)
        text = article.text[:SNIPPET_SCAN]
        article.search_snippet = snippet(text, highlight(text, query.keys, spans))


def _occurrences(text: str, forms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the forms occur in `text` as whole words, in any case."""
    spans = []
    for form in forms:
        pattern = r"\s+".join(re.escape(word) for word in str(form).split())
        if pattern:
            found = re.finditer(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)
            spans.extend(m.span() for m in found)
    return spans
