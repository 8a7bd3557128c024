"""Nothing a reader may not see reaches an anonymous reader, on any public surface.

Beside the seed stories, the fixture stores one story in each hidden state (draft, in review,
archived, published but scheduled for tomorrow) and one published story with a suggested and a
rejected mention. Every hidden story carries a marker word in its headline and body and mentions
both a seed entity (Azerbaijan) and an entity of its own; the unconfirmed mentions point at
entities no confirmed mention uses. Each surface is then read as an anonymous reader and must
show none of them: pages, search, counts, feeds, sitemaps, related stories, entity pages, charts
and the JSON-LD of story pages.
"""

import datetime
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from articles.models import Article, Mention
from entities.models import Entity
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

HIDDEN_STATES = ["draft", "review", "archived", "scheduled"]
MARKER = "Zanzibarquokka"


@dataclass
class HiddenWorld:
    hidden: dict[str, Article]
    own_entities: dict[str, Entity]
    unconfirmed: list[Entity]
    visible: Article
    azerbaijan: Entity

    @property
    def hidden_slugs(self) -> list[str]:
        return [a.slug for a in self.hidden.values()]

    def assert_clean(self, url: str, content: str, directory: bool = False) -> None:
        """No hidden story, and no entity known only from hidden or unconfirmed mentions.

        What the reader typed is echoed back (in the title, the search box, the filter form), so
        the query's own values are taken out first. The entity directory lists the whole
        knowledge base, stories or not (its counts are checked separately): with `directory`,
        entity names are allowed there.
        """
        for value in parse_qs(urlsplit(url).query).values():
            for text in value:
                content = re.sub(re.escape(text), "", content, flags=re.I)
        assert MARKER.lower() not in content.lower(), url
        for slug in self.hidden_slugs:
            assert slug not in content, (url, slug)
        if directory:
            return
        for entity in [*self.own_entities.values(), *self.unconfirmed]:
            assert entity.name not in content, (url, entity.name)
            assert f"/entities/{entity.slug}/" not in content, (url, entity.slug)


@pytest.fixture
def world(seeded) -> HiddenWorld:
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    status = {
        "draft": Article.Status.DRAFT,
        "review": Article.Status.REVIEW,
        "archived": Article.Status.ARCHIVED,
        "scheduled": Article.Status.PUBLISHED,
    }
    hidden, own = {}, {}
    for state in HIDDEN_STATES:
        article = ArticleFactory(
            title=f"{MARKER} {state} story about Azerbaijan",
            text=f"{MARKER} {state}. Azerbaijan and its neighbours.",
            body=f"<p>{MARKER} {state}. Azerbaijan and its neighbours.</p>",
            summary=f"{MARKER} {state} summary",
            status=status[state],
            publish_at=tomorrow if state == "scheduled" else None,
            published=datetime.date.today(),
            tags=[f"{MARKER.lower()}-{state}"],
        )
        entity = EntityFactory(name=f"Hiddenperson {state.title()}", kind=Entity.Kind.PERSON)
        MentionFactory(article=article, entity=azerbaijan)
        MentionFactory(article=article, entity=entity)
        hidden[state], own[state] = article, entity

    visible = Article.objects.published().get(slug__startswith="kyrgyz-ambassador")
    unconfirmed = [
        EntityFactory(name="Suggestedonly Person", kind=Entity.Kind.PERSON),
        EntityFactory(name="Rejectedonly Person", kind=Entity.Kind.PERSON),
    ]
    MentionFactory(article=visible, entity=unconfirmed[0], status=Mention.Status.SUGGESTED)
    MentionFactory(article=visible, entity=unconfirmed[1], status=Mention.Status.REJECTED)
    return HiddenWorld(hidden, own, unconfirmed, visible, azerbaijan)


STORY_LINK = re.compile(r'href="(?:https?://[^/"]+)?(/articles/[^/"?#]+/)"')


