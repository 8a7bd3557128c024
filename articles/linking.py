"""Linking stories to the knowledge base: suggestions in, editors decide.

Suggestions are stored as `suggested` mentions. An editor's decision is never undone by a
re-link: confirmed mentions keep their status (their spans follow the text) and rejected ones
are not proposed again for that story.
"""

from dataclasses import dataclass

from django.db import transaction

from articles.models import Article, Mention
from entities.gazetteer import current_linker, entity_slug
from entities.linking import Linker, Suggestion
from newsroom.text import ascii_slug


@dataclass
class LinkOutcome:
    suggestions: list[Suggestion]
    created: int
    updated: int


def suggest(article: Article, linker: Linker | None = None) -> list[Suggestion]:
    """What the linker finds in a story (nothing is stored)."""
    linker = linker or current_linker()
    return linker.link(article.text, language=article.language, published=article.published)


@transaction.atomic
def link_article(
    *, article: Article, linker: Linker | None = None, new_article: bool = False
) -> LinkOutcome:
    """Store the linker's suggestions for `article` as mentions, respecting editors' decisions.

    `new_article` says the story was created in this transaction, so it has no mentions to read.
    """
    suggestions = suggest(article, linker)
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
    Mention.objects.bulk_create(to_create)
    Mention.objects.bulk_update(to_update, ["surface_forms", "spans", "count", "confidence"])
    return LinkOutcome(suggestions=suggestions, created=len(to_create), updated=len(to_update))


def describe(suggestions: list[Suggestion]) -> list[dict]:
    """The `entities` list of `import_documents --json` (DESIGN.md), known entities first."""
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
