"""Importing raw wire stories: one file, one transaction, safe to re-run.

The parsing is pure (`articles.ingest`); this module only decides what is stored. A story's
natural key is its content hash, enforced unique by the database, so a re-run, a renamed copy
or two imports of the same file at once all end with one story.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, connection, transaction

from articles import services
from articles.html import seal_if_clean
from articles.ingest import IngestError, ParsedDocument, parse_document
from articles.ingest.credits import is_known_agency
from articles.linking import describe, mentions_as_entities
from articles.models import Article, Source
from articles.search import Stems, uses_fts_table
from entities.gazetteer import current_linker
from entities.linking import Linker, Suggestion
from newsroom.text import unique_slug

Status = Literal["imported", "duplicate", "failed"]
# Sources stored (or found) by a run of imports so far, by the name as the document spells it.
Sources = dict[str, Source]


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
    clock = article.published_time
    return {
        "slug": article.slug,
        "title": article.title,
        "language": article.language,
        "published": published,
        "published_time": clock.isoformat("minutes") if clock else None,
        "published_utc_offset": article.published_utc_offset,
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
    # The body as the write path stores it (`sanitize_html`) and its seal, which proves to the
    # writing process that it need not sanitise it again (`articles.html.body_seal`).
    body: str = ""
    seal: str | None = None
    # The headline's and text's stems for SQLite's search index (None on PostgreSQL, whose
    # trigger derives them), also worked out here.
    stems: Stems | None = None


def prepare(data: bytes, linker: Linker, *, address: str | None = None) -> Prepared:
    """Parse and link one document; `address` is the page's web address when known."""
    try:
        parsed = parse_document(data, address=address)
    except IngestError as exc:
        return Prepared(None, str(exc))
    body, text = parsed.body_html, parsed.body_text
    found = linker.link(text, language=parsed.language, published=parsed.published)
    stems = Stems.of(parsed.title, text) if uses_fts_table() else None
    return Prepared(
        parsed, None, tuple(without_agencies(found)), text, body, seal_if_clean(body), stems
    )


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


def read_address(path: Path) -> tuple[str | None, str | None]:
    """The page's web address a scraper saved beside the copy (`story.url` next to
    `story.txt`), and what is wrong with that file if it holds none: many stored pages never
    name their own outlet, their address does. No file is no problem."""
    sidecar = path.with_suffix(".url")
    try:
        with sidecar.open("rb") as handle:
            first = handle.read(2048).decode("utf-8", "replace").strip().splitlines()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{sidecar.name}: cannot read the page address: {exc.strerror or exc}"
    address = first[0].strip() if first else ""
    if address.startswith(("http://", "https://")):
        return address, None
    return None, (
        f"{sidecar.name}: the first line is not a web address (http:// or https://); "
        "the source was read from the copy alone"
    )


def _noting(result: ImportResult, problem: str | None) -> ImportResult:
    if problem and result.status != "failed":
        result.warnings = [*result.warnings, problem]
    return result


def import_path(
    *,
    path: Path,
    publish: bool = False,
    dry_run: bool = False,
    sources: Sources | None = None,
    user=None,
) -> ImportResult:
    """Import one file; any problem becomes a `failed` result naming the file's reason."""
    data = read_document(path)
    if isinstance(data, str):
        return ImportResult(str(path), "failed", error=data)
    address, problem = read_address(path)
    result = import_bytes(
        data=data,
        name=str(path),
        publish=publish,
        dry_run=dry_run,
        sources=sources,
        address=address,
        user=user,
    )
    return _noting(result, problem)


def import_paths(
    paths: list[Path],
    *,
    publish: bool = False,
    dry_run: bool = False,
    jobs: int = 1,
    async_commit: bool = False,
    user=None,
) -> Iterator[ImportResult]:
    """Import files in order. With `jobs` > 1, parsing and linking run in forked workers while
    this process writes, one batch ahead, so both cores work; results are the same.

    `async_commit` is for bulk loads only (an operator's explicit choice, never the default): a
    story reported as imported must survive a crash unless the operator traded that away."""
    run = {"publish": publish, "dry_run": dry_run, "jobs": jobs, "user": user}
    if not async_commit:
        yield from _import_paths(paths, **run)
        return
    with _commits_without_flush():
        yield from _import_paths(paths, **run)


@contextlib.contextmanager
def _commits_without_flush() -> Iterator[None]:
    """On PostgreSQL, a run of imports commits each story without waiting for its WAL flush.

    Each story is its own transaction, and waiting for the disk costs more than storing the
    story (about 10-20 ms a commit on a busy disk, 5 ms of work). Without the wait (PostgreSQL's
    `synchronous_commit = off`, for this connection and this run only) the durability is what
    the SQLite configuration gives every write (WAL, `synchronous=NORMAL`): a crash of the
    server or the machine may lose the last commits (at most three times `wal_writer_delay`,
    0.6 s by default), never corrupt the database or keep half a story. Re-running the import
    brings them back: it is idempotent. Only `import_documents --async-commit` asks for it.
    """
    switched = False
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A database that is down fails each file on its own, as before (not the whole run).
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
            switched = True
    try:
        yield
    finally:
        if switched:
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


