"""The public website: what readers see, and that nothing unpublished or unconfirmed leaks.

Stories on a page are counted as distinct `/articles/<slug>/` links, as the outside contract
checker counts them.
"""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Mention
from entities.models import Entity
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    RoleFactory,
    SourceFactory,
)

STORY_LINK = re.compile(r'href="(/articles/[^/"?#]+/)"')


def story_links(response) -> set[str]:
    return set(STORY_LINK.findall(response.content.decode()))


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


# The seed stories as real data


def test_story_list_shows_the_five_seed_stories(client, seeded):
    assert len(story_links(get(client, "/articles/"))) == 5


def test_home_shows_the_seed_stories_and_the_most_mentioned_entities(client, seeded):
    response = get(client, "/")
    assert len(story_links(response)) == 5
    top = response.context["top_entities"]
    assert top[0]["entity__slug"] == "azerbaijan"
    assert top[0]["story_count"] == 5


@pytest.mark.parametrize(
    ("slug", "stories"),
    [("azerbaijan", 5), ("kyrgyzstan", 2), ("sahiba-gafarova", 1), ("jeyhun-bayramov", 2)],
)
def test_entity_pages_list_their_published_stories(client, seeded, slug, stories):
    response = get(client, f"/entities/{slug}/")
    assert len(story_links(response)) == stories
    assert response.context["paginator"].count == stories


def test_the_russian_story_page_declares_russian(client, seeded):
    story = Article.objects.get(language="ru")
    response = get(client, story.canonical_path())
    assert '<html lang="ru">' in response.content.decode()


def test_english_pages_declare_english(client, seeded):
    story = Article.objects.filter(language="en").first()
    for url in ("/", "/articles/", story.get_absolute_url(), "/entities/azerbaijan/"):
        assert '<html lang="en">' in get(client, url).content.decode()


def test_story_pages_link_mentions_to_entity_pages(client, seeded):
    for story in Article.objects.published():
        html = get(client, story.get_absolute_url()).content.decode()
        body = html.split('class="story__body"', 1)[1].split("</div>", 1)[0]
        assert re.search(r'<a href="/entities/[a-z0-9-]+/" class="mention mention-\w+">', body)
    russian = get(client, Article.objects.get(language="ru").get_absolute_url())
    assert 'href="/entities/sahiba-gafarova/" class="mention mention-person"' in (
        russian.content.decode()
    )


def test_story_page_groups_its_entities_and_relates_other_stories(client, seeded):
    story = Article.objects.get(language="ru")
    response = get(client, story.get_absolute_url())
    headings = [heading for heading, _ in response.context["entity_groups"]]
    assert "People" in headings and "Countries" in headings
    related = list(response.context["related"])
    assert 0 < len(related) <= 5
    assert story not in related


def test_language_filter_finds_the_russian_story(client, seeded):
    assert len(story_links(get(client, "/articles/?language=ru"))) == 1


def test_repeated_entity_filter_requires_every_entity(client, seeded):
    assert len(story_links(get(client, "/articles/?entity=azerbaijan&entity=kyrgyzstan"))) == 2
    both = get(client, "/articles/?entity=jeyhun-bayramov&entity=kyrgyzstan")
    assert story_links(both) == set()


def test_a_bad_date_shows_the_error_instead_of_failing(client, seeded):
    response = get(client, "/articles/?date_from=2024-13-45")
    assert "YYYY-MM-DD" in response.content.decode()
    assert story_links(response) == set()


def test_an_unknown_entity_shows_a_message_and_no_stories(client, seeded):
    response = get(client, "/articles/?entity=atlantis")
    assert "There is no person, organization or place “atlantis”" in response.content.decode()
    assert story_links(response) == set()


def test_the_entity_directory_counts_published_stories(client, seeded):
    response = get(client, "/entities/")
    counts = {e.slug: e.story_count for e in response.context["entities"]}
    assert counts["azerbaijan"] == 5
    assert counts["kyrgyzstan"] == 2
    assert counts["sahiba-gafarova"] == 1


