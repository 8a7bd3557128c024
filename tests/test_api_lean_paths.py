"""The API's lean reads (articles.reads.lean) answer exactly what the general path answers: the
same stories, counts, links, validators and errors, for readers; everyone else, and every other
request, takes the general path."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from articles.api import views
from articles.models import Article, Mention
from tests.factories import ArticleFactory, MentionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(seeded):
    """The seed stories plus stories in every state mentioning Azerbaijan, one of them tagged,
    one undated, one without a source, one scheduled, one draft."""
    azerbaijan = Mention.objects.filter(entity__slug="azerbaijan").first().entity
    now = timezone.now()
    made = [
        ArticleFactory(tags=["diplomacy", "Energy"]),
        ArticleFactory(published=None),
        ArticleFactory(source=None),
        ArticleFactory(publish_at=now + datetime.timedelta(days=1)),
        ArticleFactory(publish_at=now - datetime.timedelta(days=1)),
        ArticleFactory(status=Article.Status.DRAFT),
        ArticleFactory(status=Article.Status.ARCHIVED),
    ]
    for n, article in enumerate(made):
        MentionFactory(article=article, entity=azerbaijan, count=n + 1)
        MentionFactory(article=article, status=Mention.Status.SUGGESTED)
    return made


@pytest.fixture
def general(monkeypatch):
    """Call to make the views take the general path only."""

    def switch():
        monkeypatch.setattr(views, "lean_stories", lambda request, entity_id=None: None)
        monkeypatch.setattr(views, "lean_story", lambda request, slug: None)

    return switch


def answers(client, paths):
    return [
        (r.status_code, r.json() if r.content else None, r.get("ETag"), r.get("Last-Modified"))
        for r in (client.get(path) for path in paths)
    ]


LISTS = [
    "/api/v1/articles/",
    "/api/v1/articles/?page_size=3",
    "/api/v1/articles/?page_size=3&page=2",
    "/api/v1/articles/?page_size=3&page=99",
    "/api/v1/articles/?page_size=0",
    "/api/v1/articles/?page=x",
    "/api/v1/articles/?entity=azerbaijan",
    "/api/v1/articles/?entity=azerbaijan&page_size=2&page=3",
    "/api/v1/articles/?entity=kyrgyzstan&page_size=50",
    "/api/v1/articles/?entity=nobody-at-all",
    "/api/v1/articles/?entity=",
    "/api/v1/articles/?entity=bad%20slug",
    "/api/v1/articles/?entity=azerbaijan&entity=kyrgyzstan",
    "/api/v1/articles/?entity=azerbaijan&language=en",
    "/api/v1/entities/azerbaijan/articles/",
    "/api/v1/entities/azerbaijan/articles/?page_size=2&page=2",
    "/api/v1/entities/azerbaijan/articles/?entity=kyrgyzstan",
    "/api/v1/articles/?q=Baku",
    "/api/v1/articles/?q=ministers%20meet&page_size=2",
    "/api/v1/articles/?q=cooperation&page_size=2&page=2",
    "/api/v1/articles/?q=%D0%91%D0%B0%D0%B9%D1%80%D0%B0%D0%BC%D0%BE%D0%B2",
    "/api/v1/articles/?q=%20%20",
    "/api/v1/articles/?q=%3Cscript%3E",
    "/api/v1/articles/?q=Baku&q=Bishkek",
    "/api/v1/articles/?q=Baku&entity=azerbaijan",
    "/api/v1/entities/azerbaijan/articles/?q=Baku",
]


def test_lists_answer_as_the_general_path_does(corpus, api, general):
    lean = answers(api, LISTS)
    general()
    assert lean == answers(api, LISTS)
    assert [status for status, *_ in lean].count(400) == 5
    assert lean[LISTS.index("/api/v1/articles/?q=cooperation&page_size=2&page=2")][1]["count"] > 4
    assert (
        lean[6][1]["count"]
        == Article.objects.mentioning(
            Mention.objects.get(article=corpus[0], status="confirmed").entity, live=True
        ).count()
    )


def test_details_answer_as_the_general_path_does(corpus, api, general):
    paths = [f"/api/v1/articles/{a.slug}/" for a in Article.objects.all()]
    paths += ["/api/v1/articles/no-such-story/", f"/api/v1/articles/{corpus[0].slug}/?x=1"]
    lean = answers(api, paths)
    general()
    assert lean == answers(api, paths)
    statuses = [status for status, *_ in lean]
    assert statuses.count(200) == Article.objects.published().count() + 1
    assert statuses.count(404) == 4  # scheduled, draft, archived, no such story


def test_a_matching_validator_answers_304_on_the_lean_path(corpus, api):
    first = api.get(f"/api/v1/articles/{corpus[0].slug}/")
    again = api.get(f"/api/v1/articles/{corpus[0].slug}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    listed = api.get("/api/v1/articles/?entity=azerbaijan")
    cached = api.get("/api/v1/articles/?entity=azerbaijan", HTTP_IF_NONE_MATCH=listed["ETag"])
    assert cached.status_code == 304


def test_callers_who_may_see_unpublished_stories_take_the_general_path(corpus, api):
    editor = User.objects.create_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="view_article"))
    api.force_authenticate(editor)
    draft = corpus[5]
    assert api.get(f"/api/v1/articles/{draft.slug}/").status_code == 200
    listed = api.get("/api/v1/articles/?page_size=100").json()
    assert listed["count"] == Article.objects.count()


def test_the_lean_paths_keep_their_query_counts(corpus, api, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):  # entity, count, page with sources, entities, tags
        assert api.get("/api/v1/articles/?entity=azerbaijan").status_code == 200
    with django_assert_max_num_queries(3):  # story with its source, mentions, tags
        assert api.get(f"/api/v1/articles/{corpus[0].slug}/").status_code == 200
