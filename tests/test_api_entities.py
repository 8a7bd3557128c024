"""The entity and source endpoints: alias search, counts, related entities, stories, co-occurrence.

And the API's part of "nothing unpublished leaks": beside the seed stories, one story in each
hidden state (draft, review, archived, scheduled) and a published story whose only mentions of two
entities are unconfirmed. None of them may show in any list, detail, count, related entity, entity
story list or co-occurrence an anonymous caller can read.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, Mention
from articles.services import entity_merge as merge_entities
from entities.models import Entity
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

MARKER = "Zqxcanary"
HIDDEN = ["draft", "review", "archived", "scheduled"]


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_entity_list_item_has_the_contract_fields(seeded, api):
    found = results(api.get("/api/v1/entities/?q=Azerbaijan"))
    item = next(e for e in found if e["slug"] == "azerbaijan")
    assert {
        "id",
        "slug",
        "url",
        "web_url",
        "name",
        "kind",
        "description",
        "article_count",
    } <= set(item)
    assert item["url"] == "http://testserver/api/v1/entities/azerbaijan/"
    assert item["web_url"] == "http://testserver/entities/azerbaijan/"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("Гафарова", "sahiba-gafarova"),
        ("Кыргызстан", "kyrgyzstan"),
        ("OTS", "organization-of-turkic-states"),
        ("kyrgyz republic", "kyrgyzstan"),
    ],
)
def test_entity_search_matches_aliases_in_any_script(seeded, api, query, slug):
    assert slug in [e["slug"] for e in results(api.get("/api/v1/entities/", {"q": query}))]


def test_entity_kind_filter(seeded, api):
    kinds = {e["kind"] for e in results(api.get("/api/v1/entities/?kind=person&page_size=100"))}
    assert kinds == {"person"}


@pytest.mark.parametrize("query", ["kind=planet", "kind=", "q=" + "x" * 201])
def test_bad_entity_filters_are_named(seeded, api, query):
    response = api.get(f"/api/v1/entities/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_entity_detail(seeded, api):
    data = api.get("/api/v1/entities/sahiba-gafarova/").json()
    assert data["article_count"] == 1
    assert {"name": "Сагибой Гафаровой", "language": "ru", "kind": "name"} in data["aliases"]
    assert data["roles"], "a person's positions"
    assert data["roles"][0]["person"]["slug"] == "sahiba-gafarova"
    related = {r["slug"]: r["shared"] for r in data["related"]}
    assert related["kyrgyzstan"] == 1


def test_entity_detail_counts_for_azerbaijan(seeded, api):
    data = api.get("/api/v1/entities/azerbaijan/").json()
    assert data["article_count"] == 5
    related = {r["slug"]: r["shared"] for r in data["related"]}
    assert related["kyrgyzstan"] == 2
    assert data["related"] == sorted(data["related"], key=lambda r: (-r["shared"], r["name"]))


def test_entity_stories_and_cooccurrence(seeded, api):
    assert api.get("/api/v1/entities/azerbaijan/articles/").json()["count"] == 5
    both = results(api.get("/api/v1/entities/azerbaijan/cooccurrence/kyrgyzstan/"))
    assert len(both) == 2
    assert all(
        {"azerbaijan", "kyrgyzstan"} <= {e["slug"] for e in item["entities"]} for item in both
    )
    russian = api.get("/api/v1/entities/kyrgyzstan/articles/?language=ru").json()
    assert russian["count"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/entities/nobody/",
        "/api/v1/entities/nobody/articles/",
        "/api/v1/entities/azerbaijan/cooccurrence/nobody/",
        "/api/v1/entities/nobody/cooccurrence/azerbaijan/",
        "/api/v1/sources/nowhere/",
    ],
)
def test_unknown_objects_are_json_404s(seeded, api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_merged_away_slug_redirects_permanently(seeded, api):
    winner = Entity.objects.get(slug="kyrgyzstan")
    loser = EntityFactory(kind=Entity.Kind.COUNTRY, name="Kirghizia")
    merge_entities(winner=winner, loser=loser)
    response = api.get("/api/v1/entities/kirghizia/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/entities/kyrgyzstan/"


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/entities/", "Entity List"),
        ("/api/v1/entities/azerbaijan/", "Entity Instance"),
        ("/api/v1/entities/azerbaijan/articles/", "Articles"),
    ],
)
def test_entity_endpoints_are_named_for_the_resource(seeded, api, path, name):
    assert api.options(path).json()["name"] == name


def test_sources_with_published_counts(seeded, api):
    counts = {s["slug"]: s["article_count"] for s in results(api.get("/api/v1/sources/"))}
    assert counts == {"azernews": 2, "kabar": 1, "menafn": 0, "trend-news-agency": 2}
    assert api.get("/api/v1/sources/kabar/").json()["website"] == "https://kabar.kg"


def test_entity_list_query_count_is_constant(seeded, django_assert_max_num_queries):
    client = APIClient()
    for size in (3, 30):
        with django_assert_max_num_queries(3):
            assert client.get(f"/api/v1/entities/?page_size={size}").status_code == 200


# Nothing hidden leaks


@pytest.fixture
def hidden(seeded) -> dict:
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    kyrgyzstan = Entity.objects.get(slug="kyrgyzstan")
    trend = "trend-news-agency"
    later = timezone.now() + datetime.timedelta(days=1)
    statuses = {
        "draft": "draft",
        "review": "review",
        "archived": "archived",
        "scheduled": "published",
    }
    own, stories = {}, {}
    for state in HIDDEN:
        story = ArticleFactory(
            title=f"{MARKER} {state} story",
            text=f"{MARKER} Azerbaijan and Kyrgyzstan.",
            status=statuses[state],
            publish_at=later if state == "scheduled" else None,
            language="ru",
            source__name="Trend News Agency",
            published=datetime.date(2024, 10, 1),
            tags=[MARKER.lower()],
        )
        assert story.source.slug == trend
        own[state] = EntityFactory(name=f"Only In {state.title()}")
        for entity in (azerbaijan, kyrgyzstan, own[state]):
            MentionFactory(article=story, entity=entity)
        stories[state] = story
    visible = ArticleFactory(title="A published story", published=datetime.date(2024, 10, 2))
    unconfirmed = [EntityFactory(name="Suggested Only"), EntityFactory(name="Rejected Only")]
    MentionFactory(article=visible, entity=azerbaijan)
    MentionFactory(article=visible, entity=unconfirmed[0], status=Mention.Status.SUGGESTED)
    MentionFactory(article=visible, entity=unconfirmed[1], status=Mention.Status.REJECTED)
    return {"stories": stories, "own": own, "unconfirmed": unconfirmed, "visible": visible}


def assert_clean(response, hidden: dict) -> None:
    assert response.status_code in (200, 404), response.content
    text = response.content.decode()
    assert MARKER not in text
    for story in hidden["stories"].values():
        assert story.slug not in text
    for entity in [*hidden["own"].values(), *hidden["unconfirmed"]]:
        assert entity.slug not in text and entity.name not in text


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/",
        "/api/v1/articles/?language=ru",
        f"/api/v1/articles/?q={MARKER}",
        f"/api/v1/articles/?tag={MARKER.lower()}",
        "/api/v1/articles/?entity=azerbaijan&entity=kyrgyzstan",
        "/api/v1/articles/?any_entity=azerbaijan",
        "/api/v1/articles/?kind=person",
        "/api/v1/articles/?source=trend-news-agency",
        "/api/v1/articles/?published_after=2024-09-30&ordering=-updated",
        "/api/v1/entities/azerbaijan/",
        "/api/v1/entities/kyrgyzstan/",
        "/api/v1/entities/azerbaijan/articles/",
        "/api/v1/entities/azerbaijan/cooccurrence/kyrgyzstan/",
        "/api/v1/entities/kyrgyzstan/cooccurrence/azerbaijan/",
    ],
)
def test_hidden_stories_and_mentions_never_reach_anonymous_callers(hidden, api, path):
    assert_clean(api.get(path), hidden)


def test_hidden_stories_are_404_by_slug(hidden, api):
    for story in hidden["stories"].values():
        assert api.get(f"/api/v1/articles/{story.slug}/").status_code == 404


def test_counts_ignore_hidden_stories_and_unconfirmed_mentions(hidden, api):
    assert api.get("/api/v1/articles/").json()["count"] == 6
    assert api.get("/api/v1/entities/azerbaijan/").json()["article_count"] == 6
    assert api.get("/api/v1/entities/kyrgyzstan/").json()["article_count"] == 2
    cooccurring = api.get("/api/v1/entities/azerbaijan/cooccurrence/kyrgyzstan/").json()
    assert cooccurring["count"] == 2
    for entity in [*hidden["own"].values(), *hidden["unconfirmed"]]:
        detail = api.get(f"/api/v1/entities/{entity.slug}/").json()
        assert detail["article_count"] == 0
        assert detail["related"] == []
        assert api.get(f"/api/v1/entities/{entity.slug}/articles/").json()["count"] == 0
    listing = {e["slug"]: e["article_count"] for e in results(api.get("/api/v1/entities/?q=Only"))}
    assert set(listing.values()) == {0}
    sources = {s["slug"]: s["article_count"] for s in results(api.get("/api/v1/sources/"))}
    assert sources["trend-news-agency"] == 2


def test_a_published_storys_unconfirmed_mentions_stay_hidden(hidden, api):
    visible = hidden["visible"]
    data = api.get(f"/api/v1/articles/{visible.slug}/").json()
    assert [m["entity"]["slug"] for m in data["mentions"]] == ["azerbaijan"]
    assert [e["slug"] for e in data["entities"]] == ["azerbaijan"]
    assert_clean(api.get(f"/api/v1/articles/{visible.slug}/"), hidden)


def test_editors_see_hidden_stories_but_entity_endpoints_stay_public(hidden):
    editor = User.objects.create_user("ed")
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    assert client.get("/api/v1/articles/").json()["count"] == 10
    assert client.get("/api/v1/articles/?status=draft&status=review").json()["count"] == 2
    visible = client.get(f"/api/v1/articles/{hidden['visible'].slug}/").json()
    assert {m["status"] for m in visible["mentions"]} == {"confirmed", "suggested", "rejected"}
    assert client.get("/api/v1/entities/azerbaijan/").json()["article_count"] == 6
    assert client.get("/api/v1/entities/azerbaijan/articles/").json()["count"] == 6


def test_a_scheduled_story_appears_once_its_time_comes(hidden, api):
    scheduled = hidden["stories"]["scheduled"]
    Article.objects.filter(pk=scheduled.pk).update(
        publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert api.get(f"/api/v1/articles/{scheduled.slug}/").status_code == 200
    assert api.get("/api/v1/entities/azerbaijan/").json()["article_count"] == 7
