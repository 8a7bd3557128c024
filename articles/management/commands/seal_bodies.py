"""Seal the stored bodies that are sanitised but carry no valid seal (`articles.html`).

Stories loaded around `Article.save()` (fixtures, a restored dump, bulk loads) and every story
after the secret key or the sanitising policy changes have no valid seal: they are sanitised
again each time they are shown, which is safe but costs about 5 ms a story. This checks each
such body with bleach once and seals it when it is already clean. A body that is not clean is
left as it is (and still sanitised when shown): re-save it to store its clean form.
"""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction
from tqdm import tqdm

from articles.html import has_valid_seal, seal_if_clean
from articles.models import Article

BATCH = 500


class Command(BaseCommand):
    help = "Seal every stored story body that is sanitised but has no valid seal."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, database: str, no_progress: bool, **options) -> None:
        stories = Article.objects.using(database).exclude(body="").order_by("pk")
        total = stories.count()
        sealed = unclean = valid = 0
        rows = stories.values_list("pk", "body", "body_seal").iterator(chunk_size=BATCH)
        changes: list[Article] = []
        with tqdm(total=total, unit="story", disable=no_progress or None) as bar:
            for pk, body, seal in rows:
                bar.update()
                if has_valid_seal(body, seal):
                    valid += 1
                    continue
                new_seal = seal_if_clean(body)
                if new_seal is None:
                    unclean += 1
                    continue
                changes.append(Article(pk=pk, body_seal=new_seal))
                sealed += 1
                if len(changes) >= BATCH:
                    self._write(changes, database)
            self._write(changes, database)
        self.stdout.write(
            self.style.SUCCESS(f"Sealed {sealed} bodies; {valid} were sealed already.")
        )
        if unclean:
            self.stdout.write(
                self.style.WARNING(
                    f"{unclean} bodies differ from their sanitised form: they stay unsealed "
                    "(sanitised whenever shown) until re-saved."
                )
            )

    @staticmethod
    def _write(changes: list[Article], database: str) -> None:
        # Only the seal column: nothing else about the story changes, not even its version.
        with transaction.atomic(using=database):
            Article.objects.using(database).bulk_update(changes, ["body_seal"])
        changes.clear()
