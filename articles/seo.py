"""What search engines and link previews read: canonical URLs, Open Graph, schema.org JSON-LD.

Pure functions over objects already fetched (a story from `with_cards()`, with its confirmed
mentions and tags prefetched): nothing here queries the database, so a page's query count does
not change with them. Absolute URLs come from the request (`request.build_absolute_uri`), passed
in as `absolute`, so the same code serves any host the site answers to.
"""

import datetime
import json
import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest, QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from articles.filters import ArticleFilter
from articles.models import Article
from entities.filters import EntityFilterSet
from entities.models import Entity
from newsroom.text import encode_query

# The query parameters that make a page what it is, by URL name: a list page is its filters and
# its page number; anything else (tracking tags, typos, `page=1`) is dropped from the canonical
# URL. Pages not named here are canonical without a query string.
CANONICAL_PARAMS: dict[str, frozenset[str]] = {
    "article-list": frozenset({*ArticleFilter.base_filters, "page"}),
    "entity-list": frozenset({*EntityFilterSet.base_filters, "all", "page"}),
    "entity-detail": frozenset({"page"}),
}

OG_LOCALES = {"en": "en_US", "ru": "ru_RU"}
DEFAULT_LOCALE = "en_US"

# schema.org types for each kind of entity (https://schema.org/Thing).
SCHEMA_TYPES = {
    Entity.Kind.PERSON: "Person",
    Entity.Kind.ORGANIZATION: "Organization",
    Entity.Kind.COUNTRY: "Country",
    Entity.Kind.PLACE: "Place",
    Entity.Kind.EVENT: "Event",
}

# `about` names what the story is mainly about: its most-mentioned confirmed entities.
ABOUT_LIMIT = 3

# A byline naming a desk or an agency rather than a person ("Trend", "AZERNEWS staff").
ORGANIZATION_BYLINE = re.compile(
    r"\b(agency|news|staff|desk|bureau|service|editorial|press|redaktsiya|"
    r"агентство|редакция|служба|пресс)\w*",
    re.IGNORECASE,
)

EXCERPT_WORDS = 40

# What a page with no description of its own says about the site (as `base.html` does).
SITE_DESCRIPTION = gettext_lazy(
    "Regional and diplomatic news, and the people, organizations and places in it."
)

# Characters that could end a <script> element or open an HTML comment inside it, written as
# JSON escapes, as Django's `json_script` does: the JSON means the same, the HTML cannot break.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

# Characters XML 1.0 cannot carry at all, even escaped: C0 controls but tab, newline and carriage
# return, and the non-characters U+FFFE and U+FFFF (https://www.w3.org/TR/xml/#charsets).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Text as a feed or sitemap can carry it: without the characters XML cannot hold.

    One headline or name holding one (a pasted control character, an attack) would otherwise
    make Django's feed writer fail, taking down every feed the story is in, or make a sitemap
    that crawlers reject whole. They show as nothing on a page, so dropping them loses nothing.
    """
    return NOT_XML.sub("", value)


def canonical_query(params: QueryDict, keep: Iterable[str]) -> str:
    """The meaningful part of a query string, in one order: kept names, sorted, blanks dropped.

    Repeated values are sorted too (`entity=b&entity=a` lists the same stories as
    `entity=a&entity=b`); `page` is the one the page shows (the last given), and `page=1` is
    the page without a number.
    """
    pairs = []
    for name in sorted(set(keep) & set(params)):
        values = sorted({v.strip() for v in params.getlist(name) if v.strip()})
        if name == "page":
            values = [v.strip() for v in params.getlist(name)[-1:] if v.strip() not in ("", "1")]
        pairs.extend((name, value) for value in values)
    return encode_query(pairs)


def canonical_url(request: HttpRequest) -> str:
    """The absolute address this page is known by, whatever extra parameters brought the reader."""
    match = request.resolver_match
    keep = CANONICAL_PARAMS.get(match.url_name if match else "", frozenset())
    query = canonical_query(request.GET, keep)
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


def excerpt(article: Article, words: int = EXCERPT_WORDS) -> str:
    """The story's summary, or the opening words of its plain text: never HTML."""
    text = article.summary.strip() or article.text.strip()
    return Truncator(" ".join(text.split())).words(words)


def publication_date(article: Article) -> datetime.date | datetime.datetime:
    """When the story was published, as precisely as it is known.

    The story's own date (`published`, what its page shows) comes first, as the instant it
    names when the copy gives a time and a zone (`Article.published_moment`); a story with no
    date falls back to its scheduled publish time, then to when it was stored.
    """
    return article.published_moment or article.published or article.publish_at or article.created


