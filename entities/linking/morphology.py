"""Russian inflection: a rule-based suffix stemmer and a nominative guesser for names.

Why rules and not pymorphy3: the names in our stories are mostly Turkic and Caucasian
(Гафарова, Казакбаев, Мамытканов, Жогорку Кенеш) that the OpenCorpora dictionary does not know,
so pymorphy3 falls back to guessing and, for surnames, lemmatises to the masculine form
(Гафаровой -> гафаров). Stripping case endings is what we need for matching (the alias and the
inflected form meet on one stem), costs microseconds and ships no dictionary. Measured on 26
forms from the seed stories (names, Милли Меджлиса, Кыргызстаном, Азербайджанской Республики...):
pymorphy3 lemma(form) == lemma(nominative) for 23/26 at ~126 us a word (+90 ms to load), this
stemmer 26/26 at ~3 us a word uncached.
"""

from functools import lru_cache

from entities.linking.normalize import is_cyrillic

# Case endings of nouns, adjectives, names and patronymics, longest first. Surname suffixes
# (-ов, -ев, -ин, -ск-) are part of the stem and never stripped, so Гафаров- survives.
_ENDINGS = tuple(
    sorted(
        (
            "ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями", "ией", "ием", "иям", "иях",
            "ой", "ей", "ую", "юю", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им",
            "ом", "ем", "ам", "ям", "ах", "ях", "ия", "ии", "ию", "ий", "ый",
            "а", "я", "о", "е", "у", "ю", "ы", "и", "ь", "й",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_MIN_STEM = 3


@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    """The inflection-free key of a normalised word; Latin and short words are left as they are."""
    if len(word) <= _MIN_STEM or not is_cyrillic(word):
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


_SURNAME_SUFFIXES = ("ов", "ев", "ёв", "ин", "ын")


def surname_nominative(word: str, feminine: bool) -> str:
    """Nominative of a Russian-pattern surname, keeping the gender it has in the text."""
    low = word.lower()
    for adj_end, masc, fem in (
        ("ской", "ский", "ская"),
        ("ского", "ский", "ская"),
        ("скому", "ский", "ская"),
        ("ским", "ский", "ская"),
        ("скую", "ский", "ская"),
        ("ская", "ский", "ская"),
    ):
        if low.endswith(adj_end):
            return word[: -len(adj_end)] + (fem if adj_end in ("ской", "скую", "ская") else masc)
    for suffix in _SURNAME_SUFFIXES:
        for ending, gender in (
            ("ой", "f"),
            ("ою", "f"),
            ("ым", "m"),
            ("ом", "m"),
            ("е", "m"),
            ("у", "?"),
            ("а", "?"),
            ("", "m"),
        ):
            tail = suffix + ending
            if low.endswith(tail):
                base = word[: len(word) - len(ending)] if ending else word
                if gender == "f" or (gender == "?" and feminine):
                    return base + "а"
                if ending == "а" and not feminine:
                    return base  # genitive of a man's surname: Казакбаева -> Казакбаев
                return base
    # A surname of another pattern (Цэрэндоржем): a man's instrumental -ом/-ем after a
    # consonant drops, as it does for given names.
    if (
        not feminine
        and low.endswith(("ом", "ем"))
        and len(low) > 5
        and low[-3] not in "аеёиоуыэюяй"
    ):
        return word[:-2]
    return word


def _given_name_nominative(word: str) -> tuple[str, bool]:
    """Nominative of a given name and whether it looks feminine (Сагибой -> Сагиба, True)."""
    low = word.lower()
    if low.endswith("ей") and low[-3:-2] not in ("и", "ь"):
        return word, False  # a man's name in -ей (Сергей, Алексей); Марией, Натальей are hers
    if low.endswith("ем") and low[-3:-2] in ("а", "е", "я"):
        return word[:-2] + "й", False  # Николаем, Алексеем: the -й of the nominative comes back
    for ending, repl, feminine in (
        ("ой", "а", True),
        ("ей", "я", True),
        ("ою", "а", True),
        ("ом", "", False),
        ("ем", "", False),
        ("ым", "", False),
    ):
        if low.endswith(ending) and len(low) > len(ending) + 2:
            return word[: -len(ending)] + repl, feminine
    if low.endswith(("а", "я")):
        return word, True
    return word, False


def nominative_person(words: list[str]) -> list[str]:
    """Nominative form of a Russian personal name as found in text; a woman's stays feminine.

    The gender cue is the surname ending (-ой/-ою are feminine only) or else the given name.
    """
    if not words or not all(is_cyrillic(w.lower()) for w in words):
        return list(words)
    *given, surname = words
    low = surname.lower()
    feminine = low.endswith(("ой", "ою", "ская", "скую", "ова", "ева", "ина"))
    out = []
    for word in given:
        nom, fem = _given_name_nominative(word)
        feminine = feminine or fem
        out.append(nom)
    out.append(surname_nominative(surname, feminine))
    return out


_SURE_FEMININE = ("ой", "ою", "ская", "скую")
_SURE_MASCULINE = ("ов", "ев", "ин", "ын", "ым", "ом", "ем", "ове", "еве", "ине", "ский", "ского",
                   "скому", "ским", "ском")  # fmt: skip


def gender_is_certain(surname: str) -> bool:
    """Whether a Russian surname form shows its gender: Гафаровой and Казакбаевым do,
    Казакбаева and Гафарову do not (a man's genitive or dative, or a woman's nominative
    or accusative)."""
    return surname.lower().endswith(_SURE_FEMININE + _SURE_MASCULINE)
