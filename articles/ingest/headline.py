"""The story's own headline when the text has one, otherwise a short draft from the lead.

A headline is a short line without a final period above the story. Pages also repeat it, or run
it into the lead ("Title Title. Lead sentence..."); both are recognised and taken out of the lead.
"""

import re

from articles.ingest.sentences import cut_on_word

MAX_DERIVED = 100
_MAX_HEADLINE = 200
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")
_CLAUSE_BREAK = re.compile(r",\s|\s[—–-]\s|;\s|:\s")
_NOT_WORD = re.compile(r"[^\w\s-]")
_END_PUNCTUATION = " .,;:!?—–-"
_TRAILING_STOPWORDS = frozenset(
    (
        "of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "for", "with", "by", "from",
        "as", "that", "who", "which", "its", "his", "her", "their", "и", "в", "во", "на", "с",
        "со", "по", "для", "о", "об", "к", "из", "от", "а", "но", "что", "который", "которая",
        "которые", "его", "ее", "её", "их",
    )
)  # fmt: skip


def is_headline_shaped(line: str) -> bool:
    """A short line of at least three words that does not end like a sentence."""
    line = line.strip()
    if len(line) > _MAX_HEADLINE or len(line.split()) < 3:
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False
    return sum(ch.isalpha() for ch in line) >= len(line) / 2


def same_text(a: str, b: str) -> bool:
    """Equal once case, spacing and end punctuation are ignored."""
    return _norm(a) == _norm(b)


def strip_title_prefix(paragraph: str, title: str) -> str:
    """The lead without the headline the page ran into it, once or repeated."""
    target = _norm(title).split()
    if not target:
        return paragraph
    words = paragraph.split()
    if not words or _norm(words[0]) != target[0]:
        return paragraph
    keys = [_norm(w) for w in words[: 3 * len(target) + 1]]
    taken = 0
    while keys[taken : taken + len(target)] == target and taken + len(target) < len(words):
        taken += len(target)
    if not taken:
        return paragraph
    return " ".join(words[taken:]).lstrip(_END_PUNCTUATION)


def split_run_in(paragraph: str) -> tuple[str, str] | None:
    """("Title", "Lead…") from "Title Title. Lead…", where a page printed the headline twice."""
    words = paragraph.split(None, 61)[:60]
    if len(words) < 7 or paragraph.casefold().find(words[0].casefold(), 1, 600) < 0:
        return None  # the first word never comes back: no repeated headline
    keys = [_norm(w) for w in words]
    for n in range(3, len(words) // 2 + 1):
        if keys[:n] == keys[n : 2 * n] and len(words) > 2 * n:
            title = " ".join(words[:n]).rstrip(_END_PUNCTUATION)
            rest = paragraph.split(None, 2 * n)[-1].lstrip(_END_PUNCTUATION)
            if is_headline_shaped(title) and rest:
                return title, rest
    return None


def derive_headline(sentence: str, limit: int = MAX_DERIVED) -> str:
    """A draft headline from the lead sentence: no asides, cut at a clause or word boundary."""
    text = _PARENTHETICAL.sub("", sentence).strip().rstrip(_END_PUNCTUATION)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text) if 40 <= m.start() <= limit]
    text = text[: breaks[-1]] if breaks else cut_on_word(text, limit)
    words = text.rstrip(_END_PUNCTUATION).split()
    while len(words) > 3 and words[-1].lower() in _TRAILING_STOPWORDS:
        words.pop()
    return " ".join(words).rstrip(_END_PUNCTUATION)


def _norm(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())
