"""`evaluate`: the importer against the labelled corpus, held by a ratchet (docs/evaluation.md)."""

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.evaluation import ratchet
from articles.evaluation.labels import LabelError
from articles.evaluation.report import as_json, as_text
from articles.evaluation.runner import evaluate


class Command(BaseCommand):
    help = (
        "Import the labelled evaluation corpus in dry-run and print per-field accuracy and "
        "per-kind entity precision/recall by language, with every miss. Exit status 1 when a "
        "figure falls below the committed ratchet, 2 when the corpus or ratchet is unreadable."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus", type=Path, default=Path("fixtures/eval"), help="default: fixtures/eval"
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object instead.")
        parser.add_argument(
            "--ratchet", type=Path, help="The committed figures (default: CORPUS/ratchet.json)."
        )
        parser.add_argument(
            "--update-ratchet",
            action="store_true",
            help="Write the current figures to the ratchet file (never lower, see --allow-lower).",
        )
        parser.add_argument(
            "--allow-lower", action="store_true", help="Let --update-ratchet lower figures."
        )
        parser.add_argument(
            "--misses",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="List every miss (default) or only the figures.",
        )

    def handle(self, *args, **options):
        corpus: Path = options["corpus"]
        ratchet_path: Path = options["ratchet"] or corpus / "ratchet.json"
        try:
            evaluation = evaluate(corpus)
            committed = ratchet.read(ratchet_path)
        except (LabelError, ratchet.RatchetError) as exc:
            raise CommandError(f"cannot evaluate {corpus}:\n{exc}", returncode=2) from exc
        current = evaluation.figures

        if options["update_ratchet"]:
            try:
                written = ratchet.update(ratchet_path, current, allow_lower=options["allow_lower"])
            except ratchet.RatchetError as exc:
                raise CommandError(str(exc), returncode=1) from exc
            verdict = f"ratchet: wrote {len(written)} figures to {ratchet_path}"
            failures: list[str] = []
        elif committed is None:
            verdict = f"ratchet: none committed at {ratchet_path}; figures reported, not held"
            failures = []
        else:
            failures = ratchet.below(current, committed)
            verdict = (
                f"ratchet: {len(failures)} figures below {ratchet_path}"
                if failures
                else f"ratchet: all {len(committed)} figures at or above {ratchet_path}"
            )

        if options["json"]:
            data = as_json(evaluation, show_misses=options["misses"])
            data["ratchet"] = {"file": str(ratchet_path), "verdict": verdict, "below": failures}
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(as_text(evaluation, show_misses=options["misses"]))
            self.stdout.write(verdict)
            for line in failures:
                self.stdout.write(f"  {line}")
        if failures:
            raise CommandError(
                "quality fell below the ratchet:\n  " + "\n  ".join(failures), returncode=1
            )
