"""Entity names in the reader's language: Кыргызстан and Джейхун Байрамов on a Russian page.

An entity's canonical `name` is English; the knowledge base holds its names in other languages
as aliases (`Alias.language`, kind `name`). A page in another language shows the first such
alias the knowledge base gives (the loaders write the preferred form first), and links to the
same entity page.

The names of one language are read in ONE query the first time a request asks for one, and
kept for the rest of that request: the query count of a page does not grow with the number of
entities or chips it shows (a list page names a hundred or more, from rows, model instances and
chart data alike), and an English page asks for nothing. Measured on the seed knowledge base
(506 entities, ~500 Russian names): under 2 ms. A denormalised `name_ru` column would save that
query but would have to be kept in step by every alias edit, merge and import.
"""

from contextvars import ContextVar

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

# {language: {entity slug: name}} for the current request (reset when a request starts/ends).
_names: ContextVar[dict[str, dict[str, str]] | None] = ContextVar("entity_names", default=None)


def forget(**kwargs) -> None:
    """Drop the names read so far, so a request never sees another request's (or a stale) set."""
    _names.set(None)


request_started.connect(forget, dispatch_uid="entities.names.forget.started")
request_finished.connect(forget, dispatch_uid="entities.names.forget.finished")


def names_in(language: str | None) -> dict[str, str]:
    """{entity slug: its preferred name in `language`}; empty for the canonical language."""
    if not language or language == settings.LANGUAGE_CODE:
        return {}
    loaded = _names.get()
    if loaded is None:
        loaded = {}
        _names.set(loaded)
    if language not in loaded:
        rows = (
            Alias.objects.filter(language=language, kind=AliasKind.NAME)
            .order_by("entity_id", "id")
            .values_list("entity__slug", "name")
        )
        names: dict[str, str] = {}
        for slug, name in rows:
            names.setdefault(slug, name)
        loaded[language] = names
    return loaded[language]


def local_name(slug: str, name: str, language: str | None = None) -> str:
    """The entity's name in `language` (default: the active one), else its canonical name."""
    return names_in(language or translation.get_language()).get(slug, name)


def entity_name(entity, language: str | None = None) -> str:
    """`local_name` of anything with a `slug` and a `name` (a model, a card, a chart row)."""
    return local_name(entity.slug, entity.name, language)
