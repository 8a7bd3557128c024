"""Canonical links, Open Graph tags and schema.org NewsArticle JSON-LD on the public pages."""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import seo
from articles.models import Article, Mention
from entities.models import Entity
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

KYRGYZ_AMBASSADOR = "/articles/kyrgyz-ambassador-hails-deepening-baku-bishkek-relations/"
RUSSIAN_STORY = (
    "/articles/glava-mid-kyrgyzstana-vstretilsya-s-predsedatelem-milli-medzhlisa-azerbaydzhana/"
)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class Head(HTMLParser):
    """The <link> and <meta> elements of a page, as a reader's browser or a crawler sees them."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[dict] = []
        self.meta: list[tuple[str, str]] = []
        self.lang = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.append((attrs.get("property") or attrs["name"], attrs.get("content")))

    def canonical(self) -> str:
        (link,) = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        return link

    def values(self, name: str) -> list[str]:
        return [content for key, content in self.meta if key == name]

    def value(self, name: str) -> str:
        (content,) = self.values(name)
        return content


def head(client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def json_ld(client, url: str) -> dict:
    (block,) = JSON_LD.findall(client.get(url).content.decode())
    return json.loads(block)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/", "/"),
        ("/?utm_source=newsletter", "/"),
        ("/articles/", "/articles/"),
        ("/articles/?page=1", "/articles/"),
        (
            "/articles/?entity=kyrgyzstan&utm_source=x&entity=azerbaijan&q=",
            "/articles/?entity=azerbaijan&entity=kyrgyzstan",
        ),
        ("/articles/?language=ru&fbclid=abc", "/articles/?language=ru"),
        ("/entities/", "/entities/"),
        ("/entities/?kind=person&ref=home", "/entities/?kind=person"),
        ("/entities/kyrgyzstan/", "/entities/kyrgyzstan/"),
        ("/entities/kyrgyzstan/?page=1&x=1", "/entities/kyrgyzstan/"),
        (KYRGYZ_AMBASSADOR, KYRGYZ_AMBASSADOR),
        (f"{KYRGYZ_AMBASSADOR}?utm_campaign=x&page=2", KYRGYZ_AMBASSADOR),
    ],
)
def test_every_public_page_names_one_canonical_address(client, seeded, url, canonical):
    page = head(client, url)
    assert page.canonical() == f"http://testserver{canonical}"
    assert page.value("og:url") == page.canonical()


def test_a_list_page_beyond_the_first_keeps_its_number_in_the_canonical(client, db):
    ArticleFactory.create_batch(21)
    assert head(client, "/articles/?page=2&sort=x").canonical() == (
        "http://testserver/articles/?page=2"
    )


def test_canonical_query_keeps_meaningful_parameters_in_one_order():
    params = QueryDict("tag=b&page=3&tag=a&utm_medium=mail&tag=a&q=%20&page=4")
    assert seo.canonical_query(params, {"tag", "q", "page"}) == "page=4&tag=a&tag=b"
    assert seo.canonical_query(QueryDict("page=1"), {"page"}) == ""
    assert (
        seo.canonical_query(QueryDict("q=Гафарова"), {"q"})
        == "q=%D0%93%D0%B0%D1%84%D0%B0%D1%80%D0%BE%D0%B2%D0%B0"
    )


@pytest.mark.parametrize("url", ["/", "/articles/", "/entities/", "/entities/kyrgyzstan/"])
def test_pages_that_are_not_stories_are_websites_in_open_graph(client, seeded, url):
    page = head(client, url)
    assert page.value("og:type") == "website"
    assert page.value("og:site_name") == "Newsroom"
    assert page.value("og:locale") == "en_US"
    assert page.value("og:title")
    assert page.value("og:description")
    assert page.value("twitter:card") == "summary"


def test_an_entity_page_describes_the_entity(client, seeded):
    page = head(client, "/entities/kyrgyzstan/")
    assert page.value("og:title") == "Kyrgyzstan"
    assert page.value("og:description") == Entity.objects.get(slug="kyrgyzstan").description


def test_a_story_is_an_article_in_open_graph(client, seeded):
    page = head(client, KYRGYZ_AMBASSADOR)
    article = Article.objects.get(slug=KYRGYZ_AMBASSADOR.split("/")[2])
    assert page.value("og:type") == "article"
    assert page.value("og:title") == article.title
    assert page.value("og:description").startswith("Kyrgyzstan's Ambassador to Azerbaijan")
    assert page.value("og:locale") == "en_US"
    # The copy's "31 August 2024 19:19 (UTC+04:00)": the instant it states.
    assert page.value("article:published_time") == "2024-08-31T19:19:00+04:00"
    assert page.value("article:modified_time") == "2024-09-16T09:00:00+00:00"
    assert page.values("article:tag") == ["diplomacy", "history"]
    assert page.value("twitter:card") == "summary"
    assert page.lang == "en"


def test_a_russian_story_declares_russian_to_browsers_and_link_previews(client, seeded):
    """Its own page, in Russian, is the address previews and search engines are given, from
    either language's page."""
    page = head(client, "/ru" + RUSSIAN_STORY)
    assert page.canonical() == f"http://testserver/ru{RUSSIAN_STORY}"
    assert head(client, RUSSIAN_STORY).canonical() == page.canonical()
    assert json_ld(client, RUSSIAN_STORY)["url"] == page.canonical()
    assert page.lang == "ru"
    assert page.value("og:locale") == "ru_RU"
    assert json_ld(client, RUSSIAN_STORY)["inLanguage"] == "ru"


