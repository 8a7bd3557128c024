"""Stories and sources as integrators read and write them.

Reading: a list item is the card every list shares; the detail adds the body, the plain text and
the mentions. Writing has its own serializers, so what can be set is listed in one place: no
version, hash, original bytes or timestamps, and a slug only when a story is created. Every input
is checked for type, length and shape before it reaches the database.
"""

import datetime
import re
from collections.abc import Callable, Sequence

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.cards import CARD_COLUMNS, entities_of, sources_of, tags_of
from articles.html import stored_body_html
from articles.models import Article, Mention, Source, is_live
from articles.selectors import cooccurring_entities
from entities.api import (
    EntityCardSerializer,
    EntityDetailSerializer,
    EntitySerializer,
    WebURLField,
)
from newsroom.paths import PLAIN_SLUG, slug_path, slug_path_parts

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
HTTP_URL = re.compile(r"https?://[^\s/?#\x00]+[^\s\x00]*")
MAX_TAGS = 20


class SourceCardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "name"]


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    website = serializers.CharField(source="url", help_text="The outlet's own site, or empty.")
    article_count = serializers.IntegerField(help_text="Published stories from this source.")

    class Meta:
        model = Source
        fields = ["id", "slug", "url", "name", "website", "article_count"]


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class StoryWebURLField(WebURLField):
    """The public page of a story readers can see now; null for any other story."""

    def to_representation(self, value):
        return super().to_representation(value) if value.is_published else None


def absolute_url_maker(context: dict, view_name: str) -> Callable[[str], str]:
    """`slug -> absolute URL of view_name`, with no reverse() per story (`newsroom.paths`).

    Slugs are URL-safe (letters, digits, hyphens, underscores), so putting one between the
    parts of the view's address gives exactly what reverse() would.
    """
    makers = context.setdefault("_url_makers", {})
    if view_name not in makers:
        head, tail = slug_path_parts(view_name)
        request = context.get("request")
        if request is not None:
            head = request.build_absolute_uri(head)
        makers[view_name] = lambda slug: (
            f"{head}{slug}{tail}"
            if PLAIN_SLUG.fullmatch(slug)
            else _absolute(request, view_name, slug)
        )
    return makers[view_name]


def _absolute(request, view_name: str, slug: str) -> str:
    path = slug_path(view_name, slug)
    return request.build_absolute_uri(path) if request is not None else path


def iso_datetime(value: datetime.datetime | None, zone=None) -> str | None:
    """A time as DRF's DateTimeField writes it: ISO 8601 in the current time zone (or `zone`,
    when a caller writing many has looked it up once), UTC as Z."""
    if value is None:
        return None
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class ArticleSerializer(serializers.ModelSerializer):
    """A story in a list.

    The declared fields describe the representation (the OpenAPI schema is made from them);
    `to_representation` builds the same dictionary directly, as hot lists of 50 stories with
    500 entities spend most of their time in per-field serializer calls otherwise. A test
    holds the two to the same output (tests/test_api_fast_representation.py).
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    web_url = StoryWebURLField()
    source = SourceCardSerializer(allow_null=True)
    tags = serializers.SerializerMethodField()
    entities = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "url",
            "web_url",
            "title",
            "summary",
            "language",
            "published",
            "dateline",
            "byline",
            "source",
            "tags",
            "entities",
            "status",
            "publish_at",
            "created",
            "updated",
            "version",
        ]
        read_only_fields = fields

    def get_tags(self, article: Article) -> list[str]:
        return sorted(tag.name for tag in article.tags.all())

    @extend_schema_field(EntityCardSerializer(many=True))
    def get_entities(self, article: Article) -> list[dict]:
        """The entities the story is confirmed to mention, most mentioned first."""
        return [entity_card(mention.entity) for mention in article.confirmed_mentions]

    def to_representation(self, article: Article) -> dict:
        row = {column: getattr(article, column) for column in CARD_COLUMNS}
        source = article.source
        return story_card(
            row,
            source={"slug": source.slug, "name": source.name} if source is not None else None,
            tags=self.get_tags(article),
            entities=self.get_entities(article),
            context=self.context,
        )

    def field_representation(self, article: Article) -> dict:
        """What DRF's fields would write: the reference the fast path is tested against."""
        return super().to_representation(article)


def entity_card(entity) -> dict:
    """An entity as `EntityCardSerializer` writes it."""
    return {"slug": entity.slug, "name": entity.name, "kind": entity.kind}


