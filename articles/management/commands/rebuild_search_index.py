"""Recovery: rebuild the full-text search index from the stories themselves."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from articles import search


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index from every story: SQLite's FTS5 table is dropped and "
        "filled again, PostgreSQL's search_vector is recomputed. Safe to run at any time."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to rebuild the index of."
        )

    def handle(self, *args, database: str, **options) -> None:
        count = search.rebuild(using=database)
        where = "FTS5 table" if connections[database].vendor == "sqlite" else "search_vector"
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} stories ({where})."))
