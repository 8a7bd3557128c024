"""The directory of people, organizations and places: those with stories by default, most
stories first; `all=1` for every entity; kinds as tabs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Mention
from entities.models import Entity
from tests.factories import EntityFactory
from tests.test_public_pages import add_stories, build_newsroom

pytestmark = pytest.mark.django_db


def listed(client, url: str) -> list[tuple[str, int]]:
    response = client.get(url)
    assert response.status_code == 200
    return [(e.slug, e.story_count) for e in response.context["entities"]]


def test_by_default_only_entities_with_stories_most_first(client, seeded):
    quiet = EntityFactory(name="Nobody Quoted", kind="country", description="UN member state")
    rows = listed(client, "/entities/")
    assert quiet.slug not in dict(rows)
    assert all(count > 0 for _, count in rows)
    counts = [count for _, count in rows]
    assert counts == sorted(counts, reverse=True)
    assert rows[0] == ("azerbaijan", 5)
    with_stories = Entity.objects.filter(mentions__in=Mention.objects.public()).distinct()
    assert len(rows) == with_stories.count()


def test_all_lists_every_entity_those_without_stories_last(client, seeded):
    quiet = EntityFactory(name="Nobody Quoted", kind="country")
    rows = listed(client, "/entities/?all=1")
    assert (quiet.slug, 0) in rows
    assert len(rows) == min(Entity.objects.count(), 50)
    content = client.get("/entities/").content.decode()
    assert 'href="?all=1"' in content and f"See all {Entity.objects.count()}" in content


def test_kinds_are_tabs_counting_what_each_lists(client, seeded):
    response = client.get("/entities/?kind=person")
    people = list(response.context["entities"])
    assert people and all(e.kind == "person" and e.story_count for e in people)
    tabs = {k["value"]: k["count"] for k in response.context["kinds"]}
    assert tabs["person"] == len(people)
    content = response.content.decode()
    assert 'href="?kind=person" aria-current="page"' in content


def test_a_name_found_only_among_those_without_stories_offers_them(client, seeded):
    EntityFactory(name="Nobody Quoted", kind="country")
    content = client.get("/entities/", {"q": "Nobody Quoted"}).content.decode()
    assert "Include those with no story yet" in content
    assert [s for s, _ in listed(client, "/entities/?q=Nobody+Quoted&all=1")]


def test_directory_queries_stay_constant(client):
    person = build_newsroom(3)

    def counts() -> list[int]:
        found = []
        for url in ("/entities/", "/entities/?all=1", "/entities/?kind=person&q=" + person.name):
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            found.append(len(queries))
        return found

    few = counts()
    add_stories(22, [person])
    EntityFactory.create_batch(5)
    assert counts() == few
