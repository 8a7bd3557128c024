"""Merging duplicate entities: the stories' mentions move, then the knowledge base absorbs."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article, Mention
from entities.models import Entity
from entities.services import absorb_entity

# When both entities are mentioned in one story, the editor's strongest decision wins.
_RANK = {Mention.Status.CONFIRMED: 2, Mention.Status.SUGGESTED: 1, Mention.Status.REJECTED: 0}


@transaction.atomic
def merge_entities(*, winner: Entity, loser: Entity) -> dict[str, int]:
    """Merge `loser` into `winner`: mentions, aliases and roles move; the old slug redirects."""
    moved = combined = 0
    winners = {m.article_id: m for m in Mention.objects.filter(entity=winner)}
    touched = set()
    for mention in Mention.objects.filter(entity=loser):
        touched.add(mention.article_id)
        kept = winners.get(mention.article_id)
        if kept is None:
            mention.entity = winner
            mention.save(update_fields=["entity", "updated"])
            moved += 1
            continue
        kept.surface_forms = list(dict.fromkeys([*kept.surface_forms, *mention.surface_forms]))
        kept.spans = sorted({tuple(s) for s in [*kept.spans, *mention.spans]})
        kept.count = len(kept.spans) or kept.count + mention.count
        if _RANK[mention.status] > _RANK[kept.status]:
            kept.status = mention.status
        kept.confidence = max(kept.confidence, mention.confidence)
        kept.save()
        mention.delete()
        combined += 1
    Article.objects.filter(pk__in=touched).update(version=F("version") + 1, updated=timezone.now())
    aliases = absorb_entity(winner=winner, loser=loser)
    return {"mentions_moved": moved, "mentions_combined": combined, "aliases_gained": aliases}
