"""`import_documents PATH [PATH ...]`: wire stories in, draft articles out (docs/importing.md)."""

import json
import os
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles import services, workflow
from articles.importing import find_documents, import_paths


class Command(BaseCommand):
    help = (
        "Import raw wire stories from files or folders (searched recursively for *.txt) as "
        "draft articles. Exit status 0 when nothing failed, 1 when any file failed, 2 for a "
        "usage error."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Parse and link; write nothing.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object instead.")
        parser.add_argument("--publish", action="store_true", help="Publish instead of drafts.")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Who the stories are recorded as imported (and, with --publish, published) by: "
            "an Editor for --publish. Default: the system account "
            f"({services.SYSTEM_USERNAME}), which no one logs in as.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that parse and link while this one writes (default: CPU count).",
        )
        parser.add_argument(
            "--async-commit",
            action="store_true",
            help=(
                "Bulk loads on PostgreSQL: do not wait for each story's commit to reach the "
                "disk (faster; a crash may lose the last ~0.6 s of stories: re-run to restore)."
            ),
        )

    def handle(self, *args, **options):
        missing = [str(p) for p in options["paths"] if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}", returncode=2)
        documents = list(find_documents(options["paths"]))
        show_progress = not options["json"] and sys.stderr.isatty() and len(documents) > 1
        counts = {"imported": 0, "duplicate": 0, "failed": 0}
        results = []
        if options["jobs"] < 1:
            raise CommandError("--jobs must be 1 or more", returncode=2)
        user = None if options["dry_run"] else self.importer(options)
        results_iter = import_paths(
            documents,
            publish=options["publish"],
            dry_run=options["dry_run"],
            jobs=options["jobs"],
            async_commit=options["async_commit"],
            user=user,
        )
        progress = tqdm(
            results_iter,
            total=len(documents),
            disable=not show_progress,
            unit="file",
            file=sys.stderr,
        )
        for result in progress:
            counts[result.status] += 1
            if options["json"]:
                results.append(result.as_dict())
            elif result.status == "failed":
                self.line(progress, f"failed {result.path}: {result.error}")
            else:
                self.line(progress, f"{result.status} {result.path} -> {result.article.slug}")
                for warning in result.warnings if result.status == "imported" else ():
                    self.line(progress, f"  warning: {warning}")
        if options["json"]:
            self.stdout.write(
                json.dumps({"results": results, "summary": counts}, ensure_ascii=False)
            )
        else:
            self.stdout.write(
                f"{counts['imported']} imported, {counts['duplicate']} duplicate, "
                f"{counts['failed']} failed"
            )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(documents)} files failed", returncode=1)

    def importer(self, options):
        """The account the writes are recorded as (`published_by`, revisions, the audit log)."""
        if options["user"] is None:
            return services.system_user()
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']}", returncode=2)
        if options["publish"] and not workflow.may_publish(user):
            raise CommandError(
                f"{user.username} may not publish stories (an Editor may)", returncode=2
            )
        return user

    def line(self, progress: tqdm, text: str) -> None:
        """One result line; through tqdm so the bar on the same terminal is redrawn below it."""
        with progress.external_write_mode(file=sys.stderr):
            self.stdout.write(text)
