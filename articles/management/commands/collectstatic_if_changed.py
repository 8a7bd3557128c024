"""`collectstatic_if_changed`: collectstatic (and its compression) only when the static sources
changed since the last complete run (`newsroom.static_stamp`); what `make serve` runs."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from newsroom import static_stamp


class Command(BaseCommand):
    help = (
        "Collect the static files into STATIC_ROOT, with their compressed copies, unless the "
        "files there were collected from the same sources with the same settings."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Collect even when nothing changed."
        )

    def handle(self, *args, **options) -> None:
        root = Path(settings.STATIC_ROOT)
        digest = static_stamp.sources_digest()
        if not options["force"] and static_stamp.is_current(root, digest):
            if options["verbosity"] >= 1:
                self.stdout.write(f"Static files unchanged since the last collection in {root}.")
            return
        root.mkdir(parents=True, exist_ok=True)
        static_stamp.forget(root)
        call_command("collectstatic", interactive=False, verbosity=max(0, options["verbosity"] - 1))
        static_stamp.write_stamp(root, digest)
        if options["verbosity"] >= 1:
            self.stdout.write(f"Static files collected in {root}.")
