"""A search query parsed: its syntax (words, "phrases", OR, -exclusions), stems, stop words, and
the entity names it forms. Pure but for one lookup of names (`parse_query`).

The same stems key the SQLite index (`index_text`) and the snippets' highlights, so a word is
found and marked the same way wherever it is looked for.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer
from django.db import connections
from django.db.models import Q
from django.db.models.functions import Lower

from articles.search.stopwords import is_stop_word
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
    """Words that must match together: one word, several words of one bare token, a quoted
    phrase (`phrase`: in this order, next to each other), or words naming entities in the
    knowledge base (then a confirmed mention of one of them matches too).

    A phrase keeps its inner stop words as gaps (`is_stop_word`): PostgreSQL counts them as
    positions, SQLite's index holds them. Any other group holds no stop word."""

    words: tuple[str, ...]
    entity_ids: frozenset[int] = frozenset()
    phrase: bool = False

    @property
    def searched(self) -> tuple[str, ...]:
        """The words looked for in the index (a phrase's gaps left out)."""
        return tuple(word for word in self.words if not is_stop_word(word))


@dataclass(frozen=True)
class ParsedQuery:
    """A query as the search reads it: clauses that must all match, each any one of its
    groups (`OR`), and groups no story found may match (`-word`, `-"a phrase"`).

    The same structure is compiled for both databases (`backends`), so a query means the same
    on SQLite and PostgreSQL. `too_common` says that the query had words but every word it
    needed was a stop word; `only_excluded` that it named only what to leave out.
    """

    text: str
    clauses: tuple[tuple[Group, ...], ...] = ()
    excluded: tuple[Group, ...] = ()
    keys: frozenset[str] = field(default=frozenset(), compare=False)
    too_common: bool = False
    only_excluded: bool = False

    @property
    def groups(self) -> tuple[Group, ...]:
        """Every group a story may match to be found (each clause's alternatives)."""
        return tuple(group for clause in self.clauses for group in clause)

    @property
    def words(self) -> tuple[str, ...]:
        """The words that rank a story (those looked for, not those excluded)."""
        return tuple(word for group in self.groups for word in group.searched)

    @property
    def entity_ids(self) -> frozenset[int]:
        return frozenset().union(*(group.entity_ids for group in self.groups))

    @property
    def plain(self) -> bool:
        """Only bare words: no OR, phrase, exclusion or entity name."""
        return not self.excluded and all(
            len(clause) == 1 and not clause[0].phrase and not clause[0].entity_ids
            for clause in self.clauses
        )

    def __bool__(self) -> bool:
        return bool(self.clauses)


# The query syntax, after PostgreSQL's websearch_to_tsquery: "a phrase", OR between two
# alternatives (in capitals), -word or -"a phrase" to leave stories out. Anything else is words.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_QUOTE_MARKS = str.maketrans(dict.fromkeys("«»“”„‟″＂", '"'))
OR = "OR"


@dataclass
class _Item:
    """A parsed token before entity names are looked up: its whitespace parts and words."""

    parts: list[str]
    words: list[str]
    phrase: bool = False
    negated: bool = False
    joined: bool = False  # follows an OR: an alternative of the item before


def tokenize_query(text: str) -> list[_Item]:
    """The reader's tokens, in order, with at most MAX_QUERY_WORDS words in all (pure)."""
    items: list[_Item] = []
    count, pending_or = 0, False
    for match in _TOKEN.finditer(text.translate(_QUOTE_MARKS)):
        negated, quoted, bare = match.group(1) == "-", match.group(2), match.group(3)
        if bare is not None and bare == OR:
            pending_or = bool(items) and not items[-1].negated
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = True, bare[1:]
        source = quoted if quoted is not None else bare
        parts = [p.strip(_EDGE_PUNCTUATION) for p in normalize_name(source).split()]
        words = [w for w in (normalize_word(m) for p in parts for m in WORD.findall(p)) if w]
        words = words[: MAX_QUERY_WORDS - count]
        if not words:
            pending_or = False
            continue
        count += len(words)
        joined = pending_or and not negated
        items.append(_Item([p for p in parts if p], words, quoted is not None, negated, joined))
        pending_or = False
        if count >= MAX_QUERY_WORDS:
            break
    return items


