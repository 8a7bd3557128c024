"""Stories, the outlets they come from, and the entities they mention.

Every public read starts from `Article.objects.published()`, `Mention.objects.public()` or
`Article.objects.mentioning(entity, live=True)` (the same rule, read from the mention's copies):
that is how drafts and unconfirmed suggestions never reach readers or integrators.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from articles.html import seal_if_clean
from articles.published import PublicationTime
from entities.models import Entity
from newsroom.paths import site_language, slug_path
from newsroom.text import control_character_errors, unique_slug


class Source(models.Model):
    """The outlet or agency a story comes from (Trend, Azernews, Kabar, MENAFN...)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Source, self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if errors := control_character_errors({"name": self.name}):
            raise ValidationError(errors)


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class MentionStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


# The sort key of an undated story: earlier than any date, so undated stories sort last when the
# newest come first, on every database (PostgreSQL puts NULLs first in a descending index).
UNDATED = datetime.date(1, 1, 1)
LATEST_FIRST = ("-sort_date", "-id")
MENTION_LATEST_FIRST = ("-mentions__article_date", "-mentions__article_id")
# Set on a story query once `mentioning(live=True)` has applied the readers' rule.
VISIBLE_VIA_MENTIONS = "newsroom_visible_via_mentions"
# (the query's conditions then, the mentions to count instead): see ArticleQuerySet.count().
MENTION_COUNT = "newsroom_mention_count"


def live_q(prefix: str = "", now: datetime.datetime | None = None) -> Q:
    """Published and not scheduled for later: what readers may see, as of this moment.

    Evaluated per query, so a story scheduled for 09:00 goes live at 09:00 with no cron job.
    `prefix` reaches an article through a relation, e.g. `"article__"` from a mention; `now`
    is the moment (a prepared query passes its own, `newsroom.prepared`).
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status": ArticleStatus.PUBLISHED}) & (
        Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now})
    )


CARD_MENTION_FIELDS = (
    "article_id",
    "entity_id",
    "status",
    "count",
    # Search results highlight the entities a query names (articles.search.add_snippets).
    "surface_forms",
    "spans",
    "entity__slug",
    "entity__name",
    "entity__kind",
)


def is_live(status: str, publish_at, now=None) -> bool:
    """`live_q()` for one story's values: published, and its publish time (if any) has come."""
    return status == ArticleStatus.PUBLISHED and (
        publish_at is None or publish_at <= (now or timezone.now())
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, now: datetime.datetime | None = None) -> "ArticleQuerySet":
        """Stories readers may see: published, and live (their publish time, if any, has come).

        After `mentioning(..., live=True)`, which has applied the same rule through the
        mention's copies, nothing is added: the story-side test would make every count read
        each story row.
        """
        if getattr(self.query, VISIBLE_VIA_MENTIONS, False):
            return self._chain()
        return self.filter(live_q(now=now))

    def __or__(self, other):
        # Either side may hold stories the other's visibility rule excluded.
        combined = super().__or__(other)
        setattr(combined.query, VISIBLE_VIA_MENTIONS, False)
        setattr(combined.query, MENTION_COUNT, None)
        return combined

    def __xor__(self, other):
        combined = super().__xor__(other)
        setattr(combined.query, VISIBLE_VIA_MENTIONS, False)
        setattr(combined.query, MENTION_COUNT, None)
        return combined

    def mentioning(
        self, *entities: Entity | int, live: bool = False, now: datetime.datetime | None = None
    ) -> "ArticleQuerySet":
        """Stories with a confirmed mention of every entity given (all must match).

        The first entity is joined, the others tested with EXISTS. `live=True` also asks that
        the story be live, through the mention's copies of its status and publish time: the
        whole of `published()`'s rule, so a public list need not repeat it on the story row.
        The join then reads one range of the `mention_entity_timeline` index, a newest-first
        list walks it in date order (LIMIT 50 reads 50 entries, not the entity's 26,000), and
        a count reads the index alone.
        """
        if not entities:
            return self
        first, *others = entities
        join = Q(mentions__entity=first, mentions__status=MentionStatus.CONFIRMED)
        if live:
            join &= live_q("mentions__article_", now=now)
        stories = self.filter(join)
        if live:
            # Cloned with the query (Query.clone copies its attributes): published() reads it.
            setattr(stories.query, VISIBLE_VIA_MENTIONS, True)
        if live and stories.query.order_by in ((), LATEST_FIRST):
            # The same order, read from the joined mention row: article_date is sort_date.
            stories = stories.order_by(*MENTION_LATEST_FIRST)
        for entity in others:
            stories = stories.filter(
                Exists(Mention.objects.confirmed().filter(article=OuterRef("pk"), entity=entity))
            )
        if live:
            counted = Mention.objects.public(now=now).filter(entity=first)
            for entity in others:
                both = Mention.objects.confirmed().filter(
                    article=OuterRef("article"), entity=entity
                )
                counted = counted.filter(Exists(both))
            setattr(stories.query, MENTION_COUNT, (stories.query.where.clone(), counted))
        return stories

    def count(self) -> int:
        """As QuerySet.count(), but a live entity list that nothing has narrowed since
        `mentioning(live=True)` is counted on the entity's mentions: the index range alone,
        without a join to each story row (2 ms instead of 100 ms for 20,000 stories)."""
        spec = getattr(self.query, MENTION_COUNT, None)
        if (
            spec is not None
            and self._result_cache is None
            and not self.query.is_sliced
            and not self.query.distinct
            and self.query.where == spec[0]
        ):
            return spec[1].count()
        return super().count()

    def latest_first(self) -> "ArticleQuerySet":
        """Newest first, undated last: the order the `article_latest` index walks (or, after
        `mentioning(live=True)`, the same order read from the mention index)."""
        if self.query.order_by == MENTION_LATEST_FIRST:
            return self
        return self.order_by(*LATEST_FIRST)

    def with_cards(self, *, full_mentions: bool = False) -> "ArticleQuerySet":
        """What a list of story cards needs (source, confirmed mentions), in a fixed number of
        queries. Cards show no tags: add `with_tags()` where a page, feed or API response does.

        A card names its entities and nothing more of each mention, so only those columns are
        read (50 stories' 500 mentions: about a third of the time); a story's own page, which
        shows surface forms and spans, asks for `full_mentions`.
        """
        mentions = Mention.objects.confirmed().select_related("entity")
        if not full_mentions:
            mentions = mentions.only(*CARD_MENTION_FIELDS)
        return self.select_related("source").prefetch_related(
            Prefetch(
                "mentions",
                queryset=mentions.order_by("-count", "entity__name"),
                to_attr="confirmed_mentions",
            ),
        )

    def with_tags(self) -> "ArticleQuerySet":
        return self.prefetch_related("tags")


