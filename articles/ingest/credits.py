"""Who supplied and who wrote a story: the agency from its credits, the author from the byline.

Agencies credit themselves in a few fixed shapes ("Trend reports", "/Кабар/", "(Reuters) -",
"сообщает Кабар"); aggregators wrap the agency's credit in their own ("(MENAFN- Trend News
Agency)"), where the agency, not the distributor, is the source.
"""

import re

from articles.ingest.agencies import (
    agency_in_address,
    agency_named,
    credit_form_at,
    credit_pattern,
)

_NOT_AGENCIES = frozenset(
    (
        "he", "she", "it", "they", "we", "i", "you", "the", "this", "that", "his", "her", "their",
        "its", "our", "who", "which", "minister", "ministry", "president", "government",
        "spokesman", "spokesperson", "official", "officials", "source", "sources", "он", "она",
        "они", "министр", "министерство", "президент", "правительство",
    )
)  # fmt: skip
_WORD = r"[A-ZА-ЯЁ][\w&'’\-]*(?:\.[\w&'’\-]+)*"  # "Trend", "24.kg", "Azernews.Az"; no end dot
_NAME = rf"{_WORD}(?:\s+{_WORD}){{0,3}}"
# Words that make an unknown credit read as an organisation rather than a person.
_ORGANISATION = re.compile(
    r"news|agency|press|times|post|today|daily|media|info|tv|radio|\.(?:az|kg|kz|uz|ru|com)\b",
    re.IGNORECASE,
)
_DISTRIBUTOR = re.compile(
    r"\s*\(\s*(?P<dist>[A-Z][A-Za-z]{2,15})\s*[-–—]\s*(?P<agency>[^()]{2,60})\)\s*"
)
_REPORTS_AFTER = re.compile(
    rf",\s+(?P<name>{_NAME})\s+(?:reports|reported|writes|informs)(?=\s*[.;,!]|\s*$)"
)
_REPORTS_BEFORE = re.compile(
    rf"(?:^|(?<=[.!?]\s))(?P<name>{_NAME})\s+(?:reports|reported|writes)\s+that\b"
)
_RU_REPORTS = re.compile(
    r"(?:сообщает|сообщило|сообщил|передает|передаёт|пишет|информирует)\s+"
    r"(?:(?:ИА|МИА|агентство|информагентство|портал|издание)\s+)?[«\"]?"
    rf"(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})[»\"]?"
)
_PAREN_CREDIT = re.compile(r"\((?P<name>[A-Z][\w.&' ]{1,30})\)\s*[—–-]")
_SLASH_CREDIT = re.compile(r"(?:^|(?<=[\s.,]))/(?P<name>[^\W\d_][^/\n]{1,38})/(?=[\s.,:—–-]|$)")

_PERSON = r"[A-ZА-ЯЁ](?:[a-zа-яё'’]+(?:-[A-ZА-ЯЁ]?[a-zа-яё'’]+)*|\.)"
_PERSON_NAME = rf"{_PERSON}(?:\s+(?:{_PERSON}|van|von|de|der|al|el|bin|ibn)){{1,3}}"
_BY_LINE = re.compile(
    rf"(?i:by|written by|reporting by|автор|автор материала|author|text|текст|корреспондент)"
    rf"\s*[:—–-]?\s*(?P<name>{_PERSON_NAME}(?:\s*(?:,|and|&|и)\s*{_PERSON_NAME})*)"
    r"\s*(?:[,|/—–-].{0,60})?"
)
_BARE_NAME = re.compile(rf"{_PERSON}(?:\s+{_PERSON}){{1,2}}")
_MONTHS_AND_DAYS = frozenset(
    (
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday",
    )
)  # fmt: skip


def canonical_source(name: str) -> str:
    """The agency's canonical name ("Кабар" -> "Kabar"); an unknown agency as credited."""
    agency = agency_named(name)
    return agency.name if agency else " ".join(name.strip(" .,«»\"'").split())


def is_known_agency(name: str) -> bool:
    """Whether the name is one of the agencies this newsroom knows (`articles/data`)."""
    return agency_named(name) is not None


def strip_distributor(line: str) -> tuple[str | None, str | None, str]:
    """A leading "(MENAFN- Trend News Agency)": distributor, agency and the rest of the line."""
    match = _DISTRIBUTOR.match(line)
    if not match:
        return None, None, line
    return match["dist"], match["agency"].strip(), line[match.end() :]