def story_cards(rows: Sequence[dict], context: dict) -> list[dict]:
    """`ArticleSerializer(stories, many=True).data` for stories read as `.values(*CARD_COLUMNS)`
    rows, in their order, with three more `.values()` queries (sources, entities, tags) instead
    of model instances: a page of 50 stories names about 500 entities, and building 1,050 model
    objects for them took most of a list request. The three are prepared (`newsroom.prepared`):
    compiling them cost as much as running them.
    """
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    sources, entities, tags = sources_of(rows), entities_of(ids), tags_of(ids)
    now, zone = timezone.now(), timezone.get_current_timezone()
    return [
        story_card(
            row,
            source=sources.get(row["source_id"]),
            tags=sorted(tags[row["id"]]),
            entities=entities[row["id"]],
            context=context,
            now=now,
            zone=zone,
        )
        for row in rows
    ]


def detail_from_row(row: dict, mentions: Sequence[dict], context: dict) -> dict:
    """`ArticleDetailSerializer(story).data` for a story read as a row: `CARD_COLUMNS`, body,
    body_seal, text, original_url, source__slug and source__name; and its confirmed mentions as
    `.values()` rows (entity slug, name and kind, status, surface forms, spans, count), most
    mentioned first."""
    data = story_card(
        row,
        source=(
            {"slug": row["source__slug"], "name": row["source__name"]}
            if row["source_id"] is not None
            else None
        ),
        tags=sorted(tags_of([row["id"]])[row["id"]]),
        entities=[
            {"slug": m["entity__slug"], "name": m["entity__name"], "kind": m["entity__kind"]}
            for m in mentions
        ],
        context=context,
    )
    data["body_html"] = stored_body_html(row["body"], row["text"], row["body_seal"])
    data["text"] = row["text"]
    data["original_url"] = row["original_url"]
    data["mentions"] = [
        {
            "entity": {
                "slug": m["entity__slug"],
                "name": m["entity__name"],
                "kind": m["entity__kind"],
            },
            "status": m["status"],
            # Decoded from the JSON column just now: lists of their own, nothing to copy.
            "surface_forms": m["surface_forms"],
            "spans": m["spans"],
            "count": m["count"],
        }
        for m in mentions
    ]
    return data


def story_card(
    row: dict,
    *,
    source: dict | None,
    tags: list,
    entities: list,
    context: dict,
    now=None,
    zone=None,
) -> dict:
    """A story in a list, from its `CARD_COLUMNS` values: the one place the card is built."""
    slug, published = row["slug"], row["published"]
    zone = zone or timezone.get_current_timezone()
    live = is_live(row["status"], row["publish_at"], now)
    return {
        "id": row["id"],
        "slug": slug,
        "url": absolute_url_maker(context, "api:article-detail")(slug),
        "web_url": absolute_url_maker(context, "article-detail")(slug) if live else None,
        "title": row["title"],
        "summary": row["summary"],
        "language": row["language"],
        "published": published.isoformat() if published is not None else None,
        "dateline": row["dateline"],
        "byline": row["byline"],
        "source": source,
        "tags": tags,
        "entities": entities,
        "status": row["status"],
        "publish_at": iso_datetime(row["publish_at"], zone),
        "created": iso_datetime(row["created"], zone),
        "updated": iso_datetime(row["updated"], zone),
        "version": row["version"],
    }


class MentionSerializer(serializers.ModelSerializer):
    entity = EntityCardSerializer()
    surface_forms = serializers.ListField(
        child=serializers.CharField(), help_text="The forms found in the text."
    )
    spans = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        help_text="[start, end) character offsets into `text`.",
    )

    class Meta:
        model = Mention
        fields = ["entity", "status", "surface_forms", "spans", "count"]


class ArticleDetailSerializer(ArticleSerializer):
    """One story: the list card plus the body, the plain text, the source URL and the mentions."""

    body_html = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body_html", "text", "original_url", "mentions"]
        read_only_fields = fields

    original_url = serializers.CharField(help_text="Where the story was first published, or empty.")

    def get_body_html(self, article: Article) -> str:
        """Sanitised HTML; a story stored as plain text gets one paragraph per block."""
        return stored_body_html(article.body, article.text, article.body_seal)

    @extend_schema_field(MentionSerializer(many=True))
    def get_mentions(self, article: Article) -> list[dict]:
        """Confirmed mentions; callers who may see unpublished stories get every status."""
        mentions = getattr(article, "visible_mentions", article.confirmed_mentions)
        return [
            {
                "entity": entity_card(mention.entity),
                "status": mention.status,
                "surface_forms": list(mention.surface_forms),
                "spans": [list(span) for span in mention.spans],
                "count": mention.count,
            }
            for mention in mentions
        ]

    def to_representation(self, article: Article) -> dict:
        data = super().to_representation(article)
        data["body_html"] = self.get_body_html(article)
        data["text"] = article.text
        data["original_url"] = article.original_url
        data["mentions"] = self.get_mentions(article)
        return data


