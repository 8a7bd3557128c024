"""Every injection vector written through the REST API, then read back everywhere it is shown.

The API is the fast write path, so the whole corpus (`tests.injection_vectors.VECTORS`) goes
through it: each vector into the headline, summary, body, byline, dateline and a tag of a
published story, created with POST and changed with PATCH by an editor. Then:

- the API's JSON gives back every plain-text field exactly as posted, on the general path (an
  editor) and the lean path (an anonymous reader), and a body with nothing executable that
  sanitising again leaves unchanged;
- the story's page runs nothing the same page with a seed story does not, shows the plain text
  only escaped, and its JSON-LD is valid JSON holding the same text;
- per category, the lists that show many stories at once (home, story list and its pages,
  search results, entity page, feeds, sitemaps, the admin change list, the API list).
"""

import datetime
from collections import Counter

import pytest
from django.contrib.auth.models import Group, Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.html import sanitize_html
from articles.models import Article, Mention
from articles.seo import xml_text
from tests.factories import ArticleFactory, SourceFactory
from tests.injection_vectors import (
    CATEGORIES,
    VECTORS,
    Vector,
    assert_escaped,
    assert_feed_safe,
    assert_fragment_safe,
    assert_page_safe,
    executable_findings,
    json_ld_blocks,
    read,
)

SEED_STORY = "/articles/kyrgyz-ambassador-hails-deepening-baku-bishkek-relations/"
# What each plain-text field starts with, so its raw form cannot be confused with the body's
# (where allowed markup such as <b> is kept on purpose), and the API's limit on it.
PLAIN_FIELDS = {"title": ("Headline ", 300), "summary": ("Summary ", 5000)}
PLAIN_FIELDS |= {"byline": ("Reporter ", 200), "dateline": ("Baku ", 100)}
TAG_LIMIT = 100


def editor_client() -> APIClient:
    group, _ = Group.objects.get_or_create(name="Injection editors")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["add_article", "change_article", "view_article", "publish_article"],
        )
    )
    user = User.objects.create_user("injection-editor")
    user.groups.add(group)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def editor(seeded) -> APIClient:
    """An editor on the seed stories (lists need their company and Azerbaijan's page)."""
    return editor_client()


@pytest.fixture
def bare_editor(db) -> APIClient:
    """An editor on an empty site but for the source the stories name: one story's page needs
    nothing more, and loading the seed for each of the corpus's vectors would double the time."""
    SourceFactory(name="Kabar", slug="kabar")
    return editor_client()


_story_page_baseline: list[Counter] = []


def story_page_baseline(client) -> Counter:
    """What a story page runs of its own (its findings with benign data), computed once."""
    if not _story_page_baseline:
        story = ArticleFactory(
            source=SourceFactory(name="Kabar"), byline="Staff", dateline="Baku", tags=["benign"]
        )
        _story_page_baseline.append(executable_findings(read(client, story.get_absolute_url())))
    return _story_page_baseline[0]


def clip(text: str, limit: int) -> str:
    """`text` within a field's limit; the API trims surrounding whitespace by design, and no
    vector is about that, so none is left at the edges."""
    return text[:limit].strip()


def plain_values(vector: Vector, prefixes=PLAIN_FIELDS) -> dict[str, str]:
    payload = vector.payload.replace("\x00", "")  # refused by the API: see the NUL test
    return {field: clip(prefix + payload, limit) for field, (prefix, limit) in prefixes.items()}


def story_input(vector: Vector) -> dict:
    body = vector.payload.replace("\x00", "")
    return {
        **plain_values(vector),
        "body_html": f"<p>Azerbaijan and Kyrgyzstan signed.</p>{body}<p>{vector.name}</p>",
        "language": "en",
        "source": "kabar",
        "status": "published",
        "published": datetime.date.today().isoformat(),
        "tags": [clip(f"tag {vector.payload.replace(chr(0), '')}", TAG_LIMIT)],
    }


