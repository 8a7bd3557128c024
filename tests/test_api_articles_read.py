"""Reading stories through the API: shapes, filters, ordering, pagination, ETags, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Article
from entities.models import Entity
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

LIST_FIELDS = {
    "id",
    "slug",
    "url",
    "web_url",
    "title",
    "summary",
    "language",
    "published",
    "dateline",
    "byline",
    "source",
    "tags",
    "entities",
}
RUSSIAN = "glava-mid-kyrgyzstana-vstretilsya-s-predsedatelem-milli-medzhlisa-azerbaydzhana"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_list_shows_the_five_seed_stories_with_the_contract_fields(seeded, api):
    response = api.get("/api/v1/articles/")
    data = response.json()
    assert data["count"] == 5
    assert {"count", "next", "previous", "results"} <= set(data)
    item = data["results"][0]
    assert set(item) >= LIST_FIELDS
    assert item["slug"] == "kyrgyz-ambassador-hails-deepening-baku-bishkek-relations"
    assert item["url"] == f"http://testserver/api/v1/articles/{item['slug']}/"
    assert item["web_url"] == f"http://testserver/articles/{item['slug']}/"
    assert item["source"] == {"slug": "azernews", "name": "Azernews"}
    assert {"slug": "kyrgyzstan", "name": "Kyrgyzstan", "kind": "country"} in item["entities"]


def test_list_is_newest_first_with_undated_stories_last(seeded, api):
    dates = [item["published"] for item in api.get("/api/v1/articles/").json()["results"]]
    assert dates == ["2024-08-31", "2024-05-02", "2024-02-06", "2021-07-03", None]


@pytest.mark.parametrize(
    ("ordering", "key", "reverse"),
    [("published", "published", False), ("title", "title", False), ("-title", "title", True)],
)
def test_ordering(seeded, api, ordering, key, reverse):
    results = api.get(f"/api/v1/articles/?ordering={ordering}").json()["results"]
    values = [r[key] for r in results if r[key] is not None]
    assert values == sorted(values, reverse=reverse)


def test_ordering_by_updated_follows_each_change(seeded, api):
    first = Article.objects.get(slug=RUSSIAN)
    first.save()  # the most recent change
    assert slugs(api.get("/api/v1/articles/?ordering=-updated"))[0] == RUSSIAN
    assert slugs(api.get("/api/v1/articles/?ordering=updated"))[-1] == RUSSIAN


def test_detail_has_body_text_and_mentions_with_spans(seeded, api):
    response = api.get(f"/api/v1/articles/{RUSSIAN}/")
    assert response.status_code == 200
    data = response.json()
    assert data["language"] == "ru"
    assert data["body_html"].startswith("<p>")
    gafarova = next(m for m in data["mentions"] if m["entity"]["slug"] == "sahiba-gafarova")
    assert gafarova["status"] == "confirmed"
    start, end = gafarova["spans"][0]
    assert data["text"][start:end] in gafarova["surface_forms"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("entity=azerbaijan", 5),
        ("entity=kyrgyzstan", 2),
        ("entity=kyrgyzstan&entity=azerbaijan", 2),
        ("entity=kyrgyzstan&entity=sahiba-gafarova", 1),
        ("any_entity=sahiba-gafarova&any_entity=organization-of-turkic-states", 3),
        ("entity=kyrgyzstan&language=ru", 1),
        ("language=en", 4),
        ("source=trend-news-agency", 2),
        ("kind=person", 5),
        ("published_after=2024-05-02", 2),
        ("published_before=2024-02-06", 2),
        ("published_after=2024-01-01&published_before=2024-06-30", 2),
        ("q=Bayramov", 2),
    ],
)
def test_filters(seeded, api, query, expected):
    assert api.get(f"/api/v1/articles/?{query}").json()["count"] == expected


def test_kind_filter_needs_a_confirmed_mention_of_that_kind(seeded, api):
    event = Entity.objects.create(name="Some Summit", kind=Entity.Kind.EVENT)
    story = Article.objects.get(slug=RUSSIAN)
    MentionFactory(article=story, entity=event, status="suggested")
    assert api.get("/api/v1/articles/?kind=event&language=ru").json()["count"] == 0
    story.mentions.filter(entity=event).update(status="confirmed")
    assert slugs(api.get("/api/v1/articles/?kind=event&language=ru")) == [RUSSIAN]


def test_tag_filter(seeded, api):
    story = Article.objects.get(slug=RUSSIAN)
    story.tags.add("Transit Corridors")
    assert slugs(api.get("/api/v1/articles/?tag=transit-corridors")) == [RUSSIAN]
    assert slugs(api.get("/api/v1/articles/?tag=Transit corridors")) == [RUSSIAN]
    assert "Transit Corridors" in api.get(f"/api/v1/articles/{RUSSIAN}/").json()["tags"]


def test_incremental_sync_with_updated_after(seeded, api):
    """The README's recipe: page through changes since the last sync, oldest change first."""
    Article.objects.update(updated=timezone.now() - datetime.timedelta(days=1))
    mark = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    assert api.get("/api/v1/articles/", {"updated_after": mark}).json()["count"] == 0
    for slug in [RUSSIAN, "kyrgyz-ambassador-hails-deepening-baku-bishkek-relations"]:
        Article.objects.get(slug=slug).save()
    page = api.get("/api/v1/articles/", {"updated_after": mark, "ordering": "updated"}).json()
    assert [r["slug"] for r in page["results"]] == [
        RUSSIAN,
        "kyrgyz-ambassador-hails-deepening-baku-bishkek-relations",
    ]
    latest = page["results"][-1]["updated"]
    assert api.get("/api/v1/articles/", {"updated_after": latest}).json()["count"] == 0