class Article(PublicationTime, models.Model):
    Status = ArticleStatus

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="Follows the headline until the story is first published; fixed from then on.",
    )
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Sanitised HTML.")
    text = models.TextField(blank=True, editable=False, help_text="Plain text, for search.")
    language = models.CharField(max_length=8, default="en", help_text="ISO 639-1 code.")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="articles", null=True, blank=True
    )
    byline = models.CharField(max_length=200, blank=True)
    dateline = models.CharField(max_length=100, blank=True)
    published = models.DateField(
        null=True, blank=True, db_index=True, help_text="The story's date; empty when unknown."
    )
    # The time as the copy states it, never converted: with a zone it names an instant
    # (`published_moment`); without one it is the agency's local clock, and no zone is claimed.
    published_time = models.TimeField(
        null=True,
        blank=True,
        help_text="The story's time of publication as the copy states it; empty when unknown.",
    )
    published_utc_offset = models.SmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-14 * 60), MaxValueValidator(14 * 60)],
        help_text="The UTC offset of that time in minutes (240 for UTC+04:00), when the copy "
        "names a zone; empty: the agency's local time, zone not stated.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Publish time: a published story stays hidden from readers until then. "
        "Empty means as soon as it is published.",
    )
    body_seal = models.CharField(  # noqa: DJ001 (see null=True below)
        max_length=64,
        null=True,  # NULL, not "": SQLite adds a nullable column in place, keeping its triggers
        blank=True,
        editable=False,
        help_text="Keyed hash saying the body was sanitised under the current policy "
        "(articles.html); a body without a valid one is sanitised again when shown.",
    )
    original = models.BinaryField(
        editable=False, default=bytes, help_text="The file exactly as received."
    )
    original_filename = models.CharField(max_length=255, blank=True, editable=False)
    original_url = models.URLField(blank=True, max_length=500)
    content_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    first_published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the story was first set to published; its slug is fixed from then on.",
    )
    # A live story's edits wait here until an Editor publishes them (`articles.drafts`): readers
    # keep the columns above. Both nullable, so SQLite adds them in place, keeping its triggers.
    draft = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="Unpublished changes to a published story's words and metadata.",
    )
    draft_saved_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the unpublished changes were last saved; empty when there are none.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who first published the story.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    entities = models.ManyToManyField(Entity, through="Mention", related_name="articles")
    tags = TaggableManager(blank=True)
    # The tag rows themselves, so a story's revisions (articles.history) record its tags.
    tagged_items = GenericRelation(TaggedItem, related_query_name="article")
    sort_date = models.GeneratedField(
        expression=Coalesce("published", Value(UNDATED, output_field=models.DateField())),
        output_field=models.DateField(),
        db_persist=True,
        help_text="The published date, or the earliest date when there is none: what lists "
        "sort by, so one index serves 'newest first, undated last' on every database.",
    )
    search_vector = SearchVectorField(
        null=True,
        editable=False,
        help_text="PostgreSQL only: headline and text for full-text search, set by a trigger "
        "(articles.search). SQLite keeps its own index table.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-sort_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
        ]
        indexes = [
            # publish_at last, so "live now" is read from the index alone: on SQLite the row's
            # status and publish time sit behind the body, in overflow pages.
            models.Index(
                fields=["status", "-sort_date", "-id", "publish_at"], name="article_latest_live"
            ),
            models.Index(fields=["status", "language", "-sort_date"], name="article_status_lang"),
            # publish_at too: a source's count of live stories is read from the index alone.
            models.Index(
                fields=["source", "status", "-sort_date", "publish_at"], name="article_source"
            ),
            models.Index(fields=["-updated"], name="article_updated"),
            models.Index(
                fields=["publish_at"],
                condition=Q(status=ArticleStatus.PUBLISHED, publish_at__isnull=False),
                name="article_scheduled",
            ),
        ]
        permissions = [("publish_article", "Can publish, schedule and archive stories")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Article, self.title)
        if not self._state.adding:
            # Every write path bumps the version, so ETags and stale-form checks can't be skipped.
            self.version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_seal = seal_if_clean(self.body, self.body_seal)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_seal"}
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            # Recorded on every write path, so the slug is fixed however the story was published.
            self.first_published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The story's page in the language of the page linking to it (`/ru/...` from Russian
        pages, the unprefixed address from English ones): a reader keeps the interface they
        chose, and links to stories stay the addresses they always were."""
        return slug_path("article-detail", self.slug)

    # Plain-text fields: no control characters (`newsroom.text.control_character_error`).
    TEXT_FIELDS = ("title", "summary", "byline", "dateline")

    def input_errors(self) -> dict[str, list[str]]:
        """What no write may store, by field: control characters in plain text, and a published
        story without a source (readers and feeds credit every published story to its outlet;
        a draft may lack one until an editor finds it). The services refuse a write with these
        on every path; `clean` shows them on the admin's form."""
        errors = control_character_errors({name: getattr(self, name) for name in self.TEXT_FIELDS})
        # A source may be set but not stored yet (an import stores it with its first story).
        unsourced = self.source_id is None and self._state.fields_cache.get("source") is None
        if self.status == ArticleStatus.PUBLISHED and unsourced:
            errors.setdefault("source", []).append(
                gettext("A published story needs a source: choose the outlet it comes from.")
            )
        return errors

    def clean(self) -> None:
        if errors := self.input_errors():
            raise ValidationError(errors)

    def canonical_path(self) -> str:
        """The story's own page: the interface in the language of its copy (a Russian story's
        is `/ru/articles/...`, docs/i18n.md). Its page in the other language names this one
        as canonical; the sitemap, link previews and JSON-LD give it. A language the site has
        no interface in: the English page."""
        return slug_path("article-detail", self.slug, site_language(self.language) or "en")

    @property
    def is_published(self) -> bool:
        """Visible to readers now: published, and its publish time (if any) has come."""
        return is_live(self.status, self.publish_at)

    @property
    def has_unpublished_changes(self) -> bool:
        """A published story with edits readers do not see yet (`articles.drafts`)."""
        return self.draft_saved_at is not None

    @property
    def slug_is_fixed(self) -> bool:
        """Once a story has been published its URL is public: the slug never changes again."""
        return self.first_published_at is not None or self.status in (
            self.Status.PUBLISHED,
            self.Status.ARCHIVED,
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def original_text(self) -> str:
        """The original file decoded for display; the bytes themselves stay untouched."""
        return bytes(self.original).decode("utf-8", errors="replace")


class MentionQuerySet(models.QuerySet):
    def confirmed(self) -> "MentionQuerySet":
        return self.filter(status=Mention.Status.CONFIRMED)

    def public(self, now: datetime.datetime | None = None) -> "MentionQuerySet":
        """Confirmed mentions in published stories: all a reader may see.

        Read from the mention's own copies of the story's status and publish time, so counts
        and aggregates over an entity's mentions never join the article table.
        """
        return self.confirmed().filter(live_q("article_", now=now))


class Mention(models.Model):
    """An article naming an entity: suggested by linking, confirmed or rejected by an editor."""

    Status = MentionStatus

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUGGESTED)
    surface_forms = models.JSONField(
        default=list, blank=True, help_text="The forms found in the text, e.g. ['Гафаровой']."
    )
    spans = models.JSONField(
        default=list, blank=True, help_text="[start, end] character offsets into the plain text."
    )
    count = models.PositiveIntegerField(default=0)
    confidence = models.FloatField(default=1.0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Copies of the story's status, sort date and publish time, written by database triggers
    # on every insert and update of either row (migration 0008), whatever the write path: an
    # entity's public stories are then one index range, already in date order.
    article_status = models.CharField(max_length=16, default="", editable=False)
    article_date = models.DateField(default=UNDATED, editable=False)
    article_publish_at = models.DateTimeField(null=True, editable=False)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "-count"]
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="mention_unique"),
            models.CheckConstraint(
                condition=Q(status__in=MentionStatus.values), name="mention_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="mention_confidence_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=[
                    "entity",
                    "status",
                    "article_status",
                    "-article_date",
                    "-article",
                    "article_publish_at",
                ],
                name="mention_entity_timeline",
            ),
            # A story's confirmed entities, read from the index alone (cards, co-occurrence).
            models.Index(fields=["article", "status", "entity"], name="mention_article_entities"),
        ]

    def __str__(self) -> str:
        return f"{self.entity} in {self.article} ({self.status})"


