"""Most-mentioned and co-occurring entities: counted by id, ties at the cut ordered by name."""

import pytest

from articles.models import Article, Mention
from articles.selectors import cooccurring_entities, most_mentioned_entities
from tests.factories import ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def mention(article, entity, status=Mention.Status.CONFIRMED):
    Mention.objects.create(article=article, entity=entity, status=status)


def test_ties_at_the_cut_are_ordered_by_name_exactly():
    hub = EntityFactory(name="Hub")
    names = [f"Partner {n:02d}" for n in range(50)]
    partners = [EntityFactory(name=name) for name in reversed(names)]
    for partner in partners:
        story = ArticleFactory()
        mention(story, hub)
        mention(story, partner)
    rows = cooccurring_entities(hub, limit=10)
    assert [row["entity__name"] for row in rows] == names[:10]
    assert {row["shared"] for row in rows} == {1}


def test_counts_leave_out_hidden_stories_and_unconfirmed_mentions():
    hub, often, once = EntityFactory(), EntityFactory(name="Often"), EntityFactory(name="Once")
    for _ in range(3):
        story = ArticleFactory()
        mention(story, hub)
        mention(story, often)
    story = ArticleFactory()
    mention(story, hub)
    mention(story, once)
    draft = ArticleFactory(status=Article.Status.DRAFT)
    mention(draft, hub)
    mention(draft, once)
    suggested = ArticleFactory()
    mention(suggested, hub)
    mention(suggested, once, status=Mention.Status.SUGGESTED)
    assert [(r["entity__name"], r["shared"]) for r in cooccurring_entities(hub)] == [
        ("Often", 3),
        ("Once", 1),
    ]
    top = {r["entity__name"]: r["story_count"] for r in most_mentioned_entities()}
    assert top["Often"] == 3
    assert top["Once"] == 1
    assert top[hub.name] == 5
