"""Every injection vector written through the REST API, then read back everywhere it is shown.

The API is the fast write path, so the whole corpus (`tests.injection_vectors.VECTORS`) goes
through it: each vector into the headline, summary, body, byline, dateline and a tag of a
published story, created with POST and changed with PATCH by an editor. Then:

- the API's JSON gives back every plain-text field exactly as posted, on the general path (an
  editor) and the lean path (an anonymous reader), and a body with nothing executable that
  sanitising again leaves unchanged;
- the story's page runs nothing the same page with a benign story does not, shows the plain
  text only escaped, and its JSON-LD is valid JSON holding the same text.

The lists that show many of these stories at once are read in `test_injection_lists.py`.
"""

import datetime
from collections import Counter

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils.html import escape
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.html import sanitize_html
from articles.models import Article
from newsroom.text import control_character_error
from tests.factories import ArticleFactory, SourceFactory
from tests.injection_vectors import (
    VECTORS,
    Vector,
    assert_escaped,
    assert_fragment_safe,
    assert_page_safe,
    executable_findings,
    json_ld_blocks,
    read,
)

SEED_STORY = "/articles/kyrgyz-ambassador-hails-deepening-baku-bishkek-relations/"
# What each plain-text field starts with, so its raw form cannot be confused with the body's
# (where allowed markup such as <b> is kept on purpose), and the API's limit on it.
PLAIN_FIELDS = {"title": ("Headline ", 300), "summary": ("Summary ", 5000)}
PLAIN_FIELDS |= {"byline": ("Reporter ", 200), "dateline": ("Baku ", 100)}
TAG_LIMIT = 100


def editor_client() -> APIClient:
    group, _ = Group.objects.get_or_create(name="Injection editors")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["add_article", "change_article", "view_article", "publish_article"],
        )
    )
    user = User.objects.create_user("injection-editor")
    user.groups.add(group)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def bare_editor(db) -> APIClient:
    """An editor on an empty site but for the source the stories name: one story's page needs
    nothing more, and loading the seed for each of the corpus's vectors would double the time."""
    SourceFactory(name="Kabar", slug="kabar")
    return editor_client()


_story_page_baseline: list[Counter] = []


def story_page_baseline(client) -> Counter:
    """What a story page runs of its own (its findings with benign data), computed once."""
    if not _story_page_baseline:
        story = ArticleFactory(
            source=SourceFactory(name="Kabar"), byline="Staff", dateline="Baku", tags=["benign"]
        )
        _story_page_baseline.append(executable_findings(read(client, story.get_absolute_url())))
    return _story_page_baseline[0]


def clip(text: str, limit: int) -> str:
    """`text` within a field's limit; the API trims surrounding whitespace by design, and no
    vector is about that, so none is left at the edges."""
    return text[:limit].strip()


def plain_values(vector: Vector, prefixes=PLAIN_FIELDS) -> dict[str, str]:
    payload = vector.payload.replace("\x00", "")  # refused by the API: see the NUL test
    return {field: clip(prefix + payload, limit) for field, (prefix, limit) in prefixes.items()}


def story_input(vector: Vector) -> dict:
    body = vector.payload.replace("\x00", "")
    return {
        **plain_values(vector),
        "body_html": f"<p>Azerbaijan and Kyrgyzstan signed.</p>{body}<p>{vector.name}</p>",
        "language": "en",
        "source": "kabar",
        "status": "published",
        "published": datetime.date.today().isoformat(),
        "tags": [clip(f"tag {vector.payload.replace(chr(0), '')}", TAG_LIMIT)],
    }


def create(editor: APIClient, vector: Vector) -> dict:
    response = editor.post("/api/v1/articles/", story_input(vector), format="json")
    assert response.status_code == 201, (vector.name, response.json())
    return response.json()


