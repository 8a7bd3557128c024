"""Every bad request is a 4xx with a JSON body naming what is wrong; never a 500.

Bad parameters, bodies the JSON parser must refuse without recursing, unknown paths, server errors
under /api/, and throttling with a tiny rate.
"""

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article
from newsroom.rest import MAX_JSON_DEPTH, json_nesting_exceeds


@pytest.fixture
def editor(seeded) -> APIClient:
    user = User.objects.create_user("editor")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("ordering=nonsense", "ordering"),
        ("ordering=-id", "ordering"),
        ("published_after=notadate", "published_after"),
        ("published_after=2024-02-30", "published_after"),
        ("published_after=2024-1-5", "published_after"),
        ("published_before=yesterday", "published_before"),
        ("updated_after=2024-05-01", "updated_after"),
        ("updated_after=2024-05-01T10:00:00", "updated_after"),
        ("updated_after=0001-01-01T00:00:00+01:00", "updated_after"),
        ("updated_after=2024-05-01T25:00:00Z", "updated_after"),
        ("entity=no-such-entity", "entity"),
        ("entity=azerbaijan&entity=no-such-entity", "entity"),
        ("any_entity=nobody", "any_entity"),
        ("entity=bad%20slug%21", "entity"),
        ("source=no-such-source", "source"),
        ("language=fr", "language"),
        ("language=", "language"),
        ("kind=planet", "kind"),
        ("status=published", "status"),
        ("entity=" + "x" * 10_000, "entity"),
        ("q=" + "x" * 10_000, "q"),
        ("tag=" + "x" * 10_000, "tag"),
        ("q=nul%00byte", "q"),
        ("tag=%00", "tag"),
        ("source=%00", "source"),
        ("&".join(["entity=azerbaijan"] * 11), "entity"),
        ("&".join(["any_entity=azerbaijan"] * 11), "any_entity"),
        ("&".join(["q=a"] * 50), "q"),
    ],
)
def test_bad_parameters_are_400s_naming_the_parameter(seeded, api, query, parameter):
    response = api.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [parameter]


def test_ten_entities_are_allowed(seeded, api):
    query = "&".join(["entity=azerbaijan"] * 10)
    assert api.get(f"/api/v1/articles/?{query}").json()["count"] == 5


def test_unknown_entity_is_named_in_the_message(seeded, api):
    response = api.get("/api/v1/articles/?entity=atlantis")
    assert response.json() == {"entity": ["There is no entity “atlantis”."]}


def test_entity_story_lists_validate_their_filters_too(seeded, api):
    response = api.get("/api/v1/entities/azerbaijan/articles/?ordering=sideways")
    assert response.status_code == 400
    assert list(response.json()) == ["ordering"]


def test_nesting_is_measured_without_recursion():
    assert json_nesting_exceeds("[" * 100_000)
    assert not json_nesting_exceeds("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)
    assert not json_nesting_exceeds(json.dumps({"title": "[[[[" * 100}))
    assert not json_nesting_exceeds(json.dumps({"a": '\\"[[[[[[' * 20}))


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        "[" * 100_000,
        '{"tags": ' + "[" * 50 + "]" * 50 + "}",
        "{" + '"a": {' * 5000 + "}" * 5001,
    ],
)
def test_deeply_nested_json_is_a_400_not_a_recursion_error(editor, body):
    response = editor.post("/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["body"]


@pytest.mark.parametrize(
    "body",
    [
        '{"title": ',
        "not json",
        '{"title": NaN}',
        '{"title": "\\ud800"}',
        b'{"title": "\xff\xfe"}',
    ],
)
def test_malformed_json_is_a_400_naming_the_body(editor, body):
    response = editor.post("/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["body"]


def test_a_json_array_body_is_named(editor):
    response = editor.post("/api/v1/articles/", "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_form_body_is_unsupported(editor):
    response = editor.post("/api/v1/articles/", {"title": "x"})
    assert response.status_code == 415
    assert "detail" in response.json()


def test_nul_bytes_in_fields_are_refused(editor):
    response = editor.post(
        "/api/v1/articles/", {"title": "a\x00b", "tags": ["x\x00"]}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"title", "tags.0"}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing-here/", "/api/v1/articles/bad%20slug/", "/api/v1/entities/a/b/c/"],
)
def test_unknown_api_paths_are_json_404s(db, path):
    for method in ("get", "post", "delete"):
        response = getattr(Client(), method)(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_unsupported_methods_are_405_with_allow(editor):
    response = editor.delete("/api/v1/articles/")
    assert response.status_code == 405
    assert "GET" in response["Allow"] and "DELETE" not in response["Allow"]
    assert editor.post("/api/v1/entities/").status_code == 405


def test_404_and_500_handlers_answer_json_under_the_api(rf):
    from newsroom.api import not_found, server_error

    api_404 = not_found(rf.get("/api/v1/x"), Exception())
    assert api_404.status_code == 404 and json.loads(api_404.content) == {"detail": "Not found."}
    api_500 = server_error(rf.get("/api/v1/articles/"))
    assert api_500.status_code == 500
    assert json.loads(api_500.content) == {"detail": "Server error."}
    assert server_error(rf.get("/")).status_code == 500
    assert not server_error(rf.get("/"))["Content-Type"].startswith("application/json")


def test_an_unexpected_error_under_the_api_is_json(seeded, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("articles.api.views.ArticleViewSet.list", explode)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/articles/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Server error."}


# Throttling


@pytest.fixture
def tiny_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    cache.clear()
    yield
    cache.clear()


def test_anonymous_callers_are_throttled_with_retry_after(seeded, tiny_rates):
    client = APIClient()
    assert [client.get("/api/v1/articles/").status_code for _ in range(3)] == [200] * 3
    response = client.get("/api/v1/sources/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "detail" in response.json()


def test_token_callers_have_their_own_rate(seeded, editor, tiny_rates):
    assert [editor.get("/api/v1/articles/").status_code for _ in range(5)] == [200] * 5
    assert editor.get("/api/v1/articles/").status_code == 429
    assert APIClient().get("/api/v1/articles/").status_code == 200


def test_throttled_writes_write_nothing(seeded, editor, tiny_rates):
    for _ in range(5):
        editor.get("/api/v1/sources/")
    response = editor.post("/api/v1/articles/", {"title": "Throttled"}, format="json")
    assert response.status_code == 429
    assert not Article.objects.filter(title="Throttled").exists()
