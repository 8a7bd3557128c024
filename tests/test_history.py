"""History: every write path records a revision (admin, API, import, merge), diffs read well and
are escaped, restoring is a new, sanitised version, and a stale edit shows what changed."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from reversion.models import Version

from articles import history, services
from articles.models import Article, AuditEvent
from entities.models import Alias, Entity
from tests.factories import AliasFactory, EntityFactory
from tests.test_admin import article_form_data

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seed_documents"
SEEDED = "azerbaijan-and-ots-discuss-expanding-economic-cooperation"


@pytest.fixture(autouse=True)
def no_throttle(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    cache.clear()


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def save_in_admin(client, article: Article, **changes):
    """Save the change form with "Save and publish changes": the seed stories are live, and
    these tests are about every live edit's history (drafts: tests/test_drafts.py)."""
    article.refresh_from_db()
    changes.setdefault("_publish_changes", "1")
    return client.post(change_url(article), article_form_data(article, **changes))


# Every write path


def test_an_admin_edit_records_who_what_and_when(admin_client, admin_user, seeded):
    article = Article.objects.get(slug=SEEDED)

    save_in_admin(admin_client, article, title="Azerbaijan and OTS widen economic ties", tags="ots")

    (version,) = history.versions_of(article)
    assert version.revision.user == admin_user
    assert "Title" in version.revision.get_comment()
    assert version.field_dict["title"] == "Azerbaijan and OTS widen economic ties"
    assert history.version_values(version)["tags"] == ["ots"]


def test_an_api_write_records_a_revision_by_its_caller(seeded):
    editor = User.objects.create_user("desk")
    editor.groups.add(Group.objects.get(name="Editor"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")

    response = client.patch(
        f"/api/v1/articles/{SEEDED}/", {"title": "A headline from the API"}, format="json"
    )

    assert response.status_code == 200
    (version,) = history.versions_of(Article.objects.get(slug=SEEDED))
    assert (version.revision.user, version.revision.comment) == (editor, "Changed through the API")
    # The story is live: the edit is recorded as its unpublished changes.
    assert version.field_dict["draft"]["title"] == "A headline from the API"


def test_an_import_records_the_first_version(db):
    out = StringIO()

    call_command("import_documents", str(SEEDS / "002_45943680a1f8951e.txt"), stdout=out)

    article = Article.objects.get()
    (version,) = history.versions_of(article)
    assert version.revision.comment == "Imported from 002_45943680a1f8951e.txt"
    assert version.field_dict["title"] == article.title


def test_an_admin_import_records_the_importer(admin_client, admin_user):
    upload = (SEEDS / "004_470fcd4a740a0a54.txt").open("rb")

    admin_client.post(reverse("admin:articles_article_import"), {"files": [upload]})

    (version,) = history.versions_of(Article.objects.get())
    assert version.revision.user == admin_user


def test_a_merge_records_the_winner_and_the_audit_log(admin_client, admin_user):
    kyrgyzstan = EntityFactory(name="Kyrgyzstan", kind=Entity.Kind.COUNTRY)
    duplicate = EntityFactory(name="Kyrgyz Republic", kind=Entity.Kind.COUNTRY)
    AliasFactory(entity=duplicate, name="КР", language="ru")

    admin_client.post(
        reverse("admin:entities_entity_changelist"),
        {
            "action": "merge",
            "_selected_action": [kyrgyzstan.pk, duplicate.pk],
            "post": "yes",
            "winner": kyrgyzstan.pk,
        },
    )

    (version,) = history.versions_of(kyrgyzstan)
    assert version.revision.comment.startswith("Merged Kyrgyz Republic")
    assert "КР (ru, name)" in history.version_values(version)["aliases"]
    event = AuditEvent.objects.get(action="merge")
    assert (event.user, event.object_repr) == (admin_user, "Kyrgyz Republic")
    assert "merged into Kyrgyzstan" in event.detail


def test_an_alias_edited_on_its_own_page_is_recorded_in_its_entitys_history(admin_client):
    alias = AliasFactory(name="Bishkek city", language="en")

    admin_client.post(
        reverse("admin:entities_alias_change", args=[alias.pk]),
        {"name": "Bishkek City", "language": "en", "kind": "name", "entity": alias.entity_id},
    )

    (version,) = history.versions_of(alias.entity)
    assert "Bishkek City (en, name)" in history.version_values(version)["aliases"]


# Diffs


def test_the_history_page_lists_versions_with_compare_and_restore(admin_client, seeded):
    article = Article.objects.get(slug=SEEDED)
    save_in_admin(admin_client, article, title="First change")
    save_in_admin(admin_client, article, title="Second change")

    page = admin_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert page.status_code == 200
    assert page.text.count('name="a"') == 2
    assert "Restore…" in page.text
    assert "Times are in UTC" in page.text


def test_a_diff_between_two_versions_is_readable_and_escaped(admin_client, seeded):
    article = Article.objects.get(slug=SEEDED)
    save_in_admin(admin_client, article, body="<p>Talks in Baku.</p><p>Unchanged.</p>")
    save_in_admin(
        admin_client, article, body="<p>Talks in <strong>Bishkek</strong>.</p><p>Unchanged.</p>"
    )
    older, newer = reversed(history.versions_of(article))

    page = admin_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"a": older.pk, "b": newer.pk},
    )

    assert page.status_code == 200
    assert 'class="word-diff"' in page.text
    # By default the text as readers read it: changed words marked, no tags shown.
    assert "<del>Baku</del><ins>Bishkek</ins>" in page.text
    assert "&lt;strong&gt;" not in page.text and "<strong>Bishkek</strong>" not in page.text
    assert "Headline" not in page.text  # unchanged fields are left out
    as_html = admin_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"a": older.pk, "b": newer.pk, "as": "html"},
    )
    assert "&lt;strong&gt;Bishkek&lt;/strong&gt;" in as_html.text
    assert "<strong>Bishkek</strong>" not in as_html.text


