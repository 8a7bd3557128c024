"""A search query as plain words: cleaned, stemmed, and grouped by the entity names it forms.

The same stems key the SQLite index (`index_text`) and the snippets' highlights, so a word is
found and marked the same way wherever it is looked for.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer
from django.db import connections
from django.db.models import Q
from django.db.models.functions import Lower

from entities.linking.normalize import is_cyrillic, normalize_word
from entities.models import Alias, Entity, normalize_name

MAX_QUERY_LENGTH = 200  # characters kept of a query; the rest is dropped, never an error
MAX_QUERY_WORDS = 10  # words searched for; a longer query is cut here
MAX_PHRASE_WORDS = 6  # longest entity name looked up as one phrase
MIN_ALIAS_STEM = 4  # shortest stem that may match an inflected alias ("байрамов" for "Байрамова")
LAST_CHARACTER = "\U0010ffff"  # sorts after any character a name may hold

WORD = re.compile(r"[^\W_]+")
_EDGE_PUNCTUATION = "\"'«»“”„()[]{}<>*,;:!?-–—"
_SURNAME = re.compile(r"(?:ов|ев|ин|ын)$")  # ё is already е in normalised words

# Stems


_stemmers = threading.local()  # PyStemmer objects are not safe to share between threads


def _stemmer(algorithm: str) -> Stemmer.Stemmer:
    stemmer = getattr(_stemmers, algorithm, None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer(algorithm)
        setattr(_stemmers, algorithm, stemmer)
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index key of a normalised word: its Snowball stem, Russian for a Cyrillic word and
    English otherwise.

    For our stories that is the story's language (`ru` -> russian, else english), except that a
    word in the other script is stemmed as its own language: a Latin name in a Russian story as
    English (as PostgreSQL's `russian` configuration does), a Russian quote in an English one as
    Russian. Queries, whose language is unknown, are stemmed both ways (`query_keys`).
    """
    return _stemmer("russian" if is_cyrillic(word) else "english").stemWord(word)


@lru_cache(maxsize=20_000)
def query_forms(word: str) -> tuple[str, ...]:
    """The forms a query word is searched as: itself, and its other surname forms.

    Snowball strips -ов from a nominative surname but not from its other cases (Байрамов ->
    байрам, Байрамова -> байрамов), so a Russian-pattern surname is also searched in the form
    that reaches the other stem. Both databases stem these forms their own way.
    """
    forms = [word]
    if is_cyrillic(word):
        if _SURNAME.search(word):
            forms.append(word + "а")  # Байрамов: Байрамова, Байрамову... stem to байрамов
        else:
            root = stem(word)
            if root != word and _SURNAME.search(root):
                forms.append(root)  # Байрамову, Гафаровой: the nominative Байрамов, Гафаров
    return tuple(forms)


@lru_cache(maxsize=20_000)
def query_keys(word: str) -> frozenset[str]:
    """Index keys a query word matches: the stems of its forms by both stemmers."""
    return frozenset(
        _stemmer(name).stemWord(form)
        for form in query_forms(word)
        for name in ("english", "russian")
    )


@lru_cache(maxsize=300_000)
def word_key(word: str) -> str:
    """The index key of a word as written in a story ("" for one that normalises to nothing)."""
    norm = normalize_word(word)
    return stem(norm) if norm else ""


def index_text(text: str) -> str:
    """What the SQLite index stores for a text: its words' stems, in order."""
    return " ".join(filter(None, map(word_key, WORD.findall(text))))


# Queries