def _import_paths(
    paths: list[Path], *, publish: bool, dry_run: bool, jobs: int, user=None
) -> Iterator[ImportResult]:
    sources: Sources = {}
    if jobs <= 1 or len(paths) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for path in paths:
            yield import_path(
                path=path, publish=publish, dry_run=dry_run, sources=sources, user=user
            )
        return
    global _worker_linker
    _worker_linker = current_linker()  # inherited by the forked workers, never rebuilt there
    with _lighter_collection(), multiprocessing.get_context("fork").Pool(max(1, jobs - 1)) as pool:
        pending = None
        for start in range(0, len(paths), _BATCH):
            items = [
                (path, read_document(path), read_address(path))
                for path in paths[start : start + _BATCH]
            ]
            datas = [
                (data, address) if isinstance(data, bytes) else None
                for _, data, (address, _) in items
            ]
            job = pool.map_async(_prepare_in_worker, datas)
            if pending:
                yield from _write_batch(
                    *pending, publish=publish, dry_run=dry_run, sources=sources, user=user
                )
            pending = (items, job)
        if pending:
            yield from _write_batch(
                *pending, publish=publish, dry_run=dry_run, sources=sources, user=user
            )


_BATCH = 32


@contextlib.contextmanager
def _lighter_collection() -> Iterator[None]:
    """Less garbage-collector work for a run of imports, in the writer and the forked workers.

    The objects alive now (the linker's hundreds of thousands) are kept out of the collector's
    walks (`gc.freeze`): they live as long as the process, and in a forked worker a walk would
    also copy every page it touches. The youngest generation is collected after 20,000 new
    container objects instead of 700: a story makes thousands (ORM rows, tokens, matches), few
    of them in cycles, and collecting every 700 cost the writer about a seventh of its time
    (measured with the collector off, docs/benchmarks.md).
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


_worker_linker: Linker | None = None


def _prepare_in_worker(item: tuple[bytes, str | None] | None) -> Prepared | None:
    return None if item is None else prepare(item[0], _worker_linker, address=item[1])


def _write_batch(
    items, job, *, publish: bool, dry_run: bool, sources: Sources, user=None
) -> Iterator[ImportResult]:
    for (path, data, (_, problem)), prepared in zip(items, job.get(), strict=True):
        if isinstance(data, str):
            yield ImportResult(str(path), "failed", error=data)
        else:
            result = import_bytes(
                data=data,
                name=str(path),
                publish=publish,
                dry_run=dry_run,
                prepared=prepared,
                sources=sources,
                user=user,
            )
            yield _noting(result, problem)


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
    sources: Sources | None = None,
    address: str | None = None,
) -> ImportResult:
    """Parse, link and store one document in its own transaction (by `user`, or the system).

    `sources` are the stored sources a run of imports has met so far, by the name as the wire
    spells it: a folder of one agency's stories looks its source up once, not once a story.

    A database connection lost part-way (a restarted server, a dropped network, a killed
    backend) is opened again and the file tried once more; if it is lost again, the file is
    reported as not stored and the next file starts on a fresh connection. Without this, Django
    kept the dead connection and every remaining file of a run failed.
    """
    prepared = prepared or prepare(data, current_linker(), address=address)
    if prepared.parsed is None:
        return ImportResult(name, "failed", error=prepared.error)
    store = functools.partial(
        _store_document,
        prepared,
        data=data,
        name=name,
        publish=publish,
        dry_run=dry_run,
        user=user,
        sources=sources,
    )
    for attempt in range(2):
        opened = None
        try:
            connection.ensure_connection()
            opened = connection.connection
            return store()
        except DatabaseError as exc:
            if not _connection_lost(opened):
                # Read-only, full: the transaction is rolled back, this file is reported and
                # the caller goes on with the next one.
                return _refused(name, exc)
            if sources is not None:
                sources.clear()  # looked up again on the new connection
            _reconnect()
            if attempt == 1:
                return _refused(name, exc, lost=True)
    raise AssertionError("unreachable")


def _connection_lost(opened) -> bool:
    """Whether the connection the file started on is gone (not merely refusing a write): Django
    closed it (its rollback failed) or opened another since, or it answers nothing. Inside a
    caller's own transaction it is never reopened here: that transaction is the caller's."""
    if connection.in_atomic_block:
        return False
    if opened is None or connection.connection is not opened:
        return True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return True
    return False


def _reconnect() -> None:
    """Drop the dead connection; the next query opens a new one."""
    with contextlib.suppress(DatabaseError):
        connection.close()


def _store_document(
    prepared: Prepared,
    *,
    data: bytes,
    name: str,
    publish: bool,
    dry_run: bool,
    user,
    sources: Sources | None,
) -> ImportResult:
    """`import_bytes` on one connection: a database error is raised for it to handle."""
    parsed, suggestions = prepared.parsed, list(prepared.suggestions)
    if duplicate := _stored_with_hash(parsed.content_hash):
        return _duplicate(name, duplicate, parsed)
    warnings = list(parsed.warnings)
    if publish and not parsed.source:
        # A published story needs a source (`Article.input_errors`): kept as a draft instead.
        publish = False
        warnings.append("no source named: imported as a draft (a published story needs one)")
    if dry_run:
        article = _build_article(parsed, data=data, name=name, publish=publish, save=False)
    else:
        sources = {} if sources is None else sources
        for attempt in range(3):
            try:
                article = _build_article(
                    parsed, data=data, name=name, publish=publish, save=True, sources=sources
                )
                source = article.source
                new_source = source is not None and source.pk is None
                # A new source is stored in its first story's transaction; otherwise that
                # transaction is the service's own (no savepoint inside another).
                with transaction.atomic() if new_source else contextlib.nullcontext():
                    if new_source:
                        source.save()
                    # Sanitised and sealed by `prepare`: the service trusts a valid seal, not
                    # the body (one changed since would fail the check and be sanitised again).
                    article.body, article.body_seal = prepared.body, prepared.seal
                    article.search_stems = prepared.stems  # used if title and text are these
                    article = services.story_create(
                        article=article,
                        user=user,
                        via="import",
                        comment=f"Imported from {Path(name).name}",
                        suggestions=suggestions,
                        derived_text=(prepared.body, prepared.text),
                    )
                if source is not None:
                    sources[parsed.source] = source
                break
            except (IntegrityError, services.SlugTaken) as exc:
                sources.pop(parsed.source, None)  # looked up again: it may be what failed
                # Another import stored the same story (or took the slug) since we looked.
                if duplicate := _stored_with_hash(parsed.content_hash):
                    return _duplicate(name, duplicate, parsed)
                if attempt == 2:
                    return _refused(name, exc)
            except services.StoryWriteError as exc:
                # What no story may hold (a control character in the headline): nothing stored.
                return ImportResult(name, "failed", error=f"not stored: {exc}")
            except DatabaseError:
                # Rolled back; `import_bytes` reports the file, or reconnects and tries again.
                sources.pop(parsed.source, None)
                raise
    return ImportResult(
        name,
        "imported",
        warnings=warnings,
        article=article,
        parsed=parsed,
        entities=describe(suggestions),
    )


def _stored_with_hash(content_hash: str) -> int | None:
    """The id of the story already stored with this content hash, or None.

    Only the id: the whole row (and its source) is read when it is a duplicate, not before
    every new story (a query of thirty columns costs twice as much as one of its id). Written
    out rather than built by the ORM each time: it runs before every imported story, and
    building the query cost more than the indexed lookup itself.
    """
    meta, quote = Article._meta, connection.ops.quote_name
    column = meta.get_field("content_hash").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(meta.pk.column)} FROM {quote(meta.db_table)} "
            f"WHERE {quote(column)} = %s",
            [content_hash],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _refused(name: str, exc: DatabaseError, *, lost: bool = False) -> ImportResult:
    """A file the database would not store: nothing of it was written (its transaction rolled
    back), and the reason is the database's own first line."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    why = "the database connection was lost twice" if lost else "the database refused it"
    return ImportResult(name, "failed", error=f"not stored, {why}: {reason}")


def _duplicate(name: str, pk: int, parsed: ParsedDocument) -> ImportResult:
    """A story already here: reported with the story it duplicates and that story's entities."""
    article = Article.objects.select_related("source").get(pk=pk)
    return ImportResult(
        name, "duplicate", article=article, parsed=parsed, entities=mentions_as_entities(article)
    )


def _build_article(
    parsed: ParsedDocument,
    *,
    data: bytes,
    name: str,
    publish: bool,
    save: bool,
    sources: Sources | None = None,
) -> Article:
    """The story a document makes, unsaved (`services.story_create` stores it), with its source:
    a new one unsaved too (the caller stores it in the story's transaction when `save` is set;
    a dry run only shows the story)."""
    source = None
    if parsed.source:
        source = (sources or {}).get(parsed.source) or (
            Source.objects.filter(name__iexact=parsed.source).first()
        )
        if source is None:
            source = Source(name=parsed.source)
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
        published_time=parsed.published_time,
        published_utc_offset=parsed.published_utc_offset,
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
