"""Acceptance: the five seed stories against a realistic starter gazetteer."""

from datetime import date
from functools import cache

import pytest

from entities.linking import Linker
from tests.linking.gazetteer import entries, roles, seed_rows

REQUIRED_KINDS = {"person", "organization", "country"}


@cache
def linker() -> Linker:
    return Linker.build(entries(), roles())


def _articles() -> list[dict]:
    return seed_rows("articles.article")


def _confirmed(article_id: int) -> dict[int, dict]:
    kinds = {row["pk"]: row["fields"]["kind"] for row in seed_rows("entities.entity")}
    return {
        row["fields"]["entity"]: row["fields"] | {"kind": kinds[row["fields"]["entity"]]}
        for row in seed_rows("articles.mention")
        if row["fields"]["article"] == article_id and row["fields"]["status"] == "confirmed"
    }


def _link(article: dict):
    fields = article["fields"]
    published = date.fromisoformat(fields["published"]) if fields["published"] else None
    return linker().link(fields["text"], language=fields["language"], published=published)


def _wrong(suggestions, confirmed) -> list:
    """Suggestions of unconfirmed entities; a new-entity proposal of a listed thing is fine."""
    listed = {form.casefold() for m in confirmed.values() for form in m["surface_forms"]}
    return [
        s
        for s in suggestions
        if (s.new and not {f.casefold() for f in s.surface_forms} & listed)
        or (not s.new and s.entity_id not in confirmed)
    ]


@pytest.mark.parametrize("article", _articles(), ids=lambda a: f"article-{a['pk']}")
def test_finds_every_confirmed_person_organization_and_country(article):
    confirmed = _confirmed(article["pk"])
    found = {s.entity_id for s in _link(article)}
    missing = {
        m["kind"]: entity_id
        for entity_id, m in confirmed.items()
        if m["kind"] in REQUIRED_KINDS and entity_id not in found
    }
    assert not missing


@pytest.mark.parametrize("article", _articles(), ids=lambda a: f"article-{a['pk']}")
def test_at_most_one_wrong_suggestion(article):
    assert len(_wrong(_link(article), _confirmed(article["pk"]))) <= 1


@pytest.mark.parametrize("article", _articles(), ids=lambda a: f"article-{a['pk']}")
def test_spans_point_at_surface_forms(article):
    text = article["fields"]["text"]
    for suggestion in _link(article):
        assert suggestion.count == len(suggestion.spans)
        assert {text[s:e] for s, e in suggestion.spans} == set(suggestion.surface_forms)


def precision_recall() -> tuple[float, float]:
    """Over all kinds and stories: right suggestions / suggestions, and confirmed entities
    found / confirmed entities that appear in the text (a confirmed mention may have no span)."""
    right = suggested = found = relevant = 0
    for article in _articles():
        confirmed = _confirmed(article["pk"])
        suggestions = _link(article)
        in_text = {i for i, m in confirmed.items() if m["count"]}
        suggested += len(suggestions)
        right += len(suggestions) - len(_wrong(suggestions, confirmed))
        relevant += len(in_text)
        found += len(in_text & {s.entity_id for s in suggestions})
    return right / suggested, found / relevant


def test_precision_and_recall_over_all_kinds():
    precision, recall = precision_recall()
    assert precision >= 0.9
    assert recall >= 0.85
