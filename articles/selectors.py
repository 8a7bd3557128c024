"""Reads shared by the public pages and the API: what readers may see, aggregated.

Each starts from `Mention.objects.public()` or `Article.objects.published()`, and each is a
single query whatever the size of the result.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth

from articles.models import UNDATED, Article, Mention
from entities import names
from entities.models import Entity


def top_entities(mentions: QuerySet, count_name: str, limit: int) -> list[dict]:
    """The `limit` entities with the most `mentions`, most first, then by name, as cards
    (`entity__slug`, `entity__name`, `entity__kind` and the count as `count_name`).

    Counted by entity id alone, and only the leaders then meet the entity table: grouping by
    name would join each of a popular entity's 200,000 shared mentions to its entity first.
    Ties at the cut are all fetched, so the order by name is exact.
    """
    # COUNT(*), not COUNT(id): PostgreSQL can then count from an index alone (the id is not in
    # the mention indexes; on SQLite it is the rowid, in every index).
    grouped = mentions.order_by().values("entity_id").annotate(n=Count("*"))
    leaders = list(grouped.order_by("-n", "entity_id")[: limit * 4])
    if len(leaders) == limit * 4 and leaders[limit - 1]["n"] == leaders[-1]["n"]:
        leaders = list(grouped.filter(n__gte=leaders[limit - 1]["n"]))
    cards = Entity.objects.in_bulk([row["entity_id"] for row in leaders])
    rows = [
        {
            "entity__slug": cards[row["entity_id"]].slug,
            "entity__name": cards[row["entity_id"]].name,
            "entity__kind": cards[row["entity_id"]].kind,
            count_name: row["n"],
        }
        for row in leaders
    ]
    rows.sort(key=lambda row: (-row[count_name], row["entity__name"]))
    names.expect(row["entity__slug"] for row in rows[:limit])
    return rows[:limit]


def most_mentioned_entities(limit: int = 12) -> list[dict]:
    """Entities by number of published stories confirmed to mention them."""
    return top_entities(Mention.objects.public(), "story_count", limit)


def cooccurring_entities(entity: Entity, limit: int = 10) -> list[dict]:
    """Entities sharing published stories with `entity`, most shared first.

    The other mentions are in the same (live) stories, so being confirmed is all they need;
    the `mention_article_entities` index answers that without reading a mention row.
    """
    stories = Mention.objects.public().filter(entity=entity).values("article_id")
    shared = Mention.objects.confirmed().filter(article_id__in=stories).exclude(entity=entity)
    return top_entities(shared, "shared", limit)


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
        .annotate(n=Count("*"))  # from the index alone on PostgreSQL too (see top_entities)
        .values("n")
    )
    return entities.annotate(story_count=Coalesce(Subquery(counts), 0))


def related_stories(article: Article, entity_ids: Iterable[int], limit: int = 5) -> list[Article]:
    """Published stories sharing the most confirmed entities with `article`, most first, then
    newest first; each with `shared`, the number of entities in common.

    Counted on the mention rows alone (their copies of the story's status, publish time and
    date), then only the winners' stories are read: grouping the stories themselves by every
    column (body and text included) took over a second at 100,000 stories when the story
    names a country in a quarter of them.
    """
    entity_ids = list(entity_ids)
    if not entity_ids:
        return []
    ranked = list(
        Mention.objects.public()
        .filter(entity_id__in=entity_ids)
        .exclude(article_id=article.pk)
        .order_by()
        .values("article_id", "article_date")  # one date per story: it groups nothing apart
        .annotate(shared=Count("*"))
        .order_by("-shared", "-article_date", "-article_id")[:limit]
    )
    stories = Article.objects.select_related("source").defer(
        "body", "text", "original", "search_vector"
    )
    found = stories.in_bulk([row["article_id"] for row in ranked])
    related = []
    for row in ranked:
        story = found.get(row["article_id"])
        if story is not None:
            story.shared = row["shared"]
            related.append(story)
    return related
