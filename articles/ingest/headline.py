"""The story's own headline when the text has one, otherwise a short draft from the lead.

A headline is a short line without a final period above the story. Pages also repeat it, or run
it into the lead ("Title Title. Lead sentence..."); both are recognised and taken out of the lead.
Lines of the same shape that are something else (a dateline, a reprint header, a dated caption, a
banner in the other script) are passed over, and a headline found below them, or sharing no word
with the story, is reported as uncertain.
"""

import re

from articles.ingest.agencies import credit_form_at, credit_pattern
from articles.ingest.credits import line_credit
from articles.ingest.dates import find_dates, parse_dateline
from articles.ingest.sentences import cut_on_word

MAX_DERIVED = 100
_MAX_HEADLINE = 200
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")
_CLAUSE_BREAK = re.compile(r",\s|\s[—–-]\s|;\s|:\s")
_NOT_WORD = re.compile(r"[^\w\s-]")
_END_PUNCTUATION = " .,;:!?—–-"
_TRAILING_STOPWORDS = frozenset(
    (
        "of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "for", "with", "by", "from",
        "as", "that", "who", "which", "its", "his", "her", "their", "и", "в", "во", "на", "с",
        "со", "по", "для", "о", "об", "к", "из", "от", "а", "но", "что", "который", "которая",
        "которые", "его", "ее", "её", "их",
    )
)  # fmt: skip


def is_headline_shaped(line: str) -> bool:
    """A short line of at least three words that does not end like a sentence."""
    line = line.strip()
    if len(line) > _MAX_HEADLINE or len(line.split()) < 3:
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False
    return sum(ch.isalpha() for ch in line) >= len(line) / 2


# Why a headline-shaped line above the story is not its headline. The line stays in the story
# when it is the story's own (a dateline, a reprint service's credit header); else it is chrome.
DATELINE = "a dateline"
REPRINT_HEADER = "a reprint service's header"
ADDRESS = "a web address"
DATED_CAPTION = "a dated photo caption"
FOREIGN_SCRIPT = "a line in another script than the story"
TEASER = "a link teaser"
PAGE_CHROME = "page chrome shaped like a headline"
KEPT_IN_STORY = frozenset((DATELINE, REPRINT_HEADER))
HEADLINE_UNCERTAIN = "headline uncertain ({reason}); check it"

_ADDRESS = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|az|kz|kg|uz|ru|tj|tm|org|net)/", re.I)
_TEASER_END = re.compile(r"(?:read more|more|подробнее|читать далее|далее)\W*$", re.IGNORECASE)
_AGENCY_CLOSE = re.compile(r"\s*(?:[-–—]\s*[^()]{1,60})?\)")
_REPRINT_DASH = re.compile(r"\s*[-–—]\s")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_NOT_LATIN = re.compile(r"[^A-Za-z]+")
_NOT_CYRILLIC = re.compile(r"[^А-Яа-яЁё]+")
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
_STEM = 5
_SENTENCE_ENDS = (".", "!", "?", "…", ":", ";", '"', "»", "”", ")")
_BODY_REACH = 1500
_STOPWORDS = frozenset(
    (
        "that", "this", "with", "from", "have", "were", "will", "been", "their", "after", "over",
        "about", "into", "said", "also", "which", "when", "what", "более", "после", "также",
        "этого", "который", "которые", "будет", "было", "были", "чтобы",
    )
)  # fmt: skip


def story_script(text: str) -> str:
    """The script the story is written in, "latin" or "cyrillic", by its letters."""
    # Counted as what is left once every run of other characters is removed: the same counts as
    # listing every letter, without a string for each.
    latin, cyrillic = len(_NOT_LATIN.sub("", text)), len(_NOT_CYRILLIC.sub("", text))
    return "cyrillic" if cyrillic > latin else "latin"


def not_a_headline(line: str, *, script: str = "") -> str | None:
    """Why a headline-shaped line cannot be the headline, or None when it can be.

    Each reason is a class of copy seen above real stories: the dateline on a line of its own
    ("BAKU, Azerbaijan, Feb. 5"), a reprint service's header ("MENAFN - AzerNews) Qabil Ashirov
    Read more"), an address, a photo caption dated to the day ("... Mirzoyan in April 14, 2023"),
    a site banner in the other script than the story ("Qazaq TV Телерадиокомпания Президента
    Казахстана" above an English story) and a teaser ending in "Read more".
    """
    line = line.strip()
    dateline = parse_dateline(line)
    if dateline and len(line[dateline.end :].split()) <= 2:
        return DATELINE  # perhaps with the agency's credit after it: "Baku, April 27, AZERTAC"
    if _is_agency_header(line):
        return REPRINT_HEADER
    if _ADDRESS.search(line):
        return ADDRESS
    if _ends_in_full_date(line):
        return DATED_CAPTION
    if script and _in_other_script(line, script):
        return FOREIGN_SCRIPT
    if _TEASER_END.search(line):
        return TEASER
    return None


