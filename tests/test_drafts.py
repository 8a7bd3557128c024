"""Drafts of live stories: an edit of a published story waits for an Editor.

Reproduces what an editor found (issue 18, defect 4): an unverified paragraph added to a
published story went live at once, on the website, in the API, the feeds and search, until
someone restored the older version. Now the edit is kept as unpublished changes; readers keep
the live version until an Editor publishes them.
"""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from articles import services
from articles.models import Article, AuditEvent
from tests.factories import staff_member
from tests.test_admin import article_form_data

pytestmark = pytest.mark.django_db

STORY = "azerbaijani-foreign-minister-jeyhun-bayramov-receives-ots-secretary-general"
UNVERIFIED = "An unverified report says the minister resigned overnight."


@pytest.fixture(autouse=True)
def no_throttle(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    cache.clear()


@pytest.fixture
def editor(seeded) -> User:
    return staff_member("aynur", "Editor")


@pytest.fixture
def reporter(seeded) -> User:
    return staff_member("talant", "Reporter")


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def api_for(user: User | None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def with_paragraph(article: Article) -> str:
    return article.body + f"<p>{UNVERIFIED}</p>"


def readers_see(article: Article) -> dict[str, bool]:
    """Whether the unverified paragraph reaches each kind of reader."""
    anonymous = Client()
    return {
        "page": UNVERIFIED in anonymous.get(article.get_absolute_url()).text,
        "api": UNVERIFIED in api_for(None).get(f"/api/v1/articles/{article.slug}/").text,
        "feed": UNVERIFIED in anonymous.get("/feeds/articles/").text,
        "search": article.slug
        in anonymous.get("/articles/", {"q": "unverified resigned overnight"}).text,
    }


def test_an_edit_of_a_live_story_in_the_admin_waits_for_an_editor(editor_client, editor):
    """Defect 4: the paragraph used to go live with the save."""
    article = Article.objects.get(slug=STORY)
    live_text, live_version = article.text, article.version

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, body=with_paragraph(article), summary=UNVERIFIED),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.has_unpublished_changes
    assert article.text == live_text  # readers' text, mentions and search stay as they were
    assert UNVERIFIED not in article.body
    assert UNVERIFIED in article.draft["body"]
    assert article.version == live_version + 1
    assert not any(readers_see(article).values())

    # The form shows the changes; the change page and the preview show them against live.
    form = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert UNVERIFIED in form.text
    assert "Unpublished changes" in form.text
    changes = editor_client.get(reverse("admin:articles_article_changes", args=[article.pk]))
    assert "<ins>" in changes.text and UNVERIFIED in changes.text
    preview = editor_client.get(
        reverse("admin:articles_article_preview", args=[article.pk]), {"draft": 1}
    )
    assert UNVERIFIED in preview.text
    live_preview = editor_client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert UNVERIFIED not in live_preview.text

    # An Editor publishes them: now every reader has them, and the story is linked again.
    published = editor_client.post(
        reverse("admin:articles_article_publish_changes", args=[article.pk]),
        {"version": article.version},
    )
    assert published.status_code == 302
    article.refresh_from_db()
    assert not article.has_unpublished_changes and article.draft is None
    assert UNVERIFIED in article.text
    assert readers_see(article) == {"page": True, "api": True, "feed": True, "search": True}
    event = AuditEvent.objects.filter(action="publish").latest("pk")
    assert "changes published: summary, body" in event.detail


def test_save_and_publish_changes_makes_an_edit_live_at_once(editor_client):
    article = Article.objects.get(slug=STORY)

    editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, body=with_paragraph(article), _publish_changes="1"),
    )

    article.refresh_from_db()
    assert UNVERIFIED in article.text and not article.has_unpublished_changes


def test_a_second_edit_builds_on_the_unpublished_changes(editor):
    article = Article.objects.get(slug=STORY)
    services.story_update(
        article=article, changes={"body": with_paragraph(article)}, user=editor, via="test"
    )
    article.refresh_from_db()

    client = Client()
    client.force_login(editor)
    form = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    shown = form.context["adminform"].form.initial["body"]
    assert UNVERIFIED in shown
    data = article_form_data(article, body=shown, title="A corrected headline")
    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    article.refresh_from_db()
    assert article.draft["title"] == "A corrected headline"
    assert UNVERIFIED in article.draft["body"]  # the first edit is still there
    assert article.title != "A corrected headline"


def test_an_edit_back_to_the_live_words_leaves_no_unpublished_changes(editor):
    article = Article.objects.get(slug=STORY)
    live_body = article.body
    services.story_update(
        article=article, changes={"body": with_paragraph(article)}, user=editor, via="test"
    )
    services.story_update(article=article, changes={"body": live_body}, user=editor, via="test")

    article.refresh_from_db()
    assert not article.has_unpublished_changes and article.draft is None


def test_discarding_keeps_the_live_version(editor):
    article = Article.objects.get(slug=STORY)
    live_body = article.body
    services.story_update(
        article=article, changes={"body": with_paragraph(article)}, user=editor, via="test"
    )

    assert services.story_discard_changes(article=article, user=editor, via="test")

    article.refresh_from_db()
    assert article.body == live_body and article.draft is None
    assert not services.story_discard_changes(article=article, user=editor, via="test")


def test_only_an_editor_publishes_changes(editor, reporter):
    article = Article.objects.get(slug=STORY)
    services.story_update(
        article=article, changes={"body": with_paragraph(article)}, user=editor, via="test"
    )

    with pytest.raises(services.NotPermitted):
        services.story_publish_changes(article=article, user=reporter, via="test")
    client = Client()
    client.force_login(reporter)
    refused = client.post(reverse("admin:articles_article_publish_changes", args=[article.pk]))
    assert refused.status_code == 403
    article.refresh_from_db()
    assert UNVERIFIED not in article.text