class AuditAction(models.TextChoices):
    SUBMIT = "submit", "Submitted for review"
    RETURN = "return", "Returned to draft"
    PUBLISH = "publish", "Published"
    SCHEDULE = "schedule", "Scheduled"
    UNPUBLISH = "unpublish", "Unpublished"
    ARCHIVE = "archive", "Archived"
    WENT_LIVE = "live", "Went live"
    DELETE = "delete", "Deleted"
    MERGE = "merge", "Merged entities"
    RESTORE = "restore", "Restored a version"
    MENTIONS = "mentions", "Decided entity mentions"
    PROPOSALS = "proposals", "Decided entity proposals"
    ALIASES = "aliases", "Decided alias suggestions"
    ALIAS_CLEANUP = "alias_cleanup", "Removed polluted aliases"


class AuditEvent(models.Model):
    """One publishing, merging or deleting decision: who, what, when (see `articles.audit`).

    Kept apart from the admin's LogEntry, which only knows single objects changed in the admin:
    these also come from the API, imports and commands, and a merge touches many objects. The
    object is named by type, id and text, so the record outlives a deleted story or entity.
    """

    Action = AuditAction

    action = models.CharField(max_length=16, choices=AuditAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    via = models.CharField(max_length=16, blank=True, help_text="admin, api, import or command")

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AuditAction.values), name="auditevent_action_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.object_repr}"


# Defined beside, imported here so Django finds it (and this module stays readable).
from articles.proposals import EntityProposal, ProposalStatus  # noqa: E402, F401
from articles.suggestions import AliasSuggestion, AliasSuggestionStatus  # noqa: E402, F401
