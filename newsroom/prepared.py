"""Querysets compiled to SQL once and run many times with other values.

Django compiles a queryset to SQL each time it is evaluated. For the hot reads (a page of story
cards, its count, the card's entities) compiling costs as much as running the query: about half
a millisecond each, several times per request. A `PreparedQuery` is written as an ordinary
queryset, so the domain rules stay where they are (`published()`, `mentioning(live=True)`,
`confirmed()`); it is compiled once per database and shape, with stand-in values that are then
found among the compiled parameters, and each call runs the same SQL with the caller's values.

The stand-ins must reach the SQL as parameters, unchanged but for the database's adaptation (an
id, a slug, a time, a list of ids for `__in`). Anything else (a value the ORM rewrites, as
`__startswith` does, or one it drops) fails loudly when the query is first compiled.
"""

from __future__ import annotations

import datetime
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import JSONField, QuerySet
from django.db.models.fields.json import KeyTransform

_counter = itertools.count(1)
_EPOCH = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)


def _stand_in(value: Any) -> Any:
    """A value of the same type as `value` that no real query would hold."""
    n = next(_counter)
    if isinstance(value, bool):
        raise TypeError("booleans cannot be told apart in compiled parameters")
    if isinstance(value, datetime.datetime):
        return _EPOCH + datetime.timedelta(microseconds=n)
    if isinstance(value, datetime.date):
        return datetime.date(1901, 1, 1) + datetime.timedelta(days=n)
    if isinstance(value, int):
        return -(10**12) - n
    if isinstance(value, str):
        return f"\x1fprepared-{n}\x1f"
    raise TypeError(f"no stand-in for a {type(value).__name__}")


