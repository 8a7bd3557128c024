"""Nothing the API is sent is silently ignored (issue 20): a precondition it cannot read, a field
it does not know, a body Django refuses before the view, text with control characters. Each is a
400 naming what is at fault, or the 412 a stale precondition deserves, never a quiet write."""

import pytest

from articles.models import Article
from tests.test_api_writes import DRAFT, EDITOR_PERMISSIONS, client_for, member_of, url


@pytest.fixture
def editor(seeded):
    return client_for(member_of("Editor", EDITOR_PERMISSIONS))


@pytest.fixture
def draft(seeded) -> Article:
    return Article.objects.create(
        title="A draft about Azerbaijan", body="<p>Azerbaijan.</p>", text="Azerbaijan."
    )


# If-Match


@pytest.mark.parametrize(
    "header",
    ["not-a-quoted-etag", '"unterminated', "a b", '"ok", garbage', "*, *", '"a"b"', ""],
)
def test_an_unreadable_if_match_is_a_400_naming_the_header_and_nothing_is_written(
    editor, draft, header
):
    response = editor.patch(
        url(draft.slug), {"title": "Overwritten"}, format="json", HTTP_IF_MATCH=header
    )
    assert response.status_code == 400
    assert list(response.json()) == ["If-Match"]
    assert Article.objects.get(pk=draft.pk).title == "A draft about Azerbaijan"


def test_a_stale_etag_without_its_quotes_is_a_412_like_the_quoted_one(editor, draft):
    stale = editor.get(url(draft.slug))["ETag"]
    editor.patch(url(draft.slug), {"summary": "Changed meanwhile."}, format="json")
    for header in (stale, stale.strip('"')):
        response = editor.patch(
            url(draft.slug), {"title": "Lost update"}, format="json", HTTP_IF_MATCH=header
        )
        assert response.status_code == 412, header
    assert Article.objects.get(pk=draft.pk).title == "A draft about Azerbaijan"


def test_a_current_etag_without_its_quotes_or_in_a_list_lets_the_write_through(editor, draft):
    etag = editor.get(url(draft.slug))["ETag"]
    bare = editor.patch(
        url(draft.slug), {"summary": "One."}, format="json", HTTP_IF_MATCH=etag.strip('"')
    )
    assert bare.status_code == 200
    listed = editor.patch(
        url(draft.slug),
        {"summary": "Two."},
        format="json",
        HTTP_IF_MATCH=f'"someone-else.9", {bare["ETag"]}',
    )
    assert listed.status_code == 200
    assert Article.objects.get(pk=draft.pk).summary == "Two."


def test_an_unreadable_if_match_on_delete_and_publish_changes_is_a_400(editor, draft):
    assert editor.delete(url(draft.slug), HTTP_IF_MATCH="nope").status_code == 400
    published = Article.objects.published().first()
    response = editor.post(url(published.slug) + "publish-changes/", HTTP_IF_MATCH="nope")
    assert response.status_code == 400
    assert list(response.json()) == ["If-Match"]
    assert Article.objects.filter(pk=draft.pk).exists()