def test_the_entity_directory_finds_aliases_in_any_script(client, seeded):
    response = get(client, "/entities/?q=Кыргызстан")
    assert "kyrgyzstan" in {e.slug for e in response.context["entities"]}
    people = get(client, "/entities/?q=Кыргызстан&kind=person")
    assert "kyrgyzstan" not in {e.slug for e in people.context["entities"]}


def test_unpublishing_a_seed_story_removes_it_everywhere(client, seeded):
    story = Article.objects.get(language="ru")
    story.status = Article.Status.ARCHIVED
    story.save()
    assert len(story_links(get(client, "/articles/"))) == 4
    assert len(story_links(get(client, "/"))) == 4
    assert len(story_links(get(client, "/entities/azerbaijan/"))) == 4
    get(client, story.get_absolute_url(), status=404)


def test_rejecting_a_seed_mention_removes_the_story_from_the_entity(client, seeded):
    mention = Mention.objects.get(entity__slug="sahiba-gafarova")
    mention.status = Mention.Status.REJECTED
    mention.save()
    assert story_links(get(client, "/entities/sahiba-gafarova/")) == set()
    story_page = get(client, mention.article.get_absolute_url()).content.decode()
    assert "/entities/sahiba-gafarova/" not in story_page


# Drafts and unconfirmed mentions never leak


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED]
)
def test_unpublished_stories_never_appear(client, status):
    entity = EntityFactory(name="Hidden Person")
    hidden = ArticleFactory(title="A hidden story", status=status)
    MentionFactory(article=hidden, entity=entity)
    ArticleFactory(title="A public story")

    for url in ("/", "/articles/", f"/articles/?entity={entity.slug}", entity.get_absolute_url()):
        response = get(client, url)
        assert hidden.get_absolute_url() not in story_links(response)
        assert "A hidden story" not in response.content.decode()
    get(client, hidden.get_absolute_url(), status=404)
    assert len(get(client, "/").context["top_entities"]) == 0
    directory = get(client, "/entities/?all=1").context["entities"]
    assert {e.slug: e.story_count for e in directory}[entity.slug] == 0
    assert entity.slug not in {e.slug for e in get(client, "/entities/").context["entities"]}


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Mention.Status.SUGGESTED, Mention.Status.REJECTED])
def test_unconfirmed_mentions_never_appear(client, status):
    entity = EntityFactory(name="Suggested Person")
    story = ArticleFactory(
        title="A public story",
        body="<p>Suggested Person spoke.</p>",
        text="Suggested Person spoke.",
    )
    MentionFactory(article=story, entity=entity, status=status)

    story_page = get(client, story.get_absolute_url()).content.decode()
    assert entity.get_absolute_url() not in story_page
    assert story_links(get(client, entity.get_absolute_url())) == set()
    assert story_links(get(client, f"/articles/?entity={entity.slug}")) == set()
    assert entity.get_absolute_url() not in get(client, "/").content.decode()
    assert entity.get_absolute_url() not in get(client, "/articles/").content.decode()
    directory = get(client, "/entities/?all=1").context["entities"]
    assert {e.slug: e.story_count for e in directory}[entity.slug] == 0
    assert entity.slug not in {e.slug for e in get(client, "/entities/").context["entities"]}


# Pages, pagination and errors


@pytest.mark.django_db
def test_story_list_is_newest_first_20_per_page_keeping_the_query(client):
    stories = ArticleFactory.create_batch(25, language="en")
    first = get(client, "/articles/?language=en")
    assert len(story_links(first)) == 20
    newest = max(stories, key=lambda a: a.published)
    assert first.context["articles"][0] == newest
    assert 'href="?language=en&amp;page=2"' in first.content.decode()
    second = get(client, "/articles/?language=en&page=2")
    assert len(story_links(second)) == 5
    get(client, "/articles/?page=9", status=404)


