"""RSS 2.0 and Atom feeds: the seed stories as feed readers see them (parsed by feedparser)."""

import datetime
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, Mention
from entities.models import Entity, EntityRedirect
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITE_FEEDS = ["/feeds/articles/", "/feeds/articles/atom/"]
KYRGYZ_AMBASSADOR = "kyrgyz-ambassador-hails-deepening-baku-bishkek-relations"
RUSSIAN_STORY = "glava-mid-kyrgyzstana-vstretilsya-s-predsedatelem-milli-medzhlisa-azerbaydzhana"


def fetch(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


def entry_for(feed, slug: str):
    (entry,) = [e for e in feed.entries if e.link.endswith(f"/articles/{slug}/")]
    return entry


@pytest.mark.parametrize(
    ("url", "version", "content_type"),
    [
        ("/feeds/articles/", "rss20", "application/rss+xml"),
        ("/feeds/articles/atom/", "atom10", "application/atom+xml"),
    ],
)
def test_site_feeds_list_the_published_seed_stories_newest_first(
    client, seeded, url, version, content_type
):
    response = client.get(url)
    assert response["Content-Type"].startswith(content_type)
    feed = fetch(client, url)
    assert feed.version == version
    assert feed.feed.language == "en"
    assert feed.feed.title == "Newsroom: latest stories"
    expected = list(Article.objects.published().latest_first())  # the undated one last
    assert [e.title for e in feed.entries] == [a.title for a in expected]
    for entry, article in zip(feed.entries, expected, strict=True):
        assert entry.link == f"http://testserver{article.get_absolute_url()}"
        assert entry.id == entry.link


def test_rss_items_carry_date_author_categories_and_language(client, seeded):
    feed = fetch(client, "/feeds/articles/")
    story = entry_for(feed, KYRGYZ_AMBASSADOR)
    assert story.published_parsed[:3] == (2024, 8, 31)
    assert story.author == "Fatima Latifova"
    assert story.language == "en"
    terms = [t.term for t in story.tags]
    assert terms[:2] == ["diplomacy", "history"]
    assert {"Kyrgyzstan", "Azerbaijan", "Maksat Mamitkanov", "Baku", "Bishkek"} <= set(terms)
    assert len(terms) == len(set(terms))
    assert story.summary.startswith("Kyrgyzstan's Ambassador to Azerbaijan, Maksat Mamitkanov")
    assert entry_for(feed, RUSSIAN_STORY).language == "ru"


def test_atom_entries_carry_their_language_and_both_dates(client, seeded):
    response = client.get("/feeds/articles/atom/")
    root = ET.fromstring(response.content)
    assert root.get(XML_LANG) == "en"
    languages = {
        entry.find(f"{ATOM}link").get("href").rsplit("/", 2)[-2]: entry.get(XML_LANG)
        for entry in root.iter(f"{ATOM}entry")
    }
    assert languages[RUSSIAN_STORY] == "ru"
    assert languages[KYRGYZ_AMBASSADOR] == "en"

    story = entry_for(fetch(client, "/feeds/articles/atom/"), RUSSIAN_STORY)
    assert story.title_detail.language == "ru"
    assert story.published_parsed[:3] == (2021, 7, 3)
    assert story.updated_parsed[:3] == (2024, 9, 16)
    assert "Sahiba Gafarova" in [t.term for t in story.tags]
    # Stories without a byline are credited to the site, as Atom requires an author.
    assert fetch(client, "/feeds/articles/atom/").feed.author == "Newsroom"


def test_an_undated_story_is_dated_by_its_publication_never_its_import(client, db):
    at = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=3)
    first = timezone.now().replace(microsecond=0) - datetime.timedelta(days=400)
    scheduled = ArticleFactory(title="Scheduled earlier", published=None, publish_at=at)
    old = ArticleFactory(title="Scheduled long ago", published=None, publish_at=first)
    newer = ArticleFactory(title="Dated", published=(first + datetime.timedelta(days=1)).date())
    ArticleFactory(title="Undated", published=None)  # published (just now) with no date
    for url in SITE_FEEDS:
        feed = fetch(client, url)
        titles = [e.title for e in feed.entries]
        assert titles == [scheduled.title, newer.title, old.title, "Undated"]
        published = {e.title: e.get("published_parsed") for e in feed.entries}
        assert published[scheduled.title][:6] == at.utctimetuple()[:6]
        assert published[old.title][:6] == first.utctimetuple()[:6]
        assert published["Undated"] is None  # no pubDate, no <published>


