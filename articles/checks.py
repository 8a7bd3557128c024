"""System checks: the raw database objects (articles.schema_objects) are all there.

A database check, so it runs with `manage.py check --database default` and before `migrate`
does anything; a plain `check` or `runserver` never touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections

from articles import schema_objects


@register(Tags.database)
def schema_objects_check(
    app_configs=None, databases: Iterable[str] | None = None, **kwargs
) -> list[CheckMessage]:
    """articles.E001 for each trigger, index, table or function a database lacks."""
    errors: list[CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        for obj in schema_objects.missing(connection):
            errors.append(
                Error(
                    f"The {connection.vendor} {obj.kind} {obj.name!r} is missing from the "
                    f"{alias!r} database: {obj.why}.",
                    hint=(
                        f"Migration {obj.migration_label} created it in raw SQL, outside "
                        "Django's model state (a SQLite table rebuild drops such objects). "
                        "Make it again with "
                        f"`python manage.py repair_schema_objects --database {alias}`."
                    ),
                    obj=obj.name,
                    id="articles.E001",
                )
            )
    return errors