def credited_agency(text: str) -> str | None:
    """The agency a passage credits ("..., Trend reports.", "/Кабар/", "сообщает Кабар")."""
    candidates = []
    for pattern in (_SLASH_CREDIT, _PAREN_CREDIT, _REPORTS_AFTER, _REPORTS_BEFORE, _RU_REPORTS):
        for match in pattern.finditer(text):
            name = match["name"].strip()
            if _agency_shaped(name, strict=pattern is _REPORTS_BEFORE):
                candidates.append((match.start(), name))
                break
    if not candidates:
        return None
    return canonical_source(min(candidates)[1])


def find_source(
    *,
    wrapper_agency: str | None,
    dateline_credit: str | None,
    paragraphs: list[str],
    banners: list[str],
    distributor: str | None,
    lines: list[str] | None = None,
) -> str | None:
    """The story's agency, from the most to the least specific credit.

    `lines` are the document's lines as written: credit lines ("By Leman Zeynalova – Trend:",
    "По материалам ТАСС", "© AKIpress News Agency") and source addresses are read from them.
    """
    if wrapper_agency:
        return canonical_source(wrapper_agency)
    if dateline_credit and _agency_shaped(dateline_credit, strict=False):
        return canonical_source(dateline_credit)
    for paragraph in paragraphs[:_LEAD_PARAGRAPHS]:
        agency = lead_credit(paragraph)
        if agency:
            return agency
    for paragraph in paragraphs[:2]:
        agency = credited_agency(paragraph) or cited_agency(paragraph)
        if agency:
            return agency
    for line in lines or []:
        agency = line_credit(line)
        if agency:
            return agency
    for banner in banners:
        site = banner.split("//")[-1].removeprefix("www.").split("/")[0]
        if is_known_agency(site) or is_known_agency(site.rsplit(".", 1)[0]):
            return canonical_source(site if is_known_agency(site) else site.rsplit(".", 1)[0])
    for line in lines or []:
        if _ADDRESS_LINE.match(line) and (agency := agency_in_address(line.split()[0])):
            return agency.name
    return canonical_source(distributor) if distributor else None


def reprinted_by(
    distributor: str | None, source: str | None, lines: list[str] | None = None
) -> str | None:
    """The service that reprinted the story ("(MENAFN- Trend News Agency)" -> MENAFN), if any:
    the distributor of the first line, else a wrapper on a later line of the head."""
    if not distributor:
        wrappers = (_DISTRIBUTOR.search(line) for line in (lines or [])[:_HEAD_LINES])
        distributor = next((match["dist"] for match in wrappers if match), None)
    if not distributor:
        return None
    via = canonical_source(distributor)
    return via if via != source else None


def lead_credit(paragraph: str) -> str | None:
    """An agency credited where a dateline ends: "Baku, April 27, AZERTAC", "NUR-SULTAN.
    KAZINFORM Minister...", "Москва. 27 августа. INTERFAX.RU - ...", "AKIPRESS.COM - The..."."""
    head = paragraph[:_LEAD_REACH]
    for match in credit_pattern().finditer(head):
        before, after = head[: match.start()], head[match.end() :]
        agency = credit_form_at(head, match)
        if agency is None or len(before.split()) > _LEAD_WORDS:
            continue
        if before and not (_LEAD_BEFORE.search(before) and _DATELINE_START.match(before)):
            continue
        credit_shaped = _LEAD_AFTER.match(after) or (
            match["name"].isupper() and _CAPITAL_AFTER.match(after)
        )
        if credit_shaped and (before or _DASH_AFTER.match(after)):
            return agency.name
    return None


def cited_agency(paragraph: str) -> str | None:
    """An agency named as the teller: "the Ministry told APA", "Kazinform correspondent
    reports", "… Kazinform News Agency cites …", "сообщает корреспондент «Коммерсанта»"."""
    for match in credit_pattern().finditer(paragraph):
        agency = credit_form_at(paragraph, match)
        if agency is None:
            continue
        before = paragraph[max(0, match.start() - 20) : match.start()]
        after = paragraph[match.end() : match.end() + 40]
        if _TOLD_BEFORE.search(before) or _CITES_AFTER.match(after):
            return agency.name
    return None


def line_credit(line: str) -> str | None:
    """The agency a credit line names: "By Trend", "By Leman Zeynalova – Trend:", "—Azer News",
    "/// nCa, 12 July 2021", "По материалам ТАСС", "Источник: https://ru.sputnik.kg/...",
    "© AKIpress News Agency - 2001"."""
    line = line.strip()
    if len(line) > _CREDIT_LINE or not line:
        return None
    bare = credit_pattern().fullmatch(line.rstrip(":. "))
    if bare and (agency := credit_form_at(line, bare)):
        return agency.name
    lead = _CREDIT_LINE_LEAD.match(line)
    if lead:
        rest = line[lead.end() :]
        match = credit_pattern().match(rest)
        if (
            match
            and (agency := credit_form_at(rest, match))
            and _LINE_END.match(rest[match.end() :])
        ):
            return agency.name
        agency = agency_in_address(rest.split()[0]) if rest.split() else None
        if agency and lead["label"]:
            return agency.name
    tail = _DASH_TAIL.search(line)
    if tail and line.lower().startswith(("by ", "автор")):
        agency = agency_named(tail["name"])
        if agency and tail["name"].strip() in agency.forms:
            return agency.name
    return None