@pytest.mark.django_db
def test_entity_page_paginates_its_stories(client):
    entity = EntityFactory()
    for story in ArticleFactory.create_batch(23):
        MentionFactory(article=story, entity=entity)
    assert len(story_links(get(client, entity.get_absolute_url()))) == 20
    assert len(story_links(get(client, f"{entity.get_absolute_url()}?page=2"))) == 3


@pytest.mark.django_db
def test_entity_page_shows_names_roles_and_wikidata(client):
    person = EntityFactory(name="Jeyhun Bayramov", wikidata_id="Q4348512")
    AliasFactory(entity=person, name="Джейхун Байрамов", language="ru")
    role = RoleFactory(person=person, title="Minister of Foreign Affairs")
    html = get(client, person.get_absolute_url()).content.decode()
    assert "https://www.wikidata.org/wiki/Q4348512" in html
    assert '<span lang="ru">Джейхун Байрамов</span>' in html
    assert "Minister of Foreign Affairs" in html
    assert role.organization.get_absolute_url() in html
    country_page = get(client, role.organization.get_absolute_url()).content.decode()
    assert person.get_absolute_url() in country_page


@pytest.mark.django_db
def test_story_page_shows_its_details(client):
    source = SourceFactory(name="Kabar", url="https://kabar.kg")
    story = ArticleFactory(source=source, byline="Fatima Latifova", dateline="Bishkek")
    story.tags.add("diplomacy")
    html = get(client, story.get_absolute_url()).content.decode()
    for expected in ("Fatima Latifova", "Bishkek", 'href="https://kabar.kg"', "?tag=diplomacy"):
        assert expected in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/articles/?q=%00",
        "/articles/?entity=%00",
        "/articles/?source=%00",
        "/articles/?tag=%00",
        "/articles/?language=xx",
        "/articles/?date_from=2024-02-30",
        "/articles/?date_from=2024-03-10&date_to=2024-03-01",
        "/entities/?q=%00",
        "/entities/?kind=bogus",
    ],
)
def test_odd_parameters_never_fail(client, url):
    ArticleFactory()
    get(client, url)


@pytest.mark.django_db
def test_unknown_story_and_entity_are_404(client):
    get(client, "/articles/no-such-story/", status=404)
    get(client, "/entities/no-such-entity/", status=404)


@pytest.mark.django_db
def test_the_404_page_helps_the_reader_on(client, settings):
    settings.DEBUG = False
    response = get(client, "/no/such/page/", status=404)
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="/articles/"' in html
    assert 'action="/articles/"' in html and 'name="q"' in html


# Query counts do not grow with the page


def build_newsroom(stories: int) -> Entity:
    """`stories` published stories, each confirmed to mention the same four entities."""
    entities = [EntityFactory(kind=kind) for kind in ("person", "country", "place", "event")]
    AliasFactory(entity=entities[0])
    RoleFactory(person=entities[0], organization=entities[1])
    add_stories(stories, entities)
    return entities[0]


def add_stories(count: int, entities: list[Entity]) -> None:
    for story in ArticleFactory.create_batch(count):
        story.tags.add("diplomacy", "economy")
        for entity in entities:
            MentionFactory(article=story, entity=entity)


def page_urls(person: Entity) -> list[str]:
    story = Article.objects.published().order_by("pk").first()
    return [
        "/",
        "/articles/",
        f"/articles/?entity={person.slug}&language=en&tag=diplomacy&q=story",
        f"/articles/?source={story.source.slug}&date_from=2024-01-01",
        "/entities/",
        "/entities/?q=person&kind=person",
        person.get_absolute_url(),
        story.get_absolute_url(),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("stories", [3, 25])
def test_list_pages_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, stories
):
    person = build_newsroom(stories)
    for url in page_urls(person):
        with django_assert_max_num_queries(8):
            get(client, url)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_number_of_stories(client):
    person = build_newsroom(3)

    def counts() -> list[int]:
        result = []
        for url in page_urls(person):
            with CaptureQueriesContext(connection) as queries:
                get(client, url)
            result.append(len(queries))
        return result

    few = counts()
    add_stories(22, list(Entity.objects.filter(mentions__isnull=False).distinct()))
    assert counts() == few


