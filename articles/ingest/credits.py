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
_DISTRIBUTOR_UNOPENED = re.compile(
    r"\s*(?P<dist>[A-Z][A-Za-z]{2,15})\s*[-–—]\s*(?P<agency>[^()]{2,60})\)\s*"
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
_REPORTER = rf"{_PERSON}(?:\s+{_PERSON}){{1,2}}"
_REPORTER_AFTER = re.compile(rf"[»\"]?\s+(?P<name>{_REPORTER})(?![\w-])")
_REPORTER_AFTER_EN = re.compile(rf"[»\"]?\s+[Cc]orrespondent\s+(?P<name>{_REPORTER})(?![\w-])")
_BY_LINE = re.compile(
    rf"(?i:by|written by|reporting by|автор|автор материала|author|text|текст|корреспондент)"
    rf"\s*[:—–-]?\s*(?P<name>{_PERSON_NAME}(?:\s*(?:,|and|&|и)\s*{_PERSON_NAME})*)"
    # what follows the name: a role or date after a mark, or the section and date the page
    # files it under ("By Saniya Sakenova in International, ... on 14 May 2024")
    r"\s*(?:[,|/—–-].{0,60}|\s(?:in|on)\s.{0,80})?"
)
# A name with the page's publication stamp ("Muhammad Irfan Published February 28, 2023 |
# 07:20 AM") or its author-page link ("Qabil Ashirov Read more") on the same line.
_NAME_THEN_STAMP = re.compile(
    rf"(?P<name>{_PERSON}(?:\s+{_PERSON}){{1,2}})\s+"
    r"(?:(?:Published|Posted|Updated)\b.{0,60}|Read more|Опубликовано\b.{0,60}|Читать далее)"
)
# Words of outlets, sections and page furniture that never make a person's name.
_NOT_PERSON = re.compile(
    r"^(?:the|by)\s|\b(?:news|agency|press|times|post|today|daily|media|gazette|herald|observer|mirror"
    r"|spectator|weekly|tribune|journal|review|politics|policy|world|stories|society|economy"
    r"|business|latest|analytics|opinion|interview|region|international)\b",
    re.IGNORECASE,
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
    """A leading "(MENAFN- Trend News Agency)": distributor, agency and the rest of the line.

    Scraped copies sometimes lose the opening bracket ("MENAFN - AzerNews) Qabil Ashirov");
    then only a known reprint service counts as the distributor, so no ordinary line is cut.
    """
    match = _DISTRIBUTOR.match(line)
    if not match:
        match = _DISTRIBUTOR_UNOPENED.match(line)
        service = agency_named(match["dist"]) if match else None
        if service is None or not service.reprint_service:
            return None, None, line
    return match["dist"], match["agency"].strip(), line[match.end() :]


def credited_agency(text: str) -> str | None:
    """The agency a passage credits ("..., Trend reports.", "/Кабар/", "сообщает Кабар")."""
    candidates = []
    for pattern in (_SLASH_CREDIT, _PAREN_CREDIT, _REPORTS_AFTER, _REPORTS_BEFORE, _RU_REPORTS):
        for match in pattern.finditer(text):
            name = match["name"].strip()
            # A slashed word may be a dateline's country note ("ЧОЛПОН-АТА /Киргизия/,").
            if _agency_shaped(name, strict=pattern in (_REPORTS_BEFORE, _SLASH_CREDIT)):
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
    address: str | None = None,
) -> str | None:
    """The story's agency, from the most to the least specific credit.

    `lines` are the document's lines as written: credit lines ("By Leman Zeynalova – Trend:",
    "По материалам ТАСС", "© AKIpress News Agency") and source addresses are read from them.
    `address` is the page's own web address, if known: the site that published the copy, the
    source only when nothing in the copy credits anyone.
    """
    if wrapper_agency:
        return canonical_source(wrapper_agency)
    if dateline_credit and _agency_shaped(dateline_credit, strict=False):
        return canonical_source(dateline_credit)
    stamp = None
    for paragraph in paragraphs[:_LEAD_PARAGRAPHS]:
        agency = lead_credit(paragraph)
        if agency and len(paragraph.split()) <= _STAMP_WORDS:
            # A page's own stamp line ("25 June 2024 [11:04] - TODAY.AZ") names the site; a
            # credit in the story ("..., Azernews reports.") names who wrote it, and wins.
            stamp = stamp or agency
        elif agency:
            return agency
    # The story's first two paragraphs of prose, past headline, stamp and caption lines.
    for paragraph in [p for p in paragraphs if _sentence_shaped(p)][:2]:
        agency = credited_agency(paragraph) or cited_agency(paragraph)
        if agency:
            return agency
    if stamp:
        return stamp
    for paragraph in paragraphs:
        agency = correspondent_agency(paragraph)
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
    site = agency_in_address(address) if address else None
    if site and not site.reprint_service:  # a reprint service's page never says who wrote it
        return site.name
    return canonical_source(distributor) if distributor else None


def _sentence_shaped(paragraph: str) -> bool:
    """Prose: long, or ending as a sentence ends; not a headline, stamp or caption line."""
    return len(paragraph.split()) > _STAMP_WORDS or paragraph.endswith((".", "!", "?", "»", '"'))


def reprinted_by(
    distributor: str | None,
    source: str | None,
    lines: list[str] | None = None,
    *,
    address: str | None = None,
) -> str | None:
    """The service that reprinted the story ("(MENAFN- Trend News Agency)" -> MENAFN), if any:
    the distributor of the first line, else a wrapper on a later line of the head, else the
    known site of the page's address when another agency wrote the story."""
    if not distributor:
        wrappers = (_DISTRIBUTOR.search(line) for line in (lines or [])[:_HEAD_LINES])
        distributor = next((match["dist"] for match in wrappers if match), None)
    if not distributor:
        site = agency_in_address(address) if address else None
        distributor = site.name if site else None
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
    reports", "… Kazinform News Agency cites …", "Trend reports referring to …", "сообщает
    корреспондент «Коммерсанта»", "Как передает 1news.az". A teller that itself cites an agency
    ("передает onenews.kz со ссылкой на агентство Kazinform") relays that agency's story."""
    for match in credit_pattern().finditer(paragraph):
        agency = credit_form_at(paragraph, match)
        if agency is None:
            continue
        before = paragraph[max(0, match.start() - 40) : match.start()]
        after = paragraph[match.end() : match.end() + 40]
        if _TOLD_BEFORE.search(before) or _CITES_AFTER.match(after):
            return _relayed_agency(paragraph, match.end()) or agency.name
    return None


def correspondent_agency(paragraph: str) -> str | None:
    """The agency whose own correspondent files the story, wherever the text says so:
    "передает корреспондент телеканала «МИР 24» Алексей Тимаев", "Kazinform correspondent
    reports"."""
    found = _correspondent(paragraph)
    return found[0] if found else None


def reporter_byline(paragraphs: list[str]) -> str | None:
    """The reporter named with the agency's correspondent credit in the body ("передает
    корреспондент телеканала «МИР 24» Алексей Тимаев"): the story's byline."""
    for paragraph in paragraphs:
        found = _correspondent(paragraph)
        if found and found[1]:
            return found[1]
    return None


def _correspondent(paragraph: str) -> tuple[str, str | None] | None:
    """(agency, reporter or None) of a correspondent credit in the paragraph."""
    if not _CORRESPONDENT_WORD.search(paragraph):
        return None  # both credit shapes below need the word: no scan for every agency's name
    for match in credit_pattern().finditer(paragraph):
        agency = credit_form_at(paragraph, match)
        if agency is None:
            continue
        before = paragraph[max(0, match.start() - 40) : match.start()]
        after = paragraph[match.end() : match.end() + 60]
        if _CORRESPONDENT_BEFORE.search(before):
            name = _REPORTER_AFTER.match(after)
            return agency.name, name["name"] if name else None
        if _CORRESPONDENT_AFTER.match(after):
            name = _REPORTER_AFTER_EN.match(after)
            return agency.name, name["name"] if name else None
    return None


def _relayed_agency(paragraph: str, pos: int) -> str | None:
    """The known agency a teller cites right after its own name ("со ссылкой на агентство
    Kazinform", "citing Xinhua"); None when it cites anything else (a ministry, a website)."""
    citing = _CITING.match(paragraph, pos)
    if not citing:
        return None
    match = credit_pattern().match(paragraph, citing.end())
    agency = credit_form_at(paragraph, match) if match else None
    return agency.name if agency else None


def line_credit(line: str) -> str | None:
    """The agency a credit line names: "By Trend", "By Leman Zeynalova – Trend:", "—Azer News",
    "/// nCa, 12 July 2021", "По материалам ТАСС", "Источник: https://ru.sputnik.kg/...",
    "© AKIpress News Agency - 2001"."""
    line = line.strip()
    if not line:
        return None
    if len(line) > _CREDIT_LINE:
        tail = _TAIL_CREDIT.search(line)
        return line_credit(line[tail.start() :]) if tail else None
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
    tail = _TAIL_CREDIT.search(line)
    if tail and tail.start() > 0:  # "... in Xi’an. /// nCa, 12 July 2021", "....—Azer News"
        return line_credit(line[tail.start() :])
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
_STAMP_WORDS = 8
_CREDIT_LINE = 90
# A dateline before the credit: a date ("Baku, April 27, ") or a city in capitals ("NUR-SULTAN. ").
_DATELINE_START = re.compile(r"(?=.*\d)|[A-ZА-ЯЁ][A-ZА-ЯЁ-]{2,}[.,]")
_LEAD_BEFORE = re.compile(r"[.,—–-]\s*$")
_LEAD_AFTER = re.compile(r"\s*(?:[-–—:.]|$)")
_DASH_AFTER = re.compile(r"\s*[-–—:]")
_CAPITAL_AFTER = re.compile(r"\s+[A-ZА-ЯЁ«\"]")
_MEDIUM = r"(?:телеканала|телекомпании|агентства|информагентства|газеты|издания|радио|портала)"
_TOLD_BEFORE = re.compile(
    r"(?:\btold|\bсообщил[аи]?|корреспондент(?:у|а|ом)?(?:\s+" + _MEDIUM + r")?"
    r"|(?:\bпередает|\bпередаёт|\bсообщает|\bпишет)(?:\s+(?:ИА|МИА|агентство|портал|издание))?)"
    r"\s+[«\"]?$",
    re.I,
)
_CITES_AFTER = re.compile(
    r"[»\"]?\s+(?:correspondent|cites|citing|reporter"
    r"|reports?,? (?:with reference to|citing|referring to|per))\b",
    re.I,
)
_CITING = re.compile(
    r"[»\"]?\s*,?\s*(?:со ссылкой на|citing|with reference to|referring to)\s+"
    r"(?:(?:агентство|информагентство|ИА|МИА|the)\s+)?[«\"]?",
    re.I,
)
_CORRESPONDENT_BEFORE = re.compile(
    r"корреспондент(?:у|а|ом)?(?:\s+" + _MEDIUM + r")?\s+[«\"]?$", re.I
)
_CORRESPONDENT_AFTER = re.compile(r"[»\"]?\s+correspondent\b", re.I)
# The word both correspondent credits contain (case as they match it), found before scanning a
# paragraph for agency names: most paragraphs have no correspondent credit at all.
_CORRESPONDENT_WORD = re.compile(r"correspondent|корреспондент", re.I)
_CREDIT_LINE_LEAD = re.compile(
    r"(?:(?P<label>по материалам|по данным|источник|source|материал|редакция сайта)\s*:?\s*"
    r"|by\s+|©\s*|[–—-]+\s*|/{2,}\s*)",
    re.IGNORECASE,
)
_LINE_END = re.compile(r"\s*(?:[:.,;]|[-–—]\s*\d{4}|$)")
_DASH_TAIL = re.compile(r"\s[–—-]\s*(?P<name>[^–—:]{2,40}?)\s*:?\s*$")
# A credit closing the story's last sentence: "/// nCa, 12 July 2021", "—Azer News".
_TAIL_CREDIT = re.compile(r"(?<=[.!?”\"»])\s*(?:/{2,}|[—–])\s*[^\s/—–][^/—–]{1,40}$")
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
    match = _BY_LINE.fullmatch(line) or _NAME_THEN_STAMP.fullmatch(line)
    if match and _person_shaped(match["name"]):
        return match["name"]
    if bare_name_ok and _BARE_NAME.fullmatch(line) and _person_shaped(line):
        return line
    return None


def _person_shaped(name: str) -> bool:
    """Not a month or weekday, a known outlet, or an outlet's or section's name ("The Armenian
    Mirror-Spectator", "Foreign Policy"): a byline credits a person."""
    words = name.lower().replace(".", "").split()
    return not (
        _MONTHS_AND_DAYS.intersection(words) or is_known_agency(name) or _NOT_PERSON.search(name)
    )


def _agency_shaped(name: str, *, strict: bool) -> bool:
    """Known agencies always; unknown ones when they read as a name, not a person or pronoun."""
    if is_known_agency(name):
        return True
    words = name.split()
    if not words or len(words) > 4 or words[0].lower() in _NOT_AGENCIES:
        return False
    return not strict or bool(_ORGANISATION.search(name))