def test_a_diff_against_the_current_version(admin_client, seeded):
    article = Article.objects.get(slug=SEEDED)
    save_in_admin(admin_client, article, title="An older headline")
    (older,) = history.versions_of(article)
    Article.objects.filter(pk=article.pk).update(title="Changed <b>outside</b> the admin")

    page = admin_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"a": older.pk, "b": "current"},
    )

    assert "An older headline" in page.text
    assert "Changed &lt;b&gt;outside&lt;/b&gt; the admin" in page.text


def test_times_in_a_diff_carry_their_time_zone(settings):
    settings.TIME_ZONE = "Asia/Bishkek"
    moment = datetime.datetime(2025, 1, 1, 6, 0, tzinfo=datetime.UTC)

    assert history.display("publish_at", moment) == "2025-01-01 12:00 +06"


# Restoring


def test_restoring_an_older_version_is_a_new_sanitised_version(admin_client, admin_user, seeded):
    article = Article.objects.get(slug=SEEDED)
    save_in_admin(admin_client, article, title="The good headline", tags="economy")
    (good,) = history.versions_of(article)
    # A version stored unsafely (as an old import might have): restoring cleans it again.
    Version.objects.filter(pk=good.pk).update(
        serialized_data=good.serialized_data.replace(
            '"body": "', '"body": "<script>alert(1)</script><p onclick=\\"x()\\">Safe.</p>'
        )
    )
    save_in_admin(admin_client, article, title="A worse headline", tags="")
    article.refresh_from_db()
    version_before, slug, status = article.version, article.slug, article.status

    response = admin_client.post(
        reverse("admin:articles_article_restore", args=[article.pk, good.pk])
    )

    assert response.status_code == 302
    article.refresh_from_db()
    # A live story: the older version comes back as unpublished changes, as any edit does.
    assert article.draft["title"] == "The good headline"
    assert article.title == "A worse headline"
    assert article.version == version_before + 1
    services.story_publish_changes(article=article, user=admin_user, via="test")
    article.refresh_from_db()
    version_before += 1
    assert article.title == "The good headline"
    assert [t.name for t in article.tags.all()] == ["economy"]
    assert "<script>" not in article.body and "onclick" not in article.body
    assert article.body.startswith("<p>Safe.</p>")
    assert (article.slug, article.status) == (slug, status)
    assert article.version == version_before + 1
    latest = history.versions_of(article)[1]
    assert latest.revision.comment.startswith("Restored the version of")
    assert AuditEvent.objects.filter(action="restore", object_id=str(article.pk)).exists()


