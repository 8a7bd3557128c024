"""Sitemaps and robots.txt for crawlers.

`/sitemap.xml` is an index of sections (`/sitemap-<section>.xml`, each paginated with `?p=`):
the site's own pages, published stories, entity pages with at least one public mention, and the
Google News sitemap of recent stories. Every section reads from `Article.objects.published()` or
`Mention.objects.public()` and costs two queries (a count and one page) however many URLs it
holds; the index costs two per section. Addresses are built from the request's host.
"""

import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation

from articles import seo
from articles.models import Article, ArticleQuerySet, Mention
from entities.models import Entity


class InEveryLanguage(Sitemap):
    """Pages that exist in each of settings.LANGUAGES (`/...` and `/ru/...`): each is listed
    at its English address with `xhtml:link` alternates for every language and `x-default`.

    Not Django's `i18n = True`, which reads every item of a section to list each in each
    language: a section page stays two queries (a count and one page) at any size.
    """

    def _urls(self, page, protocol, domain) -> list[dict]:
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            by_language = []
            for code, _ in settings.LANGUAGES:
                with translation.override(code):
                    by_language.append((code, self._location(url["item"])))
            by_language.append(("x-default", by_language[0][1]))
            url["alternates"] = [
                {"lang_code": code, "location": f"{protocol}://{domain}{path}"}
                for code, path in by_language
            ]
        return urls


# Google News reads stories published in the last two days, at most 1,000 per sitemap
# (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


def latest_story_update() -> datetime.datetime | None:
    return Article.objects.published().aggregate(latest=Max("updated"))["latest"]


class PageSitemap(InEveryLanguage):
    """The home page and the two directories; they change whenever a story does."""

    def items(self) -> list[str]:
        return ["home", "article-list", "entity-list"]

    def location(self, item: str) -> str:
        return reverse(item)

    @cached_property
    def latest(self) -> datetime.datetime | None:
        return latest_story_update()

    def lastmod(self, item: str) -> datetime.datetime | None:
        return self.latest

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return self.latest


class ArticleSitemap(Sitemap):
    """Every published story at its own page, in the language of its copy (its page in the
    other language names that one as canonical); `lastmod` is its last edit. Oldest first, so
    pages stay stable."""

    def items(self) -> ArticleQuerySet:
        return Article.objects.published().only("slug", "language", "updated").order_by("pk")

    def location(self, item: Article) -> str:
        return item.canonical_path()

    def lastmod(self, item: Article) -> datetime.datetime:
        return item.updated

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return latest_story_update()


class EntitySitemap(InEveryLanguage):
    """Entity pages with at least one public mention; `lastmod` is their newest story's edit."""

    def items(self):
        newest = (
            Mention.objects.public()
            .filter(entity=OuterRef("pk"))
            .order_by("-article__updated")
            .values("article__updated")[:1]
        )
        return (
            Entity.objects.annotate(last_story=Subquery(newest))
            .filter(last_story__isnull=False)
            .only("slug")
            .order_by("pk")
        )

    def lastmod(self, item: Entity) -> datetime.datetime:
        return item.last_story

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return Mention.objects.public().aggregate(latest=Max("article__updated"))["latest"]


def published_since(since: datetime.datetime) -> Q:
    """Stories whose publication (see `seo.publication_date`) falls on or after `since`.

    A story's own date counts whole: one dated the day `since` falls on is still recent.
    """
    return (
        Q(published__gte=since.astimezone(datetime.UTC).date())
        | Q(published__isnull=True, publish_at__gte=since)
        | Q(published__isnull=True, publish_at__isnull=True, created__gte=since)
    )


class NewsSitemap(Sitemap):
    """Google News: published stories of the last two days, newest first."""

    limit = NEWS_LIMIT

    def items(self) -> ArticleQuerySet:
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_since(since))
            .only(
                "slug",
                "title",
                "language",
                "published",
                "published_time",
                "published_utc_offset",
                "publish_at",
                "created",
                "updated",
            )
            .latest_first()
        )

    def location(self, item: Article) -> str:
        return item.canonical_path()

    def lastmod(self, item: Article) -> datetime.datetime:
        return item.updated

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return self.items().aggregate(latest=Max("updated"))["latest"]

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["publication_name"] = settings.SITE_NAME
            url["publication_date"] = seo.isoformat(seo.publication_date(url["item"]))
            url["title"] = seo.xml_text(url["item"].title)
        return urls


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "entities": EntitySitemap,
    "news": NewsSitemap,
}
TEMPLATES = {"news": "sitemaps/news.xml"}


def index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")


def section(request: HttpRequest, section: str) -> HttpResponse:
    template = TEMPLATES.get(section, "sitemap.xml")
    return sitemap_views.sitemap(request, SITEMAPS, section=section, template_name=template)


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl everything readers see; not the editors' desk, nor the API (the pages say it all)."""
    context = {
        "sitemaps": [
            request.build_absolute_uri(reverse("sitemap")),
            request.build_absolute_uri(reverse("sitemap-section", kwargs={"section": "news"})),
        ]
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
