"""`make seed`: the starter knowledge base, added to whatever the database already holds."""

from django.core.management.base import BaseCommand
from django.db import transaction

from entities.knowledge.load import load_knowledge_base


class Command(BaseCommand):
    help = (
        "Load the starter knowledge base: every UN member and observer state, capitals and the "
        "region's cities, international organizations and COP sessions. Entities are matched by "
        "slug; existing ones only gain missing aliases and roles, never a new name or "
        "description, so the command is safe to re-run."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be added; write nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        with transaction.atomic():
            result = load_knowledge_base()
            if dry_run:
                transaction.set_rollback(True)
        prefix = "Dry run: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{result}."))
