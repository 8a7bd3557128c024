"""One wire file to one draft story: the single entry point the import command calls.

The page is read top down: a head (site banner, labels, headline, date line, byline, buttons)
down to the first line of prose, then the story, then footer chrome. Each step is a pure
function of its own module; this one only composes them and collects the warnings.
"""

import datetime
from dataclasses import dataclass, field

from articles.html import text_to_clean_html
from articles.ingest import clean, credits, datelines, dates, headline, sentences, years
from articles.ingest.dates import Dateline, FoundDate, StatedTime
from articles.ingest.decode import decode_bytes
from articles.ingest.errors import IngestError
from articles.ingest.hashing import content_hash
from articles.ingest.language import detect_language

HEADLINE_DERIVED = "headline derived from the lead; check it"
_WRAPPED_LINE = 50
_LABEL_LINE = 120
_PARAGRAPH_END = (".", "!", "?", "…", ":", ";", '"', "»", "”", ")")


@dataclass(frozen=True)
class ParsedDocument:
    """Everything the importer needs to create a draft article, and what to check before use."""

    title: str
    title_derived: bool
    summary: str
    text: str
    body_html: str
    language: str
    published: datetime.date | None
    dateline: str
    byline: str
    source: str | None
    encoding: str
    content_hash: str
    warnings: list[str] = field(default_factory=list)
    # The reprinting service ("(MENAFN- Trend News Agency)" -> MENAFN) when not the source.
    via: str | None = None
    # The clock time the copy gives beside the story's date, as stated (`dates.StatedTime`),
    # and its UTC offset in minutes only when the copy names a zone.
    published_time: datetime.time | None = None
    published_utc_offset: int | None = None
    # The story's text as the write path reads it back from `body_html` (`html_to_text`),
    # known when the body is made (`text_to_clean_html`), so nothing parses the body again.
    body_text: str = ""


@dataclass
class _Head:
    """What the lines above the story gave: headline, byline, dates, banners and kept lines."""

    title: str | None = None
    byline: str | None = None
    found_dates: list[tuple[FoundDate, bool]] = field(default_factory=list)  # (date, is banner)
    banners: list[str] = field(default_factory=list)
    kept: list[tuple[int, str]] = field(default_factory=list)
    passed_over: list[str] = field(default_factory=list)  # why headline-like lines were not it
    seen: set[str] = field(default_factory=set)


