"""Report aliases that break the alias policy, and with --fix remove exactly those.

Word forms of the entity's own names (case endings, adjectives), role phrases ("Azerbaijani
Foreign Minister") and parts of a person's name ("Jomart Tokayev") were once stored as aliases
by confirming a story's entities; stored, they are matched exactly on every date. Run without
--fix first and read the list; --fix removes the same list in one transaction, with a revision
and an audit event per entity (docs/editorial-workflow.md, "The alias policy").
"""

import json

from django.core.management.base import BaseCommand

from articles import services
from entities.models import Entity


class Command(BaseCommand):
    help = (
        "List aliases that are role phrases, word forms or parts of the entity's own name; "
        "with --fix remove them (one transaction, audited)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--fix", action="store_true", help="Remove the aliases listed (after review)."
        )
        parser.add_argument(
            "--entity", action="append", default=[], metavar="SLUG", help="Only these entities."
        )
        parser.add_argument("--json", action="store_true", help="One JSON document on stdout.")

    def handle(self, *args, **options) -> None:
        entities = Entity.objects.filter(slug__in=options["entity"]) if options["entity"] else None
        found = services.aliases_clean(
            fix=options["fix"], user=None, via="command", entities=entities
        )
        if options["json"]:
            rows = [item.__dict__ for item in found]
            self.stdout.write(
                json.dumps({"fixed": options["fix"], "aliases": rows}, ensure_ascii=False)
            )
            return
        for item in found:
            language = f" [{item.language}]" if item.language else ""
            self.stdout.write(
                f"{item.entity_name} ({item.entity_slug}): “{item.name}”{language} — "
                f"{item.explanation}"
            )
        count = len(found)
        noun = "alias" if count == 1 else "aliases"
        if not count:
            self.stdout.write(self.style.SUCCESS("No alias breaks the policy."))
        elif options["fix"]:
            self.stdout.write(self.style.SUCCESS(f"Removed {count} {noun}."))
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"{count} {noun} to remove; run again with --fix to remove them."
                )
            )
