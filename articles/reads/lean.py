"""The API's hottest reads without the per-request machinery they do not need.

Most story-list traffic is a reader asking for the newest stories, or an entity's, a page at a
time: `?entity=<slug>&page=N&page_size=M` and nothing else. For those, the FilterSet (its
filters deep-copied, a form built and cleaned, a choice field's query) cost half of a 9 ms
request, and compiling the count and the page to SQL another millisecond. Here such a request
is recognised, the entity looked up, and the page read with prepared queries
(`articles.reads.rows`): the same querysets as the FilterSet path builds (`published()`,
`mentioning(live=True)`, `latest_first()`), compiled once. Anything else (another parameter, a
repeated one, a value the filters would refuse, a caller who may see unpublished stories) takes
the general path, which answers it, errors included, as before; tests/test_api_lean_paths.py
holds both paths to the same answers.
"""

from __future__ import annotations

from django.utils import timezone

from articles import search
from articles.api.filters import can_see_unpublished
from articles.filters import SLUG
from articles.models import Article
from articles.reads import rows
from articles.reads.api import detail_from_row
from articles.reads.fields import CARD_COLUMNS
from newsroom.rest import check_query_parameters

# Parameters a lean list may carry: an entity or a search, and the paginator's own (checked by
# the paginator).
LEAN_PARAMETERS = frozenset({"entity", "q", "page", "page_size"})


def lean_stories(request, entity_id: int | None = None):
    """The story list a request asks for, when it is one the lean path serves; else None.

    `entity_id` is the entity an URL names (`/entities/<slug>/articles/`); otherwise an
    `entity` parameter may name one, or `q` a search (`articles.search`, the filter's own
    cleaning and query, without the FilterSet around it). What the paginator reads: a
    `LiveStories`, or a search's rows.
    """
    query = request.query_params
    if not query.keys() <= LEAN_PARAMETERS or can_see_unpublished(request.user):
        return None
    check_query_parameters(query)  # the same 400s as the general path's first filter
    if any(len(query.getlist(name)) > 1 for name in query):
        return None
    slug, words = query.get("entity"), query.get("q")
    if words is not None:
        text = search.clean_query(words.strip())
        if slug is not None or entity_id is not None or not text:
            return None
        stories = Article.objects.latest_first().published()
        return search.search_articles(stories, search.parse_query(text)).values(*CARD_COLUMNS)
    if slug is not None:
        if entity_id is not None or not SLUG.fullmatch(slug):
            return None
        entity_id = rows.entity_id(slug)
        if entity_id is None:
            return None  # the general path names the unknown entity
    return rows.LiveStories(entity_id, timezone.now())


def lean_story(request, slug: str) -> dict | None:
    """A live story's row (`DETAIL_COLUMNS`) for a reader, else None (the general path)."""
    if request.query_params or can_see_unpublished(request.user) or not SLUG.fullmatch(slug):
        return None
    return rows.live_story(slug, timezone.now())


def lean_story_data(row: dict, context: dict) -> dict:
    """`ArticleDetailSerializer(story).data` for a row of `lean_story`."""
    return detail_from_row(row, rows.story_mentions(row["id"]), context)
