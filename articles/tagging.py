"""Keeping the tags tidy: merging duplicates and dropping tags no story uses.

Tags are part of what a story shows (its page, feeds, the API), so every story whose tags
change gets a new `version` and `updated`: ETags, caches and `updated_after` sync see it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles import audit
from articles.models import Article, AuditAction


@transaction.atomic
def merge_tags(*, winner: Tag, losers: list[Tag], user=None, via: str = "admin") -> int:
    """Re-tag the losers' stories with the winner, then delete the losers; returns the number
    of stories re-tagged."""
    losers = [tag for tag in losers if tag.pk != winner.pk]
    items = TaggedItem.objects.filter(tag__in=losers)
    story_type = ContentType.objects.get_for_model(Article)
    stories = set(
        items.filter(content_type=story_type).values_list("object_id", flat=True).distinct()
    )
    has_winner = TaggedItem.objects.filter(
        tag=winner, content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
    )
    items.filter(Exists(has_winner)).delete()
    # One row per object: an object carrying two losers keeps one of them, re-pointed.
    for item in items.order_by("content_type", "object_id", "pk"):
        if not TaggedItem.objects.filter(
            tag=winner, content_type_id=item.content_type_id, object_id=item.object_id
        ).exists():
            item.tag = winner
            item.save(update_fields=["tag"])
        else:
            item.delete()
    for loser in losers:
        audit.record_event(
            action=AuditAction.MERGE,
            obj=loser,
            user=user,
            detail=f"tag “{loser.name}” merged into “{winner.name}”",
            via=via,
        )
        loser.delete()
    Article.objects.filter(pk__in=stories).update(version=F("version") + 1, updated=timezone.now())
    return len(stories)


def unused_tags():
    """Tags no object carries."""
    return Tag.objects.exclude(Exists(TaggedItem.objects.filter(tag=OuterRef("pk"))))


@transaction.atomic
def delete_unused_tags(*, tags=None, user=None, via: str = "admin") -> int:
    """Delete the unused tags among `tags` (all tags when None); used ones are left alone."""
    unused = unused_tags()
    if tags is not None:
        unused = unused.filter(pk__in=[tag.pk for tag in tags])
    removed = list(unused)
    for tag in removed:
        audit.record_event(
            action=AuditAction.DELETE, obj=tag, user=user, detail="unused tag", via=via
        )
        tag.delete()
    return len(removed)