def test_story_json_ld_is_a_news_article_with_its_facts(client, seeded):
    data = json_ld(client, KYRGYZ_AMBASSADOR)
    url = f"http://testserver{KYRGYZ_AMBASSADOR}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Kyrgyz Ambassador hails deepening Baku-Bishkek relations"
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["datePublished"] == "2024-08-31T19:19:00+04:00"  # as the copy states it
    assert datetime.datetime.fromisoformat(data["dateModified"]) == datetime.datetime(
        2024, 9, 16, 9, tzinfo=datetime.UTC
    )
    assert data["inLanguage"] == "en"
    assert data["author"] == {"@type": "Person", "name": "Fatima Latifova"}
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Azernews",
        "url": "https://www.azernews.az",
    }
    assert data["keywords"] == ["diplomacy", "history"]


def test_story_json_ld_names_the_dateline_as_the_place_it_was_written(client, seeded):
    data = json_ld(client, RUSSIAN_STORY)
    assert data["dateline"] == "Бишкек"
    assert data["locationCreated"] == {"@type": "Place", "name": "Бишкек"}
    assert data["publisher"]["name"] == "Kabar"


def test_story_json_ld_is_about_its_most_mentioned_entities_and_mentions_all(client, seeded):
    article = Article.objects.get(slug=KYRGYZ_AMBASSADOR.split("/")[2])
    confirmed = list(
        article.mentions.confirmed().select_related("entity").order_by("-count", "entity__name")
    )
    data = json_ld(client, KYRGYZ_AMBASSADOR)
    assert [m["name"] for m in data["mentions"]] == [m.entity.name for m in confirmed]
    assert data["about"] == data["mentions"][: seo.ABOUT_LIMIT]
    things = {m["name"]: m for m in data["mentions"]}
    assert things["Kyrgyzstan"] == {
        "@type": "Country",
        "name": "Kyrgyzstan",
        "url": "http://testserver/entities/kyrgyzstan/",
        "sameAs": "https://www.wikidata.org/wiki/Q813",
    }
    assert things["Baku"]["@type"] == "Place"
    assert things["Baku"]["sameAs"] == "https://www.wikidata.org/wiki/Q9248"
    assert things["Maksat Mamitkanov"]["@type"] == "Person"
    assert "sameAs" not in things["Maksat Mamitkanov"]
    assert things["Azerbaijan-Kyrgyz Development Fund"]["@type"] == "Organization"


def test_every_seed_story_carries_news_article_json_ld(client, seeded):
    for article in Article.objects.published():
        data = json_ld(client, article.get_absolute_url())
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == article.title
        assert data["mentions"]


