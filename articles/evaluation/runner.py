"""Running labelled stories through the importer exactly as `import_documents --dry-run` does.

The import path parses and links against the knowledge base and writes nothing; the linker is
built once and reused for every story. Everything is also rolled back, so an evaluation can
never leave a trace in the database it reads.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from articles.evaluation.labels import StoryLabel, load_corpus
from articles.evaluation.matching import SystemEntity
from articles.evaluation.report import Evaluation
from articles.evaluation.scoring import StoryOutput, score_story
from articles.importing import ImportResult, import_bytes, prepare
from articles.linking import describe
from entities.gazetteer import current_linker


def dry_run(labels: list[StoryLabel]) -> list[StoryOutput]:
    """What the importer makes of each story, in order."""
    with transaction.atomic():
        linker = current_linker()
        outputs = [_output(label, linker) for label in labels]
        transaction.set_rollback(True)
    return outputs


def _output(label: StoryLabel, linker) -> StoryOutput:
    # The page's address, as an import that fetched the page knows it (the source only).
    prepared = prepare(label.data, linker, address=label.url)
    result = import_bytes(data=label.data, name=label.file, dry_run=True, prepared=prepared)
    return from_result(label.file, result, describe(list(prepared.suggestions)))


def from_result(file: str, result: ImportResult, entities: list[dict]) -> StoryOutput:
    """The importer's answers, from the parsed document rather than a stored story when the
    database already holds the same text (a `duplicate`), so stored edits never count."""
    if result.status == "failed" or result.parsed is None:
        return StoryOutput(file=file, error=result.error or "not imported")
    parsed, article = result.parsed, result.article
    source = parsed.source
    if result.status == "imported" and article is not None and article.source is not None:
        source = article.source.name
    return StoryOutput(
        file=file,
        title=parsed.title,
        title_derived=parsed.title_derived,
        date=parsed.published,
        dateline=parsed.dateline,
        byline=parsed.byline,
        source=source,
        language=parsed.language,
        text=parsed.text,
        entities=tuple(SystemEntity.from_dict(row) for row in entities),
    )


def evaluate(corpus: Path) -> Evaluation:
    """Load and check the corpus's labels, run every story and score it, by language."""
    scores = {}
    for language, labels in load_corpus(corpus).items():
        outputs = dry_run(labels)
        scores[language] = [
            score_story(label, output) for label, output in zip(labels, outputs, strict=True)
        ]
    return Evaluation(scores)
