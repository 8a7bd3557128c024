"""Russian personal names proposed from the text: where the name is, and its nominative.

A proposal is worth an editor's click only when it is the person's proper nominative name, with
the gender the text shows: "Сагибой Гафаровой" -> "Сагиба Гафарова", "Садыра Жапарова" ->
"Садыр Жапаров", "Алексеем Бородавкиным" -> "Алексей Бородавкин". Two sources of evidence:

- The given name (and patronymic) is looked up in the OpenCorpora dictionary through pymorphy3:
  it knows Алексей, Гейдар, Садыр, Мурат, Бахтиёр as names, with their gender and the cases a
  form can be (Садыра: a man's genitive or accusative). Surnames are mostly Turkic and
  Caucasian and unknown to it (it lemmatises Гафаровой to the masculine "гафаров"), so they
  are never taken from it.
- The surname's ending (morphology's rules): -ов/-ев/-ин/-ский and their case endings, which
  say gender and case by themselves for most forms (Гафаровой is a woman's, Жапаровым a man's).

The given name's readings are intersected with the surname's: "Садыра Жапарова" can only be a
man in the genitive (a woman's nominative "Жапарова" would need "Садыра" to be a woman's name).
A given name the dictionary does not know (Сагиба, Жээнбек, Джейхун) falls back to the rules.

The dictionary (pymorphy3-dicts-ru, ~16 MB on disk, shipped in the wheel) is loaded once per
process, lazily, on the first Russian proposal (~80 ms); a word costs ~70 us uncached
(docs/evaluation.md, "Russian names: rules vs pymorphy3 vs natasha").
"""

import logging
from functools import lru_cache

from entities.linking.morphology import nominative_person as nominative_by_rules
from entities.linking.morphology import surname_nominative
from entities.linking.normalize import Token, is_capitalized, is_cyrillic, normalize_word

Reading = tuple[str, str]  # (gender "m"/"f", case: nomn gent datv accs ablt loct)
_ANY: frozenset[Reading] = frozenset()
_OBLIQUE = ("gent", "datv", "ablt", "loct")

# Words that name a post or a job, never part of a person's name though written with a capital
# at a sentence's start, in a caption or a speaker card ("Торага Нурланбек Шакиев", "Глава МИД",
# "...Бородавкиным\nГлава"). Stems, so every case of the word counts (Спикером, Послу, Главы).
_ROLE_STEMS = (
    "торага", "спикер", "министр", "замминистр", "глав", "посол", "посл", "президент",
    "вице-президент", "премьер", "председател", "зампред", "депутат", "сенатор", "генсек",
    "госсекретар", "секретар", "советник", "помощник", "представител", "спецпредставител",
    "посланник", "консул", "атташе", "губернатор", "мэр", "аким", "хоким", "лидер", "канцлер",
    "король", "корол", "принц", "патриарх", "корреспондент", "журналист", "директор",
    "руководител", "заместител", "начальник", "пресс-секретар", "официальн", "спикер",
)  # fmt: skip

# Surname endings of the Russian pattern and the (gender, case) readings each form allows.
_SURNAME_READINGS: tuple[tuple[tuple[str, ...], frozenset[Reading]], ...] = tuple(
    (ends, frozenset(readings))
    for ends, readings in (
        (("ской",), {("f", c) for c in _OBLIQUE}),
        (("скую",), {("f", "accs")}),
        (("ская",), {("f", "nomn")}),
        (("ского",), {("m", "gent"), ("m", "accs")}),
        (("скому",), {("m", "datv")}),
        (("ским",), {("m", "ablt")}),
        (("ском",), {("m", "loct")}),
        (("ский",), {("m", "nomn")}),
        (("овой", "евой", "ёвой", "иной", "ыной"), {("f", c) for c in _OBLIQUE}),
        (("овою", "евою", "иною", "ыною"), {("f", "ablt")}),
        (("овым", "евым", "ёвым", "иным", "ыным"), {("m", "ablt")}),
        (("ову", "еву", "ёву", "ину", "ыну"), {("m", "datv"), ("f", "accs")}),
        (("ова", "ева", "ёва", "ина", "ына"), {("m", "gent"), ("m", "accs"), ("f", "nomn")}),
        (("ове", "еве", "ёве", "ине", "ыне"), {("m", "loct")}),
        (("ов", "ев", "ёв", "ин", "ын"), {("m", "nomn")}),
    )
)  # fmt: skip

