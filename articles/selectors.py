"""Reads shared by the public pages and the API: what readers may see, aggregated.

Each starts from `Mention.objects.public()` or `Article.objects.published()`, and each is a
single query whatever the size of the result.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth

from articles.models import UNDATED, Article, Mention
from entities.models import Entity

ENTITY_CARD_FIELDS = ("entity__slug", "entity__name", "entity__kind")


def most_mentioned_entities(limit: int = 12) -> QuerySet:
    """Entities by number of published stories confirmed to mention them, one query."""
    return (
        Mention.objects.public()
        .values(*ENTITY_CARD_FIELDS)
        .annotate(story_count=Count("article"))
        .order_by("-story_count", "entity__name")[:limit]
    )


def cooccurring_entities(entity: Entity, limit: int = 10) -> QuerySet:
    """Entities sharing published stories with `entity`, most shared first, one query."""
    stories = Mention.objects.public().filter(entity=entity).values("article")
    return (
        Mention.objects.public()
        .filter(article__in=stories)
        .exclude(entity=entity)
        .values(*ENTITY_CARD_FIELDS)
        .annotate(shared=Count("article"))
        .order_by("-shared", "entity__name")[:limit]
    )


def monthly_story_counts(entity: Entity) -> list[tuple[date, int]]:
    """[(first of month, published stories confirmed to mention `entity`)], oldest first.

    One aggregated query for the entity's timeline. Months without stories are absent (the
    chart fills them in); undated stories are left out, so callers can say how many by
    comparing the total with the entity's story count.
    """
    rows = (
        Mention.objects.public()
        .filter(entity=entity)
        .exclude(article_date=UNDATED)
        .annotate(month=TruncMonth("article_date"))
        .values("month")
        .annotate(stories=Count("article"))
        .order_by("month")
    )
    return [(row["month"], row["stories"]) for row in rows]


def with_story_counts(entities: QuerySet) -> QuerySet:
    """Annotate `story_count`: published stories with a confirmed mention of each entity."""
    counts = (
        Mention.objects.public()
        .filter(entity=OuterRef("pk"))
        .order_by()
        .values("entity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return entities.annotate(story_count=Coalesce(Subquery(counts), 0))


def related_stories(article: Article, entity_ids: Iterable[int], limit: int = 5) -> QuerySet:
    """Published stories sharing the most confirmed entities with `article`."""
    entity_ids = list(entity_ids)
    if not entity_ids:
        return Article.objects.none()
    return (
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(mentions__status=Mention.Status.CONFIRMED, mentions__entity__in=entity_ids)
        .annotate(shared=Count("mentions"))
        .select_related("source")
        .order_by("-shared", "-sort_date", "-id")[:limit]
    )
