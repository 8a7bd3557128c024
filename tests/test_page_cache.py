"""Anonymous pages and API reads come from the cache until the content changes, whatever
changes it, and callers with credentials never share cached responses."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from articles.models import Article
from newsroom import cache as page_cache
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def story():
    return Article.objects.published().order_by("pk").first()


def test_a_second_anonymous_request_is_served_from_the_cache(
    seeded, cached, client, django_assert_num_queries
):
    first = client.get("/articles/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get("/articles/")
    assert again["X-Cache"] == "hit"
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Cache-Control"] == "public, max-age=60"


def test_api_reads_are_cached_with_their_validators(seeded, cached, api):
    url = f"/api/v1/articles/{story().slug}/"
    first = api.get(url)
    again = api.get(url)
    assert again["X-Cache"] == "hit"
    assert again["ETag"] == first["ETag"]
    assert again.json() == first.json()
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# Invalidation happens when a transaction commits: these tests commit for real.


@pytest.mark.django_db(transaction=True)
def test_an_edit_is_shown_at_once(cached, client):
    article = ArticleFactory(title="The first headline")
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    with transaction.atomic():
        article.title = "A corrected headline"
        article.save()
    response = client.get(article.get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert "A corrected headline" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_publishing_by_queryset_update_reaches_the_cached_list(cached, api):
    ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Quietly prepared story")
    assert api.get("/api/v1/articles/").json()["count"] == 1
    with transaction.atomic():
        Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED)
    assert api.get("/api/v1/articles/").json()["count"] == 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_cached_pages_alone(cached, client):
    article = ArticleFactory()
    client.get("/articles/")
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="Never committed")
        raise RuntimeError
    assert client.get("/articles/")["X-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_ends_the_generation_at_once(cached, client):
    article = ArticleFactory()
    client.get("/articles/")
    assert cache.get(page_cache.STATE_KEY) is not None
    Article.objects.filter(pk=article.pk).update(title="Changed in autocommit mode")
    assert cache.get(page_cache.STATE_KEY) is None
    assert "Changed in autocommit mode" in client.get("/articles/").content.decode()


def test_many_writes_in_one_transaction_end_the_generation_once(seeded, cached):
    with transaction.atomic():
        for article in Article.objects.all():
            article.save()
        ending = [e for e in connection.run_on_commit if e[1] is page_cache.end_generation]
        assert len(ending) == 1


def test_writes_to_other_tables_leave_cached_pages_alone(seeded, cached, client, admin_user):
    client.get("/articles/")
    Token.objects.create(user=admin_user)
    assert not any(e[1] is page_cache.end_generation for e in connection.run_on_commit)


def test_a_scheduled_story_appears_when_it_goes_live(seeded, cached, client, monkeypatch):
    soon = timezone.now() + datetime.timedelta(hours=1)
    ArticleFactory(title="The embargoed announcement", publish_at=soon)
    assert "The embargoed announcement" not in client.get("/articles/").content.decode()
    assert client.get("/articles/")["X-Cache"] == "hit"
    later = soon + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get("/articles/")
    assert response["X-Cache"] == "miss"
    assert "The embargoed announcement" in response.content.decode()


def test_logged_in_editors_never_get_or_leave_cached_pages(seeded, cached, client, admin_user):
    ArticleFactory(status=Article.Status.DRAFT, title="Draft for the desk only")
    client.force_login(admin_user)
    response = client.get("/api/v1/articles/?status=draft")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    client.logout()
    anonymous = client.get("/api/v1/articles/?status=draft")
    assert anonymous.status_code == 400  # status is a staff-only filter
    assert b"Draft for the desk only" not in client.get("/api/v1/articles/").content


def test_token_callers_bypass_the_cache(seeded, cached, api, admin_user):
    token = Token.objects.create(user=admin_user)
    api.get("/api/v1/articles/")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/articles/")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_pages_that_set_cookies_or_use_csrf_are_not_stored(seeded, cached, client):
    client.get("/admin/login/")
    assert client.get("/admin/login/").get("X-Cache") is None


def test_errors_are_not_stored(seeded, cached, client):
    assert client.get("/articles/no-such-story/").status_code == 404
    assert client.get("/articles/no-such-story/")["X-Cache"] == "miss"


def test_head_requests_get_the_same_cache_control_and_are_never_stored(seeded, cached, client):
    head = client.head("/articles/")
    assert head["Cache-Control"] == "public, max-age=60"
    assert "X-Cache" not in head
    assert client.get("/articles/")["X-Cache"] == "miss"


def test_without_the_page_cache_responses_still_say_how_long_to_keep_them(seeded, client):
    response = client.get("/articles/")
    assert "X-Cache" not in response
    assert response["Cache-Control"] == "public, max-age=60"
    assert response.has_header("ETag")
    assert client.get("/articles/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
