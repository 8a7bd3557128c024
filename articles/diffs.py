"""Differences between two texts by words, as an editor reads them.

A line diff wrapped at a fixed width cut names in two ("Jeyhun B / ayramov") and showed a
story's HTML tags as text. Here the unit is the word: a text is cut into words, spaces and
single punctuation marks (an HTML tag, when the HTML is asked for, is one token too), the
token sequences are compared, and the result is one running text with deletions and insertions
marked in place. A word is never split, so the browser wraps between words like any text.

Pure: strings in, a list of segments or escaped HTML out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word keeps its inner apostrophes, hyphens and dots ("Bayramov's", "Ter-Petrosyan", "U.S").
_WORD = r"\w+(?:['’.\-]\w+)*"
_TEXT_TOKEN = re.compile(rf"{_WORD}|\s+|[^\w\s]", re.UNICODE)
_HTML_TOKEN = re.compile(rf"<[^>]*>|&#?\w+;|{_WORD}|\s+|[^\w\s]", re.UNICODE)
# Unchanged stretches longer than this many paragraphs are shortened to their ends.
_CONTEXT_PARAGRAPHS = 1
_PARAGRAPH = "\n\n"


@dataclass(frozen=True)
class Segment:
    """A run of the compared texts: `equal` (in both), `delete`, `insert` or `replace`."""

    op: str
    before: str
    after: str


def tokens(text: str, *, html: bool = False) -> list[str]:
    """`text` as words, whitespace runs and single marks (and tags, with `html`): joined
    again they give `text` back."""
    return (_HTML_TOKEN if html else _TEXT_TOKEN).findall(text or "")


def word_diff(before: str, after: str, *, html: bool = False) -> list[Segment]:
    """The segments that turn `before` into `after`, word by word.

    A change separated from the next by nothing but spaces is one change: "a b c" → "x y z"
    reads as one replacement, not three interleaved ones.
    """
    old, new = tokens(before, html=html), tokens(after, html=html)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    codes = matcher.get_opcodes()
    segments: list[Segment] = []
    for index, (op, a1, a2, b1, b2) in enumerate(codes):
        a, b = "".join(old[a1:a2]), "".join(new[b1:b2])
        between = 0 < index < len(codes) - 1
        if op == "equal" and between and not a.strip():
            op = "replace"  # spaces between two changes belong to the change
        if op != "equal" and segments and segments[-1].op != "equal":
            last = segments.pop()
            a, b = last.before + a, last.after + b
        if op != "equal":
            op = "replace" if a and b else ("delete" if a else "insert")
        segments.append(Segment(op, a, b))
    return segments


def _shorten(text: str, *, first: bool, last: bool) -> str:
    """An unchanged stretch cut to the paragraphs next to the changes around it."""
    paragraphs = text.split(_PARAGRAPH)
    # The piece next to a change is the rest of the changed paragraph, then the context.
    keep = _CONTEXT_PARAGRAPHS + 1
    head = [] if first else paragraphs[:keep]
    tail = [] if last else paragraphs[-keep:]
    if len(paragraphs) <= len(head) + len(tail) + 1:
        return text
    skipped = len(paragraphs) - len(head) - len(tail)
    marker = f"[… {skipped} unchanged paragraph{'s' if skipped != 1 else ''} …]"
    return _PARAGRAPH.join([*head, marker, *tail])


def render(segments: list[Segment], *, shorten: bool = True) -> SafeString:
    """The segments as one escaped running text: `<del>` and `<ins>` around the changes.

    Shown with `white-space: pre-wrap` (`.word-diff`), so paragraph breaks stay and lines wrap
    between words only. Long unchanged stretches keep the paragraph next to each change.
    """
    parts = []
    for index, segment in enumerate(segments):
        if segment.op == "equal":
            text = segment.before
            if shorten:
                text = _shorten(text, first=index == 0, last=index == len(segments) - 1)
            parts.append(escape(text))
            continue
        if segment.before:
            parts.append(f"<del>{escape(segment.before)}</del>")
        if segment.after:
            parts.append(f"<ins>{escape(segment.after)}</ins>")
    return mark_safe(f'<div class="word-diff">{"".join(parts)}</div>')


def changed_words(segments: list[Segment]) -> tuple[list[str], list[str]]:
    """The deleted and inserted runs, stripped: what a test or a summary names."""
    deleted = [s.before.strip() for s in segments if s.op in ("delete", "replace")]
    inserted = [s.after.strip() for s in segments if s.op in ("insert", "replace")]
    return deleted, inserted
