"""Injection vectors through the admin's forms: a story's add and change forms, and an entity's
add form with an alias inline; then every place those fields are shown.

The admin is the slowest write path (a form post, then the change list, change form, preview
and history, each a large page), so it takes the first three vectors of every category
(`first_of_each_category(3)`, 33 vectors): every kind of attack reaches every field the forms
write and every page that shows them, while the whole corpus goes through the API and the
importer (tests/test_injection_api.py, tests/test_injection_import.py), which share the same
sanitiser and templates.
"""

import datetime

import pytest
from django.urls import reverse

from articles.html import sanitize_html
from articles.models import Article, Mention, Source
from entities.models import Entity
from tests.factories import MentionFactory
from tests.injection_vectors import (
    VECTORS,
    Vector,
    assert_escaped,
    assert_feed_safe,
    assert_fragment_safe,
    assert_page_safe,
    first_of_each_category,
    json_ld_blocks,
    read,
)

SUBSET = first_of_each_category(3)
SEED_STORY = "kyrgyz-ambassador-hails-deepening-baku-bishkek-relations"
NO_MENTIONS = {
    "mentions-TOTAL_FORMS": 0,
    "mentions-INITIAL_FORMS": 0,
    "mentions-MIN_NUM_FORMS": 0,
    "mentions-MAX_NUM_FORMS": 1000,
}


def without_nul(text: str) -> str:
    return text.replace("\x00", "")


def story_form(vector: Vector, *, first: bool, source: Source, version: int | None) -> dict:
    """The story form with the vector in every text field: after a prefix (`first=False`) or
    leading it."""
    payload = without_nul(vector.payload)

    def put(prefix: str, limit: int) -> str:
        text = f"{payload} {prefix}" if first else f"{prefix} {payload}"
        return text[:limit].strip()

    return {
        "title": put("Headline", 300),
        "slug": "",
        "summary": put("Summary", 5000),
        "body": f"{payload}<p>Azerbaijan and Kyrgyzstan.</p>"
        if first
        else f"<p>Azerbaijan and Kyrgyzstan.</p>{payload}",
        "language": "en",
        "source": source.pk,
        "byline": put("Reporter", 200),
        "dateline": put("Baku", 100),
        "published": datetime.date.today().isoformat(),
        "original_url": "",
        "tags": put("tag", 100),
        "status": Article.Status.PUBLISHED,
        "base_version": "" if version is None else version,
        # The story is live after the first save: the change is saved and published.
        "_publish_changes": "1",
        **NO_MENTIONS,
    }


PLAIN = ("title", "summary", "byline", "dateline")


def assert_stored(story: Article, form: dict, where: str) -> None:
    """The form's plain text is stored exactly; the body as the sanitiser makes it."""
    for field in PLAIN:
        assert getattr(story, field) == form[field], (where, field)
    assert story.body == sanitize_html(form["body"]), where
    assert_fragment_safe(story.body, where)


def story_pages(story: Article) -> dict[str, str]:
    """Where an editor and a reader see the story, by the name of their baseline."""
    admin = f"/admin/articles/article/{story.pk}"
    return {
        f"{admin}/change/": "change",
        f"{admin}/preview/": "preview",
        f"{admin}/history/": "history",
        "/admin/articles/article/?q=Headline": "changelist",
        story.get_absolute_url(): "page",
    }


BENIGN = Vector("benign", "none", "Talks on transit and trade.")


def post_story(admin_client, vector: Vector, source: Source) -> tuple[Article, list[dict]]:
    """Add the story through the form, then change it: the story and both forms posted."""
    forms = []
    story = None
    for first in (False, True):
        form = story_form(vector, first=first, source=source, version=story and story.version)
        url = (
            reverse("admin:articles_article_change", args=[story.pk])
            if story
            else reverse("admin:articles_article_add")
        )
        response = admin_client.post(url, form)
        assert response.status_code == 302, (vector.name, response.context["adminform"].errors)
        story = Article.objects.get(pk=story.pk) if story else Article.objects.latest("pk")
        forms.append(form)
        if not first:
            assert_stored(story, form, f"{vector}: admin add")
    return story, forms


def baselines(admin_client, client, source: Source) -> dict[str, str]:
    """The same pages for a benign story written the same way (two revisions, so its history
    has the same compare form)."""
    story, _ = post_story(admin_client, BENIGN, source)
    pages = {}
    for url, name in story_pages(story).items():
        pages[name] = read(client if name == "page" else admin_client, url)
    Article.objects.filter(pk=story.pk).delete()
    return pages