def assert_round_trip(data: dict, sent: dict, where: str) -> None:
    """What was posted is what the API gives back, character for character; the body is
    what the sanitiser makes of it, and inert."""
    for field in [*PLAIN_FIELDS, "tags"]:
        if field in sent:
            assert data[field] == sent[field], (where, field)
    if "body_html" in sent:
        assert data["body_html"] == sanitize_html(sent["body_html"]), where
    assert_fragment_safe(data["body_html"], where)


def assert_story_page_safe(page: str, baseline: Counter, sent: dict, where: str) -> None:
    assert_page_safe(page, baseline, where)
    assert_escaped(page, {f: sent[f] for f in PLAIN_FIELDS} | {"tag": sent["tags"][0]}, where)
    assert f"<h1>{escape(sent['title'])}</h1>" in page, where  # shown, as itself, not evaluated
    (news,) = json_ld_blocks(page)
    assert news["headline"] == sent["title"], where
    assert news["author"]["name"] == sent["byline"], where
    assert news["dateline"] == sent["dateline"], where
    assert news["keywords"] == sent["tags"], where


@pytest.mark.parametrize("vector", VECTORS, ids=str)
def test_api_round_trips_plain_text_and_serves_only_inert_html(bare_editor, client, api, vector):
    """POST with the vector after a prefix in every field, PATCH with it first; the page is
    read after the PATCH. Both answers, and the anonymous (lean) read, give back exactly what
    was sent."""
    editor = bare_editor
    sent = story_input(vector)
    if control_character_error(vector.payload.replace("\x00", "")):
        # Plain text takes no control character but tab and line breaks (issue 20): the
        # vector is refused, each plain field named, and nothing is stored.
        response = editor.post("/api/v1/articles/", sent, format="json")
        assert response.status_code == 400, vector.name
        assert set(response.json()) == {*PLAIN_FIELDS, "tags.0"}, vector.name
        assert not Article.objects.filter(source__slug="kabar", byline=sent["byline"]).exists()
        return
    created = create(editor, vector)
    slug = created["slug"]
    assert_round_trip(created, sent, f"{vector}: POST")

    payload = vector.payload.replace("\x00", "")
    changed = {
        "title": clip(f"{payload} changed", 300),
        "summary": clip(f"{payload} {payload}", 5000),
        "byline": clip(f"{payload} and staff", 200),
        "dateline": clip(f"{payload[:90]} Baku", 100),
        "body_html": f"{payload}<p>Changed about Azerbaijan.</p>",
        "tags": [clip(f"{payload} changed", TAG_LIMIT)],
    }
    response = editor.patch(f"/api/v1/articles/{slug}/", changed, format="json")
    assert response.status_code == 200, (vector.name, response.json())
    # The story is live: the edit waits as unpublished changes, then an editor publishes it.
    draft = editor.get(f"/api/v1/articles/{slug}/draft/").json()
    assert_round_trip(draft, changed, f"{vector}: draft")
    response = editor.post(f"/api/v1/articles/{slug}/publish-changes/")
    assert response.status_code == 200, (vector.name, response.json())
    assert_round_trip(response.json(), changed, f"{vector}: PATCH")
    assert_round_trip(api.get(f"/api/v1/articles/{slug}/").json(), changed, f"{vector}: GET")
    page = read(client, f"/articles/{slug}/")
    assert_story_page_safe(page, story_page_baseline(client), changed, f"{vector}: page")


def test_api_refuses_nul_characters_naming_each_field(bare_editor):
    editor = bare_editor
    (vector,) = [v for v in VECTORS if "\x00" in v.payload]
    sent = {
        "title": vector.payload,
        "summary": vector.payload,
        "byline": vector.payload,
        "dateline": vector.payload[:100],
        "body_html": vector.payload,
        "tags": [vector.payload],
    }
    response = editor.post("/api/v1/articles/", sent, format="json")
    assert response.status_code == 400
    named = set(response.json())
    assert named >= {"title", "summary", "byline", "dateline", "body_html"}
    assert any(name.startswith("tags") for name in named), named
    assert not Article.objects.filter(title__contains="alert").exists()
