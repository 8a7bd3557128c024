"""The time of publication where the copy gives one, from import to every reader: stored as
stated (the zone only when named), shown on the story page in a <time> element, in the API's
list and detail and its schema, and as the feeds' publication instant when it names one.

The seed story "Kyrgyz Ambassador hails deepening Baku-Bishkek relations" (Azernews, "31 August
2024 19:19 (UTC+04:00)") is the real example; the curated fixture holds its time and zone."""

import datetime
import re

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import history, services
from articles.forms import ArticleAdminForm
from articles.models import Article
from tests.factories import ArticleFactory

KYRGYZ_AMBASSADOR = "kyrgyz-ambassador-hails-deepening-baku-bishkek-relations"
RUSSIAN_STORY = "glava-mid-kyrgyzstana-vstretilsya-s-predsedatelem-milli-medzhlisa-azerbaydzhana"
AT_19_19_IN_BAKU = datetime.datetime(2024, 8, 31, 15, 19, tzinfo=datetime.UTC)


def meta(client, slug: str) -> str:
    html = client.get(f"/articles/{slug}/").content.decode()
    begin = html.index('<p class="story__meta"')
    return html[begin : html.index("</p>", begin)]


@pytest.mark.django_db
def test_importing_the_azernews_seed_stores_its_time_and_zone(tmp_path):
    call_command(
        "import_documents", "fixtures/seed_documents/004_470fcd4a740a0a54.txt", verbosity=0
    )
    story = Article.objects.get()
    assert story.published == datetime.date(2024, 8, 31)
    assert story.published_time == datetime.time(19, 19)
    assert story.published_utc_offset == 240
    assert story.published_moment == AT_19_19_IN_BAKU


@pytest.mark.django_db
def test_importing_a_story_without_a_time_stores_none():
    call_command(
        "import_documents", "fixtures/seed_documents/003_c7fc8fada12e7e9c.txt", verbosity=0
    )
    story = Article.objects.get()
    assert story.published == datetime.date(2021, 7, 3)
    assert story.published_time is None and story.published_utc_offset is None


def test_the_story_page_shows_the_time_and_zone_beside_the_date(client, seeded):
    assert (
        '<time datetime="2024-08-31T19:19+04:00">31 August 2024, 7:19 p.m. UTC+04:00</time>'
        in meta(client, KYRGYZ_AMBASSADOR)
    )


def test_a_time_without_a_zone_is_shown_as_stated_and_claims_no_zone(client, db):
    story = ArticleFactory(
        published=datetime.date(2024, 11, 11), published_time=datetime.time(11, 40)
    )
    assert '<time datetime="2024-11-11T11:40">11 November 2024, 11:40 a.m.</time>' in meta(
        client, story.slug
    )


def test_a_story_without_a_time_shows_its_date_only(client, seeded):
    assert '<time datetime="2021-07-03">3 July 2021</time>' in meta(client, RUSSIAN_STORY)


def test_the_time_follows_the_page_locale_format(client, db, settings):
    settings.LANGUAGE_CODE = "ru"
    story = ArticleFactory(
        published=datetime.date(2024, 11, 11), published_time=datetime.time(23, 5)
    )
    # Django's Russian TIME_FORMAT is 24-hour, where English writes "11:05 p.m.".
    assert ", 23:05</time>" in meta(client, story.slug)


def test_the_story_page_costs_the_same_queries_with_a_time(client, db):
    def queries(story: Article) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.get_absolute_url()).status_code == 200
        return len(captured)

    plain = queries(ArticleFactory(published=datetime.date(2024, 8, 31)))
    timed = queries(
        ArticleFactory(
            published=datetime.date(2024, 8, 31),
            published_time=datetime.time(19, 19),
            published_utc_offset=240,
        )
    )
    assert plain == timed


def test_the_api_list_and_detail_carry_the_time_and_its_offset(seeded, api):
    items = {i["slug"]: i for i in api.get("/api/v1/articles/").json()["results"]}
    assert items[KYRGYZ_AMBASSADOR]["published_time"] == "19:19:00"
    assert items[KYRGYZ_AMBASSADOR]["published_utc_offset"] == 240
    assert items[RUSSIAN_STORY]["published_time"] is None
    assert items[RUSSIAN_STORY]["published_utc_offset"] is None
    detail = api.get(f"/api/v1/articles/{KYRGYZ_AMBASSADOR}/").json()
    assert (detail["published"], detail["published_time"], detail["published_utc_offset"]) == (
        "2024-08-31",
        "19:19:00",
        240,
    )


CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def test_the_api_schema_describes_the_time_and_its_offset(db, api):
    schema = api.get("/api/v1/schema/").json()
    clock = re.compile(CLOCK_PATTERN)
    for name in ("Article", "ArticleDetail"):
        properties = schema["components"]["schemas"][name]["properties"]
        # A clock time with no zone: a pattern, not OpenAPI's `format: time` (RFC 3339's, which
        # requires a zone, so validators refuse "19:19:00").
        assert "format" not in properties["published_time"]
        assert properties["published_time"]["pattern"] == CLOCK_PATTERN
        assert clock.match("19:19:00") and clock.match("07:05") and not clock.match("24:00")
        assert properties["published_time"].get("nullable") is True
        assert properties["published_utc_offset"]["type"] == "integer"
        assert "minutes" in properties["published_utc_offset"]["description"]
    write = schema["components"]["schemas"]["ArticleWriteRequest"]["properties"]
    assert write["published_time"]["pattern"] == CLOCK_PATTERN
    assert write["published_utc_offset"]["maximum"] == 840


def test_feeds_date_a_story_by_the_instant_its_copy_states(client, seeded):
    for url in ("/feeds/articles/", "/feeds/articles/atom/"):
        feed = feedparser.parse(client.get(url).content)
        (entry,) = [e for e in feed.entries if e.link.endswith(f"/{KYRGYZ_AMBASSADOR}/")]
        assert entry.published_parsed[:6] == AT_19_19_IN_BAKU.utctimetuple()[:6]


def test_feeds_claim_no_instant_for_a_time_without_a_zone(client, db):
    ArticleFactory(
        title="Local time",
        published=datetime.date(2024, 11, 11),
        published_time=datetime.time(11, 40),
    )
    feed = feedparser.parse(client.get("/feeds/articles/").content)
    (entry,) = feed.entries
    assert entry.published_parsed[:6] == (2024, 11, 11, 0, 0, 0)


def test_the_json_ld_publication_date_is_the_stated_instant(client, seeded):
    html = client.get(f"/articles/{KYRGYZ_AMBASSADOR}/").content.decode()
    assert '"datePublished": "2024-08-31T19:19:00+04:00"' in html


def test_the_service_saves_a_time_and_history_shows_the_change(db):
    story = ArticleFactory(status=Article.Status.DRAFT, published=datetime.date(2024, 8, 31))
    with history.revision():
        history.record(story)
    before = history.article_values(story)
    services.story_update(
        article=story,
        changes={"published_time": datetime.time(19, 19), "published_utc_offset": 240},
        via="test",
    )
    story.refresh_from_db()
    assert (story.published_time, story.published_utc_offset) == (datetime.time(19, 19), 240)
    after = history.article_values(story)
    changes = {c.label: (c.before, c.after) for c in history.diff(before, after)}
    assert changes["Time"] == ("", "19:19")
    assert changes["UTC offset"] == ("", "UTC+04:00")


def form_data(**changes) -> dict:
    data = {
        "title": "Talks in Baku",
        "summary": "",
        "body": "<p>Talks.</p>",
        "language": "en",
        "byline": "",
        "dateline": "",
        "published": "2024-08-31",
        "published_time": "19:19",
        "published_utc_offset": "240",
        "original_url": "",
        "tags": "",
        "status": "draft",
    }
    return {**data, **changes}


def test_the_admin_form_edits_the_time_and_names_zones_as_readers_read_them(db):
    form = ArticleAdminForm(data=form_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["published_time"] == datetime.time(19, 19)
    assert form.cleaned_data["published_utc_offset"] == 240
    labels = dict(form.fields["published_utc_offset"].choices)
    assert labels[240] == "UTC+04:00" and labels[345] == "UTC+05:45" and labels[0] == "UTC"


def test_the_admin_form_takes_no_zone_as_the_agency_local_time(db):
    form = ArticleAdminForm(data=form_data(published_utc_offset=""))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["published_utc_offset"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"published": ""}, "published_time"),
        ({"published_time": ""}, "published_utc_offset"),
    ],
)
def test_the_admin_form_refuses_a_time_without_a_date_or_a_zone_without_a_time(db, changes, field):
    form = ArticleAdminForm(data=form_data(**changes))
    assert not form.is_valid()
    assert field in form.errors