@pytest.mark.parametrize("vector", SUBSET, ids=str)
def test_story_forms_store_plain_text_exactly_and_show_it_inert(
    seeded, admin_client, client, vector
):
    source = Source.objects.get(slug="kabar")
    base = baselines(admin_client, client, source)
    if "\x00" in vector.payload:
        refused = admin_client.post(
            reverse("admin:articles_article_add"),
            {**story_form(vector, first=False, source=source, version=None), "title": "A\x00B"},
        )
        assert refused.status_code == 200
        assert "title" in refused.context["adminform"].form.errors

    story, (_, form) = post_story(admin_client, vector, source)
    where = f"{vector}: admin change"
    assert_stored(story, form, where)
    plain = {field: form[field] for field in PLAIN}
    for page_url, name in story_pages(story).items():
        page = read(client if name == "page" else admin_client, page_url)
        assert_page_safe(page, base[name], f"{where}: {page_url}")
        assert_escaped(page, plain, f"{where}: {page_url}")
    (news,) = json_ld_blocks(read(client, story.get_absolute_url()))
    assert news["headline"] == form["title"]


def entity_form(vector: Vector) -> dict:
    payload = without_nul(vector.payload)
    return {
        "kind": Entity.Kind.PERSON,
        "name": f"Name {payload}"[:200].strip(),
        "slug": "",
        "description": f"Description {payload}",
        "wikidata_id": "",
        "aliases-TOTAL_FORMS": 1,
        "aliases-INITIAL_FORMS": 0,
        "aliases-MIN_NUM_FORMS": 0,
        "aliases-MAX_NUM_FORMS": 1000,
        "aliases-0-name": f"Alias {payload}"[:200].strip(),
        "aliases-0-language": "en",
        "aliases-0-kind": "name",
        "roles-TOTAL_FORMS": 0,
        "roles-INITIAL_FORMS": 0,
        "roles-MIN_NUM_FORMS": 0,
        "roles-MAX_NUM_FORMS": 1000,
    }


def add_entity(admin_client, vector: Vector) -> Entity:
    response = admin_client.post(reverse("admin:entities_entity_add"), entity_form(vector))
    assert response.status_code == 302, (vector.name, response.context["adminform"].errors)
    return Entity.objects.latest("pk")


def entity_pages(entity: Entity) -> dict[str, str]:
    return {
        entity.get_absolute_url(): "page",
        "/entities/?q=Name": "directory",
        f"/admin/entities/entity/{entity.pk}/change/": "change",
        "/admin/entities/entity/?q=Name": "changelist",
        "/admin/entities/alias/?q=Alias": "aliases",
        f"/articles/{SEED_STORY}/": "story",
    }


@pytest.mark.parametrize("vector", SUBSET, ids=str)
def test_entity_form_stores_names_exactly_and_every_page_shows_them_inert(
    seeded, admin_client, client, api, vector
):
    """The entity is then confirmed in a seed story, so its name also reaches that story's
    page (chips, JSON-LD `mentions`), the feeds' categories and its own feeds."""
    benign = add_entity(admin_client, BENIGN)
    base = {}
    for url, name in entity_pages(benign).items():
        base[name] = read(admin_client if "/admin/" in url else client, url)
    benign.delete()

    form = entity_form(vector)
    entity = add_entity(admin_client, vector)
    assert (entity.name, entity.description) == (form["name"], form["description"])
    assert [a.name for a in entity.aliases.all()] == [form["aliases-0-name"]]
    MentionFactory(
        article=Article.objects.get(slug=SEED_STORY), entity=entity, surface_forms=[entity.name]
    )

    plain = {"name": form["name"], "description": form["description"]}
    plain["alias"] = form["aliases-0-name"]
    for url, name in entity_pages(entity).items():
        page = read(admin_client if "/admin/" in url else client, url)
        assert_page_safe(page, base[name], f"{vector}: {url}")
        assert_escaped(page, plain, f"{vector}: {url}")
    (news,) = json_ld_blocks(read(client, f"/articles/{SEED_STORY}/"))
    assert form["name"] in [thing["name"] for thing in news["mentions"]]

    data = api.get(f"/api/v1/entities/{entity.slug}/").json()
    assert (data["name"], data["description"]) == (form["name"], form["description"])
    assert [a["name"] for a in data["aliases"]] == [form["aliases-0-name"]]
    for url in (f"{entity.get_absolute_url()}feed/", f"{entity.get_absolute_url()}feed/atom/"):
        assert_feed_safe(read(client, url), f"{vector}: {url}")
    assert_feed_safe(read(client, "/feeds/articles/"), f"{vector}: site feed")
    assert Mention.objects.filter(entity=entity).count() == 1


def test_the_body_editors_live_preview_answers_every_vector_inert(admin_client):
    """The editor's preview is put into the form's page as HTML: one request per vector is
    cheap, so the whole corpus goes through it."""
    url = reverse("admin:articles_article_body_preview")
    for vector in VECTORS:
        response = admin_client.post(url, {"body": without_nul(vector.payload)})
        assert response.status_code == 200, vector.name
        preview = response.json()["html"]
        assert preview == sanitize_html(without_nul(vector.payload)), vector.name
        assert_fragment_safe(preview, f"{vector}: body preview")
