"""The story page: its details and links, its entities, related stories, and nothing hidden.

Related stories and shared-entity counts are checked against counts made here in Python from
the seed stories, story by story, not through the selector the page uses.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Mention
from entities.models import Entity
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

RUSSIAN_SLUG = "glava-mid-kyrgyzstana-vstretilsya-s-predsedatelem-milli-medzhlisa-azerbaydzhana"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def part(html: str, start: str, end: str) -> str:
    """The markup from the first `start` to the next `end`."""
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def confirmed_entities(article: Article) -> set[int]:
    return set(
        article.mentions.filter(status=Mention.Status.CONFIRMED).values_list("entity", flat=True)
    )


def expected_related(article: Article) -> dict[str, int]:
    """{slug: shared confirmed entities} of every other story a reader can see."""
    mine = confirmed_entities(article)
    shared = {}
    for other in Article.objects.exclude(pk=article.pk):
        if other.is_published and (common := mine & confirmed_entities(other)):
            shared[other.slug] = len(common)
    return shared


# The seed stories as real data


def test_the_russian_story_shows_its_details_in_their_languages(client, seeded):
    """Its own page is Russian throughout (/ru/...): copy, labels and the date's month."""
    story = Article.objects.get(slug=RUSSIAN_SLUG)
    html = get(client, story.canonical_path()).content.decode()
    assert story.canonical_path() == f"/ru/articles/{RUSSIAN_SLUG}/"
    assert '<html lang="ru">' in html
    assert html.count("<h1") == 1
    assert f"<h1>{story.title}</h1>" in html
    meta = part(html, '<p class="story__meta"', "</p>")
    assert '<span class="story__dateline" lang="ru">Бишкек</span>' in meta
    assert '<time datetime="2021-07-03">3 июля 2021 г.</time>' in meta
    assert '<a class="story__source" href="/ru/articles/?source=kabar">Kabar</a>' in meta


def test_the_russian_story_at_its_english_address_wraps_russian_copy_in_english(client, seeded):
    """The address it always had still answers: the English interface around the Russian copy,
    each marked with its language, naming the Russian page as canonical."""
    story = Article.objects.get(slug=RUSSIAN_SLUG)
    html = get(client, f"/articles/{RUSSIAN_SLUG}/").content.decode()
    assert '<html lang="en">' in html
    assert '<article class="story layout__main" lang="ru">' in html
    meta = part(html, '<p class="story__meta"', "</p>")
    assert '<time datetime="2021-07-03">3 July 2021</time>' in meta
    assert f'<link rel="canonical" href="http://testserver{story.canonical_path()}">' in html


def test_source_and_tags_link_to_the_filtered_story_list(client, seeded):
    story = Article.objects.get(slug=RUSSIAN_SLUG)
    html = get(client, story.get_absolute_url()).content.decode()
    for tag in story.tags.all():
        link = f'<a class="tag" href="/articles/?tag={tag.slug}" rel="tag" lang="ru">{tag.name}</a>'
        assert link in html
    listing = get(client, "/articles/?source=kabar")
    assert story in listing.context["articles"]
    for tag in story.tags.all():
        assert story in get(client, f"/articles/?tag={tag.slug}").context["articles"]
    assert '<a href="https://kabar.kg" rel="noopener">Kabar website</a>' in html


def test_the_breadcrumb_leads_back_through_the_source(client, seeded):
    story = Article.objects.get(slug=RUSSIAN_SLUG)
    html = get(client, story.get_absolute_url()).content.decode()
    crumb = part(html, '<nav class="breadcrumb" aria-label="Breadcrumb">', "</nav>")
    links = re.findall(r'<a href="([^"]+)"', crumb)
    assert links == ["/", "/articles/", "/articles/?source=kabar", story.get_absolute_url()]
    assert '<li lang="ru">' in crumb and 'aria-current="page"' in crumb


def test_entities_are_grouped_by_kind_and_every_confirmed_one_is_linked(client, seeded):
    story = Article.objects.get(slug=RUSSIAN_SLUG)
    response = get(client, story.get_absolute_url())
    groups = dict(response.context["entity_groups"])
    confirmed = Entity.objects.filter(pk__in=confirmed_entities(story))
    assert sum(len(members) for members in groups.values()) == confirmed.count()
    assert [e.slug for e in groups["People"]] == [
        "ruslan-kazakbaev",
        "sahiba-gafarova",
        "talant-mamytov",
    ]
    assert list(groups) == ["People", "Organizations", "Countries", "Places"]
    aside = part(response.content.decode(), '<aside class="layout__side"', "</aside>")
    for entity in confirmed:
        assert f'href="{entity.get_absolute_url()}"' in aside


def test_related_stories_share_the_most_entities_and_say_how_many(client, seeded):
    for story in Article.objects.published():
        response = get(client, story.get_absolute_url())
        related = list(response.context["related"])
        expected = expected_related(story)
        assert {r.slug: r.shared for r in related} == expected  # the seed has at most 4 others
        counts = [r.shared for r in related]
        assert counts == sorted(counts, reverse=True)
        html = response.content.decode()
        for other in related:
            label = f"{other.shared} shared {'entity' if other.shared == 1 else 'entities'}"
            assert label in part(html, f'href="{other.get_absolute_url()}"', "</li>")