def test_story_json_ld_names_only_confirmed_entities(client, seeded):
    article = Article.objects.get(slug=KYRGYZ_AMBASSADOR.split("/")[2])
    for status in [Mention.Status.SUGGESTED, Mention.Status.REJECTED]:
        MentionFactory(
            article=article,
            entity=EntityFactory(name=f"Unconfirmed {status}"),
            status=status,
            count=99,
        )
    data = json_ld(client, KYRGYZ_AMBASSADOR)
    names = {m["name"] for m in data["mentions"] + data["about"]}
    assert not {n for n in names if n.startswith("Unconfirmed")}
    assert "Unconfirmed" not in client.get(KYRGYZ_AMBASSADOR).content.decode()


def test_a_story_with_no_confirmed_entity_has_no_about_or_mentions(client, db):
    article = ArticleFactory(source=None, byline="", dateline="")
    MentionFactory(article=article, status=Mention.Status.SUGGESTED)
    data = json_ld(client, article.get_absolute_url())
    assert "about" not in data and "mentions" not in data
    assert "author" not in data and "locationCreated" not in data
    # With no source the site itself publishes the story.
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Newsroom",
        "url": "http://testserver/",
    }


def test_script_breaking_text_stays_inside_the_json_ld(client, db):
    title = '</script><script>alert("headline")</script> <!-- & more'
    article = ArticleFactory(title=title, byline="</SCRIPT>Reporter", tags=["</script>tag"])
    MentionFactory(article=article, entity=EntityFactory(name="Evil </script> Entity"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("headline")' not in html
    assert "</SCRIPT>Reporter" not in html
    data = json_ld(client, article.get_absolute_url())
    assert data["headline"] == title
    assert data["author"]["name"] == "</SCRIPT>Reporter"
    assert data["keywords"] == ["</script>tag"]
    assert data["mentions"][0]["name"] == "Evil </script> Entity"
    page = head(client, article.get_absolute_url())
    assert page.value("og:title") == title


def test_json_ld_script_escapes_what_could_close_the_element():
    script = seo.json_ld_script({"headline": "a </script> & <!-- b"})
    assert script == (
        '<script type="application/ld+json">'
        '{"headline": "a \\u003C/script\\u003E \\u0026 \\u003C!-- b"}</script>'
    )
    inner = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(inner) == {"headline": "a </script> & <!-- b"}


@pytest.mark.parametrize(
    ("byline", "source", "expected"),
    [
        ("Fatima Latifova", "Azernews", "Person"),
        ("Azernews", "Azernews", "Organization"),
        ("AZERNEWS", "Azernews", "Organization"),
        ("Trend News Agency", "", "Organization"),
        ("Kabar staff", "Kabar", "Organization"),
        ("Пресс-служба МИД", "", "Organization"),
        ("Сахиба Гафарова", "Kabar", "Person"),
    ],
)
def test_a_byline_names_a_person_unless_it_credits_an_outlet(byline, source, expected):
    assert seo.byline_type(byline, source) == expected


def test_publication_date_is_the_stories_date_then_its_publish_time_then_its_creation(db):
    at = timezone.now().replace(microsecond=0)
    dated = ArticleFactory(published=datetime.date(2024, 2, 6), publish_at=at)
    scheduled = ArticleFactory(published=None, publish_at=at)
    undated = ArticleFactory(published=None)
    assert seo.publication_date(dated) == datetime.date(2024, 2, 6)
    assert seo.publication_datetime(dated) == datetime.datetime(2024, 2, 6, tzinfo=datetime.UTC)
    assert seo.publication_date(scheduled) == at
    assert seo.publication_date(undated) == undated.created


def test_story_pages_query_count_does_not_grow_with_entities_or_tags(client, db):
    def story(entities: int) -> str:
        article = ArticleFactory(source=SourceFactory(url="https://example.org"), tags=["a", "b"])
        for _ in range(entities):
            MentionFactory(article=article)
        return article.get_absolute_url()

    few, many = story(2), story(20)
    client.get(few)  # warm up once-per-process lookups (content types, templates)
    with CaptureQueriesContext(connection) as few_queries:
        client.get(few)
    with CaptureQueriesContext(connection) as many_queries:
        response = client.get(many)
    assert len(json.loads(JSON_LD.search(response.content.decode()).group(1))["mentions"]) == 20
    assert len(many_queries) == len(few_queries)
