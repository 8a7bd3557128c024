"""The evaluation as a person reads it (tables, then misses) and as a machine reads it (JSON)."""

from __future__ import annotations

from dataclasses import dataclass

from articles.evaluation.labels import KINDS
from articles.evaluation.scoring import (
    BOILERPLATE,
    FIELDS,
    OVERALL,
    StoryScore,
    Summary,
    figures,
    misses,
    summarize,
)


@dataclass
class Evaluation:
    """Every story's score by language, and the totals worked out from them."""

    scores: dict[str, list[StoryScore]]

    @property
    def summaries(self) -> dict[str, Summary]:
        return {language: summarize(scores) for language, scores in self.scores.items()}

    @property
    def figures(self) -> dict[str, float | None]:
        return figures(self.summaries)

    def misses(self, language: str) -> list[str]:
        return [line for score in self.scores[language] for line in misses(score)]


def as_text(evaluation: Evaluation, *, show_misses: bool = True) -> str:
    out: list[str] = []
    for language, summary in evaluation.summaries.items():
        out.append(f"== {language}: {summary.stories} stories")
        out.append(f"  {'field':<22}{'right':>7}{'labelled':>10}{'accuracy':>10}")
        rows = [(name, summary.fields[name]) for name in FIELDS]
        rows += [
            ("boilerplate removed", summary.boilerplate),
            ("overall (fields)", summary.overall),
        ]
        for name, tally in rows:
            out.append(f"  {name:<22}{tally.right:>7}{tally.total:>10}{_rate(tally.rate):>10}")
        out.append("")
        out.append(
            f"  {'entities':<22}{'system':>7}{'labelled':>10}{'matched':>9}"
            f"{'precision':>11}{'recall':>8}{'F1':>7}"
        )
        for kind in KINDS:
            c = summary.entities[kind]
            note = "  (not ratcheted)" if kind == "place" else ""
            out.append(
                f"  {kind:<22}{c.system:>7}{c.labelled:>10}{c.matched:>9}"
                f"{_rate(c.precision):>11}{_rate(c.recall):>8}{_rate(c.f1):>7}{note}"
            )
        out.append("")
        if show_misses:
            lines = evaluation.misses(language)
            out.append(f"  misses ({len(lines)}):")
            out.extend(f"  {line}" for line in lines)
            out.append("")
    return "\n".join(out)


def as_json(evaluation: Evaluation, *, show_misses: bool = True) -> dict:
    """Counts and figures by language, the flat figures a ratchet holds, and the misses."""
    languages = {}
    for language, summary in evaluation.summaries.items():
        tallies = {name: summary.fields[name] for name in FIELDS}
        tallies[BOILERPLATE] = summary.boilerplate
        tallies[OVERALL] = summary.overall
        languages[language] = {
            "stories": summary.stories,
            "fields": {
                name: {"right": t.right, "labelled": t.total, "accuracy": _round(t.rate)}
                for name, t in tallies.items()
            },
            "entities": {
                kind: {
                    "system": c.system,
                    "labelled": c.labelled,
                    "matched": c.matched,
                    "precision": _round(c.precision),
                    "recall": _round(c.recall),
                    "f1": _round(c.f1),
                }
                for kind, c in summary.entities.items()
            },
        }
        if show_misses:
            languages[language]["misses"] = evaluation.misses(language)
    return {
        "languages": languages,
        "figures": {key: _round(value) for key, value in evaluation.figures.items()},
    }


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