def create(editor: APIClient, vector: Vector) -> dict:
    response = editor.post("/api/v1/articles/", story_input(vector), format="json")
    assert response.status_code == 201, (vector.name, response.json())
    return response.json()


def assert_round_trip(data: dict, sent: dict, where: str) -> None:
    """What was posted is what the API gives back, character for character; the body is
    what the sanitiser makes of it, and inert."""
    for field in [*PLAIN_FIELDS, "tags"]:
        if field in sent:
            assert data[field] == sent[field], (where, field)
    if "body_html" in sent:
        assert data["body_html"] == sanitize_html(sent["body_html"]), where
    assert_fragment_safe(data["body_html"], where)


def assert_story_page_safe(page: str, baseline: Counter, sent: dict, where: str) -> None:
    assert_page_safe(page, baseline, where)
    assert_escaped(page, {f: sent[f] for f in PLAIN_FIELDS} | {"tag": sent["tags"][0]}, where)
    (news,) = json_ld_blocks(page)
    assert news["headline"] == sent["title"], where
    assert news["author"]["name"] == sent["byline"], where
    assert news["dateline"] == sent["dateline"], where
    assert news["keywords"] == sent["tags"], where


@pytest.mark.parametrize("vector", VECTORS, ids=str)
def test_api_round_trips_plain_text_and_serves_only_inert_html(bare_editor, client, api, vector):
    """POST with the vector after a prefix in every field, PATCH with it first; the page is
    read after the PATCH. Both answers, and the anonymous (lean) read, give back exactly what
    was sent."""
    editor = bare_editor
    sent = story_input(vector)
    created = create(editor, vector)
    slug = created["slug"]
    assert_round_trip(created, sent, f"{vector}: POST")

    payload = vector.payload.replace("\x00", "")
    changed = {
        "title": clip(f"{payload} changed", 300),
        "summary": clip(f"{payload} {payload}", 5000),
        "byline": clip(f"{payload} and staff", 200),
        "dateline": clip(f"{payload[:90]} Baku", 100),
        "body_html": f"{payload}<p>Changed about Azerbaijan.</p>",
        "tags": [clip(f"{payload} changed", TAG_LIMIT)],
    }
    response = editor.patch(f"/api/v1/articles/{slug}/", changed, format="json")
    assert response.status_code == 200, (vector.name, response.json())
    assert_round_trip(response.json(), changed, f"{vector}: PATCH")
    assert_round_trip(api.get(f"/api/v1/articles/{slug}/").json(), changed, f"{vector}: GET")
    page = read(client, f"/articles/{slug}/")
    assert_story_page_safe(page, story_page_baseline(client), changed, f"{vector}: page")


def test_api_refuses_nul_characters_naming_each_field(bare_editor):
    editor = bare_editor
    (vector,) = [v for v in VECTORS if "\x00" in v.payload]
    sent = {
        "title": vector.payload,
        "summary": vector.payload,
        "byline": vector.payload,
        "dateline": vector.payload[:100],
        "body_html": vector.payload,
        "tags": [vector.payload],
    }
    response = editor.post("/api/v1/articles/", sent, format="json")
    assert response.status_code == 400
    named = set(response.json())
    assert named >= {"title", "summary", "byline", "dateline", "body_html"}
    assert any(name.startswith("tags") for name in named), named
    assert not Article.objects.filter(title__contains="alert").exists()


def public_lists(slugs: list[str]) -> list[str]:
    """Every list a reader, a crawler or an aggregator reads stories from."""
    pages = (len(slugs) + 5) // 20 + 1  # the seed stories and these, 20 a page
    return [
        "/",
        *(f"/articles/?page={n}" for n in range(1, pages + 1)),
        "/articles/?q=Azerbaijan",
        "/articles/?q=alert",
        "/articles/?q=Headline",
        "/articles/?entity=azerbaijan",
        *(f"/entities/azerbaijan/?page={n}" for n in range(1, pages + 1)),
        "/entities/",
    ]