# A man's foreign surname ending in a consonant declines like "стол" (Эрдоган, Эрдогана,
# Эрдогану, Эрдоганом, Эрдогане); the ending the given name's case calls for is dropped.
_CONSONANT_CASE_ENDINGS = {
    "gent": ("а",), "accs": ("а",), "datv": ("у",), "ablt": ("ом", "ем"), "loct": ("е",),
}  # fmt: skip
_VOWELS = "аеёиоуыэюяьъй"


@lru_cache(maxsize=1)
def _analyzer():  # -> pymorphy3.MorphAnalyzer, imported here so only Russian proposals pay
    """The OpenCorpora analyser, once per process (its dictionaries ship in a PyPI wheel)."""
    import pymorphy3

    # Its INFO line names the dictionary's path on this machine, in every command's output.
    logging.getLogger("pymorphy3").setLevel(logging.WARNING)

    return pymorphy3.MorphAnalyzer(lang="ru")


def _is_known(parse) -> bool:
    """A parse straight from the dictionary, not a guess."""
    from pymorphy3.units import DictionaryAnalyzer

    stack = parse.methods_stack
    return len(stack) == 1 and isinstance(stack[0][0], DictionaryAnalyzer)


def _is_good_guess(parse) -> bool:
    """A guess worth taking for a name the dictionary lacks: by a known name's ending
    (Жээнбека like -нбека, Джейхуна like -хуна: a man's genitive), or by a whole known name of
    four letters or more after a letter or two (Садыра like Адыра). A short tail ("Мевлютом"
    as "мевлю" + "том") says nothing."""
    from pymorphy3.units import DictionaryAnalyzer, KnownSuffixAnalyzer, UnknownPrefixAnalyzer

    (first, *_), (method, *rest) = parse.methods_stack[0], parse.methods_stack[-1]
    if isinstance(method, KnownSuffixAnalyzer):
        return True
    if isinstance(method, UnknownPrefixAnalyzer) and isinstance(first, DictionaryAnalyzer):
        tail = parse.methods_stack[0][1]
        return len(tail) >= 4 and len(tail) > len(rest[0])
    return False


@lru_cache(maxsize=50_000)
def _name_parses(word: str) -> tuple[tuple[Reading, str, float], ...]:
    """Readings of a word as a given name or patronymic (singular), each with the nominative
    of that gender and pymorphy3's score: the dictionary's when it knows the word, else its
    good guesses (`_is_good_guess`); empty when neither reads it as a name."""
    parses = [
        p
        for p in _analyzer().parse(word)
        if {"Name", "Patr"} & p.tag.grammemes
        and p.tag.number == "sing"
        and p.tag.case is not None
        and p.tag.gender in ("masc", "femn")
    ]
    known = [p for p in parses if _is_known(p)]
    chosen = known or [p for p in parses if _is_good_guess(p)]
    out = []
    for parse in chosen:
        nominative = parse.inflect({"nomn"})
        reading = ("m" if parse.tag.gender == "masc" else "f", parse.tag.case)
        out.append((reading, (nominative or parse).word, parse.score))
    return tuple(out)


