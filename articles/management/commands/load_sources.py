"""`make seed`: the agencies and outlets the importer knows, as sources (never overwritten)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.sources import load_sources


class Command(BaseCommand):
    help = (
        "Create a source for every agency and outlet in articles/data/agencies.json that has "
        "none yet (matched by name or slug). Existing sources are never changed, so the "
        "command is safe to re-run. Run it after load_seed, which loads only into an empty "
        "database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be added; write nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        with transaction.atomic():
            result = load_sources()
            if dry_run:
                transaction.set_rollback(True)
        prefix = "Dry run: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{result}."))
