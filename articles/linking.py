"""Linking stories to the knowledge base: suggestions in, editors decide.

Suggestions are stored as `suggested` mentions. An editor's decision is never undone by a
re-link: confirmed mentions keep their status (their spans follow the text) and rejected ones
are not proposed again for that story. A re-link recomputes every span from the current text;
a suggestion the linker no longer finds is removed, and a decided mention it no longer finds
keeps its decision with no spans and a count of 0.
"""

from dataclasses import dataclass

from django.db import transaction

from articles.models import Article, EntityProposal, Mention
from entities.gazetteer import current_linker, entity_slug
from entities.linking import Linker, Suggestion
from entities.models import normalize_name
from newsroom.text import ascii_slug


@dataclass
class LinkOutcome:
    suggestions: list[Suggestion]
    created: int
    updated: int
    proposed: int = 0


def suggest(article: Article, linker: Linker | None = None) -> list[Suggestion]:
    """What the linker finds in a story (nothing is stored)."""
    linker = linker or current_linker()
    return linker.link(article.text, language=article.language, published=article.published)


@transaction.atomic(savepoint=False)
def link_article(
    *,
    article: Article,
    linker: Linker | None = None,
    new_article: bool = False,
    suggestions: list[Suggestion] | None = None,
) -> LinkOutcome:
    """Store the linker's suggestions for `article` as mentions, respecting editors' decisions.

    `new_article` says the story was created in this transaction, so it has no mentions to read;
    `suggestions` are the linker's findings when they were computed elsewhere (import workers).
    Inside a caller's transaction (the service layer's write) it opens no savepoint of its own:
    a failure here fails that whole write, as it should, and a story's import costs two queries
    fewer.
    """
    suggestions = suggest(article, linker) if suggestions is None else suggestions
    existing = {} if new_article else {m.entity_id: m for m in article.mentions.all()}
    to_create, to_update = [], []
    for found in suggestions:
        if found.new or found.entity_id is None:
            continue
        fields = {
            "surface_forms": list(found.surface_forms),
            "spans": [list(span) for span in found.spans],
            "count": found.count,
        }
        mention = existing.get(found.entity_id)
        if mention is None:
            to_create.append(
                Mention(
                    article=article,
                    entity_id=found.entity_id,
                    status=Mention.Status.SUGGESTED,
                    confidence=round(min(max(found.confidence, 0.0), 1.0), 3),
                    **fields,
                )
            )
        elif mention.status != Mention.Status.REJECTED:
            for name, value in fields.items():
                setattr(mention, name, value)
            if mention.status == Mention.Status.SUGGESTED:
                mention.confidence = round(min(max(found.confidence, 0.0), 1.0), 3)
            to_update.append(mention)
    found_ids = {found.entity_id for found in suggestions if not found.new}
    lost = [mention for key, mention in existing.items() if key not in found_ids]
    _forget_lost(Mention, lost, pending=Mention.Status.SUGGESTED)
    Mention.objects.bulk_create(to_create)
    Mention.objects.bulk_update(
        [*to_update, *(m for m in lost if m.status != Mention.Status.SUGGESTED)],
        ["surface_forms", "spans", "count", "confidence"],
    )
    proposed = _store_proposals(article, [s for s in suggestions if s.new], new_article)
    return LinkOutcome(
        suggestions=suggestions, created=len(to_create), updated=len(to_update), proposed=proposed
    )


def _store_proposals(article: Article, found: list[Suggestion], new_article: bool) -> int:
    """Pending proposals for new entities; decided ones (accepted or rejected) stay as they are."""
    existing = {} if new_article else {p.normalized: p for p in article.proposals.all()}
    to_create, to_update = [], []
    for suggestion in found:
        key = normalize_name(suggestion.name)[:200]
        fields = {
            "surface_forms": list(suggestion.surface_forms),
            "spans": [list(span) for span in suggestion.spans],
            "count": suggestion.count,
            "confidence": round(min(max(suggestion.confidence, 0.0), 1.0), 3),
        }
        proposal = existing.get(key)
        if proposal is None:
            existing[key] = EntityProposal(
                article=article,
                name=suggestion.name[:200],
                normalized=key,
                kind=suggestion.kind,
                **fields,
            )
            to_create.append(existing[key])
        elif proposal.status == EntityProposal.Status.PENDING:
            for name, value in fields.items():
                setattr(proposal, name, value)
            to_update.append(proposal)
    found_keys = {normalize_name(suggestion.name)[:200] for suggestion in found}
    lost = [p for key, p in existing.items() if key not in found_keys and p.pk is not None]
    _forget_lost(EntityProposal, lost, pending=EntityProposal.Status.PENDING)
    EntityProposal.objects.bulk_create(to_create, ignore_conflicts=True)
    EntityProposal.objects.bulk_update(
        [*to_update, *(p for p in lost if p.status != EntityProposal.Status.PENDING)],
        ["surface_forms", "spans", "count", "confidence"],
    )
    return len(to_create)


def _forget_lost(model, rows: list, *, pending: str) -> None:
    """Rows the linker no longer finds in the story's text: a pending suggestion goes; a
    decided one (an editor's confirmation or rejection) stays, with no span left pointing at
    words that are no longer there (`count` 0 says it is not in the text)."""
    if pending_pks := [row.pk for row in rows if row.status == pending]:
        model.objects.filter(pk__in=pending_pks).delete()
    for row in rows:
        row.spans, row.count = [], 0


def describe(suggestions: list[Suggestion]) -> list[dict]:
    """The `entities` list of `import_documents --json` (docs/importing.md): known first."""
    rows = [
        {
            "name": s.name,
            "kind": s.kind,
            "slug": (None if s.new else entity_slug(s.entity_id)) or ascii_slug(s.name),
            "surface": list(s.surface_forms),
            "new": s.new,
        }
        for s in suggestions
    ]
    return sorted(rows, key=lambda row: (row["new"], row["name"]))


def mentions_as_entities(article: Article) -> list[dict]:
    """The `entities` list for a stored story: its mentions that were not rejected."""
    mentions = article.mentions.exclude(status=Mention.Status.REJECTED).select_related("entity")
    return [
        {
            "name": m.entity.name,
            "kind": m.entity.kind,
            "slug": m.entity.slug,
            "surface": list(m.surface_forms),
            "new": False,
        }
        for m in mentions.order_by("entity__name")
    ]