@lru_cache(maxsize=50_000)
def is_place_or_common_noun(word: str) -> bool:
    """Whether the dictionary knows `word` only as something other than a name: a place
    (Туркмении, Кыргызстана) or a common noun in an oblique case (Федерации, Совета)."""
    parses = _analyzer().parse(normalize_word(word))
    known = [p for p in parses if _is_known(p)]
    if not known or len(known) != len(parses):
        return False
    if any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in known):
        return False
    if any("Geox" in p.tag.grammemes for p in known):
        return True
    # A given name leading a name is singular; an oblique or plural common noun is not one.
    return all(
        p.tag.POS == "NOUN" and not (p.tag.case == "nomn" and p.tag.number == "sing") for p in known
    )


@lru_cache(maxsize=50_000)
def is_place(word: str) -> bool:
    """Whether the dictionary knows `word` as a place only (Москва, Турции), never a name."""
    parses = _analyzer().parse(normalize_word(word))
    if not parses or not all(_is_known(p) for p in parses):
        return False
    grammemes = [p.tag.grammemes for p in parses]
    return any("Geox" in g for g in grammemes) and not any(
        {"Name", "Surn", "Patr"} & g for g in grammemes
    )


def is_role_word(word: str) -> bool:
    """A post or job title (Торага, Спикер, Глава, посол), in any case."""
    norm = normalize_word(word)
    return any(norm.startswith(stem) for stem in _ROLE_STEMS)


def name_bounds(words: list[str]) -> tuple[int, int]:
    """The part [first, last) of a capitalised run that is a person's name: role words at either
    end go ("Торага Нурланбек Шакиев", "Бородавкиным Глава"), and so does a place or a body in
    the genitive before a full name ("Туркмении Гурбангулы Бердымухамедов", "Совета Федерации
    Валентина Матвиенко"), as long as two words are left."""
    first, last = 0, len(words)
    while first < last and is_role_word(words[first]):
        first += 1
    while last > first and is_role_word(words[last - 1]):
        last -= 1
    while last - first > 2 and is_place_or_common_noun(words[first]):
        first += 1
    while last - first > 2 and is_place(words[last - 1]):
        last -= 1  # "...Сергей Лавров\nМосква": a dateline or a place after the name
    return first, last


def _surname_readings(surname: str) -> frozenset[Reading]:
    low = surname.lower()
    for ends, readings in _SURNAME_READINGS:
        if low.endswith(ends):
            return readings
    return _ANY


def _restore_case(template: str, word: str) -> str:
    """`word` (lower case) spelt with the template's capitals: Касым-Жомарт, not Касым-жомарт."""
    return "-".join(
        part[:1].upper() + part[1:] if orig[:1].isupper() else part
        for orig, part in zip(template.split("-"), word.split("-"), strict=False)
    )


def _given_nominative(word: str, reading: Reading) -> str | None:
    """The dictionary's nominative of a given name or patronymic in that reading; for a
    hyphenated name only the last part declines (Касым-Жомартом -> Касым-Жомарт)."""
    head, _, tail = word.rpartition("-")
    for parsed, nominative, _ in _name_parses(normalize_word(tail)):
        if parsed == reading:
            return _restore_case(word, f"{head.lower()}-{nominative}" if head else nominative)
    return None


def _consonant_nominative(surname: str, reading: Reading) -> str:
    """A man's consonant-final name back in the nominative (Эрдогана -> Эрдоган, Тайипу ->
    Тайип)."""
    gender, case = reading
    if gender != "m":
        return surname  # a woman's foreign surname does not decline (Сагиба Фидан)
    low = surname.lower()
    for ending in _CONSONANT_CASE_ENDINGS.get(case, ()):
        stem = low[: -len(ending)]
        if low.endswith(ending) and len(stem) >= 3 and stem[-1] not in _VOWELS:
            return surname[: -len(ending)]
    return surname