def parse_document(
    data: bytes, *, today: datetime.date | None = None, address: str | None = None
) -> ParsedDocument:
    """Decode, clean and parse one raw wire file; `IngestError` says why it cannot be a story.

    `address` is the web address the page was saved from, when the caller knows it: a site
    that never names itself in its copy is still known by its domain (the source only, and only
    when no credit in the copy names one)."""
    today = today or datetime.date.today()
    decoded = decode_bytes(data)
    warnings = list(decoded.warnings)
    raw_text, cleaning_warnings = clean.prepare_text(decoded.text)
    warnings += cleaning_warnings

    lines = _lines(raw_text)
    stamp, distributor, wrapper_agency = None, None, None
    if lines:
        block, first = lines[0]
        stamp, first = dates.strip_date_stamp(first)
        distributor, wrapper_agency, first = credits.strip_distributor(first)
        lines[0] = (block, first.strip())
        lines = [line for line in lines if line[1]]

    start = next(
        (i for i, (_, line) in enumerate(lines) if clean.is_prose(line)),
        len(lines),
    )
    head = _read_head(
        lines[:start], today, headline.story_script(" ".join(t for _, t in lines[start:]))
    )
    story = lines[start:]
    story = story[: clean.related_list_start([line for _, line in story])]
    body_lines = head.kept + _body_lines(story, head)
    paragraphs = clean.drop_teasers(_paragraphs(body_lines))
    if not paragraphs:
        if head.title:
            raise IngestError("only a headline and page boilerplate, no story text")
        raise IngestError("only page boilerplate, no story text")

    title = head.title
    first = original_first = paragraphs[0]
    if title is None:
        run_in = headline.split_run_in(first)
        if run_in:
            title, first = run_in
    else:
        first = headline.strip_title_prefix(first, title)
    paragraphs[0] = first

    dateline = dates.parse_dateline(first, today=today)
    lead = first[dateline.end :] if dateline else first
    if _is_label(lead) and (later := next((p for p in paragraphs[1:] if not _is_label(p)), "")):
        lead = later  # a dateline or a credit header stood on a line of its own
    lead_sentences = sentences.split_sentences(lead) or [lead]
    lead_sentences[0] = credits.strip_credits(lead_sentences[0])

    title_derived = title is None
    if title_derived:
        title = headline.derive_headline(lead_sentences[0] or lead) or sentences.cut_on_word(
            first, headline.MAX_DERIVED
        )
        warnings.append(HEADLINE_DERIVED)
    elif doubt := headline.headline_doubt(title, "\n".join(paragraphs), head.passed_over):
        warnings.append(doubt)

    texts = [line for _, line in lines]
    place = datelines.find_dateline(
        [first, *([original_first] if original_first != first else []), *paragraphs[1:]], texts
    )
    source = credits.find_source(
        wrapper_agency=wrapper_agency,
        dateline_credit=(place and place.credit) or (dateline.credit if dateline else None),
        paragraphs=paragraphs,
        banners=head.banners,
        distributor=distributor,
        lines=texts,
        address=address,
    )
    text = "\n\n".join(paragraphs)
    body_html, body_text = text_to_clean_html(text)
    dated = dateline if dateline and dateline.date else _later_dateline(paragraphs, today)
    published, stated = _published(stamp, dated, head, "\n".join(texts), today, warnings)
    return ParsedDocument(
        title=title,
        title_derived=title_derived,
        summary=sentences.summarize(" ".join(s for s in lead_sentences if s)),
        text=text,
        body_html=body_html,
        body_text=body_text,
        language=detect_language(text),
        published=published,
        dateline=place.city if place else "",
        byline=head.byline or credits.reporter_byline(paragraphs) or "",
        source=source,
        encoding=decoded.encoding,
        content_hash=content_hash(decoded.text),
        warnings=warnings,
        via=credits.reprinted_by(distributor, source, texts, address=address),
        published_time=stated.time if stated else None,
        published_utc_offset=stated.utc_offset if stated else None,
    )


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with spaces collapsed, each with the number of its blank-line block."""
    result = []
    block = 0
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line:
            result.append((block, line))
        else:
            block += 1
    return result


def _read_head(lines: list[tuple[int, str]], today: datetime.date, script: str = "") -> _Head:
    """Sort the lines above the first prose line into headline, dates, byline and chrome.

    Lines set aside above the headline that are no sentence, dateline or credit are chrome
    too (captions, labels): a page prints its story below its headline."""
    head = _Head()
    for i, (block, line) in enumerate(lines):
        key = clean.normalise_line(line)
        if relative := dates.relative_date(line, today):
            head.found_dates.append((relative, False))
        elif dates.is_date_line(line) or clean.is_page_stamp(line):  # chrome keeps its date
            found = dates.find_dates(line)[0]
            is_banner = head.title is None and not dates.has_time(line)
            head.found_dates.append((found, is_banner))
            if head.byline is None:  # "Muhammad Irfan Published February 28, 2023 | 07:20 AM"
                head.byline = credits.byline_from_line(line, bare_name_ok=False)
        elif clean.is_domain(line):
            head.banners.append(line)
        elif clean.is_boilerplate(line) or key in head.seen:
            if head.title is None and headline.is_headline_shaped(line) and key not in head.seen:
                head.passed_over.append(headline.PAGE_CHROME)
        elif head.title and headline.repeats_title(line, head.title):
            pass
        elif head.byline is None and (
            # a bare name counts under a headline, or right above the lead when there is none
            name := credits.byline_from_line(
                line, bare_name_ok=head.title is not None or i == len(lines) - 1
            )
        ):
            head.byline = name
        elif head.title is None and headline.is_headline_shaped(line):
            reason = headline.not_a_headline(line, script=script)
            if reason is None:
                head.title = line
                head.kept = [k for k in head.kept if headline.stays_above_headline(k[1])]
            else:
                head.passed_over.append(reason)
                if reason in headline.KEPT_IN_STORY:
                    head.kept.append((block, line))
        elif len(line.split()) <= 2 and not line.endswith(_PARAGRAPH_END):
            pass  # a section label or kicker ("Politics", "Exclusive")
        else:
            head.kept.append((block, line))
        head.seen.add(key)
    return head


def _is_label(paragraph: str) -> bool:
    """A short line that ends in no punctuation: a credit or dateline, not the lead."""
    return len(paragraph) < _LABEL_LINE and not paragraph.rstrip().endswith(_PARAGRAPH_END)


def _body_lines(lines: list[tuple[int, str]], head: _Head) -> list[tuple[int, str]]:
    """The story's lines: chrome and exact repeats (headline, byline, paragraphs) dropped."""
    kept = []
    seen = set(head.seen)
    for block, line in lines:
        key = clean.normalise_line(line)
        if key in seen or clean.is_boilerplate(line):
            continue
        seen.add(key)
        if head.byline is None and len(kept) < 3:
            name = credits.byline_from_line(line, bare_name_ok=False)
            if name:
                head.byline = name
                continue
        kept.append((block, line))
    return kept


