"""PostgreSQL: `Article.search_vector`, kept by a trigger on every write (migration 0005), built
with the `russian` configuration for Russian stories and `english` for the rest, headline
weighted A and text B, GIN-indexed, ranked with `ts_rank`."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.db.models import BooleanField, F, Func, Q
from django.db.models.expressions import RawSQL

from articles.search.query import query_forms

# ts_rank weights for D, C, B (text) and A (headline).
PG_WEIGHTS = [0.05, 0.1, 0.2, 1.0]


class PostgresSearch:
    vendor = "postgresql"

    @staticmethod
    def tsquery(words: Sequence[str], joiner: str) -> RawSQL:
        """Each word's forms, each parsed by both configurations (`articles_search_term`, made by
        migration 0005, drops a word that either configuration takes for a stop word)."""
        parts, params = [], []
        for word in words:
            forms = query_forms(word)
            parts.append("(" + " || ".join(["articles_search_term(%s)"] * len(forms)) + ")")
            params.extend(forms)
        return RawSQL(f" {joiner} ".join(parts), params, output_field=SearchQueryField())

    @classmethod
    def matches(cls, words: Sequence[str]) -> Q:
        return Q(
            Func(
                F("search_vector"),
                cls.tsquery(words, "&&"),
                template="(%(expressions)s)",
                arg_joiner=" @@ ",
                output_field=BooleanField(),
            )
        )

    @classmethod
    def rank(cls, words: Sequence[str]) -> SearchRank:
        return SearchRank(F("search_vector"), cls.tsquery(words, "||"), weights=PG_WEIGHTS)
