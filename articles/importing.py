"""Importing raw wire stories: one file, one transaction, safe to re-run.

The parsing is pure (`articles.ingest`); this module only decides what is stored. A story's
natural key is its content hash, enforced unique by the database, so a re-run, a renamed copy
or two imports of the same file at once all end with one story.
"""

from __future__ import annotations

import datetime
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, transaction

from articles import services
from articles.html import html_to_text
from articles.ingest import IngestError, ParsedDocument, parse_document
from articles.ingest.credits import is_known_agency
from articles.linking import describe, mentions_as_entities
from articles.models import Article, Source
from entities.gazetteer import current_linker
from entities.linking import Linker, Suggestion
from newsroom.text import unique_slug

Status = Literal["imported", "duplicate", "failed"]


@dataclass
class ImportResult:
    path: str
    status: Status
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    article: Article | None = None
    parsed: ParsedDocument | None = None
    entities: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The per-file shape of `import_documents --json` (docs/importing.md)."""
        return {
            "path": self.path,
            "status": self.status,
            "error": self.error,
            "warnings": list(self.warnings),
            "article": article_summary(self.article, self.entities) if self.article else None,
            "via": self.parsed.via if self.parsed else None,
        }


def article_summary(article: Article, entities: list[dict] | None = None) -> dict:
    published = article.published
    if isinstance(published, datetime.date):
        published = published.isoformat()
    return {
        "slug": article.slug,
        "title": article.title,
        "language": article.language,
        "published": published,
        "dateline": article.dateline,
        "byline": article.byline,
        "source": article.source.name if article.source_id or article.source else None,
        "entities": entities or [],
    }


@dataclass(frozen=True)
class Prepared:
    """The pure part of importing one document (parse, then link), done on any free core."""

    parsed: ParsedDocument | None
    error: str | None = None
    suggestions: tuple[Suggestion, ...] = ()
    # The story's text as the write path derives it from the body (`html_to_text`), worked out
    # here, off the writing process, and linked as such.
    text: str = ""


def prepare(data: bytes, linker: Linker) -> Prepared:
    try:
        parsed = parse_document(data)
    except IngestError as exc:
        return Prepared(None, str(exc))
    text = html_to_text(parsed.body_html)
    found = linker.link(text, language=parsed.language, published=parsed.published)
    return Prepared(parsed, None, tuple(without_agencies(found)), text)


def without_agencies(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Drop proposed organisations that are agencies the newsroom knows ("Kazinform News Agency
    reports", "speaking to Anadolu Agency"): an agency in the copy is a credit, and agencies are
    sources (`articles/data/agencies.json`), not entities (entities/data/README.md)."""
    return [
        s
        for s in suggestions
        if not (s.new and s.kind == "organization" and is_known_agency(s.name))
    ]


def max_import_bytes() -> int:
    return int(getattr(settings, "NEWSROOM_IMPORT_MAX_BYTES", 2 * 1024 * 1024))