def _best_reading(given: list[str], surname: str) -> tuple[Reading, bool] | None:
    """The reading (gender, case) that the given names and the surname all allow, the
    dictionary's likeliest first, and whether its case is certain; None when the dictionary
    knows no given name here. An indeclinable name (Эмомали, Fixd) tells the gender only."""
    scores: dict[Reading, float] | None = None
    for word in given:
        parses = _name_parses(normalize_word(word.rpartition("-")[2]))
        if not parses:
            continue
        mine: dict[Reading, float] = {}
        for reading, _, score in parses:
            mine[reading] = max(mine.get(reading, 0.0), score)
        scores = mine if scores is None else {r: s for r, s in scores.items() if r in mine}
    if not scores:
        return None
    allowed = _surname_readings(surname)
    fitting = {r: s for r, s in scores.items() if not allowed or r in allowed}
    if not fitting:
        return None
    best = max(fitting.items(), key=lambda item: (item[1], item[0][1] == "nomn"))
    ties = {r[1] for r, s in fitting.items() if s == best[1]}
    return best[0], len(ties) == 1


def _both_in_a(given: str, surname: str) -> bool:
    """A given name the dictionary doesn't know and a foreign surname, both ending in a
    consonant and -а (Хакана Фидана, Реджепа Эрдогана): a man's genitive, since a woman's
    foreign surname does not decline and so does not take that -а."""
    return all(
        len(w) > 3 and w[-1] == "а" and w[-2] not in _VOWELS
        for w in (given.lower(), surname.lower())
    ) and not _surname_readings(surname)


def nominative_person(words: list[str]) -> list[str]:
    """The nominative of a Russian personal name found in text, gender kept.

    The dictionary's reading of the given name, cut down by what the surname's ending allows,
    decides gender and case; given names unknown to the dictionary fall back to the rules.
    """
    if len(words) < 2:
        return nominative_by_rules(words)
    *given, surname = words
    found = _best_reading(given, surname)
    if found is None and _both_in_a(given[-1], surname):
        found = ("m", "gent"), True
    if found is None:
        return nominative_by_rules(words)
    reading, case_known = found
    feminine = reading[0] == "f"
    out = []
    for word in given:
        nominative = _given_nominative(word, reading)
        if nominative is None:
            nominative = _consonant_nominative(word, reading) if case_known else word
        out.append(nominative)
    if _surname_readings(surname) or not case_known:
        out.append(surname_nominative(surname, feminine))
    else:
        out.append(_consonant_nominative(surname, reading))
    return out


# After a title, a Russian name may follow the body the title belongs to: "председатель Совета
# Федерации Валентина Матвиенко" (four words), "глава МИД Касым-Жомарт Кемелевич Токаев".
RUSSIAN_WINDOW = 5


def hyphenated(text: str, tokens: list[Token], index: int) -> bool:
    """Whether token `index` continues a hyphenated name (Касым-Жомарт): a hyphen between two
    capitalised Cyrillic words, no space."""
    if index == 0:
        return False
    before, here = tokens[index - 1], tokens[index]
    return (
        text[before.end : here.start] == "-"
        and is_capitalized(before.text)
        and is_capitalized(here.text)
        and is_cyrillic(before.norm)
        and is_cyrillic(here.norm)
    )


def russian_span(
    text: str, tokens: list[Token], first: int, last: int, taken: set[int]
) -> tuple[int, int, list[str]] | None:
    """The tokens of a Russian name in [first, last) and its words, hyphenated parts joined
    ("Касым-Жомартом Токаевым" is two words, whichever part the run began with), role words,
    places and bodies trimmed (`name_bounds`); None when fewer than two words are left."""
    while first > 0 and first - 1 not in taken and hyphenated(text, tokens, first):
        first -= 1
    while last < len(tokens) and last not in taken and hyphenated(text, tokens, last):
        last += 1
    groups: list[tuple[int, int]] = []
    for i in range(first, last):
        if groups and hyphenated(text, tokens, i):
            groups[-1] = (groups[-1][0], i + 1)
        else:
            groups.append((i, i + 1))
    words = [text[tokens[a].start : tokens[b - 1].end] for a, b in groups]
    head, tail = name_bounds(words)
    if tail - head < 2 or tail - head > 4:
        return None
    return groups[head][0], groups[tail - 1][1], words[head:tail]
