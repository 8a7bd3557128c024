"""Raw text to clean lines: markup, invisible characters and page chrome out, story lines kept.

Page chrome is recognised by the shape of a line, not by a list of one site's lines: a short line
without sentence punctuation made only of navigation, social and call-to-action words ("Follow us
on Twitter @AzerNewsAz", "Читайте и смотрите нас в"), a label and a counter ("Политика 0"), a
domain alone ("Azernews.Az"), a photo credit, a ticker, a separator. Prose never matches, so a
story's own paragraphs cannot be removed.
"""

import re
import unicodedata
from html.parser import HTMLParser

from articles.ingest.dates import is_date_line

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
_TOKEN_STRIP = ".,:;!?()[]{}«»\"'“”‘’|/—–-·•…►▶>→*"
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
    r"[+\-−]?[$€£₽₼]?\d[\d.,]*%?|[A-Z]{3}(?:/[A-Z]{3})?|[▲▼↑↓+\-−$€£₽₼%]", re.UNICODE
)

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
    )
)  # fmt: skip
_NAV_STEMS = (
    "читай", "читать", "смотр", "подпис", "поделит", "комментар", "оставит", "ответит", "реклам",
    "тег", "новост", "загрузк", "главн", "меню", "поиск", "войти", "вход", "регистрац", "печат",
    "показат", "больше", "подробн", "видео", "галере", "популярн", "последн", "лент", "канал",
    "присоедин", "следит", "прав", "защищ", "перейти", "далее", "назад", "наверх", "свеж",
    "читаем", "обсужд", "рубрик", "архив", "отправ", "копир", "ссылк", "войдит", "зарегистр",
    "стать",
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
    )
)  # fmt: skip
_MAX_CHROME_WORDS = 12


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
    return text, warnings


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
    if len(line) > 150:
        return False  # chrome is short; a long line is story text
    if not any(ch.isalnum() for ch in line):
        return True  # separators: "---", "* * *", "•••"
    if _is_photo_credit(line) or _DOMAIN.fullmatch(line):
        return True
    if _LABELLED_LINKS.match(line) and len(line) <= 150 and not is_prose(line):
        return True
    words = line.split()
    if len(words) > _MAX_CHROME_WORDS or is_prose(line):
        return False
    if _LABEL_COUNTER.fullmatch(line) and len(line) <= 40:
        return True
    counter = _COUNTER_LABEL.fullmatch(line)
    if counter and _is_nav_token(counter.group(1)):
        return True
    if _is_ticker(words) or is_date_line(line):
        return True
    if _SENTENCE_END.search(line) and not _ELLIPSIS_END.search(line):
        return False
    return _is_nav_phrase(words)


def _is_photo_credit(line: str) -> bool:
    match = _PHOTO_CREDIT.match(line)
    if not match or len(line) > 150:
        return False
    if match["mark"] or match["copy"]:
        return True  # "Photo: Reuters", "Фото: пресс-служба", "© AFP"
    # "Фото пресс-службы МИД КР": a bare credit word opening a short line that is no sentence.
    return len(line) <= 60 and not line.endswith(".")


def _is_ticker(words: list[str]) -> bool:
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
    for raw in words:
        if raw[0] in "@#" and len(raw) > 1:
            signal = True
            continue
        word = raw.strip(_TOKEN_STRIP).lower()
        if not word or word.isdigit():
            continue
        if _DOMAIN.fullmatch(word) or word in _SOCIAL or _is_nav_token(word):
            signal = True
        elif word not in _FUNCTION_WORDS:
            return False
    return signal


def _is_nav_token(word: str) -> bool:
    word = word.lower()
    return word in _NAV_WORDS or word.startswith(_NAV_STEMS)
