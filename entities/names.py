"""Entity names in the reader's language: Кыргызстан and Джейхун Байрамов on a Russian page.

An entity's canonical `name` is English; the knowledge base holds its names in other languages
as aliases (`Alias.language`, kind `name`), the inflected forms found in stories among them
(Кыргызстана, Сагибой Гафаровой). A page in another language shows the alias that, written in
Latin letters, is closest to the canonical name (Кыргызстан for Kyrgyzstan, Сахиба Гафарова for
Sahiba Gafarova): the nominative, full form of a transliterated name. A translated name is not
close to any (Министерство иностранных дел for Ministry of Foreign Affairs): then the one the
knowledge base wrote first. It links to the same entity page.

Names are read for the entities a page shows, in ONE query however many there are: the code
that fetches entities for a page (story cards' chips, the directory's page, an entity and its
partners...) announces their slugs with `expect()`, and the first name asked for reads them all.
So a page's query count does not grow with the entities or chips it shows, and an English page
asks for nothing. Reading the whole knowledge base's names instead cost 17 ms of query and
800 ms of choosing per page on the seed (1,686 entities with Russian names); a denormalised
column would have to be kept in step by every alias edit, merge and import.
"""

from collections.abc import Iterable
from contextvars import ContextVar
from difflib import SequenceMatcher
from functools import lru_cache

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.utils import translation
from django.utils.translation import pgettext_lazy

from entities.models import Alias, AliasKind

# An entity's kind as a lower-case word, as chips and ranked lists spell it.
KIND_WORDS = {
    "person": pgettext_lazy("entity kind, lower case", "person"),
    "organization": pgettext_lazy("entity kind, lower case", "organization"),
    "country": pgettext_lazy("entity kind, lower case", "country"),
    "place": pgettext_lazy("entity kind, lower case", "place"),
    "event": pgettext_lazy("entity kind, lower case", "event"),
}


# Slugs kept announced at most: requests reset them; code outside requests never does.
MAX_EXPECTED = 20_000


class _Book:
    """The names read so far in this request, and the slugs announced but not read yet."""

    def __init__(self) -> None:
        self.expected: set[str] = set()
        self.names: dict[str, dict[str, str]] = {}  # {language: {slug: name}}
        self.read: dict[str, set[str]] = {}  # {language: slugs read, with a name or not}


_book: ContextVar[_Book | None] = ContextVar("entity_names", default=None)


def _current() -> _Book:
    book = _book.get()
    if book is None:
        book = _Book()
        _book.set(book)
    return book


def forget(**kwargs) -> None:
    """Drop the names read so far, so a request never sees another request's (or a stale) set."""
    _book.set(None)


request_started.connect(forget, dispatch_uid="entities.names.forget.started")
request_finished.connect(forget, dispatch_uid="entities.names.forget.finished")


def expect(slugs: Iterable[str]) -> None:
    """Announce entities the page will name, so their names are read with the others."""
    book = _current()
    if len(book.expected) > MAX_EXPECTED:  # a long run outside requests (a command) forgets
        book.expected.clear()
    book.expected.update(slugs)


def _read(book: _Book, language: str, slug: str) -> None:
    read = book.read.setdefault(language, set())
    wanted = (book.expected | {slug}) - read
    rows = (
        Alias.objects.filter(language=language, kind=AliasKind.NAME, entity__slug__in=wanted)
        .order_by("entity_id", "id")
        .values_list("entity__slug", "entity__name", "name")
    )
    candidates: dict[str, tuple[str, list[str]]] = {}
    for found, canonical, name in rows:
        candidates.setdefault(found, (canonical, []))[1].append(name)
    names = book.names.setdefault(language, {})
    for found, (canonical, options) in candidates.items():
        names[found] = preferred(canonical, tuple(options))
    read |= wanted


def local_name(slug: str, name: str, language: str | None = None) -> str:
    """The entity's name in `language` (default: the active one), else its canonical name."""
    language = language or translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return name
    book = _current()
    if slug not in book.read.get(language, ()):
        _read(book, language, slug)
    return book.names[language].get(slug, name)


def entity_name(entity, language: str | None = None) -> str:
    """`local_name` of anything with a `slug` and a `name` (a model, a card, a chart row)."""
    return local_name(entity.slug, entity.name, language)


# Russian letters in Latin, as names are commonly romanised; enough to compare, not to publish.
_LATIN = str.maketrans(
    {
        **dict(zip("абвгдеёзийклмнопрстуфыэ", "abvgdeeziyklmnoprstufye", strict=True)),
        **{"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ъ": "", "ь": "", "ю": "yu", "я": "ya"},
    }
)
# How close (difflib's ratio) a romanised alias must be to count as the same name written
# in another script; below it, names are translations and the knowledge base's order decides.
SAME_NAME = 0.58


def _closeness(canonical: str, name: str) -> float:
    return SequenceMatcher(None, canonical.lower(), name.lower().translate(_LATIN)).ratio()


@lru_cache(maxsize=4096)
def preferred(canonical: str, names: tuple[str, ...]) -> str:
    """The name to show among an entity's `names` in one language (in the order stored);
    kept per process, as the same entities are named on page after page."""
    closest = max(names, key=lambda name: _closeness(canonical, name))
    return closest if _closeness(canonical, closest) >= SAME_NAME else names[0]
