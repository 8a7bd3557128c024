"""The story's language as an ISO 639-1 code, on a sample of the text to stay fast.

py3langid (a model shipped inside the package, nothing downloaded) ranks 97 languages; letters
that only some Cyrillic and Turkic alphabets have then overrule a Russian or English guess, so a
Ukrainian, Kazakh or Azerbaijani story is never labelled ru or en.
"""

import functools
import re

UNDETERMINED = "und"
_SAMPLE = 400
_MIN_LETTERS = 20
_MIN_CONFIDENCE = 0.5
_LETTERS = re.compile(r"[^\W\d_]")
# Letters absent from Russian and English that name a language on their own (checked in order).
_DISTINCTIVE = (
    ("ў", "be_or_uz"),
    ("ґєї", "uk"),
    ("әғқұһ", "kk"),
    ("җ", "tt"),
    ("ңөү", "ky"),
    ("ҷӣӯ", "tg"),
    ("і", "uk"),
    ("ə", "az"),
    ("ığş", "tr"),
    ("ʻ", "uz"),
)


# Evidence decisive enough to skip the model: the commonest function words of English and Russian
# (Russian also needs ы or э and no letter outside its alphabet, which sets it apart from
# Bulgarian, Ukrainian and the Turkic Cyrillic alphabets).
_EN_WORDS = frozenset(
    (
        "the", "of", "and", "to", "in", "is", "was", "for", "on", "that", "with", "by", "as",
        "at", "from", "are", "has", "have",
    )
)  # fmt: skip
_RU_WORDS = frozenset(
    (
        "и", "в", "не", "на", "что", "с", "по", "к", "о", "из", "за", "от", "для", "это", "как",
        "его", "но", "он", "она", "они",
    )
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_RUSSIAN_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_FAST_SHARE = 0.15


@functools.cache
def _identifier():
    """The py3langid model, loaded once on first use (about half a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when there is too little to tell."""
    sample = text[:_SAMPLE]
    if len(_LETTERS.findall(sample)) < _MIN_LETTERS:
        return UNDETERMINED
    obvious = _obvious(sample)
    if obvious:
        return obvious
    language, confidence = _identifier().classify(sample)
    if language in ("ru", "en", "bg", "mk", "sr"):
        language = _by_letters(sample.lower()) or language
    if confidence < _MIN_CONFIDENCE and language in ("ru", "en"):
        return _by_script(sample)
    return language if confidence >= _MIN_CONFIDENCE / 2 else UNDETERMINED


def _obvious(sample: str) -> str | None:
    """English or Russian when function words and the alphabet leave no doubt (no model run)."""
    words = _WORD.findall(sample.lower())
    if len(words) < 20:
        return None
    latin = [w for w in words if w.isascii()]
    if len(latin) >= 0.95 * len(words):
        hits = sum(w in _EN_WORDS for w in latin)
        return "en" if hits >= _FAST_SHARE * len(words) and len(latin) == len(words) else None
    cyrillic = [w for w in words if not w.isascii()]
    letters = set("".join(cyrillic))
    if len(cyrillic) >= 0.9 * len(words) and letters <= _RUSSIAN_LETTERS and letters & {"ы", "э"}:
        hits = sum(w in _RU_WORDS for w in cyrillic)
        return "ru" if hits >= _FAST_SHARE * len(words) else None
    return None


def _by_letters(sample: str) -> str | None:
    """A language named by letters Russian and English lack, when they are more than a stray."""
    for letters, language in _DISTINCTIVE:
        count = sum(sample.count(ch) for ch in letters)
        if count >= 2:
            if language == "be_or_uz":
                return "uz" if any(ch in sample for ch in "қғҳ") else "be"
            if language == "tr" and "ə" in sample:
                return "az"
            return language
    return None


def _by_script(sample: str) -> str:
    """On a low-confidence guess, fall back to the script when it decides en or ru."""
    letters = _LETTERS.findall(sample)
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    ascii_letters = sum(ch.isascii() for ch in letters)
    if cyrillic > 0.9 * len(letters):
        return "ru"
    if ascii_letters > 0.95 * len(letters):
        return "en"
    return UNDETERMINED
