"""Writes of entities that touch stories too: saving, merging, restoring and deleting.

The knowledge base (`entities`) knows nothing of stories, so these are written here, where both
are known. A merge moves the mentions first, then `entities.services.absorb_entity` takes the
names, roles and the redirect, all in one transaction, one revision and one audit event per
entity merged. Every story whose mentions change gets a new version (ETags, caches).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles import audit, history
from articles.models import Article, AuditAction, Mention
from entities.models import Entity
from entities.services import absorb_entity

# When both entities are mentioned in one story, the editor's strongest decision wins.
_RANK = {Mention.Status.CONFIRMED: 2, Mention.Status.SUGGESTED: 1, Mention.Status.REJECTED: 0}


# What a story shows of each entity it mentions (its card): a change of one is a change of
# every story that shows it.
_CARD_FIELDS = ("name", "slug", "kind")


def _card(entity_id: int | None) -> dict | None:
    if entity_id is None:
        return None
    return Entity.objects.filter(pk=entity_id).values(*_CARD_FIELDS).first()


def _stories_show_it_anew(entity: Entity, before: dict | None) -> int:
    """New versions (ETags, `updated_after` sync, caches) for the stories mentioning `entity`
    when its card changed; how many."""
    if before is None or before == {name: getattr(entity, name) for name in _CARD_FIELDS}:
        return 0
    stories = Mention.objects.filter(entity=entity).values("article_id")
    return Article.objects.filter(pk__in=stories).update(
        version=F("version") + 1, updated=timezone.now()
    )


@transaction.atomic
def entity_save(*, entity: Entity, user=None, via: str = "admin") -> Entity:
    """Store an entity as edited (the admin's form): a new name, slug or kind is what every
    story mentioning it now shows, so those stories get a new version. Aliases and roles are
    not on a story's card and change nothing there."""
    before = _card(entity.pk)
    entity.save()
    _stories_show_it_anew(entity, before)
    return entity


@transaction.atomic
def entity_restore(*, entity: Entity, version, user=None, via: str = "admin") -> Entity:
    """Bring back an older version of an entity with its aliases and roles (its slug stays)."""
    before = _card(entity.pk)
    history.restore_entity(entity=entity, version=version, user=user)
    entity.refresh_from_db(fields=list(_CARD_FIELDS))
    _stories_show_it_anew(entity, before)
    audit.record_event(
        action=AuditAction.RESTORE,
        obj=entity,
        user=user,
        detail=f"version of {history.version_label(version)}",
        via=via,
    )
    return entity


@transaction.atomic
def entity_delete(*, entity: Entity, user=None, via: str = "admin") -> None:
    """Delete an entity and its mentions, recorded in the audit log first."""
    audit.record_event(action=AuditAction.DELETE, obj=entity, user=user, via=via)
    stories = Mention.objects.filter(entity=entity).values("article_id")
    Article.objects.filter(pk__in=stories).update(version=F("version") + 1, updated=timezone.now())
    entity.delete()


@transaction.atomic
def entity_merge(*, winner: Entity, loser: Entity, user=None, via: str = "admin") -> dict[str, int]:
    """Merge `loser` into `winner`: mentions, aliases and roles move; the old slug redirects.

    Returns what moved: `mentions_moved`, `mentions_combined`, `aliases_gained`.
    """
    if winner.pk == loser.pk:
        raise ValueError("an entity cannot be merged into itself")
    name, slug = loser.name, loser.slug
    with history.revision(user=user, comment=f"Merged {name} ({slug}) into {winner.name}"):
        audit.record_event(
            action=AuditAction.MERGE,
            obj=loser,
            user=user,
            detail=f"{name} ({slug}) merged into {winner.name} ({winner.slug})",
            via=via,
        )
        moved, combined = _move_mentions(winner=winner, loser=loser)
        aliases = absorb_entity(winner=winner, loser=loser)
        history.record(winner)
    return {"mentions_moved": moved, "mentions_combined": combined, "aliases_gained": aliases}


def _move_mentions(*, winner: Entity, loser: Entity) -> tuple[int, int]:
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
    # The stories show the winner's name now: their versions (ETags, caches) move on.
    Article.objects.filter(pk__in=touched).update(version=F("version") + 1, updated=timezone.now())
    return moved, combined