def test_the_entity_directory_names_a_bad_kind_or_an_overlong_search(client, seeded):
    response = get(client, "/entities/?kind=bogus")
    assert "There is no kind of entity called “bogus”." in response.content.decode()
    assert not response.context["entities"]
    response = get(client, "/entities/?q=" + "x" * 201)
    assert "at most 200 characters" in response.content.decode()
    assert not response.context["entities"]


# Structure every public page shares: headings, landmarks, labels, ids


class PageStructure(HTMLParser):
    """Headings, landmarks, form fields, labels and ids of a page, as a screen reader meets them."""

    LANDMARKS = {"header", "nav", "main", "footer"}

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.landmarks: set[str] = set()
        self.fields: list[dict] = []
        self.label_targets: set[str] = set()
        self.ids: list[str] = []
        self.images: list[dict] = []
        self.skip_targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in self.LANDMARKS:
            self.landmarks.add(tag)
        if tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        if tag in {"input", "select", "textarea"} and attributes.get("type") != "hidden":
            self.fields.append(attributes)
        if tag == "svg" or tag == "img":
            self.images.append(attributes)
        if tag == "a" and "skip-link" in (attributes.get("class") or ""):
            self.skip_targets.append(attributes["href"])


def structure(html: str) -> PageStructure:
    parser = PageStructure()
    parser.feed(html)
    return parser


def public_page_urls() -> list[str]:
    story = Article.objects.get(language="ru")
    return [
        "/",
        "/articles/",
        "/articles/?q=Гафарова",
        "/articles/?entity=jeyhun-bayramov&entity=kyrgyzstan",
        "/articles/?date_from=yesterday",
        story.get_absolute_url(),
        "/entities/",
        "/entities/?q=nothing-is-called-this",
        "/entities/azerbaijan/",
        "/entities/sahiba-gafarova/",
        "/no/such/page/",
    ]


def test_every_public_page_has_one_h1_and_no_skipped_heading_level(client, seeded, settings):
    settings.DEBUG = False
    for url in public_page_urls():
        page = structure(client.get(url).content.decode())
        assert page.headings.count(1) == 1, url
        assert page.headings[0] == 1, url
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (url, page.headings)


def test_every_public_page_has_landmarks_labels_and_a_working_skip_link(client, seeded, settings):
    settings.DEBUG = False
    for url in public_page_urls():
        page = structure(client.get(url).content.decode())
        assert page.landmarks == PageStructure.LANDMARKS, url
        assert page.skip_targets == ["#main"] and "main" in page.ids, url
        assert len(page.ids) == len(set(page.ids)), (url, sorted(page.ids))
        for field in page.fields:
            named = field.get("aria-label") or field.get("aria-labelledby")
            assert named or field.get("id") in page.label_targets, (url, field)
        for image in page.images:
            if image.get("role") == "img":
                assert image.get("aria-labelledby") or image.get("aria-label"), (url, image)
            else:
                assert image.get("aria-hidden") == "true" or "alt" in image, (url, image)


def test_the_result_line_names_every_filter_and_each_can_be_removed(client, seeded):
    url = "/articles/?language=ru&source=kabar&date_from=2021-01-01&entity=kyrgyzstan&page=1"
    response = get(client, url)
    html = response.content.decode()
    assert (
        "1 story in Russian, from Kabar, published from 1 January 2021, mentioning Kyrgyzstan."
        in " ".join(html.split())
    )
    removals = {f["name"]: f["remove"] for f in response.context["active_filters"]}
    assert removals["language"] == "?source=kabar&date_from=2021-01-01&entity=kyrgyzstan"
    assert 'aria-label="Remove filter: in Russian"' in html
    assert 'href="#filters"' in html and 'id="filters"' in html
