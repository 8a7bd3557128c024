"""One write path: whichever way a story's text changes, its mentions follow the new text.

Reproduces what a new editor found: removing a paragraph in the admin left every span pointing
into the old text (highlights such as "BAKU, Azerb"), and a story made with *Add article* had no
suggestions until someone re-linked it.
"""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from rest_framework.test import APIClient

from articles import history, services
from articles.models import Article, AuditEvent, EntityProposal, Mention
from entities.models import Entity
from tests.test_admin import article_form_data

pytestmark = pytest.mark.django_db

BAYRAMOV_STORY = "azerbaijani-foreign-minister-jeyhun-bayramov-receives-ots-secretary-general"


def assert_spans_match_text(article: Article) -> None:
    """Every span of every mention and proposal is one of its surface forms, at that offset."""
    article.refresh_from_db()
    for row in [*article.mentions.all(), *article.proposals.all()]:
        for start, end in row.spans:
            assert article.text[start:end] in row.surface_forms, (
                f"{row} span {start}-{end} reads {article.text[start:end]!r}, "
                f"not one of {row.surface_forms}"
            )


@pytest.fixture
def editor(seeded) -> User:
    user = User.objects.create_user("aynur", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def without_first_paragraph(body: str) -> str:
    return re.sub(r"^\s*<p>.*?</p>", "", body, count=1, flags=re.DOTALL)


def test_removing_a_paragraph_in_the_admin_moves_every_span_and_the_api_agrees(
    editor_client, editor
):
    article = Article.objects.get(slug=BAYRAMOV_STORY)
    confirmed_before = set(
        article.mentions.filter(status=Mention.Status.CONFIRMED).values_list("entity", flat=True)
    )
    assert article.mentions.exists()

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        # The story is live: the editor saves and publishes the change (tests/test_drafts.py).
        article_form_data(
            article, body=without_first_paragraph(article.body), _publish_changes="1"
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert not article.text.startswith("BAKU, Azerbaijan, February 6.")
    assert_spans_match_text(article)
    still_found = article.mentions.filter(status=Mention.Status.CONFIRMED, count__gt=0)
    assert set(still_found.values_list("entity", flat=True)) <= confirmed_before
    assert still_found.exists()

    api = APIClient()
    api.force_authenticate(editor)
    detail = api.get(f"/api/v1/articles/{article.slug}/").json()
    assert detail["text"] == article.text
    for mention in detail["mentions"]:
        for start, end in mention["spans"]:
            assert detail["text"][start:end] in mention["surface_forms"]


def test_a_decision_survives_the_edit_and_a_lost_suggestion_goes(seeded):
    article = Article.objects.get(slug=BAYRAMOV_STORY)
    first_paragraph = re.match(r"\s*<p>(.*?)</p>", article.body, flags=re.DOTALL).group(1)
    rejected = article.mentions.exclude(status=Mention.Status.REJECTED).first()
    rejected.status = Mention.Status.REJECTED
    rejected.save()

    services.story_update(
        article=article,
        changes={"body": "<p>A short note with no names at all.</p>"},
        via="test",
        publish_changes=True,
    )

    article.refresh_from_db()
    assert first_paragraph not in article.text
    assert not article.mentions.filter(status=Mention.Status.SUGGESTED).exists()
    kept = article.mentions.get(pk=rejected.pk)
    assert (kept.status, kept.spans, kept.count) == (Mention.Status.REJECTED, [], 0)
    for confirmed in article.mentions.filter(status=Mention.Status.CONFIRMED):
        assert (confirmed.spans, confirmed.count) == ([], 0)
    assert_spans_match_text(article)


def test_a_story_added_with_add_article_has_suggestions_at_once(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            **article_form_data(
                Article(title="Ministers meet in Bishkek", language="en"),
                slug="",
                body="<p>The foreign ministers of Azerbaijan and Kyrgyzstan met in Bishkek.</p>",
                status=Article.Status.DRAFT,
            ),
            "base_version": "",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(title="Ministers meet in Bishkek")
    suggested = set(
        article.mentions.filter(status=Mention.Status.SUGGESTED).values_list(
            "entity__slug", flat=True
        )
    )
    assert {"azerbaijan", "kyrgyzstan"} <= suggested
    assert_spans_match_text(article)


def test_an_api_edit_drops_the_span_of_an_entity_no_longer_named(seeded):
    editor = User.objects.create_user("desk", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    api = APIClient()
    api.force_authenticate(editor)
    created = api.post(
        "/api/v1/articles/",
        {"title": "Talks", "body_html": "<p>Azerbaijan and Kyrgyzstan held talks.</p>"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]

    changed = api.patch(
        f"/api/v1/articles/{slug}/",
        {"body_html": "<p>Kyrgyzstan held talks.</p>"},
        format="json",
    )

    assert changed.status_code == 200, changed.json()
    entities = {m["entity"]["slug"] for m in changed.json()["mentions"]}
    assert "azerbaijan" not in entities
    assert "kyrgyzstan" in entities
    assert_spans_match_text(Article.objects.get(slug=slug))


def test_restoring_an_older_version_relinks_and_is_audited(editor_client, editor):
    article = Article.objects.get(slug=BAYRAMOV_STORY)
    services.story_update(
        article=article,
        changes={"body": without_first_paragraph(article.body)},
        user=editor,
        via="test",
    )
    services.story_update(
        article=article,
        changes={"body": "<p>Azerbaijan only.</p>"},
        user=editor,
        via="test",
    )
    versions = history.versions_of(article)
    older = next(v for v in versions if "Azerbaijan only" not in v.field_dict["body"])

    services.story_restore(article=article, version=older, user=editor, via="admin")

    article.refresh_from_db()
    assert "Azerbaijan only" not in article.body
    assert_spans_match_text(article)
    assert article.mentions.filter(entity__slug="jeyhun-bayramov", count__gt=0).exists()
    assert AuditEvent.objects.filter(action="restore", object_id=str(article.pk)).exists()


def test_a_merge_is_one_revision_and_one_audit_event(seeded, editor):
    winner = Entity.objects.get(slug="azerbaijan")
    loser = Entity.objects.create(name="Azerbaycan", kind=Entity.Kind.COUNTRY)

    moved = services.entity_merge(winner=winner, loser=loser, user=editor, via="api")

    assert moved["aliases_gained"] == 1
    event = AuditEvent.objects.get(action="merge", object_repr__contains="Azerbaycan")
    assert (event.user, event.via) == (editor, "api")


def test_a_reporter_cannot_publish_through_the_service(seeded):
    reporter = User.objects.create_user("temir", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporter"))
    article = Article.objects.create(title="Draft", body="<p>Draft.</p>", text="Draft.")

    with pytest.raises(services.NotPermitted) as refused:
        services.story_update(
            article=article, changes={"status": "published"}, user=reporter, via="test"
        )

    assert "status" in refused.value.errors
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_pending_proposals_no_longer_in_the_text_go(seeded):
    article = services.story_create(
        fields={
            "title": "Visit",
            "body": "<p>Azerbaijan welcomed Zarina Qwertova, head of the Fictional Agency.</p>",
        },
        via="test",
    )
    assert_spans_match_text(article)
    had = set(article.proposals.values_list("name", flat=True))

    services.story_update(article=article, changes={"body": "<p>Azerbaijan.</p>"}, via="test")

    left = set(
        EntityProposal.objects.filter(
            article=article, status=EntityProposal.Status.PENDING
        ).values_list("name", flat=True)
    )
    assert had
    assert not left & had
    assert_spans_match_text(article)


def test_a_write_from_a_stale_copy_still_moves_the_version_on(seeded):
    article = Article.objects.get(slug=BAYRAMOV_STORY)
    stale = Article.objects.get(pk=article.pk)
    services.story_update(article=article, changes={"title": "First edit"}, via="test")
    services.story_update(article=article, changes={"title": "Second edit"}, via="test")

    services.story_update(article=stale, changes={"summary": "From an old copy."}, via="test")

    assert Article.objects.get(pk=article.pk).version == article.version + 1
