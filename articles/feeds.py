"""RSS 2.0 and Atom feeds of published stories: the whole site, and the stories of one entity.

Items come from `Article.objects.published()` with confirmed mentions and tags prefetched
(`with_cards()`), so a feed costs the same few queries however many items it holds, and no draft
or unconfirmed mention can reach it. Dates follow `feed_moment` (never an import time); the guid
is the story's URL, which never changes once published.
"""

import datetime
import html
from collections.abc import Iterable

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext

from articles import seo
from articles.models import Article, ArticleQuerySet
from entities import names
from entities.models import Entity, EntityRedirect
from entities.names import entity_name

FEED_LENGTH = 50
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class RssWithLanguages(Rss201rev2Feed):
    """RSS 2.0, with each item's language as Dublin Core `dc:language` (RSS has no element)."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])


class AtomWithLanguages(Atom1Feed):
    """Atom, with each entry's language as `xml:lang` (RFC 4287, section 2)."""

    def item_attributes(self, item) -> dict[str, str]:
        return {"xml:lang": item["language"]} if item.get("language") else {}


def feed_moment(article: Article) -> datetime.datetime | None:
    """When a story became news, for feeds: the instant its copy states (date, time and zone:
    `Article.published_moment`), else its own date (midnight UTC; a time without a zone names
    no instant, so none is claimed for it), else the publish time
    an editor set. Never when it was imported, saved or first published here: a story whose
    date is unknown may be old, and a feed reader would show it above newer ones. None: the
    story has no such moment; its item then carries no publication date (RSS `pubDate`, Atom
    `published`) and comes after every dated one."""
    if moment := article.published_moment:
        return moment
    if article.published:
        return datetime.datetime.combine(article.published, datetime.time.min, tzinfo=datetime.UTC)
    return article.publish_at


def latest(stories: ArticleQuerySet) -> list[Article]:
    """The FEED_LENGTH stories a feed lists (two queries and their prefetches): those with a
    `feed_moment`, newest first (an undated story with a publish time placed by it), then the
    undated ones, as the story list orders them."""
    listed = list(stories.latest_first().with_cards().with_tags()[:FEED_LENGTH])
    scheduled = (
        stories.filter(published__isnull=True, publish_at__isnull=False)
        .order_by(F("publish_at").desc(), "-id")
        .with_cards()
        .with_tags()[:FEED_LENGTH]
    )
    timed = {story.pk: story for story in [*listed, *scheduled] if feed_moment(story)}
    ordered = sorted(timed.values(), key=lambda s: (feed_moment(s), s.pk), reverse=True)
    return [*ordered, *(story for story in listed if not feed_moment(story))][:FEED_LENGTH]


def expecting_names(stories: Iterable[Article]) -> list[Article]:
    """The stories, their entities announced (`entities.names`): one query names them all."""
    stories = list(stories)
    names.expect(m.entity.slug for story in stories for m in story.confirmed_mentions)
    return stories


class LatestStoriesFeed(Feed):
    """The latest published stories of the whole site, as RSS 2.0."""

    feed_type = RssWithLanguages

    # No `language`: Django uses the active one, the language of the address (`/feeds/...`
    # English, `/ru/feeds/...` Russian), as the feed's own words are; each item has its own.

    def title(self) -> str:
        return gettext("%(site)s: latest stories") % {"site": settings.SITE_NAME}

    def link(self) -> str:
        return reverse("article-list")

    def description(self) -> str:
        return gettext("The latest stories published on %(site)s.") % {"site": settings.SITE_NAME}

    def author_name(self) -> str:
        # Atom wants an author for every entry; the site stands in for stories without a byline.
        return settings.SITE_NAME

    def items(self) -> list[Article]:
        return expecting_names(latest(Article.objects.published()))

    def item_title(self, item: Article) -> str:
        return seo.xml_text(item.title)

    def item_description(self, item: Article) -> str:
        # Feed descriptions are read as HTML: the plain-text excerpt is escaped to mean itself.
        return html.escape(seo.xml_text(seo.excerpt(item)), quote=False)

    def item_pubdate(self, item: Article):
        return feed_moment(item)

    def item_updateddate(self, item: Article):
        return item.updated

    def item_author_name(self, item: Article) -> str | None:
        return seo.xml_text(item.byline) or None

    def item_categories(self, item: Article) -> list[str]:
        """Tags, then the confirmed entities' names, each once."""
        names = [*seo.tag_names(item), *(entity_name(m.entity) for m in item.confirmed_mentions)]
        return list(dict.fromkeys(seo.xml_text(name) for name in names))

    def item_extra_kwargs(self, item: Article) -> dict[str, str]:
        return {"language": item.language}


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = AtomWithLanguages

    def subtitle(self) -> str:
        return self.description()


class EntityStoriesFeed(LatestStoriesFeed):
    """The latest published stories confirmed to mention one entity, as RSS 2.0.

    A merged-away entity's old slug moves permanently to the feed of the entity it became.
    """

    url_name = "entity-feed"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            moved = EntityRedirect.objects.select_related("entity").filter(old_slug=kwargs["slug"])
            if target := moved.first():
                return redirect(self.url_name, slug=target.entity.slug, permanent=True)
            raise

    def get_object(self, request: HttpRequest, slug: str) -> Entity:
        return Entity.objects.get(slug=slug)

    def title(self, obj: Entity) -> str:
        return f"{settings.SITE_NAME}: {seo.xml_text(entity_name(obj))}"

    def link(self, obj: Entity) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Entity) -> str:
        # Read as HTML, like an item's description: the name is escaped to mean itself.
        return html.escape(self.subtitle(obj), quote=False)

    def subtitle(self, obj: Entity) -> str:
        """The same sentence as plain text, as Atom's subtitle is (type="text")."""
        return gettext("The latest published stories that mention %(name)s.") % {
            "name": seo.xml_text(entity_name(obj))
        }

    def items(self, obj: Entity) -> list[Article]:
        names.expect([obj.slug])
        return expecting_names(latest(Article.objects.mentioning(obj, live=True)))


class EntityStoriesAtomFeed(EntityStoriesFeed):
    feed_type = AtomWithLanguages
    url_name = "entity-feed-atom"
