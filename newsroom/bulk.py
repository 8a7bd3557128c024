"""Plain multi-row INSERTs for the import's hot path, without model instances.

`QuerySet.bulk_create` builds a model instance per row and prepares every field of every row
through the field's methods: for the dozen mentions and proposals of an imported story that was
about a fifth of the writing process's time. Rows here are dicts of column values; each field is
adapted once per row by a converter chosen once per model, and a field left out takes its
default (`auto_now`/`auto_now_add` fields the time of the call). No signals are sent, as with
`bulk_create`; database triggers run as for any INSERT.
"""

from collections.abc import Callable, Mapping, Sequence
from functools import cache

from django.db import connections, models, router
from django.db.models.constants import OnConflict
from django.utils import timezone


def insert_rows(
    model: type[models.Model],
    rows: Sequence[Mapping[str, object]],
    *,
    ignore_conflicts: bool = False,
) -> int:
    """INSERT `rows` (attribute name → value; `entity_id` for a foreign key) into `model`'s
    table in one statement per 500 rows; `ignore_conflicts` skips rows a unique constraint
    refuses, as `bulk_create`'s does. Returns how many rows were given."""
    if not rows:
        return 0
    using = router.db_for_write(model)
    connection = connections[using]
    fields = _concrete_fields(model)
    quote = connection.ops.quote_name
    now = timezone.now()
    converters = [_converter(field, connection) for field in fields]
    defaults = []  # each field's default, as a query parameter: the same for every row
    for field, convert in zip(fields, converters, strict=True):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default() if field.has_default() else None
        defaults.append(value if value is None else convert(value))
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    insert = connection.ops.insert_statement(on_conflict=on_conflict)
    suffix = connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            batch = rows[start : start + 500]
            params: list[object] = []
            for row in batch:
                for field, convert, default in zip(fields, converters, defaults, strict=True):
                    if field.attname not in row:
                        params.append(default)
                    elif (value := row[field.attname]) is None:
                        params.append(None)
                    else:
                        params.append(convert(value))
            cursor.execute(
                f"{insert} {quote(model._meta.db_table)} ({columns}) "
                f"VALUES {', '.join([placeholders] * len(batch))} {suffix}",
                params,
            )
    return len(rows)


@cache
def _concrete_fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    return tuple(
        field for field in model._meta.concrete_fields if not isinstance(field, models.AutoField)
    )


def _converter(field: models.Field, connection) -> Callable[[object], object]:
    """How one value of `field` becomes a query parameter on `connection`, as Django would."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda value: connection.ops.adapt_json_value(value, encoder)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.CharField):
        return str  # a choices member is stored as its value
    if isinstance(field, models.ForeignKey):
        return _converter(field.target_field, connection)
    if isinstance(field, models.IntegerField):
        return int
    if isinstance(field, models.FloatField):
        return float
    return lambda value: field.get_db_prep_save(value, connection)
