"""A stored body is served as stored only with a valid seal; anything written around the
application, or sealed under another key or policy, is sanitised again on its way out."""

import pytest
from django.db import connection
from django.test import override_settings

from articles import html
from articles.html import body_seal, sanitize_html, seal_if_clean, stored_body_html
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CLEAN = '<p>Ministers met in <a href="https://example.org" rel="noopener nofollow">Baku</a>.</p>'
DIRTY = '<p>Hello</p><img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture
def no_bleach(monkeypatch):
    """Fails the test if a body is sanitised on its way out."""

    def refuse(body):
        raise AssertionError(f"sanitised again: {body[:40]}")

    monkeypatch.setattr(html, "_sanitized", refuse)


def test_a_sanitised_body_is_sealed_on_save_and_served_as_stored(no_bleach, api):
    story = ArticleFactory(body=sanitize_html(CLEAN))
    story.refresh_from_db()
    assert story.body_seal == body_seal(story.body)
    assert stored_body_html(story.body, story.text, story.body_seal) == story.body
    assert api.get(f"/api/v1/articles/{story.slug}/").json()["body_html"] == story.body


def test_an_unsanitised_body_saved_through_the_orm_gets_no_seal(api, client):
    story = ArticleFactory(body=DIRTY)
    assert story.body_seal is None
    served = api.get(f"/api/v1/articles/{story.slug}/").json()["body_html"]
    assert served == sanitize_html(DIRTY)
    assert "onerror" not in served and "<script" not in served
    page = client.get(story.get_absolute_url()).content.decode()
    assert "onerror" not in page and "alert(2)" not in page


def test_a_body_changed_around_the_application_is_sanitised_again(api):
    story = ArticleFactory(body=sanitize_html(CLEAN))
    Article.objects.filter(pk=story.pk).update(body=DIRTY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT body_seal FROM articles_article WHERE id = %s", [story.pk])
        assert cursor.fetchone()[0] == story.body_seal  # the old seal, now for another body
    served = api.get(f"/api/v1/articles/{story.slug}/").json()["body_html"]
    assert served == sanitize_html(DIRTY)


def test_a_seal_made_with_another_key_or_policy_is_refused(monkeypatch):
    body = sanitize_html(CLEAN)
    with override_settings(SECRET_KEY="someone-elses-key-" * 4):
        forged = body_seal(body)
    assert forged != body_seal(body)
    assert stored_body_html(DIRTY, "", body_seal(DIRTY)) == DIRTY  # a real seal is trusted...
    assert stored_body_html(DIRTY, "", forged) == sanitize_html(DIRTY)  # ...a forged one is not
    sealed = body_seal(body)
    monkeypatch.setattr(html, "_SEAL_SALT", "articles.html.body_seal.another-policy")
    assert not html.has_valid_seal(body, sealed)


def test_saving_other_fields_keeps_the_seal_and_a_new_body_gets_a_new_one():
    story = ArticleFactory(body=sanitize_html(CLEAN))
    first = story.body_seal
    story.title = "A new headline"
    story.save(update_fields=["title", "version"])
    story.refresh_from_db()
    assert story.body_seal == first
    story.body = sanitize_html("<p>Another body</p>")
    story.save(update_fields=["body"])
    story.refresh_from_db()
    assert story.body_seal == body_seal("<p>Another body</p>") != first
    story.body = DIRTY
    story.save()
    story.refresh_from_db()
    assert story.body_seal is None


def test_sealing_checks_a_body_it_has_not_just_sanitised(monkeypatch):
    checked = []
    real = html.sanitize_html
    monkeypatch.setattr(html, "sanitize_html", lambda body: checked.append(body) or real(body))
    monkeypatch.setattr(html, "_recently_clean", type(html._recently_clean)())
    assert seal_if_clean(DIRTY) is None
    assert seal_if_clean(CLEAN) == body_seal(CLEAN)
    assert checked == [DIRTY, CLEAN]
    assert seal_if_clean(CLEAN) == body_seal(CLEAN)  # remembered as clean: no second check
    assert seal_if_clean(CLEAN, body_seal(CLEAN)) == body_seal(CLEAN)
    assert checked == [DIRTY, CLEAN]
    assert seal_if_clean("   ") is None


def test_seal_bodies_seals_clean_bodies_loaded_around_save_and_leaves_the_rest(seeded):
    from io import StringIO

    from django.core.management import call_command

    loaded = Article.objects.filter(body_seal__isnull=True).exclude(body="").count()
    assert loaded  # fixtures load around save(): no seals
    dirty = ArticleFactory(body=DIRTY)
    out = StringIO()
    call_command("seal_bodies", "--no-progress", stdout=out)
    assert "1 bodies differ" in out.getvalue()
    for story in Article.objects.exclude(body="").exclude(pk=dirty.pk):
        assert html.has_valid_seal(story.body, story.body_seal), story.slug
    dirty.refresh_from_db()
    assert dirty.body_seal is None
    call_command("seal_bodies", "--no-progress", stdout=out)
    assert "Sealed 0 bodies" in out.getvalue()
