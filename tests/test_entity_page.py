"""The entity page: names, stories, and its two pictures (timeline, entities it appears with).

The pictures' numbers are checked against counts made here in Python from the seed stories,
one story at a time, not through the selectors the page uses; then hidden stories and
unconfirmed mentions are added and must change nothing a reader sees.
"""

import datetime
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import charts
from articles.models import Article, Mention
from entities.models import Entity
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

STORY_LINK = re.compile(r'href="(/articles/[^/"?#]+/)"')


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def visible_stories(entity: Entity) -> list[Article]:
    """Published, live stories with a confirmed mention of `entity`, found story by story."""
    found = []
    for article in Article.objects.all():
        confirmed = article.mentions.filter(entity=entity, status=Mention.Status.CONFIRMED)
        if article.is_published and confirmed.exists():
            found.append(article)
    return found


def expected_partners(entity: Entity) -> Counter:
    """{slug: shared stories} over the stories a reader can see, confirmed mentions only."""
    shared: Counter = Counter()
    for article in visible_stories(entity):
        for mention in article.mentions.filter(status=Mention.Status.CONFIRMED):
            if mention.entity_id != entity.pk:
                shared[mention.entity.slug] += 1
    return shared


def chart_section(html: str, heading_id: str) -> str:
    """The markup of one chart panel, from its heading to the end of its section."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def table_rows(section: str) -> list[tuple[str, str]]:
    """(row header text, last cell) for each body row of the panel's table."""
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        header = re.sub(r"<[^>]+>", "", re.search(r"<th[^>]*>(.*?)</th>", row, re.S).group(1))
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append((header.strip(), cells[-1].strip()))
    return rows


# The seed stories as real data


def test_the_timeline_counts_each_dated_public_story_once(client, seeded):
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    stories = visible_stories(azerbaijan)
    response = get(client, azerbaijan.get_absolute_url())
    timeline = response.context["timeline"]

    expected = Counter(
        charts.bucket_start(a.published.replace(day=1), timeline.unit)
        for a in stories
        if a.published
    )
    assert {b.start: b.count for b in timeline.buckets if b.count} == dict(expected)
    assert timeline.total == sum(1 for a in stories if a.published)
    # The seed spans July 2021 to August 2024: too long for months, so quarters, gaps as zero.
    assert timeline.unit == charts.QUARTER
    assert len(timeline.buckets) == 13
    assert response.context["undated_count"] == sum(1 for a in stories if not a.published) == 1


def test_the_timeline_is_an_image_with_a_table_of_the_same_numbers(client, seeded):
    response = get(client, "/entities/azerbaijan/")
    html = response.content.decode()
    panel = chart_section(html, "timeline-heading")
    assert '<svg class="chart chart--timeline"' in panel
    assert 'role="img"' in panel
    assert 'aria-labelledby="timeline-chart-title timeline-chart-desc"' in panel
    assert (
        '<title id="timeline-chart-title">' in panel and '<desc id="timeline-chart-desc">' in panel
    )
    assert "<caption>Published stories mentioning Azerbaijan, per quarter</caption>" in panel
    assert "1 undated story is not shown." in panel

    timeline = response.context["timeline"]
    assert table_rows(panel) == [(b.long_label, str(b.count)) for b in timeline.buckets]
    nonzero = [b for b in timeline.buckets if b.count]
    assert panel.count('<rect class="chart__bar"') == len(nonzero)


def test_appears_with_counts_shared_public_stories_and_links_each_entity(client, seeded):
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    response = get(client, azerbaijan.get_absolute_url())
    partners = response.context["partners"]
    expected = expected_partners(azerbaijan)

    assert len(partners) == 8
    assert {p.url.strip("/").split("/")[-1]: p.count for p in partners}.items() <= expected.items()
    assert [p.count for p in partners] == sorted(expected.values(), reverse=True)[:8]
    assert partners[0].name == "Baku" and partners[0].count == 3

    panel = chart_section(response.content.decode(), "partners-heading")
    assert '<svg class="chart chart--partners"' in panel and 'role="img"' in panel
    for partner in partners:
        # once in the picture, once in its table
        assert panel.count(f'href="{partner.url}"') == 2
    assert table_rows(panel) == [(p.name, str(p.count)) for p in partners]


