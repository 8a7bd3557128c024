"""The alias policy: which words from a story may become a name of an entity.

An alias is a *name*: another script (Джейхун Байрамов), a former name, an acronym, a
translation. Everything else the linker finds by itself and must never be stored, because a
stored alias is matched exactly, everywhere, on every date:

- a word form: a case ending, an inflection or an adjective of a name the entity already has
  ("Байрамова", "Кыргызстана"): the stemmer (`morphology`) meets them on one key;
- a role phrase ("Azerbaijani Foreign Minister", "Торага Жогорку Кенеша"): it names whoever held
  the post on a story's date, which only the dated `Role` rows know (`roles`);
- a part of a person's name ("Bayramov", "J. Bayramov", "Jomart Tokayev" for Kassym-Jomart
  Tokayev) or its words in another order: the linker's surname and initial rules find them.

`verdict` is pure: the review services ask it before suggesting an alias, and
`manage.py clean_aliases` asks it about the aliases already stored.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from entities.linking.matcher import stem_keys
from entities.linking.morphology import stem
from entities.linking.normalize import is_cyrillic, normalize, tokenize
from entities.linking.roles import TITLE_SYNONYMS
from entities.linking.translit import skeleton

# Why a form is not a new name (the key), in words an editor reads (the value).
KNOWN = "known"
ROLE = "role"
INFLECTED = "inflected"
ADJECTIVE = "adjective"
SHORT = "short"
REORDERED = "reordered"
EMPTY = "empty"

REASONS = {
    KNOWN: "already a name of the entity",
    ROLE: "a role phrase: the post's holder on a date is found through dated roles",
    INFLECTED: "a word form (case ending or inflection) of {of}",
    ADJECTIVE: "an adjective of {of}",
    SHORT: "a part of the person's name {of}",
    REORDERED: "the words of {of} in another order",
    EMPTY: "no words",
}

_RU_ADJECTIVE = (
    "ская", "ское", "ской", "скую", "ский", "ские", "ских", "ским", "ского", "скому", "скими",
    "ая", "ое", "ой", "ую", "ий", "ый", "ые", "ых", "ым", "ого", "ому", "ими", "ыми", "ее",
    "его", "ему", "ей", "ие", "их", "им",
)  # fmt: skip
_EN_ADJECTIVE = ("i", "is", "ian", "ians", "an", "ans", "ese", "ish", "n", "ns")
_MIN_ADJECTIVE_STEM = 4


@dataclass(frozen=True)
class Verdict:
    """`reason` None: a genuinely new name, fit to be suggested as an alias. Otherwise why not,
    and the entity's name (`of`) the form is a word form or a part of."""

    reason: str | None
    of: str = ""

    @property
    def is_new_name(self) -> bool:
        return self.reason is None

    def explain(self) -> str:
        return REASONS.get(self.reason or "", "").format(of=f"“{self.of}”" if self.of else "")


def _words(name: str) -> list[str]:
    return [t.norm for t in tokenize(name)]


def _keys(name: str) -> list[str]:
    """Stems, ordinals as digits: the matcher's keys, for titles and parts of names."""
    return stem_keys(tokenize(name))


def _stems(name: str) -> list[str]:
    """Stems only: "VI" and "6th" meet in the matcher, but one is not a word form of the other."""
    return [stem(t.norm) for t in tokenize(name)]


_OBLIQUE = (
    "ой", "ей", "ого", "его", "ому", "ему", "ом", "ем", "ым", "им", "ами", "ями", "ах", "ях",
    "ую", "юю", "у", "ю", "е", "и", "ы",
)  # fmt: skip


def _obliqueness(name: str) -> int:
    """How many Russian words of `name` end like a case other than the nominative: among word
    forms of one another the nominative ("Азербайджанская Республика") is the name."""
    return sum(1 for w in _words(name) if is_cyrillic(w) and w.endswith(_OBLIQUE))


def _title_phrases() -> list[list[str]]:
    phrases = {tuple(_keys(p)) for ps in TITLE_SYNONYMS.values() for p in ps}
    return [list(p) for p in sorted(phrases, key=len, reverse=True) if p]


_TITLES = _title_phrases()


def is_role_phrase(form: str) -> bool:
    """Whether `form` holds a role title ("Foreign Minister", "торага", "министра иностранных
    дел") as whole words, in any case form."""
    keys = _keys(form)
    words = set(_words(form))
    for phrase in _TITLES:
        size = len(phrase)
        for i in range(len(keys) - size + 1):
            if keys[i : i + size] == phrase:
                # "после" (after) stems like "посла": the linker ignores it, so do we.
                if size == 1 and "после" in words and phrase == ["посл"]:
                    continue
                return True
    return False