class StoryEntitySerializer(EntitySerializer):
    """An entity with the count of published stories confirmed to mention it."""

    article_count = serializers.IntegerField(source="story_count")

    class Meta(EntitySerializer.Meta):
        fields = [*EntitySerializer.Meta.fields, "article_count"]


class RelatedEntitySerializer(serializers.Serializer):
    slug = serializers.CharField(source="entity__slug")
    name = serializers.CharField(source="entity__name")
    kind = serializers.CharField(source="entity__kind")
    shared = serializers.IntegerField(help_text="Published stories mentioning both.")


class StoryEntityDetailSerializer(EntityDetailSerializer):
    article_count = serializers.IntegerField(source="story_count")
    related = serializers.SerializerMethodField()

    class Meta(EntityDetailSerializer.Meta):
        fields = [*EntityDetailSerializer.Meta.fields, "article_count", "related"]

    @extend_schema_field(RelatedEntitySerializer(many=True))
    def get_related(self, entity) -> list[dict]:
        """Entities sharing published stories with this one, most shared first."""
        return RelatedEntitySerializer(cooccurring_entities(entity), many=True).data


# Writing


class TextField(serializers.CharField):
    """A string, never a number or a boolean; the length is checked before trimming."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


@extend_schema_field(
    {"type": "string", "pattern": f"^{SLUG.pattern}$", "maxLength": 200, "nullable": True}
)
class SourceSlugField(serializers.Field):
    """A source named by its slug; an unknown one is an error naming it."""

    default_error_messages = {
        "invalid": "Give the source as its slug.",
        "does_not_exist": "There is no source “{value}”.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or not SLUG.fullmatch(data):
            self.fail("invalid")
        source = Source.objects.filter(slug=data).first()
        if source is None:
            self.fail("does_not_exist", value=data)
        return source

    def to_representation(self, value):
        return value.slug


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 500,
        "pattern": f"^{HTTP_URL.pattern}$",
        "description": "An http or https address.",
    }
)
class HTTPURLField(TextField):
    default_error_messages = {"invalid_url": "Enter an http:// or https:// address."}

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value and not HTTP_URL.fullmatch(value):
            self.fail("invalid_url")
        return value


class ArticleWriteSerializer(serializers.Serializer):
    """What a story's editor may set. Publishing rights are checked apart (see `writes`)."""

    title = TextField(max_length=300)
    summary = TextField(max_length=5000, allow_blank=True, required=False)
    body_html = TextField(
        max_length=1_000_000,
        allow_blank=True,
        required=False,
        trim_whitespace=False,
        help_text="HTML; reduced to the editorial subset (paragraphs, headings, lists, links, "
        "emphasis, blockquote) when stored. The plain text is derived from it.",
    )
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    source = SourceSlugField(required=False, allow_null=True)
    byline = TextField(max_length=200, allow_blank=True, required=False)
    dateline = TextField(max_length=100, allow_blank=True, required=False)
    published = serializers.DateField(allow_null=True, required=False)
    status = serializers.ChoiceField(
        choices=Article.Status.choices,
        required=False,
        help_text="published and archived need the publish permission.",
    )
    publish_at = serializers.DateTimeField(
        allow_null=True,
        required=False,
        help_text="A published story stays hidden until then; needs the publish permission.",
    )
    original_url = HTTPURLField(max_length=500, allow_blank=True, required=False)
    tags = serializers.ListField(
        child=TextField(max_length=100), max_length=MAX_TAGS, required=False
    )


@extend_schema_field({"type": "string", "pattern": f"^{SLUG.pattern}$", "maxLength": 120})
class SlugField(TextField):
    default_error_messages = {
        "invalid_slug": "A slug has only letters, digits, hyphens and underscores."
    }

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not SLUG.fullmatch(value):
            self.fail("invalid_slug")
        return value


class ArticleCreateSerializer(ArticleWriteSerializer):
    slug = SlugField(
        max_length=120,
        required=False,
        help_text="Made from the title when left out; never changes afterwards.",
    )
