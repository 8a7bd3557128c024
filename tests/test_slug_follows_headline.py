"""Slugs: until a story is first published its slug follows its headline; then it is fixed.

Reproduces issue 18, defect 5: an import that took the breadcrumb "Home > Politics" for its
headline kept `/articles/home-politics/` after the headline was corrected in draft, and would
have been published under it for good. The old draft slug was never public, so nothing breaks.
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from articles import services
from articles.models import Article, Source
from tests.factories import staff_member
from tests.test_admin import article_form_data

pytestmark = pytest.mark.django_db

BREADCRUMB = "Home > Politics"
HEADLINE = "Kyrgyz parliament approves the new cabinet"


@pytest.fixture
def editor(seeded) -> User:
    return staff_member("aynur", "Editor")


def imported_draft() -> Article:
    return services.story_create(
        fields={
            "title": BREADCRUMB,
            "body": "<p>Bishkek, the cabinet was approved.</p>",
            # A published story needs a source (issue 20); the slug rules are the same either way.
            "source": Source.objects.get(slug="kabar"),
        },
        via="import",
    )


def test_a_corrected_headline_in_draft_gets_its_own_slug(editor):
    article = imported_draft()
    assert article.slug == "home-politics"

    client = Client()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, title=HEADLINE),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug == "kyrgyz-parliament-approves-the-new-cabinet"
    assert not Article.objects.filter(slug="home-politics").exists()


def test_publishing_with_the_corrected_headline_publishes_under_the_right_slug(editor):
    article = imported_draft()

    services.story_update(
        article=article,
        changes={"title": HEADLINE, "status": "published"},
        user=editor,
        via="test",
    )

    article.refresh_from_db()
    assert article.slug == "kyrgyz-parliament-approves-the-new-cabinet"
    assert article.slug_is_fixed


def test_from_first_publication_the_slug_is_fixed(editor):
    article = imported_draft()
    services.story_transition(article=article, status="published", user=editor, via="test")
    services.story_update(
        article=article, changes={"title": HEADLINE}, user=editor, via="test", publish_changes=True
    )
    assert Article.objects.get(pk=article.pk).slug == "home-politics"

    # Taken down and corrected again: the address stays, links to it keep working.
    services.story_transition(article=article, status="draft", user=editor, via="test")
    services.story_update(article=article, changes={"title": "Another"}, user=editor, via="test")
    assert Article.objects.get(pk=article.pk).slug == "home-politics"


def test_a_slug_an_editor_typed_is_kept(editor):
    article = imported_draft()
    services.story_update(article=article, changes={"slug": "cabinet"}, user=editor, via="test")

    services.story_update(article=article, changes={"title": HEADLINE}, user=editor, via="test")

    assert Article.objects.get(pk=article.pk).slug == "cabinet"


def test_a_following_slug_stays_unique(editor):
    services.story_create(fields={"title": HEADLINE, "body": "<p>Other.</p>"}, via="import")
    article = imported_draft()

    services.story_update(article=article, changes={"title": HEADLINE}, user=editor, via="test")

    assert Article.objects.get(pk=article.pk).slug == "kyrgyz-parliament-approves-the-new-cabinet-2"


def test_the_api_follows_the_headline_of_a_draft_too(editor):
    article = imported_draft()
    api = APIClient()
    api.force_authenticate(editor)

    response = api.patch(f"/api/v1/articles/{article.slug}/", {"title": HEADLINE}, format="json")

    assert response.status_code == 200
    assert response.json()["slug"] == "kyrgyz-parliament-approves-the-new-cabinet"