def test_a_person_page_charts_their_two_stories(client, seeded):
    bayramov = Entity.objects.get(slug="jeyhun-bayramov")
    response = get(client, bayramov.get_absolute_url())
    timeline = response.context["timeline"]
    assert timeline.unit == charts.MONTH
    assert [b.label for b in timeline.buckets if b.count] == ["Feb 2024", "May 2024"]
    assert len(timeline.buckets) == 4  # February to May, March and April empty
    assert response.context["undated_count"] == 0
    assert "undated" not in chart_section(response.content.decode(), "timeline-heading")
    shared = {p.name: p.count for p in response.context["partners"]}
    assert shared["Azerbaijan"] == 2 and shared["Baku"] == 2


# Nothing hidden changes what readers see


def snapshot(client, entity: Entity) -> dict:
    response = get(client, entity.get_absolute_url())
    html = response.content.decode()
    return {
        "timeline": response.context["timeline"],
        "undated": response.context["undated_count"],
        "partners": response.context["partners"],
        "stories": STORY_LINK.findall(html),
        "timeline_chart": str(response.context["timeline_chart"]),
        "partners_chart": str(response.context["partners_chart"]),
    }


def test_drafts_archived_scheduled_and_suggested_change_nothing(client, seeded):
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    kyrgyzstan = Entity.objects.get(slug="kyrgyzstan")
    before = snapshot(client, azerbaijan)
    kyrgyz_partners = snapshot(client, kyrgyzstan)["partners"]

    secret = EntityFactory(name="Hidden Partner", kind=Entity.Kind.ORGANIZATION)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    hidden_states = [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.ARCHIVED},
        {"status": Article.Status.PUBLISHED, "publish_at": tomorrow},
    ]
    for month, state in enumerate(hidden_states, start=1):
        # Months the seed leaves empty, and one undated story, so any leak would show.
        story = ArticleFactory(
            title="Hidden story", published=datetime.date(2022, month, 5), **state
        )
        MentionFactory(article=story, entity=azerbaijan)
        MentionFactory(article=story, entity=secret)
    undated = ArticleFactory(status=Article.Status.DRAFT, published=None)
    MentionFactory(article=undated, entity=azerbaijan)
    # A live story in which Azerbaijan is only suggested (or rejected), Kyrgyzstan confirmed.
    unconfirmed = ArticleFactory(title="Live story", published=datetime.date(2022, 9, 1))
    MentionFactory(article=unconfirmed, entity=azerbaijan, status=Mention.Status.SUGGESTED)
    MentionFactory(article=unconfirmed, entity=kyrgyzstan)
    rejected = ArticleFactory(title="Another live story", published=datetime.date(2022, 10, 1))
    MentionFactory(article=rejected, entity=azerbaijan, status=Mention.Status.REJECTED)
    MentionFactory(article=rejected, entity=secret)

    assert snapshot(client, azerbaijan) == before
    after = snapshot(client, kyrgyzstan)
    assert after["partners"] == kyrgyz_partners  # the suggested Azerbaijan is not shared
    assert after["timeline"].total == 3  # the live story counts for Kyrgyzstan itself
    assert "Hidden Partner" not in get(client, azerbaijan.get_absolute_url()).content.decode()
    # The secret entity's only live story is one where it is confirmed alone.
    secret_page = get(client, secret.get_absolute_url())
    assert secret_page.context["partners"] == []
    assert secret_page.context["timeline"].total == 1


def test_a_story_going_live_joins_the_pictures(client, seeded):
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    story = ArticleFactory(status=Article.Status.DRAFT, published=datetime.date(2022, 2, 1))
    MentionFactory(article=story, entity=azerbaijan)
    assert snapshot(client, azerbaijan)["timeline"].total == 4
    story.status = Article.Status.PUBLISHED
    story.save()
    timeline = snapshot(client, azerbaijan)["timeline"]
    assert timeline.total == 5
    assert next(b for b in timeline.buckets if b.label == "Q1 2022").count == 1


# Empty states


@pytest.mark.django_db
def test_an_entity_without_public_stories_gets_a_message_not_an_empty_chart(client):
    entity = EntityFactory(name="Quiet Person")
    draft = ArticleFactory(status=Article.Status.DRAFT)
    MentionFactory(article=draft, entity=entity)
    response = get(client, entity.get_absolute_url())
    html = response.content.decode()
    assert "<svg" not in html
    assert "timeline" not in response.context
    assert "No published story mentions Quiet Person yet." in html
    assert 'href="/articles/"' in html