def read(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


PAGES = [
    "/",
    "/articles/",
    "/articles/?page=1",
    "/articles/?entity=azerbaijan",
    "/articles/?language=en",
    "/articles/?date_from=2000-01-01",
    f"/articles/?tag={MARKER.lower()}-draft",
    f"/articles/?q={MARKER}",
    "/articles/?q=Azerbaijan",
    "/articles/?q=Hiddenperson",
    "/articles/?q=Suggestedonly",
    "/entities/?",
    "/entities/?kind=person",
    "/entities/?q=Azerbaijan",
    "/entities/azerbaijan/",
    "/entities/kyrgyzstan/",
]

FEEDS = [
    "/feeds/articles/",
    "/feeds/articles/atom/",
    "/entities/azerbaijan/feed/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_show_no_hidden_story_or_unconfirmed_entity(client, world, url):
    world.assert_clean(url, read(client, url), directory=url.startswith("/entities/?"))


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_and_sitemaps_show_no_hidden_story_or_unconfirmed_entity(client, world, url):
    world.assert_clean(url, read(client, url))


def test_every_sitemap_section_shows_only_live_stories(client, world):
    index = read(client, "/sitemap.xml")
    sections = re.findall(r"<loc>https?://[^/<]+(/sitemap[^<]*)</loc>", index) or []
    listed = set()
    for url in ["/sitemap.xml", *sections]:
        content = read(client, url)
        world.assert_clean(url, content)
        listed |= set(re.findall(r"<loc>https?://[^/<]+((?:/ru)?/articles/[^<]+/)</loc>", content))
    live = {a.canonical_path() for a in Article.objects.published()}
    assert listed == live


def test_the_hidden_stories_own_addresses_are_not_found(client, world):
    for article in world.hidden.values():
        read(client, article.get_absolute_url(), status=404)


def test_a_hidden_entitys_page_has_no_stories_and_no_chart_data(client, world):
    for state, entity in world.own_entities.items():
        response = client.get(f"/entities/{entity.slug}/")
        assert response.status_code in (200, 404), state
        if response.status_code == 200:
            content = response.content.decode()
            assert MARKER not in content
            assert not STORY_LINK.findall(content), state
            assert response.context["paginator"].count == 0


def test_counts_ignore_hidden_stories_and_unconfirmed_mentions(client, world):
    public_azerbaijan = Article.objects.published().mentioning(world.azerbaijan).count()
    assert public_azerbaijan == 5

    home = client.get("/")
    top = {e["entity__slug"]: e["story_count"] for e in home.context["top_entities"]}
    assert top["azerbaijan"] == 5

    directory = client.get("/entities/?q=Azerbaijan")
    counts = {e.slug: e.story_count for e in directory.context["entities"]}
    assert counts["azerbaijan"] == 5

    entity_page = client.get("/entities/azerbaijan/")
    assert entity_page.context["paginator"].count == 5
    assert len(set(STORY_LINK.findall(entity_page.content.decode()))) >= 5

    listing = client.get("/articles/")
    assert listing.context["paginator"].count == Article.objects.published().count() == 5

    people = client.get("/entities/?kind=person")
    for entity in [*world.own_entities.values(), *world.unconfirmed]:
        listed = [e for e in people.context["entities"] if e.pk == entity.pk]
        assert all(e.story_count == 0 for e in listed)


def test_entity_page_charts_count_only_public_mentions(client, world):
    content = read(client, "/entities/azerbaijan/")
    # The chart's text equivalent lists stories per period; the hidden stories are all dated
    # today, a month no seed story falls in.
    today = datetime.date.today()
    for label in (today.strftime("%b %Y"), today.strftime("%B %Y"), today.strftime("%Y-%m")):
        assert label not in content


def test_story_page_hides_unconfirmed_mentions_and_hidden_related_stories(client, world):
    content = read(client, world.visible.get_absolute_url())
    world.assert_clean(world.visible.get_absolute_url(), content)
    for story in Article.objects.published():
        url = story.get_absolute_url()
        world.assert_clean(url, read(client, url))


def test_story_json_ld_names_only_confirmed_entities(client, world):
    content = read(client, world.visible.get_absolute_url())
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S)
    assert blocks
    names = set()
    for block in blocks:
        data = json.loads(block)
        for item in data if isinstance(data, list) else [data]:
            for key in ("about", "mentions"):
                names |= {thing["name"] for thing in item.get(key, [])}
    confirmed = {m.entity.name for m in world.visible.mentions.confirmed().select_related("entity")}
    assert names and names <= confirmed
    assert not names & {e.name for e in world.unconfirmed}


def test_a_scheduled_story_appears_everywhere_once_its_time_comes(client, world):
    scheduled = world.hidden["scheduled"]
    Article.objects.filter(pk=scheduled.pk).update(
        publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    assert scheduled.get_absolute_url() in read(client, "/articles/")
    assert scheduled.slug in read(client, "/feeds/articles/")
    assert scheduled.get_absolute_url() in read(client, "/entities/azerbaijan/")
