"""A search's stories as pages read them: counted and paged through an index reader when one
applies, otherwise by Django's own query (after Wagtail's `BaseSearchResults`)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator

from django.db.models import Case, IntegerField, QuerySet, Value, When, prefetch_related_objects
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
)
from django.db.models.sql.where import WhereNode

from articles.search.indexed import Reader


class SearchResults:
    """The stories a search found, best first: what Django's Paginator, DRF's pagination and
    templates read (`count()`, slices, iteration, `len`), plus `values()`/`values_list()`.

    `queryset` is the search as Django's plain query: it decides the answers. With a `reader`
    (`articles.search.indexed`), the count and a slice's story ids come from indexes, and only
    the slice's stories are read, by id; a reader that declines leaves them to `queryset`.
    Anything else asked of the results (another filter, another order) is asked of
    `queryset`, and so takes the plain query, which gives the same answers.
    """

    def __init__(self, queryset: QuerySet, reader: Reader | None = None) -> None:
        self.queryset = queryset
        self.reader = reader
        self._cache: list | None = None

    def __repr__(self) -> str:
        return f"<SearchResults {self.queryset.query.low_mark}:{self.queryset.query.high_mark}>"

    def __getattr__(self, name: str):
        if name.startswith("_"):  # copy and pickle probe instances before __init__ has run
            raise AttributeError(name)
        return getattr(self.queryset, name)

    def __getitem__(self, key: int | slice):
        if self._cache is not None:
            return self._cache[key]
        if isinstance(key, slice):
            return SearchResults(self.queryset[key], self.reader)
        return SearchResults(self.queryset[key : key + 1], self.reader)._results()[0]

    def __iter__(self) -> Iterator:
        return iter(self._results())

    def __len__(self) -> int:
        return len(self._results())

    def __bool__(self) -> bool:
        return bool(self._results())

    def count(self) -> int:
        """The number of stories found (of the slice, once sliced)."""
        if self._cache is not None:
            return len(self._cache)
        if self.reader is None or self.queryset.query.is_sliced:
            return self.queryset.count()
        counted = self.reader.count(self.queryset.db)
        if counted is None:
            counted = self.queryset.count()
        self.reader.seen["count"] = counted  # the page may choose its plan by it
        return counted

    def exists(self) -> bool:
        return bool(self._cache) if self._cache is not None else self.queryset.exists()

    def first(self):
        """The best match, or None (through the reader, as a page of one)."""
        return next(iter(self[:1]), None)

    def values(self, *fields, **expressions) -> SearchResults:
        return SearchResults(self.queryset.values(*fields, **expressions), self.reader)

    def values_list(self, *fields, flat: bool = False, named: bool = False) -> SearchResults:
        rows = self.queryset.values_list(*fields, flat=flat, named=named)
        return SearchResults(rows, self.reader)

    def if_unchanged(self, queryset: QuerySet) -> SearchResults | QuerySet:
        """These results while `queryset` is still the search as made (filters that did not
        apply, a clone), else `queryset` itself: another filter or order is Django's query."""
        made, query = self.queryset.query, queryset.query
        if (
            query.distinct != made.distinct
            or query.where != made.where
            or query.order_by != made.order_by
            or query.is_sliced
            or queryset.model is not self.queryset.model
        ):
            return queryset
        return self

    def _results(self) -> list:
        if self._cache is None:
            self._cache = self._read()
        return self._cache

    def _read(self) -> list:
        query = self.queryset.query
        if self.reader is not None and query.is_sliced and query.high_mark:
            offset, limit = query.low_mark, query.high_mark - query.low_mark
            ids = self.reader.page(self.queryset.db, offset=offset, limit=limit)
            if ids is not None:
                return self._stories(ids)
        return list(self.queryset)

    def _stories(self, ids: list[int]) -> list:
        """The page's stories by id, in the order found: the search's own conditions hold for
        them already (testing them again would rebuild the whole match list)."""
        if not ids:
            return []
        rows = self.queryset._chain()
        rows.query.clear_limits()
        rows.query.clear_ordering(force=True)
        rows.query.where = WhereNode()
        rows = rows.filter(pk__in=ids)
        key = _row_key(rows)
        if key is None:  # rows that do not show their id: the database orders them
            position = Case(
                *(When(pk=pk, then=Value(n)) for n, pk in enumerate(ids)),
                output_field=IntegerField(),
            )
            rows = rows.order_by(position)
            found = list(rows._iterable_class(rows))
        else:
            by_id = {key(row): row for row in rows._iterable_class(rows)}
            found = [by_id[pk] for pk in ids if pk in by_id]
        if rows._prefetch_related_lookups:
            prefetch_related_objects(found, *rows._prefetch_related_lookups)
        return found


def _row_key(rows: QuerySet) -> Callable | None:
    """How to read a story's id from the rows `rows` yields, or None when they do not hold it."""
    iterable, query, pk = rows._iterable_class, rows.query, rows.model._meta.pk
    if iterable is ModelIterable:
        return operator.attrgetter("pk")
    if iterable is ValuesIterable and not query.values_select:
        return operator.itemgetter(pk.attname)  # every field
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    name = next((n for n in (pk.attname, pk.name, "pk") if n in query.values_select), None)
    if name is None:
        return None
    if iterable is ValuesIterable:
        return operator.itemgetter(name)
    if iterable is ValuesListIterable:
        return operator.itemgetter(names.index(name))
    if iterable is FlatValuesListIterable:
        return lambda value: value
    return None