@pytest.mark.django_db
def test_undated_stories_are_listed_but_leave_no_timeline(client):
    entity = EntityFactory(name="Undated Person")
    partner = EntityFactory(name="Partner Person")
    for story in ArticleFactory.create_batch(2, published=None):
        MentionFactory(article=story, entity=entity)
        MentionFactory(article=story, entity=partner)
    response = get(client, entity.get_absolute_url())
    html = response.content.decode()
    assert len(set(STORY_LINK.findall(html))) == 2
    assert "chart--timeline" not in html
    assert "None of the 2 stories mentioning Undated Person have a date" in html
    assert "chart--partners" in html and partner.get_absolute_url() in html


@pytest.mark.django_db
def test_an_entity_alone_in_its_stories_says_so(client):
    entity = EntityFactory(name="Lonely Person")
    MentionFactory(article=ArticleFactory(), entity=entity)
    html = get(client, entity.get_absolute_url()).content.decode()
    assert "chart--timeline" in html
    assert "chart--partners" not in html
    assert (
        "No other person, organization or place has been confirmed in a story with Lonely Person"
        " yet." in html
    )


@pytest.mark.django_db
def test_a_decade_of_stories_is_counted_by_year(client):
    entity = EntityFactory()
    for year in (2014, 2019, 2019, 2024):
        MentionFactory(article=ArticleFactory(published=datetime.date(year, 6, 1)), entity=entity)
    response = get(client, entity.get_absolute_url())
    timeline = response.context["timeline"]
    assert timeline.unit == charts.YEAR
    assert [b.count for b in timeline.buckets] == [1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]
    panel = chart_section(response.content.decode(), "timeline-heading")
    assert '<th scope="col">Year</th>' in panel
    assert '<time datetime="2019">2019</time>' in panel


@pytest.mark.django_db
def test_names_in_the_pictures_are_escaped(client):
    entity = EntityFactory(name="Plain Person")
    evil = EntityFactory(name='<script>alert("x")</script>', kind=Entity.Kind.ORGANIZATION)
    story = ArticleFactory()
    MentionFactory(article=story, entity=entity)
    MentionFactory(article=story, entity=evil)
    html = get(client, entity.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# Page structure


def test_the_page_has_a_breadcrumb_and_one_h1(client, seeded):
    html = get(client, "/entities/kyrgyzstan/").content.decode()
    assert html.count("<h1") == 1
    crumb = html.split('<nav class="breadcrumb" aria-label="Breadcrumb">', 1)[1].split("</nav>")[0]
    assert 'href="/entities/?kind=country">Countries</a>' in crumb
    assert 'href="/entities/kyrgyzstan/" aria-current="page">Kyrgyzstan</a>' in crumb


@pytest.mark.django_db
def test_pagination_marks_the_current_page(client):
    entity = EntityFactory()
    for story in ArticleFactory.create_batch(45):
        MentionFactory(article=story, entity=entity)
    html = get(client, f"{entity.get_absolute_url()}?page=2").content.decode()
    nav = html.split('<nav class="pagination" aria-label="Pages"', 1)[1].split("</nav>")[0]
    assert re.search(
        r'href="\?page=2" aria-current="page"><span class="visually-hidden">Page ', nav
    )
    assert nav.count("aria-current") == 1
    assert 'rel="prev" href=""' in nav or 'rel="prev" href="?"' in nav
    assert 'rel="next" href="?page=3"' in nav


# Query counts


def page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return len(queries)


def test_the_seed_entity_pages_run_at_most_8_queries(client, seeded, django_assert_max_num_queries):
    for slug in ("azerbaijan", "kyrgyzstan", "jeyhun-bayramov", "sahiba-gafarova", "baku"):
        with django_assert_max_num_queries(8):
            get(client, f"/entities/{slug}/")


@pytest.mark.django_db
def test_queries_do_not_grow_with_stories_partners_or_months(client):
    entity = EntityFactory()
    partners = EntityFactory.create_batch(3)

    def add(count: int, first: datetime.date) -> None:
        for i in range(count):
            story = ArticleFactory(published=first + datetime.timedelta(days=40 * i))
            story.tags.add("diplomacy")
            MentionFactory(article=story, entity=entity)
            for partner in partners:
                MentionFactory(article=story, entity=partner)

    add(3, datetime.date(2023, 1, 1))
    few = page_queries(client, entity.get_absolute_url())
    add(22, datetime.date(2023, 6, 1))
    partners.extend(EntityFactory.create_batch(10))
    add(3, datetime.date(2021, 1, 1))
    assert page_queries(client, entity.get_absolute_url()) == few <= 8
    assert page_queries(client, f"{entity.get_absolute_url()}?page=2") == few
