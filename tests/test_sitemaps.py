"""Sitemaps and robots.txt: valid XML in the sitemap namespaces, listing only what readers see."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles import sitemaps
from articles.models import Article, Mention
from entities.models import Entity
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
HOST = "http://testserver"
XHTML = "{http://www.w3.org/1999/xhtml}"
RUSSIAN_SLUG = "glava-mid-kyrgyzstana-vstretilsya-s-predsedatelem-milli-medzhlisa-azerbaydzhana"
SECTIONS = ["pages", "articles", "entities", "news"]


def parse(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def urls(client, url: str) -> dict[str, str | None]:
    """{loc: lastmod} of one sitemap section."""
    root = parse(client, url)
    assert root.tag == f"{SM}urlset"
    return {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.iter(f"{SM}url")}


def story_urls(client) -> set[str]:
    return {loc.removeprefix(HOST) for loc in urls(client, "/sitemap-articles.xml")}


def test_the_sitemap_index_lists_every_section_with_its_lastmod(client, seeded):
    root = parse(client, "/sitemap.xml")
    assert root.tag == f"{SM}sitemapindex"
    entries = {
        s.findtext(f"{SM}loc"): s.findtext(f"{SM}lastmod") for s in root.iter(f"{SM}sitemap")
    }
    assert list(entries) == [f"{HOST}/sitemap-{name}.xml" for name in SECTIONS]
    for name in ["pages", "articles", "entities"]:
        assert entries[f"{HOST}/sitemap-{name}.xml"].startswith("2024-09-16T09:00:00")
    for loc in entries:
        parse(client, loc.removeprefix(HOST))


def test_the_story_section_lists_the_five_seed_stories_with_their_last_edit(client, seeded):
    """Each at its own page, in the language of its copy (the Russian one under /ru/)."""
    listed = urls(client, "/sitemap-articles.xml")
    expected = {f"{HOST}{a.canonical_path()}": a for a in Article.objects.published()}
    assert f"{HOST}/ru/articles/{RUSSIAN_SLUG}/" in listed
    assert set(listed) == set(expected) and len(listed) == 5
    for loc, lastmod in listed.items():
        assert lastmod == expected[loc].updated.date().isoformat()


def test_the_pages_section_lists_home_and_the_directories(client, seeded):
    listed = urls(client, "/sitemap-pages.xml")
    assert set(listed) == {f"{HOST}/", f"{HOST}/articles/", f"{HOST}/entities/"}
    assert set(listed.values()) == {"2024-09-16"}


def alternates(client, path: str) -> dict[str, dict[str, str]]:
    """{loc: {hreflang: href}} of a section's `xhtml:link` alternates."""
    root = parse(client, path)
    return {
        url.findtext(f"{SM}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in root.iter(f"{SM}url")
    }


@pytest.mark.parametrize("section", ["pages", "entities"])
def test_pages_in_both_languages_list_their_russian_address_as_an_alternate(
    client, seeded, section
):
    for loc, links in alternates(client, f"/sitemap-{section}.xml").items():
        path = loc.removeprefix(HOST)
        assert links == {
            "en": loc,
            "ru": f"{HOST}/ru{path}",
            "x-default": loc,
        }, loc
        assert client.get(f"/ru{path}").status_code == 200


def test_a_story_is_listed_once_at_its_own_page_without_alternates(client, seeded):
    """Its page in the other language names the listed one as canonical, so it is not listed."""
    listed = alternates(client, "/sitemap-articles.xml")
    assert all(links == {} for links in listed.values())
    assert sum("/ru/articles/" in loc for loc in listed) == 1


@pytest.fixture
def hidden(seeded):
    """One story in each hidden state and an unconfirmed mention, each naming its own entity."""
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    today = datetime.date.today()
    states = {
        "draft": {"status": Article.Status.DRAFT},
        "review": {"status": Article.Status.REVIEW},
        "archived": {"status": Article.Status.ARCHIVED},
        "scheduled": {"status": Article.Status.PUBLISHED, "publish_at": tomorrow},
    }
    entities = {}
    for state, fields in states.items():
        story = ArticleFactory(
            title=f"Hidden {state}", slug=f"hidden-{state}", published=today, **fields
        )
        entities[state] = EntityFactory(name=f"Only in {state}")
        MentionFactory(article=story, entity=entities[state])
        MentionFactory(article=story, entity=Entity.objects.get(slug="azerbaijan"))
    visible = Article.objects.published().first()
    entities["suggested"] = EntityFactory(name="Only suggested")
    MentionFactory(article=visible, entity=entities["suggested"], status=Mention.Status.SUGGESTED)
    return entities


def test_no_hidden_story_reaches_any_section(client, hidden):
    assert story_urls(client) == {a.canonical_path() for a in Article.objects.published()}
    for name in SECTIONS:
        content = client.get(f"/sitemap-{name}.xml").content.decode()
        assert "/articles/hidden-" not in content, name


def test_entity_pages_are_listed_only_with_a_public_mention(client, hidden):
    listed = {loc.removeprefix(HOST) for loc in urls(client, "/sitemap-entities.xml")}
    public = set(Mention.objects.public().values_list("entity__slug", flat=True).distinct())
    assert listed == {f"/entities/{slug}/" for slug in public}
    for entity in hidden.values():
        assert entity.get_absolute_url() not in listed


def test_an_entity_page_lastmod_is_its_newest_story_edit(client, seeded):
    edited = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    Article.objects.filter(slug__startswith="kyrgyz-ambassador").update(updated=edited)
    listed = urls(client, "/sitemap-entities.xml")
    assert listed[f"{HOST}/entities/bishkek/"] == edited.date().isoformat()
    assert listed[f"{HOST}/entities/sahiba-gafarova/"] == "2024-09-16"
    assert listed[f"{HOST}/entities/kyrgyzstan/"] == edited.date().isoformat()


def news_items(client) -> dict[str, ET.Element]:
    root = parse(client, "/sitemap-news.xml")
    assert root.tag == f"{SM}urlset"
    return {u.findtext(f"{SM}loc").removeprefix(HOST): u for u in root.iter(f"{SM}url")}


def test_the_seed_stories_are_too_old_for_the_news_sitemap(client, seeded):
    assert news_items(client) == {}


def test_the_news_sitemap_holds_live_stories_of_the_last_two_days(client, db):
    now = timezone.now()
    today = now.date()
    recent = {
        "dated-today": ArticleFactory(slug="dated-today", published=today),
        "dated-yesterday": ArticleFactory(
            slug="dated-yesterday", published=today - datetime.timedelta(days=1)
        ),
        "undated-went-live-yesterday": ArticleFactory(
            slug="undated-went-live-yesterday",
            published=None,
            publish_at=now - datetime.timedelta(days=1),
        ),
        "undated-stored-today": ArticleFactory(slug="undated-stored-today", published=None),
    }
    old = [
        ArticleFactory(slug="dated-last-week", published=today - datetime.timedelta(days=7)),
        # An old wire story put live today is still old news: its own date decides.
        ArticleFactory(
            slug="old-story-live-today", published=datetime.date(2021, 7, 3), publish_at=now
        ),
        ArticleFactory(
            slug="undated-went-live-last-week",
            published=None,
            publish_at=now - datetime.timedelta(days=7),
        ),
    ]
    hidden = [
        ArticleFactory(slug="draft-today", published=today, status=Article.Status.DRAFT),
        ArticleFactory(slug="review-today", published=today, status=Article.Status.REVIEW),
        ArticleFactory(slug="archived-today", published=today, status=Article.Status.ARCHIVED),
        ArticleFactory(
            slug="scheduled-tomorrow", published=today, publish_at=now + datetime.timedelta(days=1)
        ),
    ]
    items = news_items(client)
    assert set(items) == {a.canonical_path() for a in recent.values()}
    for article in [*old, *hidden]:
        assert article.canonical_path() not in items


def test_a_news_entry_names_the_publication_its_language_date_and_title(client, db):
    now = timezone.now().replace(microsecond=0)
    dated = ArticleFactory(
        title="Глава МИД <встретился> & обсудил", language="ru", published=now.date()
    )
    undated = ArticleFactory(published=None, publish_at=now - datetime.timedelta(hours=2))
    items = news_items(client)

    entry = items[dated.canonical_path()].find(f"{NEWS}news")
    assert dated.canonical_path().startswith("/ru/articles/")
    assert entry.findtext(f"{NEWS}publication/{NEWS}name") == "Newsroom"
    assert entry.findtext(f"{NEWS}publication/{NEWS}language") == "ru"
    assert entry.findtext(f"{NEWS}publication_date") == now.date().isoformat()
    assert entry.findtext(f"{NEWS}title") == dated.title

    entry = items[undated.canonical_path()].find(f"{NEWS}news")
    published = datetime.datetime.fromisoformat(entry.findtext(f"{NEWS}publication_date"))
    assert published == undated.publish_at
    assert items[undated.canonical_path()].findtext(f"{SM}lastmod")


def test_sections_split_into_numbered_pages_listed_in_the_index(client, db, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    ArticleFactory.create_batch(5)
    root = parse(client, "/sitemap.xml")
    locs = [s.findtext(f"{SM}loc") for s in root.iter(f"{SM}sitemap")]
    pages = [loc for loc in locs if "sitemap-articles" in loc]
    assert pages == [
        f"{HOST}/sitemap-articles.xml",
        f"{HOST}/sitemap-articles.xml?p=2",
        f"{HOST}/sitemap-articles.xml?p=3",
    ]
    seen = [urls(client, page.removeprefix(HOST)) for page in pages]
    assert [len(page) for page in seen] == [2, 2, 1]
    assert len(set().union(*seen)) == 5
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404
    assert client.get("/sitemap-nonsense.xml").status_code == 404


def make_world(stories: int) -> None:
    today = timezone.now().date()
    for article in ArticleFactory.create_batch(stories, published=today):
        MentionFactory(article=article)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/sitemap.xml", 7),
        ("/sitemap-pages.xml", 1),
        ("/sitemap-articles.xml", 2),
        ("/sitemap-entities.xml", 2),
        ("/sitemap-news.xml", 2),
    ],
)
def test_sitemaps_run_the_same_queries_however_many_urls(
    client, db, django_assert_num_queries, url, queries
):
    make_world(3)
    with django_assert_num_queries(queries):
        client.get(url)
    make_world(40)
    with django_assert_num_queries(queries):
        response = client.get(url)
    if url != "/sitemap.xml" and url != "/sitemap-pages.xml":
        assert len(list(ET.fromstring(response.content).iter(f"{SM}url"))) == 43


def test_robots_txt_opens_the_site_closes_the_desk_and_names_both_sitemaps(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = [line for line in response.content.decode().splitlines() if line.strip()]
    rules = [line for line in lines if not line.startswith("#")]
    assert rules == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Allow: /",
        "Sitemap: http://testserver/sitemap.xml",
        "Sitemap: http://testserver/sitemap-news.xml",
    ]


def test_robots_txt_and_sitemaps_use_the_requests_host_and_scheme(client, db, settings):
    settings.ALLOWED_HOSTS = ["news.example.org"]
    ArticleFactory(slug="a-story")
    robots = client.get("/robots.txt", HTTP_HOST="news.example.org", secure=True)
    assert "Sitemap: https://news.example.org/sitemap.xml" in robots.content.decode()
    response = client.get("/sitemap-articles.xml", HTTP_HOST="news.example.org", secure=True)
    root = ET.fromstring(response.content)
    assert [u.findtext(f"{SM}loc") for u in root.iter(f"{SM}url")] == [
        "https://news.example.org/articles/a-story/"
    ]
