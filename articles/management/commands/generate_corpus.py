"""`generate_corpus`: a synthetic corpus to measure Newsroom at scale (docs/benchmarks.md)."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from tqdm import tqdm

from articles.corpus import CorpusError, CorpusSummary, build_corpus


class Command(BaseCommand):
    help = (
        "Fill an empty database with a synthetic corpus: stories in English and Russian, "
        "entities of every kind with Zipf-like popularity, about ten mentions per story, every "
        "state present. The same seed gives the same corpus. --replace deletes the stories, "
        "entities and sources already there first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, default=100_000, help="Stories (100,000).")
        parser.add_argument("--entities", type=int, default=20_000, help="Entities (20,000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete all stories, mentions, entities and sources first.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes in all: others write the stories while this one inserts them "
            "(default: CPU count; the corpus is the same whatever the number).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database to fill.")

    def handle(self, *args, **options) -> None:
        show_progress = options["verbosity"] > 0 and sys.stderr.isatty()
        with tqdm(
            total=options["articles"], disable=not show_progress, unit="story", file=sys.stderr
        ) as progress:
            try:
                summary = build_corpus(
                    articles=options["articles"],
                    entities=options["entities"],
                    seed=options["seed"],
                    replace=options["replace"],
                    jobs=options["jobs"],
                    using=options["database"],
                    progress=progress.update,
                )
            except CorpusError as error:
                raise CommandError(str(error)) from error
        self.report(summary, verbose=options["verbosity"] > 1)

    def report(self, summary: CorpusSummary, *, verbose: bool) -> None:
        """The summary; the `popular entity:` and `rare entity:` lines are read by benchmarks."""

        def shares(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=_largest))

        self.stdout.write(
            f"{summary.articles} stories ({shares(summary.statuses)}; {shares(summary.languages)})"
        )
        self.stdout.write(f"{summary.mentions} mentions ({shares(summary.mention_statuses)})")
        self.stdout.write(
            f"{summary.entities} entities, {summary.aliases} aliases, {summary.roles} roles, "
            f"{summary.sources} sources, {summary.tagged} tags on stories"
        )
        for label, found in (("popular", summary.popular), ("rare", summary.rare)):
            if found:
                slug, stories = found
                plural = "story" if stories == 1 else "stories"
                self.stdout.write(f"{label} entity: {slug} ({stories} public {plural})")
        if verbose:
            steps = ", ".join(f"{step} {s:.1f} s" for step, s in summary.seconds.items())
            self.stdout.write(f"elapsed, cumulative: {steps}")
        self.stdout.write(
            self.style.SUCCESS(f"Corpus generated in {summary.seconds['total']:.1f} s.")
        )


def _largest(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]