_LEAD_REACH = 90
_HEAD_LINES = 8
_LEAD_PARAGRAPHS = 3
_LEAD_WORDS = 6
_CREDIT_LINE = 90
# A dateline before the credit: a date ("Baku, April 27, ") or a city in capitals ("NUR-SULTAN. ").
_DATELINE_START = re.compile(r"(?=.*\d)|[A-ZА-ЯЁ][A-ZА-ЯЁ-]{2,}[.,]")
_LEAD_BEFORE = re.compile(r"[.,—–-]\s*$")
_LEAD_AFTER = re.compile(r"\s*(?:[-–—:.]|$)")
_DASH_AFTER = re.compile(r"\s*[-–—:]")
_CAPITAL_AFTER = re.compile(r"\s+[A-ZА-ЯЁ«\"]")
_TOLD_BEFORE = re.compile(r"(?:\btold|\bсообщил[аи]?|корреспондент(?:у|ом)?)\s+[«\"]?$", re.I)
_CITES_AFTER = re.compile(
    r"[»\"]?\s+(?:correspondent|cites|citing|reporter|reports? (?:with reference to|citing))\b",
    re.I,
)
_CREDIT_LINE_LEAD = re.compile(
    r"(?:(?P<label>по материалам|по данным|источник|source|материал|редакция сайта)\s*:?\s*"
    r"|by\s+|©\s*|[–—-]+\s*|/{2,}\s*)",
    re.IGNORECASE,
)
_LINE_END = re.compile(r"\s*(?:[:.,;]|[-–—]\s*\d{4}|$)")
_DASH_TAIL = re.compile(r"\s[–—-]\s*(?P<name>[^–—:]{2,40}?)\s*:?\s*$")
_ADDRESS_LINE = re.compile(r"(?:https?://|www\.)\S+$")


def strip_credits(sentence: str) -> str:
    """A sentence without the agency's attribution, for headlines and summaries."""
    for pattern in (_REPORTS_AFTER, _RU_REPORTS_TAIL):
        match = pattern.search(sentence)
        if match and _agency_shaped(match["name"], strict=False):
            sentence = sentence[: match.start()] + sentence[match.end() :].lstrip(",")
    match = _REPORTS_BEFORE.match(sentence)
    if match and _agency_shaped(match["name"], strict=True):
        rest = sentence[match.end() :].lstrip(" ,")
        sentence = rest[:1].upper() + rest[1:]
    match = _RU_REPORTS_HEAD.match(sentence)
    if match and _agency_shaped(match["name"], strict=True):
        rest = sentence[match.end() :]
        sentence = rest[:1].upper() + rest[1:]
    return sentence.strip()


_RU_REPORTS_TAIL = re.compile(
    rf",\s*(?:сообщает|передает|передаёт|пишет)\s+[«\"]?(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})"
    r"[»\"]?(?=\s*[.;!]|\s*$)"
)
_RU_REPORTS_HEAD = re.compile(
    rf"(?:Как\s+)?(?:сообщает|передает|передаёт|пишет)\s+[«\"]?(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})"
    r"[»\"]?\s*,\s*"
)


def byline_from_line(line: str, *, bare_name_ok: bool) -> str | None:
    """The author a byline line names ("By John Smith", "Автор: ..."; a bare name near the top)."""
    line = line.strip()
    if len(line) > 100:
        return None
    match = _BY_LINE.fullmatch(line)
    if match:
        return match["name"]
    if bare_name_ok and _BARE_NAME.fullmatch(line):
        words = line.lower().replace(".", "").split()
        if not _MONTHS_AND_DAYS.intersection(words) and not is_known_agency(line):
            return line
    return None


def _agency_shaped(name: str, *, strict: bool) -> bool:
    """Known agencies always; unknown ones when they read as a name, not a person or pronoun."""
    if is_known_agency(name):
        return True
    words = name.split()
    if not words or len(words) > 4 or words[0].lower() in _NOT_AGENCIES:
        return False
    return not strict or bool(_ORGANISATION.search(name))