def test_if_match_on_a_create_cannot_match_a_story_that_does_not_exist_yet(editor):
    response = editor.post("/api/v1/articles/", DRAFT, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 412
    assert not Article.objects.filter(title=DRAFT["title"]).exists()
    malformed = editor.post("/api/v1/articles/", DRAFT, format="json", HTTP_IF_MATCH="x y")
    assert malformed.status_code == 400
    assert list(malformed.json()) == ["If-Match"]


# Unknown fields


def test_an_unknown_field_is_a_400_naming_it_and_no_story_is_made(editor):
    body = {"title": "Ministers meet", "body": "<p>The wrong field name.</p>", "source": "kabar"}
    response = editor.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["body"]
    assert "body_html" in response.json()["body"][0]
    assert not Article.objects.filter(title="Ministers meet").exists()


def test_unknown_and_read_only_fields_in_an_update_are_each_named(editor, draft):
    response = editor.patch(
        url(draft.slug), {"title": "New", "version": 9, "headline": "x"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"version", "headline"}
    assert Article.objects.get(pk=draft.pk).title == "A draft about Azerbaijan"


def test_a_representation_sent_back_with_its_own_slug_is_accepted(editor, draft):
    response = editor.patch(url(draft.slug), {"slug": draft.slug, "summary": "S."}, format="json")
    assert response.status_code == 200
    other = editor.patch(url(draft.slug), {"slug": "another-slug"}, format="json")
    assert other.status_code == 400
    assert list(other.json()) == ["slug"]


def test_the_schema_says_request_bodies_take_no_other_members(api, db):
    schemas = api.get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    for name in ("ArticleCreateRequest", "ArticleWriteRequest", "PatchedArticleWriteRequest"):
        assert schemas[name]["additionalProperties"] is False, name


# Errors Django raises before the view


def test_a_body_over_the_size_limit_is_a_json_400_naming_the_body(editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = editor.post("/api/v1/articles/", {"title": "x" * 5000}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["body"]


def test_too_many_query_parameters_is_a_json_400_naming_the_query(api, db):
    response = api.get("/api/v1/articles/?" + "page=1&" * 1200)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["query"]


def test_a_host_not_served_is_a_json_400_naming_the_host_under_the_api_only(api, db):
    response = api.get("/api/v1/articles/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json() == {"Host": ["This host is not served here."]}
    page = api.get("/", HTTP_HOST="evil.example")
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html")


# What no story may hold


@pytest.mark.parametrize("field", ["title", "byline", "dateline", "summary"])
def test_a_control_character_in_plain_text_is_a_400_naming_the_field(editor, field):
    body = {**DRAFT, field: "Bishkek\x07 talks"}
    response = editor.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert "U+0007" in response.json()[field][0]
    assert not Article.objects.filter(title=body["title"]).exists()


def test_tabs_and_line_breaks_are_plain_text(editor):
    body = {**DRAFT, "summary": "Transit routes.\r\nAnd\ttrade.\nAnd more."}
    assert editor.post("/api/v1/articles/", body, format="json").status_code == 201


def test_a_control_character_in_an_edit_of_a_published_story_is_refused_too(editor):
    published = Article.objects.published().first()
    response = editor.patch(url(published.slug), {"byline": "Staff\x1b[31m"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["byline"]
    assert Article.objects.get(pk=published.pk).draft is None


def test_a_draft_may_lack_a_source_but_publishing_needs_one(editor):
    made = editor.post("/api/v1/articles/", {"title": "Only a title"}, format="json")
    assert made.status_code == 201
    assert made.json()["source"] is None and made.json()["status"] == "draft"
    slug = made.json()["slug"]
    refused = editor.patch(url(slug), {"status": "published"}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["source"]
    assert Article.objects.get(slug=slug).status == "draft"
    direct = editor.post(
        "/api/v1/articles/", {"title": "Straight out", "status": "published"}, format="json"
    )
    assert direct.status_code == 400
    assert list(direct.json()) == ["source"]
    sourced = editor.patch(url(slug), {"status": "published", "source": "kabar"}, format="json")
    assert sourced.status_code == 200


def test_a_control_character_that_trimming_would_drop_is_refused_too(editor):
    # U+001F is whitespace to Python's strip(): checked before trimming, as the schema says.
    response = editor.post("/api/v1/articles/", {**DRAFT, "byline": "Staff\x1f"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["byline"]


def test_the_schema_patterns_of_plain_text_refuse_control_characters(api, db):
    import re

    schemas = api.get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    properties = schemas["ArticleCreateRequest"]["properties"]
    for name in ("title", "summary", "byline", "dateline"):
        pattern = re.compile(properties[name]["pattern"])
        assert not pattern.search("Bishkek\x07 talks"), name
        assert pattern.search("Bishkek\ttalks\r\nagain"), name
    assert re.compile(properties["body_html"]["pattern"]).search("<p>\x07</p>")
