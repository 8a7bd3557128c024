"""The one place story HTML is sanitised, and converted to and from plain text.

Every write path (admin, API, import, fixtures) stores only what `sanitize_html` returns, and
templates still escape everything else. Sanitising is idempotent: cleaning twice changes nothing.
"""

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
