"""The one place story HTML is sanitised, and converted to and from plain text.

Every write path (admin, API, import, fixtures) stores only what `sanitize_html` returns, and
templates still escape everything else. Sanitising is idempotent: cleaning twice changes nothing.
"""

import functools
import html
import re

import bleach
from bleach.html5lib_shim import Filter

ALLOWED_TAGS = frozenset(
    {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "em", "strong", "b", "i", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow"

# Elements whose content is code, not prose: dropped whole before bleach sees the rest.
_CODE_ELEMENTS = re.compile(
    r"<(script|style|template|noscript|iframe|object|textarea|title)\b[^>]*>.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|ul|ol)\s*>|<br\s*/?>", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class _LinkRelFilter(Filter):
    """Gives every surviving link rel="noopener nofollow" (bleach leaves rel as written)."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                attrs = dict(token["data"])
                attrs[(None, "rel")] = LINK_REL
                token["data"] = attrs
            yield token


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_LinkRelFilter],
)


def sanitize_html(value: str) -> str:
    """Reduce HTML to the safe subset a story body may use."""
    return _cleaner.clean(_CODE_ELEMENTS.sub("", value or "")).strip()


def text_to_html(text: str) -> str:
    """Plain text with blank-line paragraphs as escaped `<p>` blocks."""
    paragraphs = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text or "")]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


def html_to_text(value: str) -> str:
    """Plain text of story HTML, one blank line between blocks, for search and spans."""
    marked = _BLOCK_END.sub("\n\n", value or "")
    stripped = bleach.clean(marked, tags=set(), strip=True, strip_comments=True)
    blocks = [" ".join(b.split()) for b in _PARAGRAPH_BREAK.split(html.unescape(stripped))]
    return "\n\n".join(b for b in blocks if b)


@functools.lru_cache(maxsize=4096)
def _sanitized(body: str) -> str:
    return sanitize_html(body)


def stored_body_html(body: str, text: str) -> str:
    """A stored story's body as pages and the API show it: sanitised once more on the way out.

    Stored bodies are already clean, so this is defence in depth, and bleach costs about 5 ms
    for a 3,000-character story; the result is kept per body text (a changed body is a new
    key, so nothing can go stale) for the 4,096 most recently shown. A story stored as plain
    text gets one paragraph per block.
    """
    if body.strip():
        return _sanitized(body)
    return text_to_html(text)
