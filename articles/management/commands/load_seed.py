"""`make seed`: the curated seed stories and starter knowledge base, for an empty database only."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.models import Article, Source
from entities.models import Entity

FIXTURE = "seed"


class Command(BaseCommand):
    help = (
        "Load the five curated seed stories and their entities (fixtures/seed.json) when the "
        "database holds no stories yet. Existing data is never overwritten."
    )

    def handle(self, *args, **options) -> None:
        stories = Article.objects.count()
        if stories:
            self.stdout.write(f"Seed not loaded: left the existing {stories} stories alone.")
            return
        # The fixture has fixed primary keys: loading it over entities or sources an editor
        # has already created would overwrite them.
        entities, sources = Entity.objects.count(), Source.objects.count()
        if entities or sources:
            self.stdout.write(
                f"Seed not loaded: no stories yet, but left the existing {entities} entities "
                f"and {sources} sources alone."
            )
            return
        call_command("loaddata", FIXTURE, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {Article.objects.count()} seed stories, {Entity.objects.count()} "
                f"entities and {Source.objects.count()} sources."
            )
        )