def test_updated_after_accepts_offsets(seeded, api):
    response = api.get("/api/v1/articles/", {"updated_after": "2000-01-01T05:00:00+05:00"})
    assert response.json()["count"] == 5


def test_pagination_with_page_size(seeded, api):
    first = api.get("/api/v1/articles/?page_size=2").json()
    assert len(first["results"]) == 2
    assert first["next"] == "http://testserver/api/v1/articles/?page=2&page_size=2"
    last = api.get("/api/v1/articles/?page_size=2&page=3").json()
    assert len(last["results"]) == 1
    assert last["next"] is None


def test_page_past_the_end_is_a_404(seeded, api):
    response = api.get("/api/v1/articles/?page=9")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page_size=0", "page_size"),
        ("page_size=-3", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=1000000000", "page_size"),
        ("page_size=ten", "page_size"),
        ("page_size=", "page_size"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=two", "page"),
        ("page=1.5", "page"),
    ],
)
def test_bad_pagination_is_a_400_naming_the_parameter(seeded, api, query, parameter):
    response = api.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_list_and_detail_carry_strong_etags(seeded, api):
    listing = api.get("/api/v1/articles/")
    assert listing["ETag"].startswith('"') and not listing["ETag"].startswith("W/")
    detail = api.get(f"/api/v1/articles/{RUSSIAN}/")
    article = Article.objects.get(slug=RUSSIAN)
    assert detail["ETag"] == f'"{RUSSIAN}.{article.version}"'
    assert "Last-Modified" in detail


def test_conditional_get_answers_304_until_the_story_changes(seeded, api):
    url = f"/api/v1/articles/{RUSSIAN}/"
    etag = api.get(url)["ETag"]
    not_modified = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == etag
    assert not_modified.content == b""
    Article.objects.get(slug=RUSSIAN).save()
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_conditional_get_on_a_list(seeded, api):
    etag = api.get("/api/v1/articles/?language=ru")["ETag"]
    assert api.get("/api/v1/articles/?language=ru", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get("/api/v1/articles/?language=en", HTTP_IF_NONE_MATCH=etag).status_code == 200
    Article.objects.get(slug=RUSSIAN).save()
    assert api.get("/api/v1/articles/?language=ru", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_if_modified_since_on_a_detail(seeded, api):
    url = f"/api/v1/articles/{RUSSIAN}/"
    modified = api.get(url)["Last-Modified"]
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304


def test_detail_ignores_list_filters(seeded, api):
    assert api.get(f"/api/v1/articles/{RUSSIAN}/?language=en").status_code == 200


def test_unknown_story_is_a_json_404(db, api):
    response = api.get("/api/v1/articles/no-such-story/")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.fixture
def thirty_stories(db):
    """30 published stories, each with two confirmed entities, a suggested one and two tags."""
    shared = EntityFactory(kind=Entity.Kind.COUNTRY, name="Shared Country")
    for n in range(30):
        story = ArticleFactory(tags=["economy", f"tag-{n}"])
        MentionFactory(article=story, entity=shared)
        MentionFactory(article=story)
        MentionFactory(article=story, status="suggested")
    return shared


def _queries(path: str) -> tuple[int, dict]:
    client = APIClient()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/",
        "/api/v1/articles/?entity=shared-country&tag=economy&ordering=-updated",
        "/api/v1/articles/?any_entity=shared-country&kind=country&language=en&q=Story",
        "/api/v1/entities/shared-country/articles/",
    ],
)
def test_story_lists_cost_the_same_queries_at_3_and_30_items(thirty_stories, path, settings):
    joiner = "&" if "?" in path else "?"
    # Once per process, a search looks whether its SQLite index exists: not a per-page cost.
    _queries(f"{path}{joiner}page_size=1")
    few, small = _queries(f"{path}{joiner}page_size=3")
    many, large = _queries(f"{path}{joiner}page_size=30")
    assert len(small["results"]) == 3
    assert len(large["results"]) == 30
    assert all(len(item["entities"]) == 2 and len(item["tags"]) == 2 for item in large["results"])
    assert few == many
    # Filter lookups, the count, the page, then its sources, entities and tags.
    assert many <= 7


def test_article_list_query_bound(thirty_stories, django_assert_max_num_queries):
    client = APIClient()
    for size in (3, 30):
        with django_assert_max_num_queries(6):
            assert client.get(f"/api/v1/articles/?page_size={size}").status_code == 200


def test_detail_query_bound(seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert APIClient().get(f"/api/v1/articles/{RUSSIAN}/").status_code == 200
