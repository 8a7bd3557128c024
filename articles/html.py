"""The one place story HTML is sanitised, and converted to and from plain text.

Every write path (admin, API, import, fixtures) stores only what `sanitize_html` returns, and
templates still escape everything else. Sanitising is idempotent: cleaning twice changes nothing.

A stored body is served as it is only when it carries a valid seal (`body_seal`): a keyed hash
of the body under this sanitising policy, which `Article.save()` writes once the body is known
to be what `sanitize_html` makes of it. Without the site's secret key a seal cannot be forged,
so HTML written around the application (raw SQL, a restored dump from elsewhere, an older
policy) is sanitised again on its way out, as every body used to be: bleach costs about 5 ms
for a 3,000-character story, on every read of a story not recently read.
"""

import functools
import hashlib
import hmac
import html
import re
from collections import OrderedDict

import bleach
from bleach.html5lib_shim import Filter
from django.utils.crypto import salted_hmac

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
    """Reduce HTML to the safe subset a story body may use.

    Sanitising is a fixed point, so a body this function returned a moment ago (a form's
    cleaned body, saved by the service layer) is returned as it is, without a second pass.
    """
    value = value or ""
    if value and _digest(value) in _recently_clean:
        return value
    clean = _cleaner.clean(_CODE_ELEMENTS.sub("", value)).strip()
    _remember_clean(clean)
    return clean


# What the policy is: a change to any of it makes every earlier seal invalid.
POLICY = hashlib.sha256(
    repr(
        (
            sorted(ALLOWED_TAGS),
            sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items()),
            sorted(ALLOWED_PROTOCOLS),
            LINK_REL,
            _CODE_ELEMENTS.pattern,
            bleach.__version__,
        )
    ).encode()
).hexdigest()[:16]
_SEAL_SALT = f"articles.html.body_seal.{POLICY}"
_RECENTLY_CLEAN_SIZE = 256
_recently_clean: OrderedDict[bytes, None] = OrderedDict()


def _digest(body: str) -> bytes:
    return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=20).digest()


def _remember_clean(body: str) -> None:
    """Note a body `sanitize_html` has just returned, so sealing it needs no second pass."""
    key = _digest(body)
    _recently_clean[key] = None
    _recently_clean.move_to_end(key)
    while len(_recently_clean) > _RECENTLY_CLEAN_SIZE:
        _recently_clean.popitem(last=False)


def body_seal(body: str) -> str:
    """The seal of a sanitised body under this policy and the site's secret key."""
    return salted_hmac(_SEAL_SALT, body, algorithm="sha256").hexdigest()


def seal_if_clean(body: str, seal: str | None = None) -> str | None:
    """The seal for `body` if it is sanitised HTML (what `sanitize_html` returns for it), else
    None. Costs a keyed hash when the body was just sanitised or `seal` is already valid for
    it; otherwise the body is sanitised once more to check it."""
    if not body or not body.strip():
        return None
    if seal is not None and has_valid_seal(body, seal):
        return seal
    if _digest(body) not in _recently_clean and sanitize_html(body) != body:
        return None
    return body_seal(body)


def has_valid_seal(body: str, seal: str | None) -> bool:
    return bool(seal) and hmac.compare_digest(seal, body_seal(body))


def text_to_html(text: str) -> str:
    """Plain text with blank-line paragraphs as escaped `<p>` blocks (within the policy by
    construction: only `<p>`, and everything in it escaped)."""
    paragraphs = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text or "")]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


# What could make `sanitize_html` change `text_to_html`'s output or `html_to_text` read it back
# differently: characters the HTML parser replaces or drops (controls, NUL, lone surrogates,
# noncharacters). Plain text without them takes the shortcut below; any other goes through bleach.
_PARSER_ALTERED = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def text_to_clean_html(text: str) -> tuple[str, str]:
    """Plain text as a story body and the body's own text: (`sanitize_html(text_to_html(text))`,
    `html_to_text` of that), without parsing the HTML twice.

    `text_to_html` escapes everything and writes only `<p>`, so for text the parser leaves alone
    both are known by construction (`tests/test_html.py` holds them equal to the long way on the
    labelled corpus and on generated text). The importer does this for every story: bleach was
    about a third of parsing one.
    """
    body = text_to_html(text)
    if _PARSER_ALTERED.search(body):
        body = sanitize_html(body)
        return body, html_to_text(body)
    _remember_clean(body)
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text or ""))
    return body, "\n\n".join(p for p in paragraphs if p)


def html_to_text(value: str) -> str:
    """Plain text of story HTML, one blank line between blocks, for search and spans."""
    marked = _BLOCK_END.sub("\n\n", value or "")
    stripped = bleach.clean(marked, tags=set(), strip=True, strip_comments=True)
    blocks = [" ".join(b.split()) for b in _PARAGRAPH_BREAK.split(html.unescape(stripped))]
    return "\n\n".join(b for b in blocks if b)


@functools.lru_cache(maxsize=4096)
def _sanitized(body: str) -> str:
    return sanitize_html(body)


def stored_body_html(body: str, text: str, seal: str | None = None) -> str:
    """A stored story's body as pages and the API show it: as stored when its seal is valid,
    else sanitised once more on the way out (kept per body text for the 4,096 most recently
    shown: a changed body is a new key, so nothing can go stale). A story stored as plain
    text gets one paragraph per block.
    """
    if body.strip():
        return body if has_valid_seal(body, seal) else _sanitized(body)
    return text_to_html(text)
