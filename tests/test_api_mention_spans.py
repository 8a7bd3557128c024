"""What the schema says of mention spans (issue 20), held by the API: within one mention, spans
are sorted and never overlap; across a story's mentions they may (each mention is one entity's
reading of the text), and every span is the text of one of its mention's surface forms."""

import itertools

import pytest

from articles.models import Article, Mention
from entities.models import Entity
from tests.test_api_writes import EDITOR_PERMISSIONS, client_for, member_of


def assert_spans_as_documented(story: dict) -> None:
    for mention in story["mentions"]:
        spans = [tuple(span) for span in mention["spans"]]
        assert spans == sorted(spans), mention
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, mention
        for start, end in spans:
            assert story["text"][start:end] in mention["surface_forms"], mention


@pytest.mark.django_db
def test_every_seed_storys_spans_are_as_the_schema_says_for_readers_and_editors(seeded, api):
    editor = client_for(member_of("Editor", EDITOR_PERMISSIONS))
    for slug in Article.objects.values_list("slug", flat=True):
        for client in (api, editor):
            assert_spans_as_documented(client.get(f"/api/v1/articles/{slug}/").json())


@pytest.mark.django_db
def test_readings_of_different_mentions_may_overlap_and_each_is_shown(seeded):
    editor = client_for(member_of("Editor", EDITOR_PERMISSIONS))
    body = {
        "title": "Ministry of Foreign Affairs of Azerbaijan comments",
        "body_html": "<p>The Ministry of Foreign Affairs of Azerbaijan said so.</p>",
        "source": "kabar",
    }
    slug = editor.post("/api/v1/articles/", body, format="json").json()["slug"]
    story = Article.objects.get(slug=slug)
    ministry = story.mentions.get(entity__slug="ministry-of-foreign-affairs-of-azerbaijan")
    start = story.text.index("Azerbaijan", ministry.spans[0][0])
    # An editor's own reading of the country's name inside the ministry's.
    Mention.objects.update_or_create(
        article=story,
        entity=Entity.objects.get(slug="azerbaijan"),
        defaults={
            "status": Mention.Status.CONFIRMED,
            "surface_forms": ["Azerbaijan"],
            "spans": [[start, start + len("Azerbaijan")]],
            "count": 1,
        },
    )
    shown = editor.get(f"/api/v1/articles/{slug}/").json()
    assert_spans_as_documented(shown)
    by_entity = {m["entity"]["slug"]: m["spans"] for m in shown["mentions"]}
    outer = by_entity["ministry-of-foreign-affairs-of-azerbaijan"][0]
    assert any(outer[0] <= s and e <= outer[1] for s, e in by_entity["azerbaijan"])