def clean_query(value: str) -> str:
    """A query as typed, made safe to show and search: no control characters, one space between
    words, at most MAX_QUERY_LENGTH characters (cut at a word boundary where there is one)."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in value)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0]
        text = cut if cut and len(cut) <= MAX_QUERY_LENGTH else text[:MAX_QUERY_LENGTH]
    return text


@dataclass(frozen=True)
class Group:
    """Words that must match together: one word, or a phrase naming entities in the knowledge
    base (then a confirmed mention of one of them matches too)."""

    words: tuple[str, ...]
    entity_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ParsedQuery:
    """A query as plain words (no search syntax survives), grouped by the names they form."""

    text: str
    groups: tuple[Group, ...] = ()
    keys: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for group in self.groups for word in group.words)

    @property
    def entity_ids(self) -> frozenset[int]:
        return frozenset().union(*(group.entity_ids for group in self.groups))

    def __bool__(self) -> bool:
        return bool(self.groups)


def parse_query(query: str) -> ParsedQuery:
    """Split a query into plain words and find the entities its phrases name (one query)."""
    text = clean_query(query)
    parts: list[str] = []  # whitespace-separated parts, as aliases store them ("с.гафарова")
    phrases: list[list[str]] = []  # the plain words of each part
    count = 0
    for part in normalize_name(text).split():
        words = [w for w in (normalize_word(m) for m in WORD.findall(part)) if w]
        if not words or count >= MAX_QUERY_WORDS:
            continue
        parts.append(part.strip(_EDGE_PUNCTUATION))
        phrases.append(words[: MAX_QUERY_WORDS - count])
        count += len(phrases[-1])
    if not phrases:
        return ParsedQuery(text)
    matches = _entities_named(parts, [words[0] if len(words) == 1 else "" for words in phrases])
    groups, i = [], 0
    while i < len(phrases):
        for j in range(min(len(phrases), i + MAX_PHRASE_WORDS), i, -1):
            ids = matches.get((i, j))
            if ids:
                break
        else:
            j, ids = i + 1, frozenset()
        groups.append(Group(tuple(w for words in phrases[i:j] for w in words), frozenset(ids)))
        i = j
    keys = frozenset().union(*(query_keys(w) for g in groups for w in g.words))
    return ParsedQuery(text, tuple(groups), keys)


def _entities_named(parts: list[str], single_words: list[str]) -> dict[tuple[int, int], set]:
    """{(first, end) part index: entity ids} for each run of parts naming entities.

    A run matches an alias's normalised form or an entity's canonical name exactly; a single
    word also matches a one-word alias with a shared stem (Байрамова -> alias Байрамов).
    """
    runs: dict[str, list[tuple[int, int]]] = {}
    for i in range(len(parts)):
        for j in range(i + 1, min(len(parts), i + MAX_PHRASE_WORDS) + 1):
            runs.setdefault(" ".join(parts[i:j]), []).append((i, j))
    inflected: dict[str, list[int]] = {}
    for i, word in enumerate(single_words):
        prefix = _common_prefix([word, *query_keys(word)]) if word else ""
        if len(prefix) >= MIN_ALIAS_STEM:
            inflected.setdefault(prefix, []).append(i)
    condition = Q(normalized__in=list(runs))
    # On SQLite a prefix is an index range (its LIKE scans the table); PostgreSQL reads LIKE
    # 'prefix%' from the pattern index Django adds, whatever the collation.
    ranges = connections[Alias.objects.db].vendor == "sqlite"
    for prefix in inflected:
        starts = (
            Q(normalized__gte=prefix, normalized__lt=prefix + LAST_CHARACTER)
            if ranges
            else Q(normalized__startswith=prefix)
        )
        condition |= starts & ~Q(normalized__contains=" ")
    aliases = Alias.objects.filter(condition).order_by().values_list("normalized", "entity_id")
    names = (
        Entity.objects.annotate(key=Lower("name"))
        .filter(key__in=list(runs))
        .order_by()
        .values_list("key", "id")
    )
    found: dict[tuple[int, int], set] = {}
    for name, entity_id in aliases.union(names, all=True):
        for span in runs.get(name, ()):
            found.setdefault(span, set()).add(entity_id)
        for prefix, positions in inflected.items():
            if name.startswith(prefix) and " " not in name:
                for i in positions:
                    if query_keys(name) & query_keys(single_words[i]):
                        found.setdefault((i, i + 1), set()).add(entity_id)
    return found


def _common_prefix(words: Sequence[str]) -> str:
    shortest = min(words, key=len)
    for i, char in enumerate(shortest):
        if any(word[i] != char for word in words):
            return shortest[:i]
    return shortest
