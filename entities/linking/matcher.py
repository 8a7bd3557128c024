"""One Aho-Corasick pass finds every alias in a story, on two layers of token keys.

Layer "stem": normalised words with Russian case endings stripped, so any inflected form hits
the key of the nominative alias. Layer "skeleton": phonetic keys of person names, so other
romanisations and the other script meet. Keys are joined with spaces and patterns are wrapped in
spaces, which makes every hit a whole-token match.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from entities.linking.morphology import stem
from entities.linking.normalize import Token, tokenize
from entities.linking.translit import skeleton

STEM, SKELETON = 0, 1
_SKELETON_MARK = "~"


@dataclass(frozen=True, slots=True)
class Target:
    """What a key points at: an entity name (or a part of one), or a role title."""

    entity_id: int | None
    kind: str
    name: str
    form: str  # "full", "surname", "reversed", "title"
    norm: str  # the alias's normalised words, to tell an exact match from an inflected one
    acronym: bool = False
    title_key: str = ""
    weight: float = 1.0  # below 1 for names that point less surely (a demonym, a former name)
    cased: bool = False  # a proper name that counts only capitalised in the text ("Того")


class Hit(NamedTuple):
    """Tokens [first, last) of the text whose key is an indexed pattern (a named tuple: a story
    has hundreds, and a frozen dataclass is slow to make)."""

    first: int
    last: int
    layer: int
    targets: tuple[Target, ...]


_ROMAN = {
    "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9",
    "x": "10", "xi": "11", "xii": "12", "xiii": "13", "xiv": "14", "xv": "15", "xx": "20",
}  # fmt: skip
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th|й|я|е|го|ой|ый|ий)?$")


def _word_key(token: Token) -> str:
    """Stem of a word; ordinals as digits, so "VI World Forum" meets "6th World Forum"."""
    return _key_of(token.norm, token.text.isupper())


@lru_cache(maxsize=300_000)
def _key_of(norm: str, upper: bool) -> str:
    if upper and norm in _ROMAN:
        return _ROMAN[norm]
    ordinal = _ORDINAL.match(norm)
    return ordinal.group(1) if ordinal else stem(norm)


def stem_keys(tokens: list[Token]) -> list[str]:
    return [_key_of(t.norm, t.text.isupper()) for t in tokens]


def skeleton_keys(tokens: list[Token]) -> list[str]:
    """Phonetic keys; a lowercase word is never part of a name, so it gets a dead key."""
    return [_skeleton_key(t.norm) if t.text[:1].isupper() else _SKELETON_MARK for t in tokens]


@lru_cache(maxsize=300_000)
def _skeleton_key(norm: str) -> str:
    return _SKELETON_MARK + skeleton(stem(norm))


class Matcher:
    """Builds the automaton once; `find` runs one pass over both key layers of a text."""

    def __init__(self) -> None:
        self._patterns: dict[str, list[Target]] = defaultdict(list)
        self._automaton = ahocorasick.Automaton()

    def add(self, words: list[str], target: Target, *, layer: int = STEM) -> None:
        """Index a name given as normalised words under the chosen layer's keys."""
        if not words:
            return
        # Alias words come normalised; a Roman numeral in a name is one, so it is marked upper.
        tokens = [Token(0, 0, w.upper() if w in _ROMAN else w.capitalize(), w) for w in words]
        keys = stem_keys(tokens) if layer == STEM else skeleton_keys(tokens)
        if layer == SKELETON and _SKELETON_MARK in keys:
            # A word of a script without capitals (上川陽子, მარგველაშვილი) gets the dead key
            # every lowercase word of a story has: such a pattern would hit each "the" and "и"
            # only for the person rule (capitalised words) to drop it, thousands of times a story.
            return
        pattern = " " + " ".join(keys) + " "
        bucket = self._patterns[pattern]
        if target not in bucket:
            bucket.append(target)

    def freeze(self) -> None:
        for pattern, targets in self._patterns.items():
            layer = SKELETON if pattern[1:2] == _SKELETON_MARK else STEM
            value = (len(pattern), pattern.count(" ") - 1, layer, tuple(targets))
            self._automaton.add_word(pattern, value)
        self._automaton.make_automaton()
        self._patterns.clear()

    def find(self, tokens: list[Token]) -> list[Hit]:
        """Every indexed pattern in the text, overlapping ones included."""
        if not tokens or self._automaton.kind != ahocorasick.AHOCORASICK:
            return []
        starts: dict[int, int] = {}
        parts: list[str] = [" "]
        pos = 1
        for layer_keys in (stem_keys(tokens), skeleton_keys(tokens)):
            for index, key in enumerate(layer_keys):
                starts[pos] = index
                parts.append(key + " ")
                pos += len(key) + 1
            parts.append("\n ")
            pos += 2
        haystack = "".join(parts)
        hits = []
        for end, (chars, length, layer, targets) in self._automaton.iter(haystack):
            first = starts[end - chars + 2]
            hits.append(Hit(first, first + length, layer, targets))
        return hits


def words_of(name: str) -> list[str]:
    return [t.norm for t in tokenize(name)]
