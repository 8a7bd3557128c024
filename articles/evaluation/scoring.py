"""Scoring the importer's answers against the labels: pure, so it is tested on made-up input.

A story's score keeps every judgement (right or not, and what was expected and found), so the
figures and the list of misses come from the same place and can never disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from articles.evaluation import compare
from articles.evaluation.labels import KINDS, StoryLabel
from articles.evaluation.matching import KindOutcome, SystemEntity, match_story

FIELDS = ("title", "date", "dateline", "byline", "source", "language")
BOILERPLATE = "boilerplate_removed"
OVERALL = "overall"


@dataclass(frozen=True)
class StoryOutput:
    """What the importer made of one story (`runner.dry_run` fills it from an ImportResult)."""

    file: str
    title: str | None = None
    title_derived: bool = False
    date: datetime.date | None = None
    dateline: str | None = None
    byline: str | None = None
    source: str | None = None
    language: str | None = None
    text: str = ""
    entities: tuple[SystemEntity, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class FieldResult:
    field: str
    right: bool
    expected: object
    got: object


@dataclass
class StoryScore:
    file: str
    error: str | None
    fields: list[FieldResult]
    boilerplate: list[tuple[str, bool]]  # (line, removed)
    entities: dict[str, KindOutcome]


def score_story(label: StoryLabel, output: StoryOutput) -> StoryScore:
    """Judge one story's fields, boilerplate and entities (a failed import is wrong on all)."""
    failed = output.error is not None
    checks = {
        "title": compare.same_title(label.title, output.title, derived=output.title_derived),
        "date": label.date == output.date,
        "dateline": compare.same_text(label.dateline, output.dateline),
        "byline": compare.same_text(label.byline, output.byline),
        "source": compare.same_source(label.source, output.source),
        "language": label.language == output.language,
    }
    fields = [
        FieldResult(name, right and not failed, getattr(label, name), getattr(output, name))
        for name, right in checks.items()
    ]
    boilerplate = [
        (line, not failed and not compare.boilerplate_kept(line, output.text))
        for line in label.boilerplate
    ]
    return StoryScore(
        file=label.file,
        error=output.error,
        fields=fields,
        boilerplate=boilerplate,
        entities=match_story(list(output.entities), list(label.entities)),
    )


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class KindCounts:
    system: int = 0
    labelled: int = 0
    matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.system if self.system else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.labelled if self.labelled else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Summary:
    """One language's totals."""

    stories: int = 0
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    boilerplate: Tally = field(default_factory=Tally)
    entities: dict[str, KindCounts] = field(
        default_factory=lambda: {k: KindCounts() for k in KINDS}
    )

    @property
    def overall(self) -> Tally:
        """All six fields together (boilerplate apart: it is counted in lines, not stories)."""
        return Tally(
            sum(t.right for t in self.fields.values()), sum(t.total for t in self.fields.values())
        )


def summarize(scores: list[StoryScore]) -> Summary:
    summary = Summary(stories=len(scores))
    for score in scores:
        for result in score.fields:
            tally = summary.fields[result.field]
            tally.total += 1
            tally.right += result.right
        for _, removed in score.boilerplate:
            summary.boilerplate.total += 1
            summary.boilerplate.right += removed
        for kind, outcome in score.entities.items():
            counts = summary.entities[kind]
            counts.matched += len(outcome.matched)
            counts.system += len(outcome.matched) + len(outcome.wrong)
            counts.labelled += len(outcome.matched) + len(outcome.missed)
    return summary


def figures(summaries: dict[str, Summary]) -> dict[str, float | None]:
    """The flat figures a ratchet holds, e.g. `en.fields.title`, `ru.entities.person.recall`."""
    flat: dict[str, float | None] = {}
    for language, summary in summaries.items():
        for name, tally in summary.fields.items():
            flat[f"{language}.fields.{name}"] = tally.rate
        flat[f"{language}.fields.{BOILERPLATE}"] = summary.boilerplate.rate
        flat[f"{language}.fields.{OVERALL}"] = summary.overall.rate
        for kind, counts in summary.entities.items():
            flat[f"{language}.entities.{kind}.precision"] = counts.precision
            flat[f"{language}.entities.{kind}.recall"] = counts.recall
            flat[f"{language}.entities.{kind}.f1"] = counts.f1
    return flat


def misses(score: StoryScore) -> list[str]:
    """The story's misses, one line each: file, what, and what to look at."""
    lines = []
    if score.error:
        lines.append(f"{score.file}  import  failed: {score.error}")
    for result in score.fields:
        if not result.right and not score.error:
            lines.append(
                f"{score.file}  {result.field}  expected {_shown(result.expected)}, "
                f"got {_shown(result.got)}"
            )
    for line, removed in score.boilerplate:
        if not removed and not score.error:
            lines.append(f"{score.file}  boilerplate  kept  {_shown(line)}")
    for kind, outcome in score.entities.items():
        for label, hint in outcome.missed:
            forms = ", ".join(label.surface)
            name = (
                f"{label.name} / {label.ru}" if label.ru and label.ru != label.name else label.name
            )
            extra = f"; {hint}" if hint else ""
            lines.append(f"{score.file}  {kind}  missed  {name} (surface: {forms}{extra})")
        for entity, why in outcome.wrong:
            lines.append(f"{score.file}  {kind}  wrong  {entity.describe(why)}")
    return lines


def _shown(value: object) -> str:
    if value is None or value == "":
        return "null"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return f'"{value}"'