def test_the_restore_page_shows_what_would_change_before_restoring(admin_client, seeded):
    article = Article.objects.get(slug=SEEDED)
    save_in_admin(admin_client, article, title="Headline one")
    save_in_admin(admin_client, article, title="Headline two")
    older = history.versions_of(article)[1]

    page = admin_client.get(reverse("admin:articles_article_restore", args=[article.pk, older.pk]))

    assert "Headline one" in page.text and "Headline two" in page.text
    assert Article.objects.get(pk=article.pk).title == "Headline two"


def test_a_version_of_another_story_is_not_found(admin_client, seeded):
    article, other = Article.objects.all()[:2]
    save_in_admin(admin_client, other, title="Other")
    (version,) = history.versions_of(other)

    response = admin_client.post(
        reverse("admin:articles_article_restore", args=[article.pk, version.pk])
    )

    assert response.status_code == 404


def test_restoring_an_entity_brings_back_its_aliases_and_keeps_its_slug(admin_client):
    entity = EntityFactory(name="Kyrgyzstan", kind=Entity.Kind.COUNTRY, slug="kyrgyzstan")
    url = reverse("admin:entities_entity_change", args=[entity.pk])
    form = {
        "kind": "country",
        "name": "Kyrgyzstan",
        "slug": "kyrgyzstan",
        "description": "A country in Central Asia.",
        "wikidata_id": "Q813",
        "aliases-TOTAL_FORMS": 1,
        "aliases-INITIAL_FORMS": 0,
        "aliases-MIN_NUM_FORMS": 0,
        "aliases-MAX_NUM_FORMS": 1000,
        "aliases-0-name": "Кыргызстан",
        "aliases-0-language": "ru",
        "aliases-0-kind": "name",
    }
    admin_client.post(url, form)
    (good,) = history.versions_of(entity)
    Alias.objects.filter(entity=entity).delete()
    Entity.objects.filter(pk=entity.pk).update(description="Vandalised.", slug="kyrgyz-republic")

    admin_client.post(reverse("admin:entities_entity_restore", args=[entity.pk, good.pk]))

    entity.refresh_from_db()
    assert entity.description == "A country in Central Asia."
    assert entity.slug == "kyrgyz-republic"  # its current address stays
    assert list(entity.aliases.values_list("name", "normalized")) == [("Кыргызстан", "кыргызстан")]


# A stale edit


def test_a_stale_edit_is_refused_and_shows_the_other_editors_changes(admin_client, seeded):
    article = Article.objects.get(slug=SEEDED)
    save_in_admin(admin_client, article, title="Opened headline")
    article.refresh_from_db()
    mine = article_form_data(article, title="My headline", summary="My summary")
    save_in_admin(admin_client, article, title="Their <em>headline</em>")

    page = admin_client.post(change_url(article), mine)

    assert page.status_code == 200
    assert "your edit was not saved" in page.text
    assert "Not saved: this story changed while you were editing it" in page.text
    assert "Opened headline" in page.text
    assert "Their &lt;em&gt;headline&lt;/em&gt;" in page.text
    assert 'value="My headline"' in page.text  # the editor's own edit is kept in the form
    assert Article.objects.get(pk=article.pk).title == "Their <em>headline</em>"


def test_after_seeing_the_changes_the_editor_may_save_again(admin_client, seeded):
    article = Article.objects.get(slug=SEEDED)
    article_data = article_form_data(article, title="Mine", _publish_changes="1")
    save_in_admin(admin_client, article, title="Theirs")
    refused = admin_client.post(change_url(article), article_data)
    article.refresh_from_db()

    again = admin_client.post(
        change_url(article), {**article_data, "base_version": article.version}
    )

    assert refused.status_code == 200
    assert f'name="base_version" value="{article.version}"' in refused.text
    assert again.status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Mine"