def parse_query(query: str, *, names: Callable[[dict], dict] | None = None) -> ParsedQuery:
    """The query's clauses and exclusions, with the entities its names name (one query).

    A run of bare words may name an entity (Jeyhun Bayramov, unquoted); so may a quoted phrase
    or an alternative of an OR, each as a whole. Stop words are dropped from what is looked
    for (a phrase keeps them as gaps); a clause of stop words only is dropped. `names` looks
    the candidates up (the knowledge base by default; tests give a dictionary's).
    """
    text = clean_query(query)
    items = tokenize_query(text)
    if not items:
        return ParsedQuery(text)
    # Candidates for names: (item indexes) -> (alias lookup text, single word or "").
    free = [
        i
        for i, item in enumerate(items)
        if not item.phrase
        and not item.negated
        and not item.joined
        and not (i + 1 < len(items) and items[i + 1].joined)
    ]
    candidates: dict[tuple[int, int], tuple[str, str]] = {}
    for i, item in enumerate(items):
        single = item.words[0] if len(item.words) == 1 else ""
        candidates[(i, i + 1)] = (" ".join(item.parts), single)
    for n in range(len(free)):
        for m in range(n + 2, min(len(free), n + MAX_PHRASE_WORDS) + 1):
            run = free[n:m]
            if run[-1] - run[0] != len(run) - 1:
                break  # not next to each other in the query
            candidates[(run[0], run[-1] + 1)] = (
                " ".join(p for k in run for p in items[k].parts),
                "",
            )
    named = (names or _entities_named)(candidates)
    # Runs of free items naming an entity become one group, longest first.
    spans: dict[int, tuple[int, frozenset[int]]] = {}
    i = 0
    while i < len(items):
        end = next(
            (j for j in range(min(len(items), i + MAX_PHRASE_WORDS), i, -1) if named.get((i, j))),
            i + 1,
        )
        if end > i + 1 and not all(k in free for k in range(i, end)):
            end = i + 1
        spans[i] = (end, frozenset(named.get((i, end), ())))
        i = end
    clauses: list[list[Group]] = []
    excluded: list[Group] = []
    for i, (end, ids) in spans.items():
        words = tuple(w for k in range(i, end) for w in items[k].words)
        group = _group(words, ids, items[i].phrase)
        if items[i].negated:
            if group is not None:
                excluded.append(group)
        elif items[i].joined and clauses and clauses[-1] is not None:
            if group is not None:
                clauses[-1].append(group)
        else:
            clauses.append([group] if group is not None else [])
    kept = tuple(tuple(clause) for clause in clauses if clause)
    keys = frozenset().union(*(query_keys(w) for c in kept for g in c for w in g.searched))
    return ParsedQuery(
        text,
        kept,
        tuple(excluded),
        keys,
        too_common=not kept and any(not item.negated for item in items),
        only_excluded=not kept and all(item.negated for item in items),
    )


def _group(words: tuple[str, ...], entity_ids: frozenset[int], phrase: bool) -> Group | None:
    """A group of `words`, its stop words dropped (a phrase's inner ones kept as gaps), or None
    when nothing is left to look for."""
    if phrase:
        first = next((n for n, w in enumerate(words) if not is_stop_word(w)), None)
        if first is None:
            return None
        last = max(n for n, w in enumerate(words) if not is_stop_word(w))
        words = words[first : last + 1]
        return Group(words, entity_ids, phrase=len(words) > 1)
    words = tuple(w for w in words if not is_stop_word(w))
    return Group(words, entity_ids) if words else None


def _entities_named(
    candidates: dict[tuple[int, int], tuple[str, str]],
) -> dict[tuple[int, int], set]:
    """{candidate key: entity ids} for each candidate (lookup text, single word) naming
    entities.

    A candidate matches an alias's normalised form or an entity's canonical name exactly; a
    single word also matches a one-word alias with a shared stem (Байрамова -> alias Байрамов).
    """
    runs: dict[str, list[tuple[int, int]]] = {}
    inflected: dict[str, list[tuple[int, int]]] = {}
    singles: dict[tuple[int, int], str] = {}
    for key, (name, word) in candidates.items():
        if name:
            runs.setdefault(name, []).append(key)
        prefix = _common_prefix([word, *query_keys(word)]) if word else ""
        if len(prefix) >= MIN_ALIAS_STEM:
            inflected.setdefault(prefix, []).append(key)
            singles[key] = word
    if not runs and not inflected:
        return {}
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
        for key in runs.get(name, ()):
            found.setdefault(key, set()).add(entity_id)
        for prefix, keys in inflected.items():
            if name.startswith(prefix) and " " not in name:
                for key in keys:
                    if query_keys(name) & query_keys(singles[key]):
                        found.setdefault(key, set()).add(entity_id)
    return found


def _common_prefix(words: Sequence[str]) -> str:
    shortest = min(words, key=len)
    for i, char in enumerate(shortest):
        if any(word[i] != char for word in words):
            return shortest[:i]
    return shortest
