"""Text normalisation and tokenisation shared by the index and the text side.

Both sides go through the same functions, so an alias and its occurrence in a story always
produce the same keys whatever quotes, dashes, case or ё the writer used.
"""

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

_QUOTES = str.maketrans(dict.fromkeys("«»“”„‟″❝❞＂", '"') | dict.fromkeys("‘’‚‛′`´", "'"))
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"))
_WORD = re.compile(r"[^\W_]+")


def normalize(text: str) -> str:
    """NFKC, case-folded, ё as е, quotes and dashes unified, one space between words."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    text = text.casefold().replace("ё", "е")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.split())


class Token(NamedTuple):
    """A word of the original text: where it is (Python offsets) and its normalised form.

    A named tuple: a story has hundreds of words, and a frozen dataclass's `__init__` (through
    `object.__setattr__`) cost a tenth of the linking time.
    """

    start: int
    end: int
    text: str
    norm: str


@lru_cache(maxsize=300_000)
def normalize_word(word: str) -> str:
    """`normalize` for one word; NFKC may turn a character into several (ﬁ, №), so only word
    characters are kept."""
    return "".join(_WORD.findall(normalize(word)))


def tokenize(text: str) -> list[Token]:
    """Words of `text` with their offsets; punctuation and dashes separate words."""
    tokens = []
    append, norm_of = tokens.append, normalize_word
    for m in _WORD.finditer(text):
        word = m.group()
        if norm := norm_of(word):
            start, end = m.span()
            append(Token(start, end, word, norm))
    return tokens


_PHRASE_BREAK = re.compile(r"[\n.;:!?()\[\]|•]")


def same_phrase(text: str, end: int, start: int) -> bool:
    """Whether the words ending at `end` and starting at `start` read as one phrase: no line or
    paragraph break and no sentence or clause punctuation between them. A role title and the
    country or name it belongs to never straddle "Armenia.\n\nChairman"."""
    return not _PHRASE_BREAK.search(text[end:start])


def is_cyrillic(word: str) -> bool:
    return any("а" <= c <= "я" or c in "ёіїєўғқңүұөһәӣ" for c in word)


def is_capitalized(word: str) -> bool:
    return word[:1].isupper()


def is_upper(word: str) -> bool:
    return word.isupper()
