"""The OpenAPI schema and the interactive docs: served, complete, and true to the responses."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from rest_framework.test import APIClient

PATHS = {
    "/api/v1/articles/": {"get", "post"},
    "/api/v1/articles/{slug}/": {"get", "put", "patch", "delete"},
    "/api/v1/articles/{slug}/draft/": {"get", "delete"},
    "/api/v1/articles/{slug}/publish-changes/": {"post"},
    "/api/v1/entities/": {"get"},
    "/api/v1/entities/{slug}/": {"get"},
    "/api/v1/entities/{slug}/articles/": {"get"},
    "/api/v1/entities/{slug}/cooccurrence/{other}/": {"get"},
    "/api/v1/sources/": {"get"},
    "/api/v1/sources/{slug}/": {"get"},
}


@pytest.fixture
def schema(db) -> dict:
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    return response.json()


def test_schema_is_openapi_3_json_by_default(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Newsroom API"


@pytest.mark.parametrize(
    ("query", "headers"),
    [("?format=yaml", {}), ("", {"HTTP_ACCEPT": "application/yaml"})],
)
def test_schema_in_yaml(db, query, headers):
    response = APIClient().get(f"/api/v1/schema/{query}", **headers)
    assert response.status_code == 200
    assert "yaml" in response["Content-Type"] or "openapi;" in response["Content-Type"]
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_schema_lists_every_endpoint_and_method(schema):
    found = {
        path: {m for m in ops if m in {"get", "post", "put", "patch", "delete"}}
        for path, ops in schema["paths"].items()
    }
    assert found == PATHS


def test_every_operation_documents_its_errors(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code in ("400", "401", "403", "404", "406", "429"):
                ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", (path, method, code)
            assert "Retry-After" in responses["429"]["headers"]
            if method in ("put", "patch", "delete"):
                assert "412" in responses, (path, method)
            if method == "post":
                assert {"409", "412", "415"} <= set(responses)


def test_article_responses_document_etags_and_304(schema):
    for path in ("/api/v1/articles/", "/api/v1/articles/{slug}/"):
        get = schema["paths"][path]["get"]["responses"]
        assert "ETag" in get["200"]["headers"]
        assert "304" in get
    detail = schema["paths"]["/api/v1/articles/{slug}/"]
    assert "Last-Modified" in detail["get"]["responses"]["200"]["headers"]
    assert "ETag" in detail["patch"]["responses"]["200"]["headers"]


def test_filters_are_documented_with_their_bounds(schema):
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    }
    assert {
        "q",
        "entity",
        "any_entity",
        "kind",
        "source",
        "language",
        "tag",
        "status",
        "published_after",
        "published_before",
        "updated_after",
        "ordering",
        "page",
        "page_size",
    } <= set(parameters)
    assert parameters["entity"]["maxItems"] == 10
    assert parameters["page_size"]["maximum"] == 100
    assert set(parameters["ordering"]["enum"]) >= {
        "published",
        "-published",
        "updated",
        "-updated",
        "title",
    }
    assert parameters["updated_after"]["format"] == "date-time"


def test_reads_are_open_to_anonymous_callers_and_writes_need_credentials(schema):
    articles = schema["paths"]["/api/v1/articles/"]
    assert {} not in articles["post"]["security"]
    assert {"tokenAuth": []} in articles["post"]["security"]


def test_every_read_says_it_needs_no_credentials_so_swagger_draws_no_padlock(schema):
    # Swagger UI leaves the padlock off an operation whose security is exactly [{}].
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "get":
                assert operation["security"] == [{}], path
            elif method in ("post", "put", "patch", "delete"):
                assert {} not in operation["security"], (path, method)
                assert {"tokenAuth": []} in operation["security"], (path, method)
    assert "Reads need no credentials" in schema["info"]["description"]


def _properties(schema: dict, name: str) -> set[str]:
    return set(schema["components"]["schemas"][name]["properties"])


def test_schema_fields_are_exactly_the_response_fields(seeded, schema):
    client = APIClient()
    listing = client.get("/api/v1/articles/").json()["results"][0]
    assert set(listing) == _properties(schema, "Article")
    detail = client.get(f"/api/v1/articles/{listing['slug']}/").json()
    assert set(detail) == _properties(schema, "ArticleDetail")
    assert set(detail["mentions"][0]) == _properties(schema, "Mention")
    entity = client.get("/api/v1/entities/azerbaijan/").json()
    assert set(entity) == _properties(schema, "StoryEntityDetail")
    assert set(entity["related"][0]) == _properties(schema, "RelatedEntity")
    entities = client.get("/api/v1/entities/").json()["results"][0]
    assert set(entities) == _properties(schema, "StoryEntity")
    source = client.get("/api/v1/sources/").json()["results"][0]
    assert set(source) == _properties(schema, "Source")


def test_writable_fields_exclude_what_may_not_be_set(schema):
    writable = _properties(schema, "ArticleCreateRequest")
    assert not writable & {"id", "version", "content_hash", "original", "created", "updated"}
    assert "slug" in writable
    assert "slug" not in _properties(schema, "PatchedArticleWriteRequest")


def test_docs_use_local_assets_only(db):
    response = APIClient().get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "Swagger UI's scripts and styles"
    for asset in assets:
        assert asset.startswith("/static/drf_spectacular_sidecar/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "cdn" not in html.lower()


def test_api_root_links_the_resources_schema_and_docs(db):
    links = APIClient().get("/api/v1/").json()
    assert set(links) == {"articles", "entities", "sources", "schema", "docs"}


@pytest.mark.parametrize(
    "address",
    [
        "https://example.com/a?b#c",
        "http://пример.рф/путь",
        "https://a\x1cb",  # Python's \s matches U+001C, ECMAScript's does not
        "https://a\x85b",
        "https://a b",
        "https:///x",
        "https://a\u2003b",
    ],
)
def test_the_schema_pattern_of_an_address_accepts_what_the_api_accepts(schema, address):
    """Schemathesis reads the pattern as ECMAScript; the API checks with Python's `re`: the
    pattern is spelled out (no `\\s`) so both give the same answer."""
    from articles.api.serializers import HTTPURLField

    prop = schema["components"]["schemas"]["ArticleWriteRequest"]["properties"]["original_url"]
    (pattern,) = [one["pattern"] for one in prop["oneOf"] if "pattern" in one]
    assert "\\s" not in pattern
    field = HTTPURLField(allow_blank=True)
    try:
        field.run_validation(address)
        accepted = True
    except Exception:
        accepted = False
    assert bool(re.fullmatch(pattern, address)) == accepted
