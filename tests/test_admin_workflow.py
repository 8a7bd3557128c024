"""The editors' desk: the slug after publication, scheduling with its time zone, the preview,
the body editor, sanitising on every write path, filters, bulk actions, tags and the audit log."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from taggit.models import Tag

from articles.models import Article, AuditEvent, Mention
from tests.factories import ArticleFactory, EntityFactory, MentionFactory
from tests.test_admin import article_form_data

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seed_documents"
SEEDED = "kyrgyz-ambassador-hails-deepening-baku-bishkek-relations"
UNSAFE_BODY = (
    '<h1>Big</h1><p onclick="x()">Talks in <a href="https://kabar.kg/x" target="_blank">Baku</a>'
    '</p><script>alert(1)</script><h2>Trade</h2><ul><li>one</li></ul><img src="x.png">'
    '<blockquote>Quote</blockquote><a href="javascript:alert(1)">bad</a>'
)


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def changelist(client, **params):
    return client.get(reverse("admin:articles_article_changelist"), params)


def assert_safe_body(body: str) -> None:
    """Only the editorial subset survives; every link is marked rel="noopener nofollow"."""
    assert "<script" not in body and "onclick" not in body and "<img" not in body
    assert "<h1>" not in body and "javascript:" not in body and "target=" not in body
    assert '<a href="https://kabar.kg/x" rel="noopener nofollow">Baku</a>' in body
    assert "<h2>Trade</h2><ul><li>one</li></ul><blockquote>Quote</blockquote>" in body


# The slug


def test_a_story_sent_back_to_review_keeps_its_slug_read_only(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT, slug="ministers-meet")
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_for_review", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW

    page = admin_client.get(change_url(article))
    admin_client.post(change_url(article), article_form_data(article, slug="hijacked"))

    assert "slug" not in page.context["adminform"].form.fields
    article.refresh_from_db()
    assert article.slug == "ministers-meet"
    assert article.first_published_at is not None


# Scheduling and the time zone


def test_the_form_says_which_time_zone_publish_times_are_in(admin_client, settings):
    settings.TIME_ZONE = "Asia/Baku"
    article = ArticleFactory(status=Article.Status.REVIEW)

    page = admin_client.get(change_url(article))

    assert "Publish at (Asia/Baku)" in page.text
    assert "Times are in Asia/Baku." in page.text


def test_an_editor_schedules_in_the_sites_time_zone(admin_client, settings):
    settings.TIME_ZONE = "Asia/Baku"
    article = ArticleFactory(status=Article.Status.REVIEW)
    data = article_form_data(
        article, status="published", publish_at_0="2031-05-01", publish_at_1="09:30:00"
    )

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.publish_at == datetime.datetime(2031, 5, 1, 5, 30, tzinfo=datetime.UTC)
    assert article.is_scheduled and not Article.objects.published().filter(pk=article.pk)
    event = AuditEvent.objects.get(action="schedule")
    assert event.detail == "review → published; goes live 2031-05-01 09:30 +04"


def test_the_list_shows_what_is_live_and_what_is_scheduled(admin_client):
    ArticleFactory(title="Live one", status=Article.Status.PUBLISHED)
    ArticleFactory(
        title="Later one",
        status=Article.Status.PUBLISHED,
        publish_at=datetime.datetime(2031, 5, 1, 5, 30, tzinfo=datetime.UTC),
    )
    ArticleFactory(title="Draft one", status=Article.Status.DRAFT)

    page = changelist(admin_client)
    scheduled = changelist(admin_client, live="scheduled")
    live = changelist(admin_client, live="live")

    assert "Scheduled: 2031-05-01 05:30 UTC" in page.text
    assert [a.title for a in scheduled.context["cl"].result_list] == ["Later one"]
    assert [a.title for a in live.context["cl"].result_list] == ["Live one"]


# Preview


def test_a_draft_previews_on_the_public_template_for_staff_only(admin_client, client):
    article = ArticleFactory(
        status=Article.Status.DRAFT, title="Unpublished talks", body="<p>Secret <b>draft</b>.</p>"
    )
    url = reverse("admin:articles_article_preview", args=[article.pk])

    page = admin_client.get(url)
    anonymous = client.get(url)

    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page.text
    assert "<h1>Unpublished talks</h1>" in page.text
    assert "<p>Secret <b>draft</b>.</p>" in page.text
    assert "Preview</strong> (draft)" in page.text
    assert 'rel="canonical"' not in page.text
    assert anonymous.status_code == 302
    assert client.get(article.get_absolute_url()).status_code == 404


def test_the_live_preview_of_the_body_is_sanitised(admin_client):
    response = admin_client.post(
        reverse("admin:articles_article_body_preview"), {"body": UNSAFE_BODY}
    )

    assert_safe_body(response.json()["html"])


def test_the_body_editor_is_vendored_not_loaded_from_a_cdn(admin_client):
    page = admin_client.get(reverse("admin:articles_article_add"))

    assert "newsroom/admin-editor.js" in page.text
    assert 'class="vLargeTextField body-editor"' in page.text
    assert "//cdn" not in page.text and "https://" not in page.text.split("<body")[0]


# Sanitising on every write path


def test_the_admin_sanitises_the_body(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT)

    admin_client.post(change_url(article), article_form_data(article, body=UNSAFE_BODY))

    article.refresh_from_db()
    assert_safe_body(article.body)


def test_the_api_sanitises_the_body(seeded, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    cache.clear()
    reporter = User.objects.create_user("writer")
    reporter.groups.add(Group.objects.get(name="Reporter"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reporter).key}")

    response = client.post(
        "/api/v1/articles/", {"title": "Talks", "body_html": UNSAFE_BODY}, format="json"
    )

    assert response.status_code == 201
    assert_safe_body(Article.objects.get(slug=response.json()["slug"]).body)


def test_an_import_sanitises_the_body(admin_client):
    wire = (
        b"Talks in Baku\n\nBAKU, Azerbaijan, March 3. <script>alert(1)</script>Ministers met "
        b'in Baku. <a href="https://kabar.kg/x" onclick="x()">Kabar</a> reported.\n\n'
        b"The talks covered trade and transit across the Caspian Sea and beyond.\n"
    )

    admin_client.post(
        reverse("admin:articles_article_import"),
        {"files": [SimpleUploadedFile("wire.txt", wire, content_type="text/plain")]},
    )

    body = Article.objects.get().body
    assert "<script" not in body and "onclick" not in body and "alert(1)" not in body
    assert body.startswith("<p>")


# Filters and bulk actions


def test_filters_by_entity_and_pending_suggestions(admin_client):
    baku = EntityFactory(name="Baku", slug="baku")
    with_baku = ArticleFactory(title="Baku story")
    MentionFactory(article=with_baku, entity=baku)
    waiting = ArticleFactory(title="Waiting story")
    MentionFactory(article=waiting, status=Mention.Status.SUGGESTED)
    ArticleFactory(title="Quiet story")

    by_entity = changelist(admin_client, entity="baku")
    pending = changelist(admin_client, pending="yes")

    assert [a.title for a in by_entity.context["cl"].result_list] == ["Baku story"]
    assert [a.title for a in pending.context["cl"].result_list] == ["Waiting story"]


def test_the_list_stays_cheap_with_every_filter_and_column(
    admin_client, django_assert_max_num_queries
):
    for _ in range(3):
        MentionFactory(status=Mention.Status.SUGGESTED).article.tags.add("energy")
    with CaptureQueriesContext(connection) as few:
        changelist(admin_client)

    for _ in range(27):
        MentionFactory(status=Mention.Status.SUGGESTED).article.tags.add("transit")
    with django_assert_max_num_queries(len(few)):
        response = changelist(admin_client)

    assert response.context["cl"].result_count == 30


def test_add_tag_action_tags_every_selected_story(admin_client):
    first, second = ArticleFactory(), ArticleFactory()
    url = reverse("admin:articles_article_changelist")

    asked = admin_client.post(url, {"action": "add_tag", "_selected_action": [first.pk, second.pk]})
    admin_client.post(
        url,
        {
            "action": "add_tag",
            "_selected_action": [first.pk, second.pk],
            "post": "yes",
            "tag": "Caspian",
        },
    )

    assert "Tag to add" in asked.text
    for article in (first, second):
        article.refresh_from_db()
        assert [t.name for t in article.tags.all()] == ["Caspian"]
        assert article.version == 2


# Tags


def test_merging_tags_retags_stories_and_bumps_their_version(admin_client, admin_user):
    energy, duplicate = Tag.objects.create(name="energy"), Tag.objects.create(name="Energy ")
    both, one = ArticleFactory(), ArticleFactory()
    both.tags.add(energy, duplicate)
    one.tags.add(duplicate)

    admin_client.post(
        reverse("admin:taggit_tag_changelist"),
        {
            "action": "merge_tags",
            "_selected_action": [energy.pk, duplicate.pk],
            "post": "yes",
            "winner": energy.pk,
        },
    )

    assert not Tag.objects.filter(pk=duplicate.pk).exists()
    for article in (both, one):
        assert [t.name for t in Article.objects.get(pk=article.pk).tags.all()] == ["energy"]
        assert Article.objects.get(pk=article.pk).version == article.version + 1
    assert AuditEvent.objects.get(action="merge").user == admin_user


def test_delete_unused_leaves_used_tags_alone(admin_client):
    used, unused = Tag.objects.create(name="used"), Tag.objects.create(name="unused")
    ArticleFactory().tags.add(used)

    admin_client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "delete_unused", "_selected_action": [used.pk, unused.pk]},
    )

    assert list(Tag.objects.values_list("name", flat=True)) == ["used"]


def test_tag_autocomplete_offers_the_most_used_matches(admin_client):
    ArticleFactory().tags.add("diplomacy", "diplomats")
    ArticleFactory().tags.add("diplomacy")
    ArticleFactory().tags.add("energy")

    response = admin_client.get(
        reverse("admin:articles_article_tag_autocomplete"), {"term": "dipl"}
    )

    assert response.json() == {"results": ["diplomacy", "diplomats"]}


def test_tag_list_shows_story_counts(admin_client):
    ArticleFactory().tags.add("transit")

    page = admin_client.get(reverse("admin:taggit_tag_changelist"))

    assert page.context["cl"].result_list.get(name="transit").story_count == 1


# Audit log


def test_the_audit_log_shows_publishing_and_deleting_read_only(admin_client, admin_user):
    draft = ArticleFactory(status=Article.Status.REVIEW, title="To publish")
    doomed = ArticleFactory(status=Article.Status.DRAFT, title="To delete")
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    admin_client.post(reverse("admin:articles_article_delete", args=[doomed.pk]), {"post": "yes"})

    page = admin_client.get(reverse("admin:articles_auditevent_changelist"))

    events = {(e.action, e.object_repr, e.user) for e in page.context["cl"].result_list}
    assert events == {("publish", "To publish", admin_user), ("delete", "To delete", admin_user)}
    event = AuditEvent.objects.first()
    assert admin_client.get(reverse("admin:articles_auditevent_add")).status_code == 403
    change = admin_client.get(reverse("admin:articles_auditevent_change", args=[event.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.text


def test_editors_read_the_audit_log_and_reporters_do_not(client):
    ArticleFactory()
    url = reverse("admin:articles_auditevent_changelist")
    for role, status in (("Editor", 200), ("Reporter", 403)):
        user = User.objects.create_user(role, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        assert client.get(url).status_code == status


def test_first_publication_records_who(admin_client, admin_user):
    article = ArticleFactory(status=Article.Status.REVIEW)

    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.published_by == admin_user
    assert article.first_published_at <= timezone.now()


def test_a_reporter_decides_mentions_of_drafts_but_not_of_published_stories(client):
    reporter = User.objects.create_user("writer", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporter"))
    client.force_login(reporter)
    in_draft = MentionFactory(
        status=Mention.Status.SUGGESTED, article=ArticleFactory(status=Article.Status.DRAFT)
    )
    in_published = MentionFactory(status=Mention.Status.SUGGESTED)

    client.post(
        reverse("admin:articles_mention_changelist"),
        {"action": "confirm", "_selected_action": [in_draft.pk, in_published.pk]},
    )
    page = client.get(reverse("admin:articles_mention_change", args=[in_published.pk]))

    in_draft.refresh_from_db()
    in_published.refresh_from_db()
    assert (in_draft.status, in_published.status) == ("confirmed", "suggested")
    assert 'name="_save"' not in page.text  # read-only for them
