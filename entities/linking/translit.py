"""A phonetic skeleton for personal names, shared by Cyrillic and Latin spellings.

Why: one name reaches us romanised under several habits (Kazakbaev / Kazakbayev,
Mamitkanov / Mamytkanov, Sahiba / Сагиба / Сахиба). Reducing each to consonants after
unifying digraphs lets them meet; a skeleton match is weaker evidence than an exact one.
"""

from functools import lru_cache

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ғ": "g", "қ": "k", "ң": "n",
    "ү": "u", "ұ": "u", "ө": "o", "һ": "h", "ә": "a", "і": "i",
}  # fmt: skip

# Romanisation habits folded together, longest first.
_DIGRAPHS = (
    ("shch", "s"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "h"), ("ch", "c"),
    ("sh", "s"), ("ts", "c"), ("tz", "c"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("x", "ks"),
    ("w", "v"), ("g", "h"), ("z", "s"), ("ə", "a"), ("ı", "i"), ("ç", "c"), ("ş", "s"),
    ("ğ", "h"), ("ö", "o"), ("ü", "u"),
)  # fmt: skip
_VOWELS = set("aeiouy")


def to_latin(word: str) -> str:
    """A plain transliteration of a normalised word (Latin words pass through)."""
    return "".join(_CYR.get(c, c) for c in word)


@lru_cache(maxsize=300_000)
def skeleton(word: str) -> str:
    """The phonetic key of one normalised name token: first letter, then consonants, no doubles."""
    latin = to_latin(word)
    for old, new in _DIGRAPHS:
        latin = latin.replace(old, new)
    if not latin:
        return ""
    head = latin[0] if latin[0] not in _VOWELS else "a"
    out = [head]
    for c in latin[1:]:
        if c in _VOWELS:
            continue
        if c != out[-1] and c.isalpha():
            out.append(c)
    return "".join(out)
