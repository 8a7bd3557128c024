"""The benchmark's raw baseline (benchmarks/baseline_app.py) answers as the API does.

`make bench` divides Newsroom's requests/s by the baseline's; the ratio means something only
while both do the same work. The baseline runs here in-process, on the test database through
Django's own connection (so it sees the test's uncommitted rows), against the seed stories.
"""

import datetime
import importlib.util
import io
from pathlib import Path
from urllib.parse import urlencode

import orjson
import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, Mention
from entities.models import Entity

BASELINE = Path(__file__).resolve().parent.parent / "benchmarks" / "baseline_app.py"


def _load_baseline():
    spec = importlib.util.spec_from_file_location("bench_baseline_app", BASELINE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(params=[False, True], ids=["indexed", "plain"])
def baseline(seeded, request):
    """A WSGI call into the baseline: (status code, parsed JSON or HTML text). Each test runs
    with the queries that rely on the scheduled-stories index and with the plain ones."""
    connection.ensure_connection()
    app = _load_baseline().make_app(
        lambda: connection.connection, connection.vendor, plain=request.param
    )

    def call(path: str, query: str = ""):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": "testserver",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
        }
        answer = {}

        def start_response(status, headers):
            answer["status"] = int(status.split()[0])
            answer["type"] = dict(headers)["Content-Type"]

        body = b"".join(app(environ, start_response))
        if answer["type"] == "application/json":
            return answer["status"], orjson.loads(body)
        return answer["status"], body.decode()

    return call


@pytest.fixture
def hidden_stories(seeded):
    """One seed story scheduled for tomorrow and one drafted: neither may appear anywhere."""
    stories = list(Article.objects.order_by("pk"))
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    Article.objects.filter(pk=stories[0].pk).update(publish_at=tomorrow)
    Article.objects.filter(pk=stories[1].pk).update(status=Article.Status.DRAFT)
    return stories[0], stories[1]


def test_list_by_entity_is_the_apis(api, baseline, hidden_stories):
    entities = Entity.objects.filter(mentions__status=Mention.Status.CONFIRMED).distinct()
    assert entities.count() > 5
    for entity in entities:
        query = f"entity={entity.slug}&page_size=50"
        assert baseline("/api/v1/articles/", query) == (
            200,
            api.get(f"/api/v1/articles/?{query}").json(),
        )


def test_list_pages_link_as_the_apis(api, baseline):
    for query in ("entity=azerbaijan&page_size=1", "entity=azerbaijan&page_size=1&page=2"):
        ours = api.get(f"/api/v1/articles/?{query}").json()
        assert ours["next"] and ours["results"]
        assert baseline("/api/v1/articles/", query) == (200, ours)


def test_detail_is_the_apis(api, baseline, hidden_stories):
    for article in Article.objects.all():
        path = f"/api/v1/articles/{article.slug}/"
        ours = api.get(path)
        status, theirs = baseline(path)
        assert status == ours.status_code
        if status == 200:
            assert theirs == ours.json()
    assert {baseline(f"/api/v1/articles/{s.slug}/")[0] for s in hidden_stories} == {404}


def search(api, baseline, words: str) -> tuple[dict, dict]:
    ours = api.get("/api/v1/articles/", {"q": words, "page_size": 20}).json()
    status, theirs = baseline("/api/v1/articles/", urlencode({"q": words, "page_size": 20}))
    assert status == 200
    return ours, theirs


@pytest.mark.parametrize(
    "words",
    [
        "Azerbaijan",  # every story, and an entity's name
        "cooperation",  # a plain word in four stories
        "minister",
        "the",
        "cooperation Azerbaijan",
        "Organization of Turkic States",  # a phrase naming an entity
        "OTS",
        "Bayramov",
        "Байрамов",  # a Russian surname finds the English stories about him
        "Кыргызстан",
        "Гафарова",
        "zqxnothing",
        "«!»",
    ],
)
def test_search_finds_and_ranks_as_the_api(api, baseline, words):
    ours, theirs = search(api, baseline, words)
    assert theirs == ours


def test_search_shows_only_live_stories(api, baseline, hidden_stories):
    ours, theirs = search(api, baseline, "Azerbaijan")
    assert theirs == ours
    assert theirs["count"] == 3


def test_pages_show_the_same_stories(client, baseline, hidden_stories):
    for path in ("/articles/", "/entities/azerbaijan/", "/entities/jeyhun-bayramov/"):
        page = client.get(path).content.decode()
        status, text = baseline(path)
        assert status == 200
        shown = [a for a in Article.objects.all() if f"/articles/{a.slug}/" in text]
        assert shown and all(f"/articles/{a.slug}/" in page for a in shown)
        assert not any(f"/articles/{s.slug}/" in text for s in hidden_stories)
