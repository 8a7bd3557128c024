"""Raw text to clean lines: markup, invisible characters and page chrome out, story lines kept.

Page chrome is recognised by the shape of a line, not by a list of one site's lines: a short line
without sentence punctuation made only of navigation, social and call-to-action words ("Follow us
on Twitter @AzerNewsAz", "Читайте и смотрите нас в", "Most read stories of the month"), a label
and a counter ("Политика 0"), a domain alone ("Azernews.Az"), a photo credit or a caption ending
in one, a ticker or rate, a separator, a breadcrumb ("Home > Politics"), a time stamp with a
rubric ("Politics Materials 24 June 2024 18:12"), a weather widget, link texts run together
("KarabakhInternational"), a comment form, a lone time. Prose never matches, so a story's own
paragraphs cannot be removed. At the foot, a list of other stories' headlines goes with it
(`related_list_start`).
"""

import re
import unicodedata
from html.parser import HTMLParser

from articles.ingest.dates import find_dates, is_date_line
from articles.ingest.headline import is_headline_shaped

# Zero-width characters, bidirectional controls and other invisible format characters that
# arrive from web pages and word processors (and can hide or reorder text).
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = re.compile("\r\n?|[\f\v\u0085\u2028\u2029]")

_HTML_HINT = re.compile(
    r"<(?:!doctype|html|head|body|p|div|br|span|a\s|h[1-6]|ul|ol|li|table|script|style|meta"
    r"|article|section|strong|em|b|i|img)\b[^>]*>|</(?:p|div|a|span|li|h[1-6]|body|html)>",
    re.IGNORECASE,
)

