"""Recovery: make again the raw triggers, indexes and tables a database has lost."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from articles import schema_objects


class Command(BaseCommand):
    help = (
        "Create every raw database object (articles.schema_objects) the database lacks, with "
        "the SQL of the migration that made it: what `check --database` reports as "
        "articles.E001. Objects already there are left alone, so it is safe to run at any time."
    )
    # The check this command answers would otherwise stop it from running.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to repair.")

    def handle(self, *args, database: str, **options) -> None:
        with transaction.atomic(using=database):
            made = schema_objects.repair(connections[database])
        for obj in made:
            self.stdout.write(f"Created {obj.kind} {obj.name} ({obj.migration_label}).")
        self.stdout.write(self.style.SUCCESS(f"{len(made)} missing object(s) created."))