def _paragraphs(lines: list[tuple[int, str]]) -> list[str]:
    """Blank-line blocks as paragraphs; hard-wrapped lines inside a block joined again.

    A line continues the previous one only when that one is long and stops mid-sentence, as
    wrapped text does; short unpunctuated lines (labels, credits) stay lines of their own.
    """
    paragraphs: list[str] = []
    previous_block = None
    last_line = ""
    for block, line in lines:
        if (
            block == previous_block
            and len(last_line) >= _WRAPPED_LINE
            and not last_line.endswith(_PARAGRAPH_END)
        ):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        previous_block = block
        last_line = line
    return paragraphs


def _later_dateline(paragraphs: list[str], today: datetime.date) -> Dateline | None:
    """A dated dateline opening the second or third paragraph, under a standfirst or a
    "subscribe" line ("БИШКЕК, 9 окт — Sputnik." below the lead-in): the story's own date."""
    for paragraph in paragraphs[1:3]:
        found = dates.parse_dateline(paragraph, today=today)
        if found is not None and found.date is not None:
            return found
    return None


def _published(
    stamp: FoundDate | None,
    dateline: Dateline | None,
    head: _Head,
    text: str,
    today: datetime.date,
    warnings: list[str],
) -> tuple[datetime.date | None, StatedTime | None]:
    """The story's own date: dateline, aggregator stamp, date line; a page banner only as last;
    and the clock time that belongs to it (`_time_of`).

    A complete date of the story's own goes before one printed without a year (Xinhua's
    "BEIJING, July 9" under its "15:37, July 10, 2021" stamp: the stamp is the publication).
    """
    own = [d for d in (dateline.date if dateline else None, stamp) if d is not None]
    own += [d for d, is_banner in head.found_dates if not is_banner]
    own.sort(key=lambda d: d.year is None)
    candidates = own or [d for d, is_banner in head.found_dates if is_banner]
    if not candidates:
        warnings.append("no publication date in the text; set one before publishing")
        return None, None
    for found in candidates:
        if found.year is None:
            evidence = _year_evidence([stamp, *(d for d, _ in head.found_dates), *own], text, today)
            if evidence is None:
                warnings.append(
                    f"date '{found.raw}' has no year and the text gives none; "
                    "publication date left empty"
                )
                continue
            found = years.complete_year(found, evidence, today)
            warnings.append(
                f"date '{found.raw}' has no year; took {found.year} from {evidence.why}; check it"
            )
        value = found.to_date()
        if value is None:
            warnings.append(f"impossible date {found.iso()} ('{found.raw}') ignored")
        elif value > today:
            warnings.append(
                f"date {value.isoformat()} is in the future; not used as the publication date"
            )
        else:
            if dates.relative_days(found.raw) is not None:
                warnings.append(
                    f"date '{found.raw}' is relative; read as {value.isoformat()}, "
                    "the import day; check it"
                )
            return value, _time_of(found, value, [*own, *(d for d, _ in head.found_dates)])
    return None, None


def _time_of(chosen: FoundDate, day: datetime.date, others: list[FoundDate]) -> StatedTime | None:
    """The time written beside the chosen date, else beside another of the story's own dates
    for the same day (a dateline "BAKU, Aug. 31" under the date line "31 August 2024 19:19
    (UTC+04:00)"). A time is never moved to another day's date."""
    if chosen.time is not None:
        return chosen.time
    for other in others:
        if other.time is None or (other.day, other.month) != (day.day, day.month):
            continue
        if other.year in (None, day.year):
            return other.time
    return None


def _year_evidence(
    found: list[FoundDate | None], text: str, today: datetime.date
) -> years.Evidence | None:
    """A complete date of the story's own lines first, else the copy's other evidence."""
    for date in found:
        value = date.to_date() if date else None
        if value and value <= today:
            return years.Evidence(value, f"the date '{date.raw}' above the story")
    return years.year_evidence(text, today=today)