def publication_datetime(article: Article) -> datetime.datetime:
    """`publication_date` as an aware datetime (a bare date is taken as midnight UTC)."""
    moment = publication_date(article)
    if isinstance(moment, datetime.datetime):
        return moment
    return datetime.datetime.combine(moment, datetime.time.min, tzinfo=datetime.UTC)


def isoformat(moment: datetime.date | datetime.datetime) -> str:
    """ISO 8601: a date stays a date; a datetime to the second, with its UTC offset."""
    if isinstance(moment, datetime.datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, DEFAULT_LOCALE)


def open_graph(
    *,
    title: str,
    description: str,
    url: str,
    site_name: str,
    og_type: str = "website",
    locale: str = DEFAULT_LOCALE,
) -> list[tuple[str, str]]:
    """Open Graph (https://ogp.me/) and Twitter card properties of any page, as (name, value)."""
    return [
        ("og:type", og_type),
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
        ("og:site_name", site_name),
        ("og:locale", locale),
        ("twitter:card", "summary"),
    ]


def article_open_graph(article: Article, *, url: str, site_name: str) -> list[tuple[str, str]]:
    """A story's Open Graph properties: type `article`, its language's locale, date and tags."""
    properties = open_graph(
        title=article.title,
        description=excerpt(article),
        url=url,
        site_name=site_name,
        og_type="article",
        locale=og_locale(article.language),
    )
    properties.append(("article:published_time", isoformat(publication_date(article))))
    properties.append(("article:modified_time", isoformat(article.updated)))
    properties.extend(("article:tag", name) for name in tag_names(article))
    return properties


def meta_tags(properties: Iterable[tuple[str, str]]) -> SafeString:
    """`<meta>` elements, escaped: Open Graph uses `property`, Twitter cards use `name`."""
    return format_html_join(
        "\n",
        '<meta {}="{}" content="{}">',
        (
            ("name" if name.startswith("twitter:") else "property", name, value)
            for name, value in properties
        ),
    )


def tag_names(article: Article) -> list[str]:
    """The story's tags by name (prefetched by `with_tags()`)."""
    return sorted(tag.name for tag in article.tags.all())


def byline_type(byline: str, source_name: str = "") -> str:
    """`Person` for a reporter's name, `Organization` for an agency or desk credit."""
    if source_name and byline.strip().casefold() == source_name.strip().casefold():
        return "Organization"
    return "Organization" if ORGANIZATION_BYLINE.search(byline) else "Person"


def entity_thing(entity: Entity, *, absolute: Callable[[str], str]) -> dict:
    """An entity as a schema.org Thing: its type, name, page, and Wikidata item when known."""
    thing = {
        "@type": SCHEMA_TYPES.get(entity.kind, "Thing"),
        "name": entity.name,
        "url": absolute(entity.get_absolute_url()),
    }
    if entity.wikidata_id:
        thing["sameAs"] = entity.wikidata_url
    return thing


def news_article(article: Article, *, absolute: Callable[[str], str], site_name: str) -> dict:
    """schema.org `NewsArticle` (https://schema.org/NewsArticle) for a story's page.

    Only confirmed mentions are used (`article.confirmed_mentions`, from `with_cards()`, most
    mentioned first): `mentions` lists them all, `about` the `ABOUT_LIMIT` most mentioned.
    """
    url = absolute(article.canonical_path())
    mentions = sorted(article.confirmed_mentions, key=lambda m: (-m.count, m.entity.name))
    things = [entity_thing(m.entity, absolute=absolute) for m in mentions]
    if article.source_id:
        publisher = {"@type": "Organization", "name": article.source.name}
        if article.source.url:
            publisher["url"] = article.source.url
    else:
        publisher = {"@type": "Organization", "name": site_name, "url": absolute("/")}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": excerpt(article),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": article.language,
        "datePublished": isoformat(publication_date(article)),
        "dateModified": isoformat(article.updated),
        "publisher": publisher,
    }
    if article.byline:
        source_name = article.source.name if article.source_id else ""
        data["author"] = {"@type": byline_type(article.byline, source_name), "name": article.byline}
    if article.dateline:
        data["dateline"] = article.dateline
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if tags := tag_names(article):
        data["keywords"] = tags
    if things:
        data["about"] = things[:ABOUT_LIMIT]
        data["mentions"] = things
    return data


def json_ld_script(data: dict) -> SafeString:
    """A `<script type="application/ld+json">` element that no value inside can break out of."""
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
