"""Writing stories through the API: each role × action, validation, sanitising, If-Match and 412.

Roles are made here from permissions, as the admin will grant them: a Reporter may add and change
stories, an Editor may also view, delete and publish (`articles.publish_article`).
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, Mention, Source

PUBLISHED = "kyrgyz-ambassador-hails-deepening-baku-bishkek-relations"
REPORTER_PERMISSIONS = ["add_article", "change_article"]
EDITOR_PERMISSIONS = [*REPORTER_PERMISSIONS, "view_article", "delete_article", "publish_article"]


def member_of(name: str, codenames: list[str], *, active: bool = True, **extra) -> User:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    user = User.objects.create_user(f"{name.lower()}-{active}", is_active=active, **extra)
    user.groups.add(group)
    return user


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def anonymous(seeded):
    return client_for(None)


@pytest.fixture
def reporter(seeded):
    return client_for(member_of("Reporter", REPORTER_PERMISSIONS))


@pytest.fixture
def editor(seeded):
    return client_for(member_of("Editor", EDITOR_PERMISSIONS))


@pytest.fixture
def inactive(seeded):
    return client_for(member_of("Editor", EDITOR_PERMISSIONS, active=False))


@pytest.fixture
def draft(seeded) -> Article:
    return Article.objects.create(
        title="A draft about Azerbaijan",
        body="<p>Azerbaijan.</p>",
        text="Azerbaijan.",
        source=Source.objects.get(slug="kabar"),
    )


DRAFT = {
    "title": "Kyrgyz and Azerbaijani ministers meet in Bishkek",
    "summary": "Transit routes on the agenda.",
    "body_html": '<p>Azerbaijan and Kyrgyzstan met.</p><script>alert(1)</script><p onclick="x">'
    '<a href="javascript:alert(1)">bad</a> <a href="https://kabar.kg/">Kabar</a></p>',
    "language": "en",
    "source": "kabar",
    "byline": "Staff",
    "dateline": "Bishkek",
    "published": "2024-09-01",
    "original_url": "https://kabar.kg/news/1",
    "tags": ["diplomacy", "transit"],
}


def url(slug: str) -> str:
    return f"/api/v1/articles/{slug}/"


# Anonymous


def test_anonymous_lists_and_reads_published_stories_only(anonymous, draft):
    listing = anonymous.get("/api/v1/articles/").json()
    assert listing["count"] == 5
    assert {item["status"] for item in listing["results"]} == {"published"}
    assert anonymous.get(url(PUBLISHED)).status_code == 200
    assert anonymous.get(url(draft.slug)).status_code == 404


@pytest.mark.parametrize(
    ("method", "target", "body"),
    [
        ("post", "/api/v1/articles/", DRAFT),
        ("patch", url(PUBLISHED), {"title": "Changed"}),
        ("put", url(PUBLISHED), {"title": "Changed"}),
        ("patch", url(PUBLISHED), {"status": "archived"}),
        ("delete", url(PUBLISHED), None),
    ],
)
def test_anonymous_may_not_write(anonymous, method, target, body):
    response = getattr(anonymous, method)(target, body, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert Article.objects.get(slug=PUBLISHED).title != "Changed"
    assert Article.objects.count() == 5


def test_anonymous_may_not_filter_by_status(anonymous):
    response = anonymous.get("/api/v1/articles/?status=draft")
    assert response.status_code == 400
    assert list(response.json()) == ["status"]


# Inactive users


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("get", "/api/v1/articles/"),
        ("get", url(PUBLISHED)),
        ("post", "/api/v1/articles/"),
        ("patch", url(PUBLISHED)),
        ("delete", url(PUBLISHED)),
    ],
)
def test_inactive_users_are_refused(inactive, method, target):
    response = getattr(inactive, method)(target, {"title": "Changed"}, format="json")
    assert response.status_code == 401
    assert Article.objects.filter(slug=PUBLISHED, title="Changed").count() == 0


def test_a_bad_token_is_refused(seeded):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/v1/articles/").status_code == 401


# Reporter


def test_reporter_lists_and_reads_drafts(reporter, draft):
    assert reporter.get("/api/v1/articles/").json()["count"] == 6
    assert reporter.get("/api/v1/articles/?status=draft").json()["count"] == 1
    assert reporter.get(url(draft.slug)).json()["status"] == "draft"


def test_reporter_creates_a_draft(reporter):
    response = reporter.post("/api/v1/articles/", DRAFT, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert response["Location"] == f"http://testserver{url(data['slug'])}"
    assert response["ETag"] == f'"{data["slug"]}.1"'
    assert data["slug"] == "kyrgyz-and-azerbaijani-ministers-meet-in-bishkek"
    assert data["status"] == "draft"
    assert data["web_url"] is None  # nothing public yet
    assert data["source"] == {"slug": "kabar", "name": "Kabar"}
    assert data["tags"] == ["diplomacy", "transit"]
    article = Article.objects.get(slug=data["slug"])
    assert "<script" not in article.body and "alert" not in article.body
    assert "onclick" not in article.body and "javascript:" not in article.body
    assert '<a href="https://kabar.kg/" rel="noopener nofollow">Kabar</a>' in article.body
    assert article.text.startswith("Azerbaijan and Kyrgyzstan met.")
    assert data["body_html"] == article.body


def test_a_new_story_is_linked_to_the_knowledge_base_as_suggestions(reporter):
    data = reporter.post("/api/v1/articles/", DRAFT, format="json").json()
    suggested = {m["entity"]["slug"]: m["status"] for m in data["mentions"]}
    assert suggested.get("azerbaijan") == "suggested"
    assert data["entities"] == []  # only confirmed mentions are a story's entities


def test_reporter_edits_a_draft_and_submits_it_for_review(reporter, draft):
    response = reporter.patch(url(draft.slug), {"title": "Better title"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == draft.version + 1
    # Never published: the slug follows the corrected headline.
    assert response.json()["slug"] == "better-title"
    response = reporter.patch(url("better-title"), {"status": "review"}, format="json")
    assert response.status_code == 200
    assert Article.objects.get(pk=draft.pk).status == "review"


def test_reporter_may_resend_a_drafts_own_status(reporter, draft):
    body = {"title": "Whole story again", "status": "draft", "publish_at": None}
    assert reporter.put(url(draft.slug), body, format="json").status_code == 200


@pytest.mark.parametrize("status", ["published", "archived"])
def test_reporter_may_not_publish_or_archive(reporter, draft, status):
    response = reporter.patch(url(draft.slug), {"status": status}, format="json")
    assert response.status_code == 403
    assert list(response.json()) == ["status"]
    assert Article.objects.get(pk=draft.pk).status == "draft"


def test_reporter_may_not_create_a_published_story(reporter):
    response = reporter.post("/api/v1/articles/", {**DRAFT, "status": "published"}, format="json")
    assert response.status_code == 403
    assert "status" in response.json()
    assert not Article.objects.filter(title=DRAFT["title"]).exists()


def test_reporter_may_not_schedule(reporter, draft):
    later = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    response = reporter.patch(url(draft.slug), {"publish_at": later}, format="json")
    assert response.status_code == 403
    assert list(response.json()) == ["publish_at"]


def test_reporter_may_not_change_a_published_story(reporter):
    response = reporter.patch(url(PUBLISHED), {"title": "Rewritten"}, format="json")
    assert response.status_code == 403
    assert list(response.json()) == ["status"]


def test_reporter_may_not_delete(reporter, draft):
    assert reporter.delete(url(draft.slug)).status_code == 403
    assert Article.objects.filter(pk=draft.pk).exists()


# Editor


def test_editor_publishes_and_the_story_goes_public(editor, draft):
    response = editor.patch(url(draft.slug), {"status": "published"}, format="json")
    assert response.status_code == 200
    assert response.json()["web_url"] == f"http://testserver/articles/{draft.slug}/"
    assert APIClient().get(url(draft.slug)).status_code == 200


def test_editor_schedules_a_story_hidden_until_its_time(editor, draft):
    later = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    body = {"status": "published", "publish_at": later}
    response = editor.patch(url(draft.slug), body, format="json")
    assert response.status_code == 200
    assert response.json()["web_url"] is None
    assert APIClient().get(url(draft.slug)).status_code == 404
    assert APIClient().get("/api/v1/articles/").json()["count"] == 5


def test_editor_archives_a_published_story(editor):
    assert editor.patch(url(PUBLISHED), {"status": "archived"}, format="json").status_code == 200
    assert APIClient().get(url(PUBLISHED)).status_code == 404


def test_editor_deletes_a_draft(editor, draft):
    assert editor.delete(url(draft.slug)).status_code == 204
    assert not Article.objects.filter(pk=draft.pk).exists()
    assert editor.get(url(draft.slug)).status_code == 404


def test_a_published_story_is_archived_not_deleted(editor):
    response = editor.delete(url(PUBLISHED))
    assert response.status_code == 403
    assert list(response.json()) == ["status"]
    assert Article.objects.filter(slug=PUBLISHED).exists()


def test_a_superuser_may_delete_a_published_story(seeded):
    admin = User.objects.create_superuser("boss")
    assert client_for(admin).delete(url(PUBLISHED)).status_code == 204


# What may not be set


def test_read_only_fields_cannot_be_mass_assigned(editor, draft):
    body = {
        "title": "Sneaky",
        "version": 99,
        "content_hash": "0" * 64,
        "id": 12345,
        "created": "2000-01-01T00:00:00Z",
        "text": "forged text",
        "original": "forged",
    }
    response = editor.patch(url(draft.slug), body, format="json")
    # Refused and named, not dropped in silence (issue 20): nothing is written.
    assert response.status_code == 400
    assert set(response.json()) == set(body) - {"title"}
    article = Article.objects.get(pk=draft.pk)
    assert (article.version, article.content_hash, article.text) == (1, None, "Azerbaijan.")
    assert (article.title, article.created.year != 2000) == ("A draft about Azerbaijan", True)


def test_a_slug_never_changes(editor, draft):
    response = editor.patch(url(draft.slug), {"slug": "another-slug"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["slug"]
    same = editor.patch(url(draft.slug), {"slug": draft.slug, "title": "T"}, format="json")
    assert same.status_code == 200


def test_a_taken_slug_is_a_conflict(editor):
    response = editor.post("/api/v1/articles/", {**DRAFT, "slug": PUBLISHED}, format="json")
    assert response.status_code == 409
    assert list(response.json()) == ["slug"]


def test_a_chosen_slug_is_kept(editor):
    response = editor.post("/api/v1/articles/", {**DRAFT, "slug": "my-slug"}, format="json")
    assert response.json()["slug"] == "my-slug"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"title": 12}, "title"),
        ({"title": "NUL \x00 byte"}, "title"),
        ({"language": "fr"}, "language"),
        ({"source": "no-such-agency"}, "source"),
        ({"source": "bad slug!"}, "source"),
        ({"source": 3}, "source"),
        ({"original_url": "javascript:alert(1)"}, "original_url"),
        ({"original_url": "ftp://example.org/x"}, "original_url"),
        ({"original_url": "https://"}, "original_url"),
        ({"published": "01/02/2024"}, "published"),
        ({"publish_at": "tomorrow"}, "publish_at"),
        ({"status": "live"}, "status"),
        ({"tags": "diplomacy"}, "tags"),
        ({"tags": ["x" * 101]}, "tags.0"),
        ({"tags": [1]}, "tags.0"),
        ({"tags": [f"t{n}" for n in range(21)]}, "tags"),
        ({"byline": "b" * 201}, "byline"),
        ({"slug": "bad slug"}, "slug"),
    ],
)
def test_every_field_is_validated_and_named(editor, change, field):
    response = editor.post("/api/v1/articles/", {**DRAFT, **change}, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert not Article.objects.filter(title=DRAFT["title"]).exists()


def test_put_needs_a_title(editor, draft):
    response = editor.put(url(draft.slug), {"summary": "no title"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["title"]


def test_an_unknown_source_is_named(editor):
    response = editor.post("/api/v1/articles/", {**DRAFT, "source": "no-such"}, format="json")
    assert response.json() == {"source": ["There is no source “no-such”."]}


def test_source_can_be_cleared(editor, draft):
    draft.source = Source.objects.get(slug="kabar")
    draft.save()
    response = editor.patch(url(draft.slug), {"source": None}, format="json")
    assert response.json()["source"] is None


def test_changing_the_body_relinks_but_keeps_editors_decisions(editor, draft):
    created = editor.post("/api/v1/articles/", DRAFT, format="json").json()
    article = Article.objects.get(slug=created["slug"])
    article.mentions.filter(entity__slug="azerbaijan").update(status=Mention.Status.REJECTED)
    body = {"body_html": "<p>Azerbaijan, again. And Kazakhstan.</p>"}
    assert editor.patch(url(article.slug), body, format="json").status_code == 200
    assert article.mentions.get(entity__slug="azerbaijan").status == Mention.Status.REJECTED
    assert Article.objects.get(pk=article.pk).text == "Azerbaijan, again. And Kazakhstan."


# Concurrency


def test_stale_if_match_is_a_412_and_nothing_is_written(editor, draft):
    etag = editor.get(url(draft.slug))["ETag"]
    first = editor.patch(url(draft.slug), {"title": "First"}, format="json", HTTP_IF_MATCH=etag)
    slug = first.json()["slug"]  # a draft's slug follows its headline
    response = editor.patch(url(slug), {"title": "Second"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert "detail" in response.json()
    assert Article.objects.get(pk=draft.pk).title == "First"


def test_current_if_match_is_accepted_and_returns_the_new_etag(editor, draft):
    etag = editor.get(url(draft.slug))["ETag"]
    response = editor.put(url(draft.slug), {"title": "New"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] == f'"new.{draft.version + 1}"'  # the draft's slug followed
    star = editor.patch(url("new"), {"title": "Any"}, format="json", HTTP_IF_MATCH="*")
    assert star.status_code == 200


def test_a_weak_etag_never_matches_if_match(editor, draft):
    weak = "W/" + editor.get(url(draft.slug))["ETag"]
    response = editor.patch(url(draft.slug), {"title": "x"}, format="json", HTTP_IF_MATCH=weak)
    assert response.status_code == 412


def test_stale_if_match_on_delete(editor, draft):
    etag = editor.get(url(draft.slug))["ETag"]
    Article.objects.get(pk=draft.pk).save()
    assert editor.delete(url(draft.slug), HTTP_IF_MATCH=etag).status_code == 412
    assert Article.objects.filter(pk=draft.pk).exists()


# Sessions


def test_session_writes_need_the_csrf_token(seeded):
    user = member_of("Reporter", REPORTER_PERMISSIONS)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    refused = client.post("/api/v1/articles/", DRAFT, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/admin/login/")  # any page that sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post("/api/v1/articles/", DRAFT, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201


def test_search_follows_api_writes(editor):
    """What the API writes is what `q` (the website's search) finds, from the first save on."""
    body = {**DRAFT, "status": "published", "body_html": "<p>Quokkaborough agreement.</p>"}
    slug = editor.post("/api/v1/articles/", body, format="json").json()["slug"]
    assert [
        r["slug"] for r in APIClient().get("/api/v1/articles/?q=Quokkaborough").json()["results"]
    ] == [slug]
    editor.patch(url(slug), {"body_html": "<p>Another agreement.</p>"}, format="json")
    # Unpublished changes: readers' search still finds the live words until they go live.
    assert APIClient().get("/api/v1/articles/?q=Quokkaborough").json()["count"] == 1
    assert editor.post(url(slug) + "publish-changes/").status_code == 200
    assert APIClient().get("/api/v1/articles/?q=Quokkaborough").json()["count"] == 0
    editor.patch(url(slug), {"status": "archived"}, format="json")
    assert APIClient().get("/api/v1/articles/?q=Another").json()["count"] == 0


def test_a_time_of_publication_and_its_zone_are_written_and_read_back(reporter, draft):
    changes = {"published": "2024-08-31", "published_time": "19:19", "published_utc_offset": 240}
    response = reporter.patch(url(draft.slug), changes, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["published_time"] == "19:19:00"
    draft.refresh_from_db()
    assert (draft.published_time, draft.published_utc_offset) == (datetime.time(19, 19), 240)
    bad = reporter.patch(url(draft.slug), {"published_utc_offset": 900}, format="json")
    assert bad.status_code == 400 and "published_utc_offset" in bad.json()