FEEDS = [
    "/feeds/articles/",
    "/feeds/articles/atom/",
    "/entities/azerbaijan/feed/",
    "/entities/azerbaijan/feed/atom/",
]
SITEMAPS = [
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-articles.xml",
    "/sitemap-entities.xml",
    "/sitemap-news.xml",
]


@pytest.mark.parametrize("category", CATEGORIES)
def test_lists_feeds_sitemaps_and_admin_show_each_category_inert(
    editor, client, admin_client, api, category
):
    """All of a category's stories at once, each confirmed to mention Azerbaijan so that it
    reaches the entity page and its feeds too."""
    vectors = [v for v in VECTORS if v.category == category]
    baselines = {}
    for url in [*public_lists([]), "/articles/?page=1"]:
        baselines[url.split("?page=")[0]] = read(client, url)
    admin_lists = ["/admin/articles/article/", "/admin/articles/article/?q=Headline"]
    for url in admin_lists:
        baselines[url] = read(admin_client, url)

    sent = {}
    for vector in vectors:
        sent[create(editor, vector)["slug"]] = story_input(vector)
    Mention.objects.filter(article__slug__in=sent, entity__slug="azerbaijan").update(
        status=Mention.Status.CONFIRMED
    )
    plain = {slug: {f: s[f] for f in PLAIN_FIELDS} for slug, s in sent.items()}

    for url in public_lists(list(sent)):
        page = read(client, url)
        assert_page_safe(page, baselines[url.split("?page=")[0]], f"{category}: {url}")
        for values in plain.values():
            assert_escaped(page, values, f"{category}: {url}")
    for url in admin_lists:
        page = read(admin_client, url)
        assert_page_safe(page, baselines[url], f"{category}: {url}")
        for values in plain.values():
            assert_escaped(page, values, f"{category}: {url}")

    # Feeds carry a title without the characters XML cannot hold (`seo.xml_text`), and XML
    # (like HTML) reads a carriage return before a newline, or alone, as a newline.
    by_title = {_xml_lines(xml_text(s["title"])): s for s in sent.values()}
    for url in FEEDS:
        items = assert_feed_safe(read(client, url), f"{category}: {url}")
        titles = {
            (i.findtext("title") or i.findtext("{http://www.w3.org/2005/Atom}title")) for i in items
        }
        assert set(by_title) <= titles, url  # each title arrives as itself, escaped once in XML
    for url in SITEMAPS:
        assert_feed_safe(read(client, url), f"{category}: {url}")
    news = read(client, "/sitemap-news.xml")
    for story in sent.values():
        title = _xml_escape(xml_text(story["title"]))
        assert f"<news:title>{title}</news:title>" in news, story["title"]

    for reader in (api, editor):
        listing = reader.get("/api/v1/articles/", {"page_size": 100, "source": "kabar"}).json()
        items = {item["slug"]: item for item in listing["results"]}
        for slug, values in plain.items():
            for field, value in values.items():
                assert items[slug][field] == value, (slug, field)
            assert items[slug]["tags"] == sent[slug]["tags"], slug


def _xml_lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _xml_escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


def test_a_control_character_in_a_headline_leaves_every_feed_and_sitemap_well_formed(
    editor, client
):
    """XML cannot carry most C0 controls even escaped: Django's feed writer raised on one, so
    a single story's pasted control character made every feed it was in answer 500."""
    story = {**story_input(VECTORS[0]), "title": "Baku\x01 talks\x0b end", "byline": "A\x1fB"}
    story["tags"] = ["bell\x07tag"]
    assert editor.post("/api/v1/articles/", story, format="json").status_code == 201
    Mention.objects.filter(article__title=story["title"]).update(status=Mention.Status.CONFIRMED)
    for url in [*FEEDS, *SITEMAPS]:
        assert_feed_safe(read(client, url), url)
    rss = read(client, "/feeds/articles/")
    assert "<title>Baku talks end</title>" in rss
    assert "<category>belltag</category>" in rss
    assert "<news:title>Baku talks end</news:title>" in read(client, "/sitemap-news.xml")