_DOCUMENT_START = re.compile(r"\s*<(?:!doctype|html)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;](?:[\"'»”’)\]]*)$")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)$")
_TOKEN_STRIP = ".,:;!?()[]{}«»\"'“”‘’|/—–-·•…►▶▼▲>→*"
_DOMAIN = re.compile(
    r"(?:https?://)?(?:www\.)?[^\W_][\w-]*(?:\.[\w-]+)*\.[^\W\d_]{2,}(?:/\S*)?", re.IGNORECASE
)
_LABEL_COUNTER = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:\s[^\W\d_][^\W\d_'’.-]*){0,2}\s+\d{1,7}")
_COUNTER_LABEL = re.compile(r"\d{1,7}\s+([^\W\d_]+)")
_PHOTO_CREDIT = re.compile(
    r"\(?\s*(?:(?:photos?|фото|foto|image|picture|illustration|иллюстрация|снимок|credit)"
    r"(?![^\W\d_])|(?P<copy>©))(?P<mark>\s*(?:credit|by)?\s*[:©/|—–-])?",
    re.IGNORECASE,
)
# "Tags: Azerbaijan, OTS", "Читайте также: ...": a navigation label opening a list of links.
_LABELLED_LINKS = re.compile(
    r"(?:tags|теги|тэги|keywords|ключевые слова|topics|темы|related|по теме|see also|read also"
    r"|also read|читайте также|смотрите также)\s*:",
    re.IGNORECASE,
)
_TICKER_TOKEN = re.compile(
    r"[+\-−]?[$€£₽₼¥]?\d[\d.,]*%?|[A-Z]{3}(?:/[A-Z]{3})?|[▲▼↑↓+\-−$€£₽₼¥%]", re.UNICODE
)
_SIGNED_CHANGE = re.compile(r"[+\-−]\d[\d.,]*%?")
_BULLETS = "•·▪►▶"

# Navigation, social and call-to-action vocabulary. English words are matched whole; Russian by
# stem, because Russian inflects ("комментарий", "комментарии", "комментариев").
_NAV_WORDS = frozenset(
    (
        "follow", "following", "subscribe", "subscribed", "subscription", "share", "shares",
        "sharing", "shared", "tweet", "like", "likes", "read", "reading", "more", "see", "also",
        "related", "latest", "loading", "load", "comment", "comments", "leave", "reply", "print",
        "email", "e-mail", "mail", "back", "top", "next", "previous", "prev", "home", "menu",
        "search", "login", "log", "sign", "newsletter", "newsletters", "advertisement",
        "advertising", "ad", "ads", "sponsored", "tags", "tag", "topics", "topic", "click",
        "here", "download", "app", "watch", "video", "videos", "gallery", "news", "most",
        "popular", "viewed", "trending", "copy", "link", "copied", "cookies", "cookie", "accept",
        "privacy", "policy", "terms", "rights", "reserved", "copyright", "join", "channel",
        "show", "view", "open", "close", "skip", "continue", "listen", "bookmark", "save",
        "feedback", "contact", "rss", "feed", "archive", "section", "categories", "category",
        "recommended", "stories", "headlines", "updates", "editor's", "picks", "minute",
        "minutes", "min", "cancel", "submit", "send", "post", "article", "articles", "story",
        # widget headings and live-broadcast buttons ("Top Stories", "on air preview")
        "breaking", "live", "air", "preview", "materials", "inbox", "прямой", "canlı",
        "yayım", "yayim", "canli", "добавить", "social", "media", "networks",
    )
)  # fmt: skip
_NAV_STEMS = (
    "читай", "читать", "смотр", "подпис", "поделит", "комментар", "оставит", "ответит", "реклам",
    "тег", "новост", "загрузк", "главн", "меню", "поиск", "войти", "вход", "регистрац", "печат",
    "показат", "больше", "подробн", "видео", "галере", "популярн", "последн", "лент", "канал",
    "присоедин", "следит", "прав", "защищ", "перейти", "далее", "назад", "наверх", "свеж",
    "читаем", "обсужд", "рубрик", "архив", "отправ", "копир", "ссылк", "войдит", "зарегистр",
    "стать", "эфир", "продолжен", "популярн",
)  # fmt: skip
# Social networks in Russian inflect too ("в Телеграме", "в Дзене").
_SOCIAL_STEMS = (
    "телеграм", "инстаграм", "фейсбук", "твиттер", "ютуб", "вконтакт", "одноклассник", "дзен",
)  # fmt: skip
_SOCIAL = frozenset(
    (
        "twitter", "x", "facebook", "instagram", "telegram", "whatsapp", "youtube", "linkedin",
        "tiktok", "vk", "vkontakte", "вконтакте", "одноклассники", "ok", "threads", "viber",
        "reddit", "pinterest", "google", "yandex", "дзен", "dzen", "телеграм", "телеграмм",
        "ютуб", "фейсбук", "твиттер", "инстаграм", "мессенджер", "messenger",
    )
)  # fmt: skip
_FUNCTION_WORDS = frozenset(
    (
        "us", "on", "in", "at", "to", "the", "a", "an", "and", "or", "of", "for", "with", "our",
        "your", "by", "from", "via", "this", "all", "up", "now", "here", "it", "и", "в", "во",
        "на", "нас", "нам", "наш", "наша", "наши", "нашем", "нашей", "с", "со", "к", "по", "о",
        "об", "для", "из", "от", "или", "а", "все", "всё", "ещё", "еще", "тоже", "также", "самые",
        "самое", "самых", "our", "new",
        # the periods a widget ranks over ("Most read stories of the month")
        "day", "week", "month", "year", "today", "день", "дня", "недели", "неделя", "месяца",
        "месяц", "сегодня",
    )
)  # fmt: skip
_MAX_CHROME_WORDS = 12

# Breadcrumbs and section paths: short segments joined by a path separator ("Home > Politics",
# "TODAY.AZ / Politics", "Kyrgyzstan|foreign policy|November 6, 2024 / 03:52 PM").
_PATH_SEPARATOR = re.compile(r"\s*[|>»›→]\s*|\s+[/·]\s+")
_MAX_CRUMB_WORDS = 3
_WIDE_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")
# Two link texts printed without a space: a lower-case word run into a capitalised one
# ("KarabakhInternational", "currencyUSD") or Latin into Cyrillic ("telegramБольше").
_GLUED = re.compile(
    r"[a-zа-яё]{3,}(?=[A-ZА-ЯЁ][a-zа-яё]{4,}|[A-Z]{3}\b)|[a-z](?=[а-яёА-ЯЁ])|[а-яё](?=[a-zA-Z])"
)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?")
_LONE_TIME = re.compile(r"[-–—•]?\s*\d{1,2}:\d{2}(?::\d{2})?")
_ZONE = re.compile(r"\(?\s*(?:UTC|GMT)\s*[+−-]?\s*\d{0,2}(?::?\d{2})?\s*\)?", re.IGNORECASE)
_WEATHER = re.compile(r"weather|погода|hava", re.IGNORECASE)
_WEATHER_MARK = re.compile(r"icon|[+−-]\d{1,2}\b|°", re.IGNORECASE)
# "Comments are closed.", "Add a comment", "добавить комментарий": a comment form's status line.
_COMMENT_FORM = re.compile(
    r"(?:comments?\s+(?:are\s+)?(?:closed|disabled|off)|(?:add|leave|post|write)\s+(?:a\s+)?"
    r"(?:comment|reply)|(?:добавить|оставить|написать)\s+комментари\w*|комментари\w*\s+"
    r"(?:закрыты|отключены))[\s.!]*",
    re.IGNORECASE,
)
# A call to follow the outlet somewhere, which may name the outlet itself ("Подписывайтесь на
# Sputnik в Дзен", "Get the Mirror in your inbox:").
_CALL_TO_ACTION = re.compile(
    r"(?:subscribe|follow|join|get|sign\s+up|подписывайтесь|подпишитесь|следите|читайте"
    r"|смотрите|присоединяйтесь)\b",
    re.IGNORECASE,
)
_CHANNEL = frozenset(("inbox", "newsletter", "email", "e-mail", "канал", "канале", "рассылку"))
_MAX_CALL_WORDS = 8
# A photo caption ending in its credit: "... in 2022. Photo credit: gov.kz", "... 27 ноября /
# akorda.kz, бильд-редактор: Дастан Шанай".
_CAPTION_CREDIT = re.compile(
    r"(?:^|[.,;|]\s*|\s[—–-]\s*|\s)(?:photo\s+credit|photos?|фото|бильд-редактор|photographer"
    r"|фотограф|image)\s*:\s*(?:(?!\.\s)[^!?:]){1,60}$"
    r"|\s/\s*(?:www\.)?[\w-]+\.[a-zа-я]{2,}\s*(?:,[^.!?]{0,60})?$",
    re.IGNORECASE,
)
_MAX_CAPTION = 250
_SENTENCE_STOP = re.compile(r"[.!?…](?:\s|$)")
# A rubric's name beside a page's time stamp ("Politics Materials 24 June 2024 18:12").
_RUBRICS = frozenset(
    (
        "politics", "economy", "business", "world", "society", "culture", "sport", "sports",
        "region", "regions", "analytics", "opinion", "interview", "materials", "policy",
        "foreign", "политика", "экономика", "общество", "мир", "культура", "спорт", "регионы",
        "аналитика", "мнения", "интервью", "власть", "внешняя", "происшествия", "новости",
    )
)  # fmt: skip
_RELATED_HEADING = re.compile(
    r"(?:related(?:\s+(?:news|stories|articles|posts))?|read\s+also|also\s+read|see\s+also"
    r"|more\s+(?:news|stories)|latest\s+news|most\s+read|popular(?:\s+news)?|other\s+news"
    r"|новости\s+по\s+теме|по\s+теме|читайте\s+также|также\s+читайте|смотрите\s+также"
    r"|популярные\s+новости|другие\s+новости|последние\s+новости|самое\s+читаемое"
    r"|самые\s+читаемые)\W*",
    re.IGNORECASE,
)
_MIN_HEADLESS_LIST = 3
_MAX_RATE_WORDS = 5
_DECIMAL = re.compile(r"[$€£₽₼¥]?\d+[.,]\d+")
_CURRENCY = re.compile(
    r"(?:USD|EUR|RUB|CNY|KZT|KGS|AZN|UZS|TRY|GBP|JPY|CHF|TJS|TMT)(?:/[A-Z]{3})?|[$€£₽₼¥]"
    r"|(?i:курс|rate|руб\.?|рубл\w*|манат\w*|тенге|сом|manat|tenge|som|dollar|доллар\w*|евро)"
)


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, one block element per paragraph."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
    _BLOCK = frozenset(
        {
            "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
            "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre",
            "figure", "figcaption", "hr", "title", "main", "form",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """Markup rather than plain text: a document type, or several common tags."""
    head = text[:4000]
    if "<" not in head:
        return False
    if _DOCUMENT_START.match(head):
        return True
    return len(_HTML_HINT.findall(head)) >= 2


def html_to_plain(text: str) -> str:
    """The readable text of an HTML document, blocks separated by blank lines."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def prepare_text(text: str) -> tuple[str, list[str]]:
    """Markup, invisible and control characters out; line endings and spaces normalised."""
    warnings = []
    if looks_like_html(text):
        text = html_to_plain(text)
        warnings.append("HTML markup removed; the text was extracted from a web page")
    text = _LINE_BREAKS.sub("\n", text.lstrip("\ufeff"))
    invisible = len(_INVISIBLE.findall(text)) if _INVISIBLE.search(text) else 0
    controls = len(_CONTROL.findall(text)) if _CONTROL.search(text) else 0
    if invisible or controls:
        text = _CONTROL.sub("", _INVISIBLE.sub("", text))
        warnings.append(
            f"{invisible + controls} control or invisible character(s) removed "
            "(zero-width, bidirectional, control)"
        )
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", text))
    if _WIDE_GAP.search(text):
        text = "\n".join(mark_link_row(line) for line in text.split("\n"))
    return text, warnings


def mark_link_row(line: str) -> str:
    """A row of short link texts set apart by wide gaps ("Foreign policy    Kazakhstan and
    Russia", a rubric and a tag) joined by " | ", so that it reads as the path it is; any
    other line as it was."""
    segments = _WIDE_GAP.split(line.strip())
    if len(segments) < 2 or len(line) > 120 or find_dates(line) or _SENTENCE_END.search(line):
        return line
    if all(len(segment.split()) <= _MAX_CRUMB_WORDS for segment in segments):
        return " | ".join(segments)
    return line


def normalise_line(line: str) -> str:
    """A line as compared for repeats: single spaces, case-folded, no end punctuation."""
    return " ".join(line.split()).casefold().strip(" .:")


def is_domain(line: str) -> bool:
    """A site name or address alone on a line ("Azernews.Az", "www.trend.az")."""
    return bool(_DOMAIN.fullmatch(line.strip()))


def is_prose(line: str) -> bool:
    """A line that reads as story text: sentences, not a label, headline or button."""
    if len(line) > 250:
        return True
    if len(line.split()) < 6:
        return False
    if line.endswith(("?", "!")) and len(line) < 150:
        return False  # a headline asks or exclaims; a lead rarely does in one short line
    return bool(_SENTENCE_END.search(line)) and not _ELLIPSIS_END.search(line)


def is_boilerplate(line: str) -> bool:
    """Page chrome by the shape of the line; story sentences never qualify."""
    line = line.strip()
    if is_captioned_credit(line):
        return True
    if len(line) > 150:
        return False  # chrome is short; a long line is story text
    if not any(ch.isalnum() for ch in line):
        return True  # separators: "---", "* * *", "•••"
    if _is_photo_credit(line) or _DOMAIN.fullmatch(line):
        return True
    if _LABELLED_LINKS.match(line) and len(line) <= 150 and not is_prose(line):
        return True
    if _COMMENT_FORM.fullmatch(line) or is_widget_symbols(line) or _LONE_TIME.fullmatch(line):
        return True
    if is_related_heading(line):
        return True
    words = line.split()
    if len(words) > _MAX_CHROME_WORDS or is_prose(line):
        return False
    if _LABEL_COUNTER.fullmatch(line) and len(line) <= 40:
        return True
    counter = _COUNTER_LABEL.fullmatch(line)
    if counter and _is_nav_token(counter.group(1)):
        return True
    if _is_ticker(words) or is_rate_line(words) or is_date_line(line):
        return True
    if is_breadcrumb(line) or is_dated_chrome(line) or is_weather_widget(line):
        return True
    if is_glued_links(line) or is_call_to_action(line):
        return True
    if _SENTENCE_END.search(line) and not _ELLIPSIS_END.search(line):
        return False
    return _is_nav_phrase(words)


def is_rate_line(words: list[str]) -> bool:
    """An exchange-rate widget: a few words, a decimal figure and a currency ("Курс USD 78.53
    руб", "USD/KZT 471.25"); a headline about rates has more words than that."""
    if len(words) > _MAX_RATE_WORDS or not any(_DECIMAL.fullmatch(w.strip("+−-%")) for w in words):
        return False
    return any(_CURRENCY.fullmatch(w.strip(_TOKEN_STRIP)) for w in words)


def is_breadcrumb(line: str) -> bool:
    """A section path or breadcrumb: two or more short segments joined by "|", ">", " / "."""
    if len(line) > 80 or _SENTENCE_END.search(line):
        return False
    segments = [s for s in _PATH_SEPARATOR.split(line) if s.strip(_TOKEN_STRIP + " ")]
    return len(segments) >= 2 and all(
        len(s.split()) <= _MAX_CRUMB_WORDS or is_date_line(s) for s in segments
    )


def is_dated_chrome(line: str) -> bool:
    """A page's time stamp with a rubric, a button or the site's name around it: "Politics
    Materials 24 June 2024 18:12 (UTC +04:00)", "25 June 2024 [11:04] - TODAY.AZ", "Кыргызстан
    29/06/2025 — 17:15". It needs a date and a clock time, which a credit or dateline line
    ("/// nCa, 12 July 2021", "Baku, April 27, AZERTAC") does not carry together."""
    if len(line) > 80 or not _CLOCK.search(line):
        return False
    found = find_dates(line)
    if not found:
        return False
    rest = line
    for date in reversed(found):
        rest = rest[: date.start] + " " + rest[date.end :]
    rest = _ZONE.sub(" ", _CLOCK.sub(" ", rest))
    words = [w.strip(_TOKEN_STRIP).lower() for w in rest.split()]
    words = [w for w in words if w and w not in _FUNCTION_WORDS]
    if not words:
        return False  # a bare date and time is a date line, the date module's to read
    if len(words) == 1 or all(w in _RUBRICS for w in words):
        return len(words) <= 2
    return _is_nav_phrase(rest.split())


def is_page_stamp(line: str) -> bool:
    """Chrome that carries the page's own date and clock time (a dated rubric line or a
    breadcrumb ending in the time stamp): dropped from the story, its date still counts."""
    if is_dated_chrome(line):
        return True
    return is_breadcrumb(line) and bool(_CLOCK.search(line) and find_dates(line))


def is_weather_widget(line: str) -> bool:
    """A weather widget's text: "weather icon+13", "Москва yandex weather icon", "Погода +5°"."""
    return len(line.split()) <= 6 and bool(_WEATHER.search(line) and _WEATHER_MARK.search(line))


def is_glued_links(line: str) -> bool:
    """A few link texts printed without spaces between them ("Armenia & KarabakhInternational",
    "currencyUSD", "Москваyandex"): menus and widgets, never a story's words."""
    return len(line.split()) <= 4 and bool(_GLUED.search(line)) and not _SENTENCE_END.search(line)


def is_call_to_action(line: str) -> bool:
    """A prompt to follow the outlet on a network or by mail, naming the outlet or not:
    "Подписывайтесь на Sputnik в Дзен", "Get the Mirror in your inbox:"."""
    words = [w.strip(_TOKEN_STRIP).lower() for w in _split_glued(line).split()]
    if not words or len(words) > _MAX_CALL_WORDS or not _CALL_TO_ACTION.match(line):
        return False
    return any(_is_social(w) or w in _CHANNEL for w in words)


def is_widget_symbols(line: str) -> bool:
    """A control strip of symbols and units, no words: "+ ↺ − 16 px" (font size buttons)."""
    words = [w for w in line.split() if any(ch.isalpha() for ch in w)]
    if any(w.lower() not in ("px", "pt", "em") for w in words):
        return False
    return any(not ch.isalnum() and ch not in " .,:;/-–—()%" for ch in line)


def is_captioned_credit(line: str) -> bool:
    """A photo caption that ends in its credit ("The meeting of ... in 2022. Photo credit:
    gov.kz", "... 27 ноября / akorda.kz, бильд-редактор: Дастан Шанай"). The caption before the
    credit is one sentence at most, so a story paragraph never qualifies."""
    if len(line) > _MAX_CAPTION:
        return False
    match = _CAPTION_CREDIT.search(line)
    if not match:
        return False
    return len(_SENTENCE_STOP.findall(line[: match.start()])) <= 1


def is_related_heading(line: str) -> bool:
    """The heading of a list of links to other stories ("Related News", "Новости по теме")."""
    return bool(_RELATED_HEADING.fullmatch(line.strip()))


def related_list_start(lines: list[str]) -> int:
    """Where a list of other stories' headlines starts at the foot of the page (len(lines) if
    none). Either a related-stories heading with the lines under it (and two or more headlines
    listed just above it), or, without a heading, three or more headline-shaped lines after the
    story's last sentence (a speaker's name card or a cut-off quote is not headline-shaped).
    A list that a line ending in ":" introduces is the story's own ("the following documents
    were signed:")."""
    last_prose = max((i for i, line in enumerate(lines) if is_prose(line)), default=-1)
    heading = next(
        (i for i in range(last_prose + 1, len(lines)) if is_related_heading(lines[i])), None
    )
    tail = lines[last_prose + 1 :]
    if heading is not None:
        start = last_prose + 1  # links listed above the heading too, when they are a list
        return start if _is_link_list(lines[start:heading], 2) else heading
    if last_prose >= 0 and lines[last_prose].rstrip().endswith(":"):
        return len(lines)
    return last_prose + 1 if _is_link_list(tail, _MIN_HEADLESS_LIST) else len(lines)


def drop_teasers(paragraphs: list[str]) -> list[str]:
    """Without a description cut with an ellipsis whose words a later paragraph prints in full
    (a page's meta description above the story): nothing of the story is lost."""
    kept = []
    for i, paragraph in enumerate(paragraphs):
        cut = _ELLIPSIS_END.search(paragraph)
        stem = " ".join(paragraph[: cut.start()].split()) if cut else ""
        if len(stem.split()) >= 6 and any(stem in " ".join(p.split()) for p in paragraphs[i + 1 :]):
            continue
        kept.append(paragraph)
    return kept


def _is_link_list(lines: list[str], least: int) -> bool:
    """At least `least` lines besides chrome, every one of them shaped like a headline."""
    listed = [line for line in lines if not is_boilerplate(line)]
    return len(listed) >= least and all(map(is_headline_shaped, listed))


def _split_glued(line: str) -> str:
    return _GLUED.sub(lambda match: match.group() + " ", line)


def _is_social(word: str) -> bool:
    return word in _SOCIAL or word.startswith(_SOCIAL_STEMS)


def _is_photo_credit(line: str) -> bool:
    match = _PHOTO_CREDIT.match(line)
    if not match or len(line) > 150:
        return False
    if match["mark"] or match["copy"]:
        return True  # "Photo: Reuters", "Фото: пресс-служба", "© AFP"
    # "Фото пресс-службы МИД КР": a bare credit word opening a short line that is no sentence.
    return len(line) <= 60 and not line.endswith(".")


def _is_ticker(words: list[str]) -> bool:
    """A quote or rate: "USD 1.7000 EUR 1.8512", "• $ 85.93 -0.70", "• 91.13 +0.10"."""
    words = [w for w in words if w.strip(_BULLETS)]
    if len(words) == 2 and all(_TICKER_TOKEN.fullmatch(w) for w in words):
        return bool(_SIGNED_CHANGE.fullmatch(words[1])) and any(ch.isdigit() for ch in words[0])
    if len(words) < 3:
        return False
    numbers = names = 0
    for word in words:
        if _TICKER_TOKEN.fullmatch(word):
            numbers += any(ch.isdigit() for ch in word)
        elif word[0].isupper() and word.isalpha() and len(word) <= 12:
            names += 1  # an instrument's name: "Brent", "Nasdaq", "Золото"
        else:
            return False
    return numbers >= 2 and names * 2 <= len(words)


def _is_nav_phrase(words: list[str]) -> bool:
    """Every word is navigation, social, a handle, a domain or a function word; one is not."""
    signal = False
    words = _split_glued(" ".join(words)).split()
    for raw in words:
        if raw[0] in "@#" and len(raw) > 1:
            signal = True
            continue
        word = raw.strip(_TOKEN_STRIP).lower()
        if not word or word.isdigit():
            continue
        if _DOMAIN.fullmatch(word) or _is_social(word) or _is_nav_token(word):
            signal = True
        elif word not in _FUNCTION_WORDS:
            return False
    return signal


def _is_nav_token(word: str) -> bool:
    word = word.lower()
    return word in _NAV_WORDS or word.startswith(_NAV_STEMS)
