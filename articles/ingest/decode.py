"""Bytes to text: wire files arrive as UTF-8, UTF-16, or in legacy Cyrillic and Western code pages.

UTF-8 and byte-order marks are trusted as they are. Anything else is decoded with every plausible
legacy code page and the result is checked against evidence (letters of one script per word,
ordinary casing, common Russian letter pairs, no C1 control characters), because a statistical
detector alone picks wrong code pages on short texts. Files that are not text at all fail with an
`IngestError` naming what they are.
"""

import codecs
import re
from dataclasses import dataclass, field

from articles.ingest.errors import IngestError

# File signatures ("magic numbers") of the non-text files an import folder tends to collect.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xfd7zXZ\x00", "XZ archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Microsoft Office document"),
    (b"{\\rtf", "RTF document"),
    (b"\x7fELF", "ELF executable"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy code pages tried on every non-UTF-8 file; the detector may add more candidates.
_LEGACY = ("cp1251", "koi8-r", "cp1252", "cp1250", "cp1254", "iso8859-5", "cp866", "mac-cyrillic")
_DISPLAY = {"iso8859-1": "latin-1", "iso8859-5": "iso-8859-5", "mac-cyrillic": "mac-cyrillic"}

_C1_CONTROLS = re.compile("[\x80-\x9f]")
_LETTER_WORD = re.compile(r"[^\W\d_]+")
# Non-ASCII punctuation an ordinary news text uses; other symbols count against a code page.
_COMMON_SYMBOLS = frozenset("\u00a0«»“”„‘’‚–—…№€°©®™•§")
_TYPOGRAPHIC = frozenset("«»“”„‘’‚–—…")
# Symbols that never touch a letter in real text ("с€", "przyj¹³"): the mark of a wrong code page.
_GLUED_SYMBOL = re.compile(r"[^\W\d_][№€°©®™•§±·´×¹²³½¼¾¤¦¬]|[№€°©®™•§±·´×¹²³½¼¾¤¦¬][^\W\d_]")
# Icelandic letters: in this newsroom's texts they come from Turkish or Cyrillic bytes read as
# Latin-1, not from Icelandic.
_UNLIKELY_LETTERS = frozenset("ðþÐÞÿ")
# The most frequent letter pairs of Russian prose (also frequent in other Cyrillic languages);
# a text decoded with the wrong Cyrillic code page has the right letters in the wrong places.
_CYRILLIC_BIGRAMS = frozenset(
    (
        "ст", "но", "то", "на", "ен", "ов", "ни", "ра", "во", "ко", "ет", "ро", "ал", "пр", "ос",
        "ли", "по", "ре", "ле", "ти", "ка", "не", "ог", "ва", "ор", "ль", "ер", "ел", "од", "ан",
        "ол", "ит", "ве", "де", "ин", "та", "ло", "ом", "ат", "ес", "ие", "ны", "ри", "ск", "ой",
        "ий", "ая", "ых", "ть",
    )
)  # fmt: skip
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_MIN_PLAUSIBILITY = 0.8
# Fewer stray bytes than this in otherwise UTF-8 text are damage, not a second encoding.
_MIXED_MIN_BYTES = 4


@dataclass
class Decoded:
    """Decoded text, the codec used and what an editor should know about the decoding."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(data: bytes) -> Decoded:
    """Decode a wire file, refusing binary files, empty files and mixed encodings."""
    if not data:
        raise IngestError("empty file")
    kind = _binary_kind(data)
    if kind:
        raise IngestError(f"binary file ({kind})")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_bom(data, codec, bom))
    utf16 = _bomless_utf16(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        return _checked(Decoded(text, "utf-16", [f"no byte-order mark; decoded as {utf16}"]))
    if b"\x00" in data.rstrip(b"\x00") or not data.strip(b"\x00"):
        raise IngestError("binary file (contains NUL bytes)")
    warnings = []
    if data.endswith(b"\x00"):
        data = data.rstrip(b"\x00")
        warnings.append("trailing NUL padding removed")
    if _control_share(data) > 0.05:
        raise IngestError("binary file (control bytes)")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8", warnings))
    except UnicodeDecodeError:
        pass
    decoded = _decode_not_utf8(data)
    decoded.warnings[:0] = warnings
    return _checked(decoded)


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[data[8:12]]
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    return None


def _decode_bom(data: bytes, codec: str, bom: bytes) -> Decoded:
    try:
        text = data.decode(codec)
        warnings = []
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        warnings = [_replaced_warning(text.count("\ufffd"))]
    if codec == "utf-8-sig":
        return Decoded(text, codec, warnings)
    return Decoded(text.lstrip("\ufeff"), codec, warnings)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL in every other byte of Latin or Cyrillic text."""
    sample = data[:2000]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.4 * half and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * half and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _control_share(data: bytes) -> float:
    sample = data[:4096]
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


def _checked(decoded: Decoded) -> Decoded:
    if not decoded.text.strip():
        raise IngestError("empty file (whitespace only)")
    return decoded


def _replaced_warning(count: int) -> str:
    return f"{count} undecodable byte sequence(s) replaced with \ufffd; check the text"


def _decode_not_utf8(data: bytes) -> Decoded:
    """Invalid UTF-8: damaged UTF-8, a legacy code page, or (refused) both in one file."""
    utf8_chars, legacy_lines = _split_by_line_encoding(data)
    legacy_bytes = sum(n for _, n in legacy_lines)
    if legacy_bytes < _MIXED_MIN_BYTES and utf8_chars:
        text = data.decode("utf-8", errors="replace")
        return Decoded(text, "utf-8", [_replaced_warning(text.count("\ufffd"))])
    best = _best_legacy(data)
    if utf8_chars >= _MIXED_MIN_BYTES and legacy_lines:
        part = b"\n".join(line for line, _ in legacy_lines)
        other = _best_legacy(part)
        name = other[1] if other else "an unknown code page"
        raise IngestError(f"mixed encodings: part UTF-8, part {name}")
    if best is None:
        text = data.decode("utf-8", errors="replace")
        return Decoded(text, "utf-8", [_replaced_warning(text.count("\ufffd"))])
    text, codec = best
    return Decoded(text, codec, [f"not UTF-8; decoded as {codec} by evidence; check the text"])


def _split_by_line_encoding(data: bytes) -> tuple[int, list[tuple[bytes, int]]]:
    """Non-ASCII characters in lines that are UTF-8, and the lines that are not, with bad bytes."""
    utf8_chars = 0
    legacy: list[tuple[bytes, int]] = []
    for line in data.split(b"\n"):
        if line.isascii():
            continue
        text = line.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        good = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd" and _plain_char(ch))
        if good > bad:
            utf8_chars += good
        else:
            legacy.append((line, sum(1 for b in line if b > 127)))
    return utf8_chars, legacy


def _plain_char(ch: str) -> bool:
    """Characters real UTF-8 news text is made of; accidental UTF-8 in legacy bytes is not."""
    code = ord(ch)
    return code <= 0x52F or 0x1E00 <= code <= 0x1EFF or 0x2010 <= code <= 0x206F or ch in "€№"


def _best_legacy(data: bytes) -> tuple[str, str] | None:
    """The legacy decoding with the most evidence of being real text, if any is convincing."""
    best: tuple[float, str, str] | None = None
    for rank, codec in enumerate(_candidates(data)):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        score = plausibility(text)
        if score is None:
            continue
        score -= 0.01 * rank  # on near-ties, the more common code page
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is None or best[0] < _MIN_PLAUSIBILITY:
        return None
    _, text, codec = best
    codec = codecs.lookup(codec).name
    if not any(ch.isalpha() for ch in text if ch > "\x7f") and _same_in_cp1252(data, text):
        codec = "cp1252"  # only quotes and dashes: Western text, whatever else decodes it too
    if codec == "cp1252" and not any(0x80 <= b <= 0x9F for b in data):
        codec = "iso8859-1"  # identical decoding; name the standard
    return text, _DISPLAY.get(codec, codec)


def _same_in_cp1252(data: bytes, text: str) -> bool:
    try:
        return data.decode("cp1252") == text
    except UnicodeDecodeError:
        return False


def _candidates(data: bytes) -> list[str]:
    names = list(_LEGACY)
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        return names
    for match in list(from_bytes(data[:4096], threshold=0.3))[:3]:
        if match.encoding not in names and not match.encoding.startswith("utf"):
            names.append(match.encoding)
    return names


def plausibility(text: str) -> float | None:
    """How much a decoded text looks like prose: 1.0 and above is convincing, None is impossible.

    Counts the words with non-ASCII letters that use one script and ordinary casing, less a
    penalty for stray symbols, plus a bonus for common Cyrillic letter pairs.
    """
    if _C1_CONTROLS.search(text):
        return None
    nonascii = [ch for ch in text if ch > "\x7f"]
    if not nonascii:
        return 1.0
    odd = sum(1 for ch in nonascii if not ch.isalpha() and ch not in _COMMON_SYMBOLS)
    words = [w for w in _LETTER_WORD.findall(text) if not w.isascii()]
    if not words:
        # No letters to judge: only typographic quotes and dashes count as evidence.
        return sum(1 for ch in nonascii if ch in _TYPOGRAPHIC) / len(nonascii)
    good = sum(1 for w in words if _plausible_word(w))
    glued = len(_GLUED_SYMBOL.findall(text))
    share = good / (len(words) + glued) if words or glued else 1.0
    if 0 < len(words) < 3 and not any(ch.islower() for w in words for ch in w):
        share /= 2  # a stray capital or two is no evidence of a code page

    return share - odd / len(nonascii) + 0.5 * _bigram_rate(words)


def _plausible_word(word: str) -> bool:
    scripts = {_script(ch) for ch in word}
    if len(scripts) != 1 or "other" in scripts or not _UNLIKELY_LETTERS.isdisjoint(word):
        return False
    if not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
        return False
    if scripts == {"latin"} and len(word) > 3:
        return sum(1 for ch in word if ch > "\x7f") * 2 <= len(word)
    return True


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    if 0x400 <= code <= 0x52F:
        return "cyrillic"
    if 0x370 <= code <= 0x3FF:
        return "greek"
    return "other"


def _bigram_rate(words: list[str]) -> float:
    hits = total = 0
    for word in words[:400]:
        lower = word.lower()
        for i in range(len(lower) - 1):
            total += 1
            hits += lower[i : i + 2] in _CYRILLIC_BIGRAMS
    return hits / total if total else 0.0
