"""Stories and sources as integrators read and write them.

Reading: a list item is the card every list shares; the detail adds the body, the plain text and
the mentions. Writing has its own serializers, so what can be set is listed in one place: no
version, hash, original bytes or timestamps, and a slug only when a story is created. Every input
is checked for type, length and shape before it reaches the database.
"""

import re

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.html import stored_body_html
from articles.models import Article, Mention, Source
from articles.reads.api import add_detail, entity_card, instance_values, story_card
from articles.reads.fields import (
    CARD_COLUMNS,
    DETAIL_FIELDS,
    LIST_FIELDS,
    MENTION_COLUMNS,
    STORY_COLUMNS,
)
from articles.selectors import cooccurring_entities
from entities.api import (
    EntityCardSerializer,
    EntityDetailSerializer,
    EntitySerializer,
    WebURLField,
)
from newsroom.rest import RejectUnknownFields
from newsroom.text import control_character_error

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
# No spaces or control characters, spelled out rather than `\s`: Python's `\s` also matches
# U+001C to U+001F, ECMAScript's (the schema's pattern) does not, and both must agree.
_URL_CHAR = r"[^\u0000-\u0020\u007f-\u00a0\u2028\u2029"
HTTP_URL = re.compile(rf"https?://{_URL_CHAR}/?#]+{_URL_CHAR}]*")
MAX_TAGS = 20


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
        "example": "19:19:00",
        "nullable": True,
    }
)
class ClockTimeField(serializers.TimeField):
    """A time of day as the copy states it ("19:19:00"), with no zone: OpenAPI's `format: time`
    is RFC 3339's, which requires one, so the schema gives the pattern instead."""


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


class ArticleSerializer(serializers.ModelSerializer):
    """A story in a list.

    The declared fields describe the representation (the OpenAPI schema is made from them);
    `to_representation` builds the same dictionary directly (`articles.reads.api`), as hot
    lists of 50 stories with 500 entities spend most of their time in per-field serializer
    calls otherwise. A test holds the two to the same output
    (tests/test_api_fast_representation.py). The fields are the specification's
    (`articles.reads.fields`).
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    web_url = StoryWebURLField()
    source = SourceCardSerializer(allow_null=True)
    tags = serializers.SerializerMethodField()
    entities = serializers.SerializerMethodField()
    has_unpublished_changes = serializers.BooleanField(
        read_only=True,
        help_text="The story is published and has edits readers do not see yet; editors read "
        "them at `draft/`, and an editor makes them live with `publish-changes/`.",
    )
    published_time = ClockTimeField(
        read_only=True,
        allow_null=True,
        help_text="The time of publication as the copy states it, on `published`'s date; "
        "null when the copy gives none.",
    )

    class Meta:
        model = Article
        fields = [f.name for f in LIST_FIELDS]
        read_only_fields = fields

    def get_tags(self, article: Article) -> list[str]:
        return sorted(tag.name for tag in article.tags.all())

    @extend_schema_field(EntityCardSerializer(many=True))
    def get_entities(self, article: Article) -> list[dict]:
        """The entities the story is confirmed to mention, most mentioned first."""
        return [entity_card(mention.entity) for mention in article.confirmed_mentions]

    def to_representation(self, article: Article) -> dict:
        source = article.source
        return story_card(
            instance_values(article, CARD_COLUMNS),
            source={"slug": source.slug, "name": source.name} if source is not None else None,
            tags=self.get_tags(article),
            entities=self.get_entities(article),
            context=self.context,
        )

    def field_representation(self, article: Article) -> dict:
        """What DRF's fields would write: the reference the fast path is tested against."""
        return super().to_representation(article)


class MentionSerializer(serializers.ModelSerializer):
    entity = EntityCardSerializer()
    surface_forms = serializers.ListField(
        child=serializers.CharField(), help_text="The forms found in the text."
    )
    spans = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        help_text="[start, end) character offsets into `text`, one per occurrence, sorted by "
        "start; the spans of one mention never overlap one another. Spans of different mentions "
        "may overlap: each mention is one entity's reading of the text, and a caller who sees "
        "every status may get a rejected or suggested reading under a confirmed one, or a name "
        "inside another that an editor confirmed too.",
    )

    class Meta:
        model = Mention
        fields = ["entity", *MENTION_COLUMNS]


class ArticleDetailSerializer(ArticleSerializer):
    """One story: the list card plus the body, the plain text, the source URL and the mentions."""

    body_html = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, *(f.name for f in DETAIL_FIELDS)]
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
        item = super().to_representation(article)
        values = instance_values(article, STORY_COLUMNS)
        return add_detail(item, values, self.get_mentions(article))


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
    """A string, never a number or a boolean; the length is checked before trimming, and so
    are control characters in plain text (`plain=False` for markup), as the schema's pattern
    says: trimming would quietly drop some of them (U+001F is whitespace to Python)."""

    def __init__(self, *, plain: bool = True, **kwargs):
        self.plain = plain
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        if self.plain and (error := control_character_error(data)):
            raise serializers.ValidationError(error)
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
        kwargs.setdefault("plain", False)  # its own pattern says what an address may hold
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value and not HTTP_URL.fullmatch(value):
            self.fail("invalid_url")
        return value


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


class ArticleWriteSerializer(RejectUnknownFields, serializers.Serializer):
    """What a story's editor may set. Publishing rights are checked apart (see `writes`).

    A field not listed here is a 400 naming it (`body` for `body_html` would otherwise create a
    story with no body), as the schema's `additionalProperties: false` says.
    """

    title = TextField(
        max_length=300,
        help_text="Plain text, as are `summary`, `byline`, `dateline` and tags: a control "
        "character other than tab or line break is a 400 naming the field.",
    )
    summary = TextField(max_length=5000, allow_blank=True, required=False)
    body_html = TextField(
        plain=False,
        max_length=1_000_000,
        allow_blank=True,
        required=False,
        trim_whitespace=False,
        help_text="HTML; reduced to the editorial subset (paragraphs, headings, lists, links, "
        "emphasis, blockquote) when stored. The plain text is derived from it.",
    )
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    source = SourceSlugField(
        required=False,
        allow_null=True,
        help_text="The outlet's slug. A draft may have none; a published story needs one "
        "(400 naming `source` otherwise).",
    )
    byline = TextField(max_length=200, allow_blank=True, required=False)
    dateline = TextField(max_length=100, allow_blank=True, required=False)
    published = serializers.DateField(allow_null=True, required=False)
    published_time = ClockTimeField(
        allow_null=True,
        required=False,
        help_text="The time of publication as the copy states it, on `published`'s date.",
    )
    published_utc_offset = serializers.IntegerField(
        min_value=-14 * 60,
        max_value=14 * 60,
        allow_null=True,
        required=False,
        help_text="Minutes east of UTC of `published_time` (240 for UTC+04:00) when the copy "
        "names a zone; null: the agency's local time, zone not stated.",
    )
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


class ArticleCreateSerializer(ArticleWriteSerializer):
    """A new story: the slug may be chosen, once."""

    slug = SlugField(
        max_length=120,
        required=False,
        help_text="Made from the title when left out; never changes afterwards.",
    )