def test_unpublishing_a_story_with_changes_keeps_them_as_its_words(editor):
    """Once readers no longer see the story there is nothing to protect: the changes become
    the draft's words, as they would be in any draft."""
    article = Article.objects.get(slug=STORY)
    services.story_update(
        article=article, changes={"body": with_paragraph(article)}, user=editor, via="test"
    )

    services.story_transition(article=article, status="draft", user=editor, via="test")

    article.refresh_from_db()
    assert UNVERIFIED in article.text and article.draft is None


def test_a_story_that_was_never_published_is_edited_in_place(editor):
    article = Article.objects.get(slug=STORY)
    services.story_transition(article=article, status="draft", user=editor, via="test")

    services.story_update(
        article=article, changes={"body": with_paragraph(article)}, user=editor, via="test"
    )

    article.refresh_from_db()
    assert UNVERIFIED in article.text and not article.has_unpublished_changes


# The API


def test_the_api_keeps_the_live_version_for_anonymous_callers_and_shows_editors_the_draft(
    editor,
):
    article = Article.objects.get(slug=STORY)
    api = api_for(editor)
    etag = api.get(f"/api/v1/articles/{STORY}/")["ETag"]

    patched = api.patch(
        f"/api/v1/articles/{STORY}/",
        {"body_html": with_paragraph(article)},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert patched.status_code == 200
    assert patched.json()["has_unpublished_changes"] is True
    assert UNVERIFIED not in patched.json()["body_html"]
    public = api_for(None).get(f"/api/v1/articles/{STORY}/").json()
    assert public["has_unpublished_changes"] is True
    assert UNVERIFIED not in public["body_html"]
    listed = api_for(None).get("/api/v1/articles/").json()["results"]
    assert {item["slug"]: item["has_unpublished_changes"] for item in listed}[STORY] is True
    assert api_for(None).get(f"/api/v1/articles/{STORY}/draft/").status_code == 404

    draft = api.get(f"/api/v1/articles/{STORY}/draft/")
    assert draft.status_code == 200
    assert UNVERIFIED in draft.json()["body_html"] and UNVERIFIED in draft.json()["text"]

    published = api.post(f"/api/v1/articles/{STORY}/publish-changes/", HTTP_IF_MATCH=draft["ETag"])
    assert published.status_code == 200, published.content
    assert published.json()["has_unpublished_changes"] is False
    assert UNVERIFIED in api_for(None).get(f"/api/v1/articles/{STORY}/").json()["body_html"]
    again = api.post(f"/api/v1/articles/{STORY}/publish-changes/")
    assert again.status_code == 409


def test_a_reporter_may_not_publish_changes_through_the_api(editor, reporter):
    article = Article.objects.get(slug=STORY)
    services.story_update(
        article=article, changes={"body": with_paragraph(article)}, user=editor, via="test"
    )

    refused = api_for(reporter).post(f"/api/v1/articles/{STORY}/publish-changes/")

    assert refused.status_code == 403
    assert api_for(reporter).get(f"/api/v1/articles/{STORY}/draft/").status_code == 200


def test_discarding_through_the_api(editor):
    article = Article.objects.get(slug=STORY)
    services.story_update(
        article=article, changes={"body": with_paragraph(article)}, user=editor, via="test"
    )

    assert api_for(editor).delete(f"/api/v1/articles/{STORY}/draft/").status_code == 204
    article.refresh_from_db()
    assert article.draft is None


def test_has_unpublished_changes_adds_no_query_per_story(editor, django_assert_max_num_queries):
    """The flag is a column of the story row: a page of stories costs the same number of
    queries whether none or all of them have changes waiting."""
    api = api_for(None)
    with django_assert_max_num_queries(50) as before:
        api.get("/api/v1/articles/")
    for article in Article.objects.all():
        services.story_update(
            article=article, changes={"summary": "Changed."}, user=editor, via="test"
        )
    cache.clear()
    with django_assert_max_num_queries(len(before.captured_queries)) as after:
        items = api.get("/api/v1/articles/").json()["results"]
    assert all(item["has_unpublished_changes"] for item in items)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_an_edit_back_to_the_live_words_published_leaves_the_live_words(editor):
    """ "Save and publish changes" publishes the words as the form leaves them, even when they
    are the live ones: the stored draft is not taken instead."""
    article = Article.objects.get(slug=STORY)
    live_body = article.body
    services.story_update(
        article=article, changes={"body": with_paragraph(article)}, user=editor, via="test"
    )

    services.story_update(
        article=article,
        changes={"body": live_body},
        user=editor,
        via="test",
        publish_changes=True,
    )

    article.refresh_from_db()
    assert article.body == live_body and article.draft is None


def test_a_stale_edit_of_a_live_story_shows_the_other_editors_unpublished_changes(
    editor_client, editor
):
    article = Article.objects.get(slug=STORY)
    services.story_update(
        article=article, changes={"byline": "Desk"}, user=editor, via="test", comment="opened"
    )
    article.refresh_from_db()
    mine = article_form_data(article, dateline="Bishkek")
    services.story_update(
        article=article, changes={"summary": "Theirs, not yet published."}, user=editor, via="t"
    )

    page = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), mine)

    assert page.status_code == 200
    assert "Not saved: this story changed while you were editing it" in page.text
    stale = page.context["stale"]
    assert stale["recorded"]
    (summary,) = [change for change in stale["changes"] if change.label == "Summary"]
    assert summary.after == "Theirs, not yet published."