def test_related_stories_are_ranked_on_mention_rows_and_read_only_the_winners(seeded):
    from articles.selectors import related_stories

    story = max(Article.objects.published(), key=lambda a: len(expected_related(a)))
    entity_ids = list(story.mentions.confirmed().values_list("entity_id", flat=True))
    with CaptureQueriesContext(connection) as queries:
        related = related_stories(story, entity_ids)
    assert {r.slug: r.shared for r in related} == expected_related(story)
    assert len(queries) == 2  # the ranking, then the winners with their sources
    ranking = queries.captured_queries[0]["sql"]
    assert "articles_article" not in ranking  # the mention rows carry status and date
    assert related_stories(story, []) == []


# The original


@pytest.mark.django_db
def test_the_original_is_linked_when_known_and_opens_in_place(client):
    story = ArticleFactory(
        source=SourceFactory(name="Trend"), original_url="https://en.trend.az/story/123?a=1&b=2"
    )
    html = get(client, story.get_absolute_url()).content.decode()
    link = re.search(r'<a href="https://en\.trend\.az/story/123\?a=1&amp;b=2"([^>]*)>([^<]*)', html)
    assert link, "no link to the original"
    attributes, text = link.groups()
    assert attributes == ' rel="noopener nofollow"'
    assert "target=" not in attributes
    assert text == "Read the original at Trend"


@pytest.mark.django_db
def test_no_original_link_without_an_address_and_no_source_links_without_a_source(client):
    story = ArticleFactory(source=None, original_url="", byline="", dateline="", published=None)
    html = get(client, story.get_absolute_url()).content.decode()
    assert "Read the original" not in html
    assert "?source=" not in html
    assert "story__links" not in html
    meta = part(html, '<p class="story__meta"', "</p>")
    assert "Undated" in meta and "<time" not in meta


# Nothing hidden appears


def test_hidden_stories_and_unconfirmed_mentions_never_appear_on_a_story(client, seeded):
    story = Article.objects.get(slug=RUSSIAN_SLUG)
    entities = list(Entity.objects.filter(pk__in=confirmed_entities(story)))
    before = get(client, story.get_absolute_url())
    related_before = [(r.slug, r.shared) for r in before.context["related"]]

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    hidden = [
        ArticleFactory(title="Draft twin", status=Article.Status.DRAFT),
        ArticleFactory(title="Review twin", status=Article.Status.REVIEW),
        ArticleFactory(title="Archived twin", status=Article.Status.ARCHIVED),
        ArticleFactory(title="Scheduled twin", publish_at=tomorrow),
    ]
    for twin in hidden:
        for entity in entities:
            MentionFactory(article=twin, entity=entity)
    suggested_twin = ArticleFactory(title="Suggested twin")
    for entity in entities:
        MentionFactory(article=suggested_twin, entity=entity, status=Mention.Status.SUGGESTED)
    # An unconfirmed entity on the story itself is neither linked nor listed.
    stranger = EntityFactory(name="Бишкекский Незнакомец", kind=Entity.Kind.PERSON)
    MentionFactory(
        article=story, entity=stranger, status=Mention.Status.SUGGESTED, surface_forms=["Кабар"]
    )

    after = get(client, story.get_absolute_url())
    assert [(r.slug, r.shared) for r in after.context["related"]] == related_before
    html = after.content.decode()
    for twin in [*hidden, suggested_twin]:
        assert twin.title not in html and twin.get_absolute_url() not in html
    assert stranger.get_absolute_url() not in html and stranger.name not in html
    assert after.context["entity_groups"] == before.context["entity_groups"]
    for twin in hidden:
        get(client, twin.get_absolute_url(), status=404)


# Query counts


@pytest.mark.django_db
def test_story_page_queries_do_not_grow_with_entities_tags_or_related(client):
    def story_with(entities: int, tags: int, related: int) -> Article:
        story = ArticleFactory()
        story.tags.add(*(f"tag{i}" for i in range(tags)))
        kinds = list(Entity.Kind.values)
        people = [EntityFactory(kind=kinds[i % len(kinds)]) for i in range(entities)]
        for entity in people:
            MentionFactory(article=story, entity=entity)
        for other in ArticleFactory.create_batch(related):
            for entity in people[:2]:
                MentionFactory(article=other, entity=entity)
        return story

    def queries(story: Article) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(client, story.get_absolute_url())
        return len(captured)

    small = queries(story_with(entities=1, tags=1, related=1))
    large = queries(story_with(entities=25, tags=8, related=12))
    assert small == large <= 8


def test_seed_story_pages_run_at_most_8_queries(client, seeded, django_assert_max_num_queries):
    for story in Article.objects.published():
        with django_assert_max_num_queries(8):
            get(client, story.get_absolute_url())
