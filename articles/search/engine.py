"""`search_articles`: a story queryset filtered by a query and ordered by relevance, on the
database's own full-text search (`backends`), as `SearchResults`."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from functools import reduce

from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from articles.search.backends import Backend, backend_for
from articles.search.indexed import reader_for
from articles.search.query import Group, ParsedQuery, parse_query
from articles.search.results import SearchResults

# What a confirmed mention of an entity named in the query adds to a story's score, on each
# database's own scale: about one more match in the text.
ENTITY_BONUS = {"sqlite": 2.0, "postgresql": 0.1}


def search_articles(queryset: QuerySet, query: str | ParsedQuery) -> SearchResults:
    """Stories of `queryset` matching `query`, best first (by `search_rank`, an alias).

    Words match in any inflection (Гафарова finds Гафаровой, ministers finds minister); a
    "quoted phrase" matches its words in order; `a OR b` either; `-word` leaves out the stories
    that hold it. A name of an entity (a run of words, a phrase, an alternative) also matches
    the stories confirmed to mention it, and leaves them out when excluded. A query with
    nothing to look for (punctuation, stop words, exclusions only) finds nothing.

    A search of plain words over all stories or the readers' live ones (nothing else narrowing
    it) counts and picks its pages from indexes (`articles.search.indexed`).
    """
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    if not parsed:
        return SearchResults(queryset.none())
    backend = backend_for(queryset.db)
    base = queryset
    text = [c for c in parsed.clauses if not any(g.entity_ids for g in c)]
    named = [c for c in parsed.clauses if any(g.entity_ids for g in c)]
    aliases = {
        f"_search_entity_{n}": _mentions(frozenset().union(*(g.entity_ids for g in clause)))
        for n, clause in enumerate(named)
    }
    queryset = queryset.alias(**aliases)
    if text:
        queryset = queryset.filter(backend.matches_clauses(text))
    for clause in named:
        queryset = queryset.filter(_matches_or_mentions(backend, clause))
    for group in parsed.excluded:
        queryset = queryset.exclude(_matches_or_mentions(backend, (group,)))
    bonus = Value(ENTITY_BONUS[backend.vendor])
    score = reduce(
        operator.add,
        [Case(When(**{name: True}, then=bonus), default=Value(0.0)) for name in aliases],
        Coalesce(backend.rank(parsed.words), Value(0.0), output_field=FloatField()),
    )
    found = queryset.alias(search_rank=score).order_by(F("search_rank").desc(), "-sort_date", "-id")
    plain = parsed.plain
    words = [w for clause in text for w in clause[0].words] if plain else []
    return SearchResults(found, reader_for(backend, base, words) if plain else None)


def _matches_or_mentions(backend: Backend, clause: Sequence[Group]) -> Q:
    """Stories whose text matches one of the groups or that are confirmed to mention one of the
    entities they name.

    One set of ids, the union of the two: written as "matches OR EXISTS(mention)", no database
    could use an index for either side, and both read every story (1.2 s on PostgreSQL and
    0.2 s on SQLite for a city at 100,000 stories); the union reads the full-text index and the
    mention index, then only the stories found.
    """
    from articles.models import Article, Mention

    text = Article.objects.filter(backend.matches_clauses([clause])).order_by().values("pk")
    entity_ids = frozenset().union(*(group.entity_ids for group in clause))
    if not entity_ids:
        return Q(pk__in=text)
    mentioned = Mention.objects.public().filter(entity__in=entity_ids).order_by()
    return Q(pk__in=text.union(mentioned.values("article_id")))


def _mentions(entity_ids: Iterable[int]) -> Exists:
    # Imported here: articles.models imports nothing from search, and search is imported early.
    from articles.models import Mention

    return Exists(Mention.objects.public().filter(article=OuterRef("pk"), entity__in=entity_ids))
