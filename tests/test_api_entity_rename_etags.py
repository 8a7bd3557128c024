"""Renaming an entity is a change of every story that shows its name (issue 20): the stories'
ETags, `Last-Modified` and `updated` move, so a client holding an old copy gets the new name
instead of a 304, and a mirror syncing by `updated_after` picks the stories up again."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article
from entities.models import Entity


def alias_forms(entity: Entity) -> dict:
    aliases = list(entity.aliases.order_by("pk"))
    data = {
        "aliases-TOTAL_FORMS": len(aliases),
        "aliases-INITIAL_FORMS": len(aliases),
        "aliases-MIN_NUM_FORMS": 0,
        "aliases-MAX_NUM_FORMS": 1000,
    }
    for index, alias in enumerate(aliases):
        data |= {
            f"aliases-{index}-id": alias.pk,
            f"aliases-{index}-entity": entity.pk,
            f"aliases-{index}-name": alias.name,
            f"aliases-{index}-language": alias.language,
            f"aliases-{index}-kind": alias.kind,
        }
    return data


def entity_form(entity: Entity, **changes) -> dict:
    data = {
        "kind": entity.kind,
        "name": entity.name,
        "slug": entity.slug,
        "description": entity.description,
        "wikidata_id": entity.wikidata_id,
        **alias_forms(entity),
    }
    return data | changes


@pytest.mark.django_db
def test_renaming_an_entity_in_the_admin_changes_the_etags_of_the_stories_showing_it(
    seeded, admin_client, api
):
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    story = Article.objects.published().filter(mentions__entity=azerbaijan).first()
    before = api.get(f"/api/v1/articles/{story.slug}/")
    page_before = api.get("/api/v1/articles/")

    response = admin_client.post(
        reverse("admin:entities_entity_change", args=[azerbaijan.pk]),
        entity_form(azerbaijan, name="Republic of Azerbaijan"),
    )
    assert response.status_code == 302, response.context and response.context["errors"]

    after = api.get(f"/api/v1/articles/{story.slug}/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "Republic of Azerbaijan" in {e["name"] for e in after.json()["entities"]}
    assert after.json()["updated"] > before.json()["updated"]
    page = api.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=page_before["ETag"])
    assert page.status_code == 200


@pytest.mark.django_db
def test_an_entity_edit_that_no_story_shows_leaves_their_etags_alone(seeded, api):
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    story = Article.objects.published().filter(mentions__entity=azerbaijan).first()
    etag = api.get(f"/api/v1/articles/{story.slug}/")["ETag"]

    azerbaijan.description = "A country in the South Caucasus."
    services.entity_save(entity=azerbaijan, via="test")

    assert api.get(f"/api/v1/articles/{story.slug}/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_restoring_an_older_name_changes_the_etags_too(seeded, api, admin_user):
    from articles import history

    baku = Entity.objects.get(slug="baku")
    with history.revision(user=admin_user, comment="before"):
        history.record(baku)
    from reversion.models import Version

    old = Version.objects.get_for_object(baku).first()
    baku.name = "Baki"
    services.entity_save(entity=baku, via="test")
    story = Article.objects.published().filter(mentions__entity=baku).first()
    etag = api.get(f"/api/v1/articles/{story.slug}/")["ETag"]

    services.entity_restore(entity=baku, version=old, user=admin_user)

    again = api.get(f"/api/v1/articles/{story.slug}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert "Baku" in {e["name"] for e in again.json()["entities"]}