def find_documents(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and folders searched recursively for *.txt, each file once, in order."""
    seen: set[Path] = set()
    for path in paths:
        candidates = (
            sorted(p for p in path.rglob("*.txt") if p.is_file()) if path.is_dir() else [path]
        )
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                yield candidate


def read_document(path: Path) -> bytes | str:
    """The file's bytes, or the reason it cannot be imported (checked before reading it whole)."""
    limit = max_import_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            return f"file is {_human(size)}, over the {_human(limit)} limit"
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if len(data) > limit:  # grew while we looked
        return f"file is over the {_human(limit)} limit"
    return data


def import_path(*, path: Path, publish: bool = False, dry_run: bool = False) -> ImportResult:
    """Import one file; any problem becomes a `failed` result naming the file's reason."""
    data = read_document(path)
    if isinstance(data, str):
        return ImportResult(str(path), "failed", error=data)
    return import_bytes(data=data, name=str(path), publish=publish, dry_run=dry_run)


def import_paths(
    paths: list[Path], *, publish: bool = False, dry_run: bool = False, jobs: int = 1
) -> Iterator[ImportResult]:
    """Import files in order. With `jobs` > 1, parsing and linking run in forked workers while
    this process writes, one batch ahead, so both cores work; results are the same."""
    if jobs <= 1 or len(paths) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for path in paths:
            yield import_path(path=path, publish=publish, dry_run=dry_run)
        return
    global _worker_linker
    _worker_linker = current_linker()  # inherited by the forked workers, never rebuilt there
    with multiprocessing.get_context("fork").Pool(max(1, jobs - 1)) as pool:
        pending = None
        for start in range(0, len(paths), _BATCH):
            items = [(path, read_document(path)) for path in paths[start : start + _BATCH]]
            datas = [data if isinstance(data, bytes) else None for _, data in items]
            job = pool.map_async(_prepare_in_worker, datas)
            if pending:
                yield from _write_batch(*pending, publish=publish, dry_run=dry_run)
            pending = (items, job)
        if pending:
            yield from _write_batch(*pending, publish=publish, dry_run=dry_run)


_BATCH = 32
_worker_linker: Linker | None = None


def _prepare_in_worker(data: bytes | None) -> Prepared | None:
    return None if data is None else prepare(data, _worker_linker)


def _write_batch(items, job, *, publish: bool, dry_run: bool) -> Iterator[ImportResult]:
    for (path, data), prepared in zip(items, job.get(), strict=True):
        if isinstance(data, str):
            yield ImportResult(str(path), "failed", error=data)
        else:
            yield import_bytes(
                data=data, name=str(path), publish=publish, dry_run=dry_run, prepared=prepared
            )


def import_upload(*, upload: UploadedFile, publish: bool = False, user=None) -> ImportResult:
    """Import one file uploaded in the admin, refusing oversize files before reading them."""
    limit = max_import_bytes()
    if upload.size is not None and upload.size > limit:
        return ImportResult(
            upload.name,
            "failed",
            error=f"file is {_human(upload.size)}, over the {_human(limit)} limit",
        )
    return import_bytes(data=upload.read(), name=upload.name, publish=publish, user=user)


def import_bytes(
    *,
    data: bytes,
    name: str,
    publish: bool = False,
    dry_run: bool = False,
    prepared: Prepared | None = None,
    user=None,
) -> ImportResult:
    """Parse, link and store one document in its own transaction (by `user`, or the system)."""
    prepared = prepared or prepare(data, current_linker())
    if prepared.parsed is None:
        return ImportResult(name, "failed", error=prepared.error)
    parsed, suggestions = prepared.parsed, list(prepared.suggestions)
    existing = Article.objects.select_related("source").filter(content_hash=parsed.content_hash)
    if duplicate := existing.first():
        return _duplicate(name, duplicate, parsed)
    if dry_run:
        article = _build_article(parsed, data=data, name=name, publish=publish, save=False)
    else:
        for attempt in range(3):
            try:
                with transaction.atomic():
                    article = services.story_create(
                        article=_build_article(
                            parsed, data=data, name=name, publish=publish, save=True
                        ),
                        user=user,
                        via="import",
                        comment=f"Imported from {Path(name).name}",
                        suggestions=suggestions,
                        derived_text=(parsed.body_html, prepared.text),
                    )
                break
            except (IntegrityError, services.SlugTaken) as exc:
                # Another import stored the same story (or took the slug) since we looked.
                if duplicate := existing.first():
                    return _duplicate(name, duplicate, parsed)
                if attempt == 2:
                    return _refused(name, exc)
            except DatabaseError as exc:
                # Read-only, full, gone: the transaction is rolled back, this file is reported
                # and the caller goes on with the next one.
                return _refused(name, exc)
    return ImportResult(
        name,
        "imported",
        warnings=parsed.warnings,
        article=article,
        parsed=parsed,
        entities=describe(suggestions),
    )


def _refused(name: str, exc: DatabaseError) -> ImportResult:
    """A file the database would not store: nothing of it was written (its transaction rolled
    back), and the reason is the database's own first line."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ImportResult(name, "failed", error=f"not stored, the database refused it: {reason}")


def _duplicate(name: str, article: Article, parsed: ParsedDocument) -> ImportResult:
    """A story already here: reported with the story it duplicates and that story's entities."""
    return ImportResult(
        name, "duplicate", article=article, parsed=parsed, entities=mentions_as_entities(article)
    )


def _build_article(
    parsed: ParsedDocument, *, data: bytes, name: str, publish: bool, save: bool
) -> Article:
    """The story a document makes, unsaved (`services.story_create` stores it); its source is
    saved first when it is new and `save` is set."""
    source = None
    if parsed.source:
        source = Source.objects.filter(name__iexact=parsed.source).first()
        if source is None:
            source = Source(name=parsed.source)
            if save:
                source.save()
    article = Article(
        title=parsed.title,
        summary=parsed.summary,
        body=parsed.body_html,
        text=parsed.text,
        language=parsed.language,
        source=source,
        byline=parsed.byline,
        dateline=parsed.dateline,
        published=parsed.published,
        status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
        original=data,
        original_filename=Path(name).name[:255],
        content_hash=parsed.content_hash,
    )
    if not save:
        article.slug = unique_slug(Article, article.title)
    return article


def _human(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"
