"""Sentence boundaries and summaries, aware of the abbreviations and initials of news copy."""

import re

_BOUNDARY = re.compile(r"[.!?…]+[\"'»”’)]*\s+(?=[\"'«“(]?[A-ZА-ЯЁ\d])")
_ABBREVIATIONS = frozenset(
    (
        "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "gov", "sen", "rep",
        "jr", "sr", "inc", "ltd", "co", "corp", "no", "nos", "vs", "etc", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n",
        "e.g", "i.e", "approx", "est", "ca", "т", "т.г", "т.е", "т.д", "т.п", "т.к", "г", "гг",
        "им", "др", "пр", "см", "ул", "д", "тыс", "млн", "млрд", "руб", "долл", "ст", "чел",
        "проф", "акад",
    )
)  # fmt: skip
SUMMARY_LIMIT = 300


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; "т.г.", "Mr." and initials ("M. Mamytkanov") do not end one."""
    sentences = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()].rsplit(None, 1)
        token = before[-1].lower().rstrip(".") if before else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def summarize(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """The opening sentences that fit in `limit` characters; one long sentence is cut on a word."""
    summary = ""
    for sentence in split_sentences(text):
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > limit:
            break
        summary = candidate
    if summary:
        return summary
    return cut_on_word(text, limit - 1).rstrip(",;:—–- ") + "…"


def cut_on_word(text: str, limit: int) -> str:
    """At most `limit` characters, never splitting a word."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(None, 1)[0]
    return cut if cut and len(cut) <= limit else text[:limit]
