"""The API answers in JSON to any client that accepts it, and refuses one that does not: the
quick answer for `*/*` and `application/json` is the one DRF's negotiation gives."""

import json

import pytest
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.test import APIRequestFactory

from newsroom.rest import ContentNegotiation, JSONRenderer

pytestmark = pytest.mark.django_db

ACCEPTS = [
    None,
    "*/*",
    "application/json",
    "application/json; indent=4",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "application/*",
    "text/html",
]


class YAMLish(JSONRenderer):
    media_type = "application/yaml"
    format = "yaml"


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("query", ["", "?format=json", "?format=yaml"])
@pytest.mark.parametrize("renderers", [[JSONRenderer()], [JSONRenderer(), YAMLish()]])
def test_the_quick_answer_is_drfs_answer(accept, query, renderers):
    from rest_framework.request import Request

    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    request = Request(APIRequestFactory().get(f"/api/v1/articles/{query}", **headers))

    def choose(negotiation):
        try:
            renderer, media_type = negotiation.select_renderer(request, renderers)
        except Exception as error:  # the refusal (406) is part of the answer
            return type(error).__name__
        return type(renderer).__name__, media_type

    assert choose(ContentNegotiation()) == choose(DefaultContentNegotiation())


def test_readers_get_json_and_an_unacceptable_type_gets_406(client):
    for accept in (None, "*/*", "application/json"):
        headers = {"HTTP_ACCEPT": accept} if accept else {}
        response = client.get("/api/v1/articles/", **headers)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "results" in json.loads(response.content)
    indented = client.get("/api/v1/articles/", HTTP_ACCEPT="application/json; indent=2")
    assert indented.content.startswith(b"{\n  ")
    assert client.get("/api/v1/articles/", HTTP_ACCEPT="text/html").status_code == 406
