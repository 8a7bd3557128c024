"""Property: after any sequence of edits, through any write path, every span of every mention
and proposal is exactly one of that row's surface forms at that offset of the story's text.

Stories start as copies of the seed stories (real wire copy, English and Russian); each edit
inserts a paragraph taken from any seed story or deletes one, and is saved through the admin's
change form (HTTP), the API (HTTP), a restore of an older version, or the service directly. The
text a story ends with is imported again as a new wire story, the importer's path.
"""

import html
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from articles import history, services
from articles.importing import import_bytes
from articles.models import Article
from tests.test_admin import article_form_data
from tests.test_story_write_path import assert_spans_match_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # about 25 s: many edits through HTTP

SEED = json.loads((Path(__file__).parent.parent / "fixtures" / "seed.json").read_text())
SEED_STORIES = [row["fields"] for row in SEED if row["model"] == "articles.article"]
PARAGRAPHS = [p for story in SEED_STORIES for p in story["text"].split("\n\n") if p.strip()]
PATHS = ["admin", "api", "restore", "service"]

edits = st.lists(
    st.tuples(
        st.sampled_from(PATHS),
        st.sampled_from(["insert", "delete"]),
        st.integers(min_value=0, max_value=len(PARAGRAPHS) - 1),  # which paragraph to insert
        st.integers(min_value=0, max_value=40),  # where, modulo the story's length
    ),
    min_size=1,
    max_size=5,
)


def as_body(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def edited(paragraphs: list[str], op: str, pick: int, where: int) -> list[str]:
    paragraphs = list(paragraphs)
    if op == "insert" or len(paragraphs) < 2:
        paragraphs.insert(where % (len(paragraphs) + 1), PARAGRAPHS[pick])
    else:
        del paragraphs[where % len(paragraphs)]
    return paragraphs


@pytest.fixture
def editor(seeded) -> User:
    user = User.objects.create_user("property-editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def save_through(path: str, article: Article, body: str, user: User) -> None:
    if path == "admin":
        client = Client()
        client.force_login(user)
        article.refresh_from_db()
        response = client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            article_form_data(article, body=body),
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
    elif path == "api":
        api = APIClient()
        api.force_authenticate(user)
        response = api.patch(
            f"/api/v1/articles/{article.slug}/", {"body_html": body}, format="json"
        )
        assert response.status_code == 200, response.json()
    elif path == "restore":
        # Save the edit, then restore the version before it: the text changes twice.
        services.story_update(article=article, changes={"body": body}, user=user, via="test")
        older = history.versions_of(article)[1]
        services.story_restore(article=article, version=older, user=user, via="admin")
    else:
        services.story_update(article=article, changes={"body": body}, user=user, via="test")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.integers(min_value=0, max_value=len(SEED_STORIES) - 1), steps=edits)
def test_every_span_reads_its_surface_form_after_any_edit_through_any_path(editor, start, steps):
    story = SEED_STORIES[start]
    paragraphs = [p for p in story["text"].split("\n\n") if p.strip()]
    article = services.story_create(
        fields={
            "title": story["title"],
            "language": story["language"],
            "body": as_body(paragraphs),
        },
        user=editor,
        via="test",
    )
    assert article.mentions.exists(), "every seed story names entities the linker knows"
    assert_spans_match_text(article)

    for path, op, pick, where in steps:
        paragraphs = edited(paragraphs, op, pick, where)
        save_through(path, article, as_body(paragraphs), editor)
        assert_spans_match_text(article)

    headline = f"Wire copy {article.pk}"
    wire = "\n\n".join([headline, *paragraphs]).encode()
    result = import_bytes(data=wire, name=f"property-{article.pk}.txt")
    if result.status == "imported":
        assert_spans_match_text(result.article)
