"""Merging duplicate entities: mentions, aliases and roles move; the old slug redirects."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Mention
from articles.services import entity_merge as merge_entities
from entities.models import Alias, Entity, EntityRedirect
from tests.factories import RoleFactory


@pytest.fixture
def duplicate(seeded):
    """A second 'Mamytkanov' an editor created by mistake, mentioned in two stories."""
    dup = Entity.objects.create(name="Maksat Mamytkanov", kind=Entity.Kind.PERSON)
    Alias.objects.create(entity=dup, name="Мамытканов Максат", language="ru")
    ambassador_story = Article.objects.get(original_filename="004_470fcd4a740a0a54.txt")
    other_story = Article.objects.get(original_filename="000_d4bade762234ddd5.txt")
    Mention.objects.create(
        article=ambassador_story, entity=dup, status="suggested", surface_forms=["Mamytkanov"]
    )
    Mention.objects.create(article=other_story, entity=dup, status="confirmed", count=1)
    RoleFactory(person=dup, title="Ambassador", organization=Entity.objects.get(slug="kyrgyzstan"))
    return dup


def test_merge_moves_mentions_aliases_and_roles(duplicate):
    winner = Entity.objects.get(slug="maksat-mamitkanov")
    story = Article.objects.get(original_filename="004_470fcd4a740a0a54.txt")
    version = story.version

    result = merge_entities(winner=winner, loser=duplicate)

    # "Maksat Mamytkanov" is already an alias of the winner: only the Russian name is new.
    assert result == {"mentions_moved": 1, "mentions_combined": 1, "aliases_gained": 1}
    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    combined = story.mentions.get(entity=winner)
    assert combined.status == Mention.Status.CONFIRMED  # the editor's decision wins
    assert "Mamytkanov" in combined.surface_forms
    assert Mention.objects.filter(entity=winner).count() == 2
    assert winner.aliases.filter(name="Мамытканов Максат").exists()
    assert winner.aliases.filter(name="Maksat Mamytkanov").exists()
    assert winner.roles.filter(title="Ambassador").exists()
    story.refresh_from_db()
    assert story.version == version + 1


def test_old_slug_redirects_permanently(duplicate, client):
    old = duplicate.slug
    merge_entities(winner=Entity.objects.get(slug="maksat-mamitkanov"), loser=duplicate)
    response = client.get(f"/entities/{old}/")
    assert response.status_code == 301
    assert response["Location"] == "/entities/maksat-mamitkanov/"
    assert client.get("/entities/never-existed/").status_code == 404


def test_merging_twice_keeps_every_old_slug_pointing_at_the_survivor(duplicate):
    middle = Entity.objects.get(slug="maksat-mamitkanov")
    merge_entities(winner=middle, loser=duplicate)
    final = Entity.objects.create(name="Maksat Mamitkanov (ambassador)", kind="person")
    merge_entities(winner=final, loser=middle)
    assert set(EntityRedirect.objects.values_list("old_slug", "entity")) == {
        (duplicate.slug, final.pk),
        ("maksat-mamitkanov", final.pk),
    }


def test_an_entity_cannot_be_merged_into_itself(seeded):
    entity = Entity.objects.get(slug="azerbaijan")
    with pytest.raises(ValueError, match="itself"):
        merge_entities(winner=entity, loser=entity)


def test_admin_merge_asks_which_to_keep_then_merges(duplicate, admin_client):
    winner = Entity.objects.get(slug="maksat-mamitkanov")
    url = reverse("admin:entities_entity_changelist")
    selected = [winner.pk, duplicate.pk]

    page = admin_client.post(url, {"action": "merge", "_selected_action": selected})
    assert page.status_code == 200
    assert "Choose the entity to keep" in page.content.decode()
    assert Entity.objects.filter(pk=duplicate.pk).exists()

    done = admin_client.post(
        url,
        {"action": "merge", "_selected_action": selected, "post": "yes", "winner": winner.pk},
        follow=True,
    )
    assert "Merged 1 into Maksat Mamitkanov" in done.content.decode()
    assert not Entity.objects.filter(pk=duplicate.pk).exists()


def test_starter_knowledge_base_never_resurrects_a_merged_entity(seeded):
    call_command("load_knowledge_base", stdout=StringIO())
    baku = Entity.objects.get(slug="baku")
    capital = Entity.objects.create(name="Baku City", kind=Entity.Kind.PLACE)
    merge_entities(winner=capital, loser=baku)

    call_command("load_knowledge_base", stdout=StringIO())

    assert not Entity.objects.filter(slug="baku").exists()
    assert capital.aliases.filter(name="Baku").exists()
