"""Scheduled publishing needs no job: a published story with a later `publish_at` is hidden by
`live_q()` until then, in every query. What a running job records is the services' part
(`articles.services.stories_gone_live`); what a cache must know is here."""

from django.utils import timezone

from articles.models import Article


def next_go_live(*, now=None):
    """When the next scheduled story goes live (None when none is waiting): a cached page
    made before then must not outlive it. Reads the small `article_scheduled` index."""
    now = now or timezone.now()
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
