"""PostgreSQL: `Article.search_vector`, kept by a trigger on every write (migration 0005), built
with the `russian` configuration for Russian stories and `english` for the rest, headline
weighted A and text B, GIN-indexed, ranked with `ts_rank`."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.db.models import BooleanField, F, Func, Q
from django.db.models.expressions import RawSQL

from articles.search.query import Group, query_forms
from articles.search.stopwords import is_stop_word

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
            sql, forms = PostgresSearch.term(word)
            parts.append(sql)
            params.extend(forms)
        return RawSQL(f" {joiner} ".join(parts), params, output_field=SearchQueryField())

    @staticmethod
    def term(word: str) -> tuple[str, list[str]]:
        forms = query_forms(word)
        return "(" + " || ".join(["articles_search_term(%s)"] * len(forms)) + ")", list(forms)

    @classmethod
    def group_tsquery(cls, group: Group) -> tuple[str, list[str]]:
        """A group as a tsquery: its words (&&), or a phrase (`tsquery_phrase`, each stop word
        a gap of one position, as the vector counts it)."""
        if not group.phrase:
            query = cls.tsquery(group.words, "&&")
            return f"({query.sql})", list(query.params)
        sql, params, gap = "", [], 1
        for word in group.words:
            if is_stop_word(word):
                gap += 1
                continue
            term, forms = cls.term(word)
            sql = term if not sql else f"tsquery_phrase({sql}, {term}, {gap})"
            params += forms
            gap = 1
        return f"({sql})", params

    @classmethod
    def clauses_tsquery(cls, clauses: Sequence[Sequence[Group]]) -> RawSQL:
        """Every clause (&&), each any of its groups (||)."""
        parts, params = [], []
        for clause in clauses:
            alternatives = [cls.group_tsquery(group) for group in clause]
            parts.append("(" + " || ".join(sql for sql, _ in alternatives) + ")")
            params += [param for _, group_params in alternatives for param in group_params]
        return RawSQL(" && ".join(parts), params, output_field=SearchQueryField())

    @classmethod
    def matches(cls, words: Sequence[str]) -> Q:
        return cls.matches_tsquery(cls.tsquery(words, "&&"))

    @classmethod
    def matches_clauses(cls, clauses: Sequence[Sequence[Group]]) -> Q:
        return cls.matches_tsquery(cls.clauses_tsquery(clauses))

    @staticmethod
    def matches_tsquery(query: RawSQL) -> Q:
        return Q(
            Func(
                F("search_vector"),
                query,
                template="(%(expressions)s)",
                arg_joiner=" @@ ",
                output_field=BooleanField(),
            )
        )

    @classmethod
    def rank(cls, words: Sequence[str]) -> SearchRank:
        return SearchRank(F("search_vector"), cls.tsquery(words, "||"), weights=PG_WEIGHTS)
