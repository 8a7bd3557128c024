"""The database check for raw objects (articles.checks): quiet on a migrated database, loud and
precise when a trigger, index, table or function is gone, and quiet again after the repair.

Each drop happens inside the test's transaction (DDL is transactional on SQLite and
PostgreSQL), so the database is whole again after every test.
"""

import io

import pytest
from django.core.checks import Tags, run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from articles import schema_objects
from tests.scratch_databases import migrated, vendor

OWN = [obj for obj in schema_objects.OBJECTS if obj.vendor == vendor()]


def schema_errors() -> list:
    messages = run_checks(tags=[Tags.database], databases=["default"])
    return [message for message in messages if message.id == "articles.E001"]


def drop(obj: schema_objects.SchemaObject) -> None:
    with connection.cursor() as cursor:
        if obj.vendor == "sqlite":
            cursor.execute(f"DROP {obj.kind.upper()} {obj.name}")
        elif obj.kind == "trigger":
            cursor.execute(
                "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [obj.name]
            )
            cursor.execute(f"DROP TRIGGER {obj.name} ON {cursor.fetchone()[0]}")
        else:  # a function takes its triggers and indexes with it
            cursor.execute(f"DROP {obj.kind.upper()} {obj.name} CASCADE")


def test_a_migrated_database_has_every_object(db):
    assert schema_objects.required(connection) == OWN
    assert schema_objects.missing(connection) == []
    assert schema_errors() == []


def test_every_object_has_its_sql_or_command():
    for obj in schema_objects.OBJECTS:
        assert obj.command or obj.create_statements(), obj.name


def test_nothing_is_required_before_its_migration(db, monkeypatch):
    """`migrate` runs database checks first: a new database must pass them."""
    monkeypatch.setattr(MigrationRecorder, "applied_migrations", lambda self: {})
    assert schema_objects.missing(connection) == []
    assert schema_errors() == []


@pytest.mark.parametrize("obj", OWN, ids=[f"{obj.kind}-{obj.name}" for obj in OWN])
def test_a_missing_object_is_named_and_repaired(db, obj):
    drop(obj)
    errors = schema_errors()
    assert obj.name in {error.obj for error in errors}
    error = next(error for error in errors if error.obj == obj.name)
    assert obj.kind in error.msg and obj.migration_label in error.hint
    assert "repair_schema_objects --database default" in error.hint

    call_command("repair_schema_objects", stdout=io.StringIO())
    assert schema_errors() == []


def test_migrate_refuses_while_an_object_is_missing(db):
    drop(OWN[-1])
    with pytest.raises(SystemCheckError, match=OWN[-1].name):
        call_command("migrate", skip_checks=False, verbosity=0)


@pytest.mark.slow
def test_manage_py_check_fails_until_repaired(tmp_path):
    """As an operator meets it: `check --database` fails, the command repairs, and a table
    Django rebuilds keeps the index that now lives in the model."""
    database = migrated("schema_checks", tmp_path)
    try:
        rebuild_entities = (
            "from django.db import connection, models\n"
            "from entities.models import Entity\n"
            "new = models.TextField(blank=True, null=True)\n"
            "new.set_attributes_from_name('description')\n"
            "with connection.schema_editor() as editor:\n"
            "    editor.alter_field(Entity, Entity._meta.get_field('description'), new)\n"
            "with connection.cursor() as cursor:\n"
            "    cursor.execute('DROP INDEX article_search_visible'"
            " if connection.vendor == 'sqlite' else 'DROP INDEX article_search_impacts')\n"
        )
        result = database.manage("shell", "-c", rebuild_entities)
        assert result.returncode == 0, result.stderr
        gone = "article_search_visible" if database.vendor == "sqlite" else "article_search_impacts"

        check = database.manage("check", "--database", "default")
        assert check.returncode == 1
        assert f"'{gone}' is missing" in check.stderr and "articles.E001" in check.stderr
        lower_name = (
            "SELECT name FROM sqlite_master WHERE name = 'entity_lower_name'"
            if database.vendor == "sqlite"
            else "SELECT indexname FROM pg_indexes WHERE indexname = 'entity_lower_name'"
        )
        assert database.rows(lower_name) == [("entity_lower_name",)]

        repair = database.manage("repair_schema_objects")
        assert repair.returncode == 0, repair.stderr
        assert f"Created index {gone}" in repair.stdout and "1 missing object" in repair.stdout
    finally:
        database.drop()