def stays_above_headline(line: str) -> bool:
    """Whether a line set aside above the headline is the story's (a sentence, a dateline, a
    credit) rather than chrome (a caption, a label): a page prints its story below its
    headline, so only those stay once the headline is found."""
    line = line.strip()
    if line.endswith(_SENTENCE_ENDS) or parse_dateline(line) or line_credit(line):
        return True
    return not_a_headline(line) in KEPT_IN_STORY


def repeats_title(line: str, title: str) -> bool:
    """The headline again with the site's name or a date after it, as a page's own title runs:
    "Лавров обсудил ... саммит ШОС - РИА Новости, 27.08.2025", "Minister meets envoy | Trend"."""
    norm_line, norm_title = _norm(line), _norm(title)
    if not norm_title or norm_line == norm_title or not norm_line.startswith(norm_title + " "):
        return False
    rest = line.strip()[len(title.strip()) :].lstrip()
    return rest[:1] in "-–—|:/," and len(rest.split()) <= 6


def headline_doubt(title: str, body: str, rejected: list[str]) -> str | None:
    """A warning when the headline taken from the page may be the wrong line: it shares no
    word with the story's opening (a widget's heading, a caption), or headline-like lines of
    other kinds had to be passed over to reach it."""
    opening = {w[:_STEM] for w in _content_words(body[:_BODY_REACH])}
    if not any(w[:_STEM] in opening for w in _content_words(title)):
        return HEADLINE_UNCERTAIN.format(reason="it shares no word with the story's opening")
    passed = [r for r in rejected if r not in KEPT_IN_STORY]
    if passed:
        return HEADLINE_UNCERTAIN.format(reason="taken below " + ", ".join(sorted(set(passed))))
    return None


def _content_words(text: str) -> list[str]:
    return [w for w in _CONTENT_WORD.findall(text.casefold()) if w not in _STOPWORDS]


def _is_agency_header(line: str) -> bool:
    match = credit_pattern().match(line.lstrip("( "))
    if not match:
        return False
    agency = credit_form_at(line.lstrip("( "), match)
    if agency is None:
        return False
    rest = line.lstrip("( ")[match.end() :]
    if _AGENCY_CLOSE.match(rest):
        return True
    return agency.reprint_service and bool(_REPRINT_DASH.match(rest))


def _ends_in_full_date(line: str) -> bool:
    found = find_dates(line)
    if not found or found[-1].year is None:
        return False
    return not line[found[-1].end :].strip(" .,)»\"'")


def _in_other_script(line: str, script: str) -> bool:
    latin, cyrillic = len(_LATIN.findall(line)), len(_CYRILLIC.findall(line))
    return (cyrillic > latin) if script == "latin" else (latin > cyrillic)


def same_text(a: str, b: str) -> bool:
    """Equal once case, spacing and end punctuation are ignored."""
    return _norm(a) == _norm(b)


def strip_title_prefix(paragraph: str, title: str) -> str:
    """The lead without the headline the page ran into it, once or repeated."""
    target = _norm(title).split()
    if not target:
        return paragraph
    words = paragraph.split()
    if not words or _norm(words[0]) != target[0]:
        return paragraph
    keys = [_norm(w) for w in words[: 3 * len(target) + 1]]
    taken = 0
    while keys[taken : taken + len(target)] == target and taken + len(target) < len(words):
        taken += len(target)
    if not taken:
        return paragraph
    return " ".join(words[taken:]).lstrip(_END_PUNCTUATION)


def split_run_in(paragraph: str) -> tuple[str, str] | None:
    """("Title", "Lead…") from "Title Title. Lead…", where a page printed the headline twice."""
    words = paragraph.split(None, 61)[:60]
    if len(words) < 7 or paragraph.casefold().find(words[0].casefold(), 1, 600) < 0:
        return None  # the first word never comes back: no repeated headline
    keys = [_norm(w) for w in words]
    for n in range(3, len(words) // 2 + 1):
        if keys[:n] == keys[n : 2 * n] and len(words) > 2 * n:
            title = " ".join(words[:n]).rstrip(_END_PUNCTUATION)
            rest = paragraph.split(None, 2 * n)[-1].lstrip(_END_PUNCTUATION)
            if is_headline_shaped(title) and rest:
                return title, rest
    return None


def derive_headline(sentence: str, limit: int = MAX_DERIVED) -> str:
    """A draft headline from the lead sentence: no asides, cut at a clause or word boundary."""
    text = _PARENTHETICAL.sub("", sentence).strip().rstrip(_END_PUNCTUATION)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text) if 40 <= m.start() <= limit]
    text = text[: breaks[-1]] if breaks else cut_on_word(text, limit)
    words = text.rstrip(_END_PUNCTUATION).split()
    while len(words) > 3 and words[-1].lower() in _TRAILING_STOPWORDS:
        words.pop()
    return " ".join(words).rstrip(_END_PUNCTUATION)


def _norm(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())