def _adapter(value: Any, connection) -> Callable[[Any], Any]:
    """How the ORM turns a value of this type into a query parameter on this database."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value
    return lambda v: v


def _json_converter(function: Callable, expression: Any) -> Callable:
    """orjson for a plain JSON column with the default decoder (a third of json.loads' time);
    anything orjson refuses goes to the field's own converter, so the answer is Django's."""
    field = getattr(function, "__self__", None)
    if (
        not isinstance(field, JSONField)
        or getattr(function, "__func__", None) is not JSONField.from_db_value
        or field.decoder is not None
        or isinstance(expression, KeyTransform)
    ):
        return function

    def from_db_value(value, expression, connection):
        if value is None:
            return None
        try:
            return orjson.loads(value)
        except (orjson.JSONDecodeError, TypeError):
            return function(value, expression, connection)

    return from_db_value


@dataclass(frozen=True)
class _Plan:
    sql: str
    template: tuple[Any, ...]  # the compiled parameters, stand-ins where values go
    slots: tuple[tuple[int, str, int | None, Callable], ...]  # (position, name, index, adapt)
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Callable, ...], Any], ...]


class PreparedQuery:
    """`build(**values)` returns a `.values()` queryset; `rows(**values)` runs its SQL.

    Values that are lists (`pk__in=ids`) compile once per length, so the plans of a list query
    are as many as the page sizes it sees.
    """

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.build = build
        self._plans: dict[tuple, _Plan] = {}
        self._lock = threading.Lock()

    def rows(
        self,
        *,
        using: str = DEFAULT_DB_ALIAS,
        limit: int | None = None,
        offset: int = 0,
        **values: Any,
    ) -> list[dict[str, Any]]:
        """The rows as `.values()` gives them (converted), optionally one slice of them."""
        names = self._plan(using, values).names if not _empty(values) else ()
        return [
            dict(zip(names, row, strict=True))
            for row in self.tuples(using=using, limit=limit, offset=offset, **values)
        ]

    def tuples(
        self,
        *,
        using: str = DEFAULT_DB_ALIAS,
        limit: int | None = None,
        offset: int = 0,
        **values: Any,
    ) -> list[tuple]:
        """The rows as tuples, in the order of the `.values()` names (for hot loops)."""
        if _empty(values):
            return []  # `__in=[]` matches nothing, as the ORM would answer without a query
        plan = self._plan(using, values)
        params = list(plan.template)
        for position, name, index, adapt in plan.slots:
            value = values[name] if index is None else values[name][index]
            params[position] = adapt(value)
        if limit is None and offset:
            raise ValueError("an offset needs a limit")
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        connection = connections[using]
        if _plain_cursor_allowed(connection):
            # Django's cursor wrapper would log nothing here, and its only execute wrapper is
            # the page cache's watch for writes: a read needs neither. The backend's own cursor
            # (placeholders, time zones) without the wrapper around it.
            if connection.connection is None:
                connection.ensure_connection()
            with connection.wrap_database_errors:
                cursor = connection.create_cursor()
                try:
                    cursor.execute(plan.sql + page, params)
                    fetched = cursor.fetchall()
                finally:
                    cursor.close()
        else:
            with connection.cursor() as cursor:
                cursor.execute(plan.sql + page, params)
                fetched = cursor.fetchall()
        if not plan.converters:
            return fetched
        result = []
        for row in fetched:
            row = list(row)
            for position, functions, expression in plan.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            result.append(tuple(row))
        return result

    def _plan(self, using: str, values: dict[str, Any]) -> _Plan:
        shape = (using, *sorted((name, _shape(value)) for name, value in values.items()))
        plan = self._plans.get(shape)
        if plan is None:
            with self._lock:
                plan = self._plans.get(shape) or self._compile(using, values)
                self._plans[shape] = plan
        return plan

    def _compile(self, using: str, values: dict[str, Any]) -> _Plan:
        connection = connections[using]
        stand_ins: dict[str, Any] = {}
        wanted: dict[Any, tuple[str, int | None, Callable]] = {}
        for name, value in values.items():
            if isinstance(value, list | tuple):
                items = [_stand_in(item) for item in value]
                stand_ins[name] = items
                for index, item in enumerate(items):
                    adapt = _adapter(item, connection)
                    wanted[adapt(item)] = (name, index, adapt)
            else:
                stand_ins[name] = item = _stand_in(value)
                adapt = _adapter(item, connection)
                wanted[adapt(item)] = (name, None, adapt)
        queryset = self.build(**stand_ins).using(using)
        query = queryset.query
        if query.is_sliced:
            raise ValueError("slice with rows(limit=, offset=), not in the queryset")
        compiler = query.get_compiler(using)
        sql, params = compiler.as_sql()
        slots, found = [], set()
        for position, param in enumerate(params):
            try:
                slot = wanted.get(param)
            except TypeError:  # an unhashable parameter (JSON) is never a stand-in
                slot = None
            if slot is not None:
                slots.append((position, *slot))
                found.add(slot[:2])
        missing = {slot[:2] for slot in wanted.values()} - found
        if missing:
            raise ValueError(
                f"{self.build.__qualname__}: values {sorted(m[0] for m in missing)} do not reach "
                "the SQL as parameters; they cannot be prepared"
            )
        fields = [select[0] for select in compiler.select[: compiler.col_count]]
        converters = tuple(
            (
                position,
                tuple(_json_converter(function, expression) for function in functions),
                expression,
            )
            for position, (functions, expression) in compiler.get_converters(fields).items()
        )
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        if len(names) != len(fields):
            raise ValueError(f"{self.build.__qualname__}: build a .values() queryset")
        return _Plan(sql, tuple(params), tuple(slots), names, converters)


def _plain_cursor_allowed(connection) -> bool:
    """Whether a read may skip Django's cursor wrapper: when nothing would see the difference
    (no query log, as under assertNumQueries or DEBUG; no execute wrapper but the page cache's,
    which watches writes only; not inside a transaction that has failed)."""
    return (
        not connection.queries_logged
        and not connection.needs_rollback
        and all(getattr(w, "_page_cache", False) for w in connection.execute_wrappers)
    )


def _empty(values: dict[str, Any]) -> bool:
    """Whether a list value is empty: `__in=[]` matches nothing, and the ORM answers that
    without a query."""
    return any(isinstance(v, list | tuple) and not v for v in values.values())


def _shape(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return (type(value[0]).__name__ if value else None, len(value))
    return type(value).__name__


def prepared(build: Callable[..., QuerySet]) -> PreparedQuery:
    """Decorator form: `@prepared def stories(now): return Article.objects...values(...)`."""
    return PreparedQuery(build)