def test_the_undated_seed_story_is_not_dated_by_its_import(client, seeded):
    for url in SITE_FEEDS:
        raw = client.get(url).content.decode()
        assert raw.rindex("discuss-expanding-economic-cooperation") > raw.rindex("kyrgyz")
        dates = re.findall(r"<(?:pubDate|published)>([^<]*)<", raw)
        assert len(dates) == 4 and not any("2024-09-16" in d or "16 Sep 2024" in d for d in dates)


def test_titles_and_descriptions_reach_readers_as_plain_text(client, db):
    title = 'Tom & Jerry say "hi" </script><b>bold</b>'
    ArticleFactory(title=title, summary="", text="5 < 6 & <script>alert(1)</script> done.")
    for url in SITE_FEEDS:
        raw = client.get(url).content.decode()
        assert "<script>" not in raw and "<b>" not in raw
        (entry,) = fetch(client, url).entries
        assert entry.title == title
        # The description is HTML whose text is the story's: markup in the text stays text.
        assert entry.summary == "5 &lt; 6 &amp; &lt;script&gt;alert(1)&lt;/script&gt; done."


def test_entity_feeds_list_the_stories_confirmed_to_mention_the_entity(client, seeded):
    for url in ["/entities/kyrgyzstan/feed/", "/entities/kyrgyzstan/feed/atom/"]:
        feed = fetch(client, url)
        assert feed.feed.title == "Newsroom: Kyrgyzstan"
        assert feed.feed.link == "http://testserver/entities/kyrgyzstan/"
        slugs = {e.link.rsplit("/", 2)[-2] for e in feed.entries}
        assert slugs == {KYRGYZ_AMBASSADOR, RUSSIAN_STORY}
    assert len(fetch(client, "/entities/azerbaijan/feed/").entries) == 5
    assert len(fetch(client, "/entities/sahiba-gafarova/feed/atom/").entries) == 1


@pytest.fixture
def hidden(seeded):
    """A story in each hidden state, plus unconfirmed mentions on a published seed story."""
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    secret = EntityFactory(name="Secretperson Hidden")
    states = {
        "draft": {"status": Article.Status.DRAFT},
        "review": {"status": Article.Status.REVIEW},
        "archived": {"status": Article.Status.ARCHIVED},
        "scheduled": {"status": Article.Status.PUBLISHED, "publish_at": tomorrow},
    }
    for state, fields in states.items():
        story = ArticleFactory(
            title=f"Hiddenstory {state}", published=datetime.date.today(), **fields
        )
        MentionFactory(article=story, entity=azerbaijan)
        MentionFactory(article=story, entity=secret)
    visible = Article.objects.get(slug=KYRGYZ_AMBASSADOR)
    suggested = EntityFactory(name="Suggestedonly Person")
    rejected = EntityFactory(name="Rejectedonly Person")
    MentionFactory(article=visible, entity=suggested, status=Mention.Status.SUGGESTED)
    MentionFactory(article=visible, entity=rejected, status=Mention.Status.REJECTED)
    return {"secret": secret, "suggested": suggested, "rejected": rejected}


