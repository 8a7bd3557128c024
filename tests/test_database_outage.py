"""While the database is unreachable, readers get a plain 503 page and integrators a 503 in the
API's JSON error shape, both with Retry-After and never a traceback; once it answers again the
next request succeeds, with nothing restarted.

The outage is real to Django: the open connection is closed and every new one is refused by the
driver (as when the server is down or the network is cut), and on PostgreSQL the server itself
ends the connection the site holds (pg_terminate_backend, as a restart or failover does).
"""

import contextlib
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections

from articles.models import Article
from newsroom.middleware import OUTAGE_DETAIL, is_database_outage

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/articles/", "/entities/", "/entities/azerbaijan/", "/feeds/articles/"]
API = [
    "/api/v1/articles/",
    "/api/v1/articles/?q=Bayramov",
    "/api/v1/entities/azerbaijan/",
    "/api/v1/entities/azerbaijan/articles/",
    "/api/v1/sources/",
]


@contextlib.contextmanager
def database_down():
    """The database stops answering: the connection in hand is gone and the driver refuses
    every new one, until the block ends."""
    connection.close()
    refused = connection.Database.OperationalError("connection refused: the database is down")
    with mock.patch.object(connection, "get_new_connection", side_effect=refused):
        yield


def assert_outage_page(response) -> None:
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Back in a moment" in body
    for leak in ("Traceback", "OperationalError", "connection refused", 'File "'):
        assert leak not in body


@pytest.mark.parametrize("path", PAGES)
def test_a_page_answers_503_while_the_database_is_down_and_200_after(client, seeded, path):
    assert client.get(path).status_code == 200

    with database_down():
        response = client.get(path)
    assert_outage_page(response)

    assert client.get(path).status_code == 200


def test_a_story_page_answers_503_while_the_database_is_down_and_200_after(client, seeded):
    path = Article.objects.published().order_by("pk").first().get_absolute_url()

    with database_down():
        response = client.get(path)
    assert_outage_page(response)
    assert response.has_header("Content-Security-Policy")

    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", API)
def test_the_api_answers_503_json_while_the_database_is_down_and_200_after(api, seeded, path):
    with database_down():
        response = api.get(path)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": OUTAGE_DETAIL}
    assert response["Retry-After"] == "30"
    assert "Traceback" not in response.content.decode()

    assert api.get(path).status_code == 200


def test_an_outage_met_in_a_middleware_is_a_503_too(client, seeded, settings):
    """Not only views: here the session middleware saves the session after the view, and the
    database is gone by then; Django has already made it a 500, which becomes the 503."""
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client.force_login(User.objects.create_user("desk", password="long enough desk password 7"))
    client.raise_request_exception = False

    with database_down():
        response = client.get("/robots.txt")
    assert_outage_page(response)

    assert client.get("/robots.txt").status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend: PostgreSQL")
def test_a_connection_ended_by_the_server_gives_503_then_the_site_reconnects(client, api, seeded):
    assert client.get("/articles/").status_code == 200
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()

    assert_outage_page(client.get("/articles/"))
    assert client.get("/articles/").status_code == 200
    assert connection.connection.info.backend_pid != pid
    assert api.get("/api/v1/articles/").status_code == 200


def test_only_connection_failures_count_as_an_outage():
    from django.db import IntegrityError, OperationalError, ProgrammingError

    assert is_database_outage(OperationalError("server closed the connection"))
    assert is_database_outage(connection.Database.OperationalError("refused"))
    assert not is_database_outage(IntegrityError("duplicate key"))
    assert not is_database_outage(ProgrammingError("syntax error"))
    assert not is_database_outage(ValueError("bad input"))
