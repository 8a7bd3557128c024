"""Recording that scheduled stories went live: the one write scheduling needs.

A published story with a later `publish_at` is hidden by `live_q()` until then, in every query,
so it goes live on time with nothing running. What no query can do is change the story's row:
its `updated` time still says when it was scheduled, earlier than the moment readers first saw
it, so an integrator syncing with `updated_after` would miss it. `stories_gone_live` moves
`updated` and `version` of each story that has gone live since and logs it. A story counts as
done once its `updated` is no earlier than its `publish_at`, so running it again does nothing.
Nothing about the story's words changes, so nothing is re-linked or recorded as a revision.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles import audit
from articles.models import Article, AuditAction


@transaction.atomic
def stories_gone_live(*, now=None, via: str = "command") -> list[Article]:
    """Record the stories that went live since they were last changed; returns them."""
    now = now or timezone.now()
    due = list(
        Article.objects.select_for_update()
        .filter(status=Article.Status.PUBLISHED, publish_at__lte=now, updated__lt=F("publish_at"))
        .order_by("publish_at", "pk")
    )
    if not due:
        return []
    Article.objects.filter(pk__in=[a.pk for a in due]).update(version=F("version") + 1, updated=now)
    for article in due:
        local = timezone.localtime(article.publish_at)
        audit.record_event(
            action=AuditAction.WENT_LIVE,
            obj=article,
            detail=f"scheduled for {local:%Y-%m-%d %H:%M} {local.tzname()}",
            via=via,
        )
    return due