def _adjective_of(form_words: list[str], name_words: list[str]) -> bool:
    """ "Azerbaijani" of Azerbaijan, "кыргызской" of Кыргызстан's stem "кыргыз" is not claimed:
    only a form whose last word is the name's last word plus an adjective ending."""
    if len(form_words) != len(name_words) or form_words[:-1] != name_words[:-1]:
        return False
    word, last = form_words[-1], name_words[-1]
    if len(last) < _MIN_ADJECTIVE_STEM or word == last:
        return False
    for base in {last, last.rstrip("аеиоуыэюяйь") if is_cyrillic(last) else last}:
        if len(base) >= _MIN_ADJECTIVE_STEM and word.startswith(base):
            ending = word[len(base) :]
            endings = _RU_ADJECTIVE if is_cyrillic(word) else _EN_ADJECTIVE
            if ending in endings:
                return True
    return False


def _is_part(form_keys: list[str], name_keys: list[str]) -> bool:
    """Whether the form's words (initials aside) are some of the name's, fewer or reordered."""
    initials = [k for k in form_keys if len(k) == 1]
    rest = Counter(k for k in form_keys if len(k) > 1)
    if not rest or rest - Counter(name_keys) or rest == Counter(name_keys):
        return False
    left = Counter(name_keys) - rest
    return all(any(k.startswith(i) for k in left) for i in initials)


def _spaced(form: str) -> bool:
    """Latin or Cyrillic: scripts that put spaces between a name's words (习近平 is one word)."""
    return all(
        c.isascii() or is_cyrillic(c.lower()) or "\u00c0" <= c <= "\u024f"
        for c in form
        if c.isalpha()
    )


def _acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def verdict(
    form: str, *, kind: str, names: Iterable[str], forms_of: Iterable[str] | None = None
) -> Verdict:
    """Whether `form`, seen in a story for an entity of `kind` that already has `names` (its
    canonical name and its aliases), is a new name of it, and if not, why.

    `forms_of` limits the names whose word forms count (default: all): Ukrainian "Петро
    Порошенко" is a name beside Russian "Пётр Порошенко", though one stem key covers both."""
    words = _words(form)
    if not words:
        return Verdict(EMPTY)
    names = [n for n in dict.fromkeys(names) if _words(n)]
    inflectable = names if forms_of is None else [n for n in dict.fromkeys(forms_of) if _words(n)]
    if any(_words(n) == words for n in names):
        return Verdict(KNOWN)
    person = kind == "person"
    if person and is_role_phrase(form):
        return Verdict(ROLE)
    keys, stems = _keys(form), _stems(form)
    for name in inflectable:
        if _stems(name) == stems:
            return Verdict(INFLECTED, name)
    for name in inflectable:
        if _adjective_of(words, _words(name)):
            return Verdict(ADJECTIVE, name)
    if not person:
        return Verdict(None)
    sounds = [skeleton(k) for k in keys]
    for name in names:
        name_keys = _keys(name)
        if Counter(keys) == Counter(name_keys) and name in inflectable:
            return Verdict(REORDERED, name)
        if _is_part(keys, name_keys):
            return Verdict(SHORT, name)
        # The same words in the other script or another romanisation, fewer of them.
        name_sounds = [skeleton(k) for k in name_keys]
        if len(keys) < len(name_keys) and all(sounds) and _is_part(sounds, name_sounds):
            return Verdict(SHORT, name)
    longer = [n for n in names if len(_words(n)) > 1]
    if len(words) == 1 and longer and _spaced(form) and not _acronym(form):
        return Verdict(SHORT, longer[0])  # a surname or a given name alone
    return Verdict(None)


def polluted(
    *,
    kind: str,
    canonical: str,
    aliases: list[tuple[int, str, str, str]],
    keep: frozenset[str] = frozenset(),
) -> dict[int, Verdict]:
    """Which stored aliases (id, name, alias kind, language) break the policy, and why.

    Acronyms, demonyms and former names are names by their kind, and the names in `keep`
    (`normalize`d: the starter knowledge base's own, an Editor's approved suggestions) by
    decision: they are kept. Word forms count within one language only (or a blank one). Among
    word forms of one another the canonical name, else the one most like a nominative, the
    shortest, the oldest, is the name and the others its forms: a pair never removes both.
    """
    out: dict[int, Verdict] = {}
    anchors: list[tuple[str, str]] = [(canonical, "en")]
    ordered = sorted(aliases, key=lambda a: (_obliqueness(a[1]), len(a[1]), a[0]))
    for pk, name, alias_kind, language in ordered:
        if alias_kind != "name" or normalize(name) in keep:
            anchors.append((name, language))
            continue
        same = [n for n, lang in anchors if not language or not lang or lang == language]
        found = verdict(name, kind=kind, names=[n for n, _ in anchors], forms_of=same)
        if found.reason in (ROLE, INFLECTED, ADJECTIVE, SHORT, REORDERED, EMPTY):
            out[pk] = found
        else:
            anchors.append((name, language))
    return out


def word_forms(*, kind: str, canonical: str, aliases: list[tuple[int, str, str, str]]) -> set[int]:
    """The aliases (id, name, alias kind, language) that are no name at all: role phrases and
    word forms of the entity's names. Parts of a name are left to the cleanup command's review
    ("Tayyip Erdogan" is a name readers know)."""
    found = polluted(kind=kind, canonical=canonical, aliases=aliases)
    return {pk for pk, why in found.items() if why.reason in (ROLE, INFLECTED, ADJECTIVE, EMPTY)}