@pytest.mark.parametrize(
    "url",
    [*SITE_FEEDS, "/entities/azerbaijan/feed/", "/entities/azerbaijan/feed/atom/"],
)
def test_no_hidden_story_or_unconfirmed_mention_reaches_a_feed(client, hidden, url):
    feed = fetch(client, url)
    assert len(feed.entries) == 5
    assert not [e.title for e in feed.entries if e.title.startswith("Hiddenstory")]
    terms = {t.term for e in feed.entries for t in e.get("tags", [])}
    for entity in hidden.values():
        assert entity.name not in terms
    assert "Hiddenstory" not in client.get(url).content.decode()


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_an_entity_known_only_from_hidden_or_unconfirmed_mentions_has_an_empty_feed(
    client, hidden, suffix
):
    for entity in hidden.values():
        assert fetch(client, f"/entities/{entity.slug}/{suffix}").entries == []


def test_a_scheduled_story_joins_the_feeds_when_its_time_comes(client, seeded):
    story = ArticleFactory(
        title="Scheduled story", publish_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert story.title not in [e.title for e in fetch(client, "/feeds/articles/").entries]
    Article.objects.filter(pk=story.pk).update(publish_at=timezone.now())
    assert story.title in [e.title for e in fetch(client, "/feeds/articles/").entries]


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_a_merged_away_entity_feed_moves_permanently_to_the_winner(client, seeded, suffix):
    kyrgyzstan = Entity.objects.get(slug="kyrgyzstan")
    EntityRedirect.objects.create(old_slug="kyrgyz-republic", entity=kyrgyzstan)
    response = client.get(f"/entities/kyrgyz-republic/{suffix}")
    assert response.status_code == 301
    assert response["Location"] == f"/entities/kyrgyzstan/{suffix}"
    assert len(fetch(client, response["Location"]).entries) == 2


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_an_unknown_entity_feed_is_not_found(client, seeded, suffix):
    assert client.get(f"/entities/no-such-entity/{suffix}").status_code == 404


def test_feeds_hold_the_latest_fifty_stories(client, db):
    stories = ArticleFactory.create_batch(55)
    newest = sorted(stories, key=lambda a: a.published, reverse=True)[:50]
    feed = fetch(client, "/feeds/articles/")
    assert [e.title for e in feed.entries] == [a.title for a in newest]


def make_stories(count: int, entity: Entity) -> None:
    for story in ArticleFactory.create_batch(count, tags=["diplomacy", "trade"]):
        MentionFactory(article=story, entity=entity)
        MentionFactory(article=story)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/feeds/articles/", 4),
        ("/feeds/articles/atom/", 4),
        ("/entities/{slug}/feed/", 5),
        ("/entities/{slug}/feed/atom/", 5),
    ],
)
def test_feeds_run_the_same_few_queries_however_many_items(
    client, db, django_assert_num_queries, url, queries
):
    entity = EntityFactory(kind=Entity.Kind.COUNTRY)
    url = url.format(slug=entity.slug)
    make_stories(2, entity)
    with django_assert_num_queries(queries):
        assert len(fetch(client, url).entries) == 2
    make_stories(30, entity)
    with django_assert_num_queries(queries):
        assert len(fetch(client, url).entries) == 32


def test_pages_announce_their_feeds_in_the_head_and_as_visible_links(client, seeded):
    for url in ["/", "/articles/"]:
        html = client.get(url).content.decode()
        head = html[: html.index("</head>")]
        assert 'rel="alternate" type="application/rss+xml"' in head
        assert 'href="/feeds/articles/"' in head and 'href="/feeds/articles/atom/"' in head
        assert '<a href="/feeds/articles/" type="application/rss+xml">RSS feed</a>' in html
        assert '<a href="/feeds/articles/atom/" type="application/atom+xml">Atom feed</a>' in html
    html = client.get("/entities/kyrgyzstan/").content.decode()
    head = html[: html.index("</head>")]
    assert 'type="application/rss+xml" title="Kyrgyzstan: stories (RSS)"' in head
    assert 'href="/entities/kyrgyzstan/feed/"' in head
    assert 'href="/entities/kyrgyzstan/feed/atom/"' in head
    assert 'href="/feeds/articles/"' not in head
    assert '<a href="/entities/kyrgyzstan/feed/" type="application/rss+xml">RSS feed</a>' in html
