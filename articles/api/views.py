"""The API's story, source and entity endpoints.

Anonymous callers (and any without the permission to view or change stories) read from
`Article.objects.published()` and `Mention.objects.public()` only; the entity endpoints always do,
whoever calls. Article responses carry a strong ETag (slug and version for one story, the page's
slugs and versions for a list) and answer `If-None-Match` with 304; writes honour `If-Match`
(RFC 9110, 13.1.1) and answer a stale one with 412.
"""

import hashlib
import re

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from articles import drafts
from articles.api.filters import ArticleAPIFilter, can_see_unpublished
from articles.api.serializers import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    ArticleWriteSerializer,
    SourceSerializer,
    StoryEntityDetailSerializer,
    StoryEntitySerializer,
)
from articles.api.writes import (
    PreconditionFailed,
    decide_changes,
    delete_article,
    save_article,
)
from articles.html import html_to_text
from articles.models import Article, Mention, Source, live_q
from articles.reads.api import story_cards
from articles.reads.fields import CARD_COLUMNS
from articles.reads.lean import lean_stories, lean_story, lean_story_data
from articles.selectors import with_story_counts
from entities import api as entities_api
from entities.models import Entity
from newsroom.rest import QueryParameterGuard

ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    required=True,
    description="Strong validator of this representation; send it back in `If-None-Match` "
    "(304 when unchanged) or, for writes, in `If-Match` (412 when it is stale).",
)
LAST_MODIFIED = OpenApiParameter(
    "Last-Modified",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    required=True,
    description="When the story last changed (HTTP date).",
)
NOT_MODIFIED = OpenApiResponse(description="Not modified: `If-None-Match` matched the ETag.")
CONDITIONAL_WRITE = (
    "Send the ETag you read in `If-Match` so a concurrent change is not overwritten: a stale "
    "one gets 412 and nothing is written; an `If-Match` that is neither `*` nor a list of "
    "entity-tags is a 400 naming the header (a story's tag sent without its quotes is read as "
    "that tag)."
)
UNKNOWN_FIELDS = (
    " A member the API does not know (or may not be set, like `version`) is a 400 naming it; "
    "the story's own `slug` may be sent back unchanged."
)


NO_CHANGES = OpenApiResponse(
    response=OpenApiTypes.OBJECT, description="The story has no unpublished changes."
)


def article_etag(article: Article) -> str:
    return story_etag(article.slug, article.version)


def story_etag(slug: str, version: int) -> str:
    return f'"{slug}.{version}"'


def list_etag(response: Response) -> str:
    """A page's validator: its count, links and each story's slug and version."""
    data = response.data
    parts = [str(data.get("count")), str(data.get("next")), str(data.get("previous"))]
    parts += [f"{item['slug']}.{item['version']}" for item in data.get("results", [])]
    return '"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32] + '"'


def _last_modified(article: Article) -> float:
    return article.updated.timestamp()


# RFC 9110 8.8.3: an entity-tag is an optionally weak, double-quoted string of etagc.
_ENTITY_TAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"')
# A story's own entity-tag with its quotes stripped (`some-slug.3`), as some clients send it.
_BARE_STORY_TAG = re.compile(rf"{entities_api.SLUG_PATTERN}\.[0-9]{{1,10}}")
IF_MATCH_ERROR = (
    "Give If-Match as * or a comma-separated list of entity-tags as the ETag header gave them "
    '(e.g. "some-slug.3").'
)


def if_match_tags(request) -> list[str] | None:
    """The `If-Match` header as entity-tags (None when absent), or a 400 naming the header.

    Django's own parsing drops what it cannot read and then treats the header as absent, so a
    malformed precondition let the write through. Here nothing is dropped: every member must be
    `*` (alone) or an entity-tag; a story's tag sent without its quotes is read as that tag,
    so a stale one is a 412 whether quoted or not.
    """
    raw = request.META.get("HTTP_IF_MATCH")
    if raw is None:
        return None
    if raw.strip() == "*":
        return ["*"]
    tags = []
    for member in raw.split(","):
        member = member.strip(" \t")
        if _ENTITY_TAG.fullmatch(member):
            tags.append(member)
        elif _BARE_STORY_TAG.fullmatch(member):
            tags.append(f'"{member}"')
        else:
            raise ValidationError({"If-Match": [IF_MATCH_ERROR]})
    return tags


def conditional(request, *, etag: str, last_modified: float | None = None) -> Response | None:
    """A 304 for a GET whose validators match, a 412 (raised) for a write whose don't, else None.

    `If-Match` is compared here, strongly (RFC 9110 13.1.1), after `if_match_tags` has read it
    whole; the rest is Django's.
    """
    tags = if_match_tags(request)
    if tags is not None and "*" not in tags and etag not in tags:
        raise PreconditionFailed()
    answer = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if answer is None:
        return None
    if answer.status_code == status.HTTP_412_PRECONDITION_FAILED:
        raise PreconditionFailed()
    response = Response(status=status.HTTP_304_NOT_MODIFIED)
    _set_validators(response, etag=etag, last_modified=last_modified)
    return response


def _set_validators(response, *, etag: str, last_modified: float | None = None) -> None:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # What a caller may see depends on who they are.
    patch_vary_headers(response, ["Authorization", "Cookie"])


def story_queryset(*, all_statuses: bool, all_mentions: bool = False):
    """Stories as a detail shows them, prefetched in a fixed number of queries (lists read
    rows instead: `StoryListMixin`).

    `all_mentions` adds every mention, whatever its status, for the details callers who may see
    unpublished stories read; otherwise a detail shows its confirmed mentions, read whole
    (surface forms, spans).
    """
    stories = Article.objects.all() if all_statuses else Article.objects.published()
    stories = stories.latest_first().with_cards(full_mentions=True).with_tags()
    if not all_mentions:
        return stories
    return stories.prefetch_related(
        Prefetch(
            "mentions",
            queryset=Mention.objects.select_related("entity").order_by("-count", "entity__name"),
            to_attr="visible_mentions",
        )
    )


class StoryListMixin:
    """Paginated, filtered story lists with a list ETag, for the article and entity endpoints."""

    def story_list(
        self, request, queryset, *, lean: bool = False, entity_id: int | None = None
    ) -> Response:
        """The page is read as rows of the filtered query (its order, its count), then made
        into cards by `story_cards`: the same data as ArticleSerializer, without model objects.

        With `lean`, the commonest lists (the newest stories or an entity's, `entity_id` or an
        `entity` parameter, for readers) skip the FilterSet and read prepared queries
        (`articles.reads.lean`); the rest are filtered here.
        """
        rows = lean_stories(request, entity_id) if lean else None
        if rows is None:
            rows = self.filter_queryset(queryset).values(*CARD_COLUMNS)
        page = self.paginate_queryset(rows)
        data = story_cards(list(page), self.get_serializer_context())
        response = self.get_paginated_response(data)
        etag = list_etag(response)
        return conditional(request, etag=etag) or self._with_etag(response, etag)

    @staticmethod
    def _with_etag(response: Response, etag: str) -> Response:
        _set_validators(response, etag=etag)
        return response


ARTICLE_LIST_DESCRIPTION = (
    "Published stories, newest first. Filters combine (all must hold); `entity` may be repeated "
    "(all must match) and `any_entity` too (any may match).\n\n"
    "**Sync**: to mirror the stories, page through `?ordering=updated&updated_after=<time>` "
    "until `next` is null, then use the largest `updated` you received as the next "
    "`updated_after`."
)


@extend_schema_view(
    list=extend_schema(
        summary="List stories",
        description=ARTICLE_LIST_DESCRIPTION,
        parameters=[ETAG],
        responses={200: ArticleSerializer(many=True), 304: NOT_MODIFIED},
    ),
    retrieve=extend_schema(
        summary="One story",
        description="A story with its body, plain text and mentions (surface forms, spans).",
        parameters=[ETAG, LAST_MODIFIED],
        responses={200: ArticleDetailSerializer, 304: NOT_MODIFIED},
    ),
    create=extend_schema(
        summary="Create a story",
        description="Needs `articles.add_article`. A story is created as a draft unless "
        "`status` says otherwise; published and archived need `articles.publish_article`.",
        request=ArticleCreateSerializer,
        parameters=[ETAG, LAST_MODIFIED],
        responses={201: ArticleDetailSerializer},
        examples=[
            OpenApiExample(
                "A draft",
                value={
                    "title": "Kyrgyz and Azerbaijani ministers meet in Bishkek",
                    "body_html": "<p>The ministers discussed transit routes.</p>",
                    "language": "en",
                    "source": "kabar",
                    "tags": ["diplomacy"],
                },
                request_only=True,
            )
        ],
    ),
    update=extend_schema(
        summary="Replace a story's fields",
        description="Needs `articles.change_article`. " + CONDITIONAL_WRITE + UNKNOWN_FIELDS,
        request=ArticleWriteSerializer,
        parameters=[ETAG, LAST_MODIFIED],
        responses={200: ArticleDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="Change some of a story's fields",
        description="Needs `articles.change_article`. " + CONDITIONAL_WRITE + UNKNOWN_FIELDS,
        request=ArticleWriteSerializer,
        parameters=[ETAG, LAST_MODIFIED],
        responses={200: ArticleDetailSerializer},
    ),
    destroy=extend_schema(
        summary="Delete a story",
        description="Needs `articles.delete_article`. A story that has ever been published is "
        "archived rather than deleted (403 unless the caller is a superuser). " + CONDITIONAL_WRITE,
    ),
)
class ArticleViewSet(StoryListMixin, viewsets.ModelViewSet):
    """Stories. Reads are public (published only); writes need a token or session and the
    model permissions; publishing needs `articles.publish_article`."""

    queryset = Article.objects.none()
    serializer_class = ArticleSerializer
    filter_backends = [QueryParameterGuard, *viewsets.ModelViewSet.filter_backends]
    filterset_class = ArticleAPIFilter
    lookup_field = "slug"
    lookup_value_regex = entities_api.SLUG_PATTERN
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        staff = can_see_unpublished(self.request.user)
        if self.action == "list":
            # The filterset keeps anonymous callers to published stories (filter_queryset);
            # story_list reads the page as rows, so nothing is prefetched.
            return Article.objects.latest_first()
        # Anonymous details show the confirmed mentions their card already fetched.
        return story_queryset(all_statuses=staff, all_mentions=staff)

    def get_serializer_class(self):
        if self.action == "list":
            return ArticleSerializer
        if self.action == "create":
            return ArticleCreateSerializer
        if self.action in ("update", "partial_update"):
            return ArticleWriteSerializer
        return ArticleDetailSerializer

    def filter_queryset(self, queryset):
        # Query filters narrow lists; they never hide the one story a detail URL names.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        return self.story_list(request, self.get_queryset(), lean=True)

    def retrieve(self, request, *args, **kwargs):
        # A reader's story is read with prepared queries (articles.reads.lean); else the ORM.
        if row := lean_story(request, kwargs[self.lookup_field]):
            etag, modified = story_etag(row["slug"], row["version"]), row["updated"].timestamp()
            if not_modified := conditional(request, etag=etag, last_modified=modified):
                return not_modified
            response = Response(lean_story_data(row, self.get_serializer_context()))
            _set_validators(response, etag=etag, last_modified=modified)
            return response
        article = self.get_object()
        etag, modified = article_etag(article), _last_modified(article)
        if not_modified := conditional(request, etag=etag, last_modified=modified):
            return not_modified
        return self._detail_response(article)

    def _detail_response(self, article: Article, status_code: int = status.HTTP_200_OK):
        data = ArticleDetailSerializer(article, context=self.get_serializer_context()).data
        response = Response(data, status=status_code)
        _set_validators(response, etag=article_etag(article), last_modified=_last_modified(article))
        return response

    def _reload(self, article: Article) -> Article:
        return story_queryset(all_statuses=True, all_mentions=True).get(pk=article.pk)

    def create(self, request, *args, **kwargs):
        if if_match_tags(request) is not None:
            # No story is the new one yet, so no entity-tag (nor `*`) can match (RFC 9110 13.1.1).
            raise PreconditionFailed("If-Match names a story, and a new story has none yet.")
        serializer = ArticleCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = self._reload(
            save_article(article=None, changes=serializer.validated_data, user=request.user)
        )
        response = self._detail_response(article, status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(
            reverse("api:article-detail", kwargs={"slug": article.slug})
        )
        return response

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        article = self.get_object()
        conditional(request, etag=article_etag(article), last_modified=_last_modified(article))
        data = request.data
        if isinstance(data, dict) and "slug" in data:
            # The story's own slug may come back with its representation; no other.
            if data["slug"] != article.slug:
                raise ValidationError({"slug": ["A story's slug never changes once it is made."]})
            data = {name: value for name, value in data.items() if name != "slug"}
        serializer = ArticleWriteSerializer(data=data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = serializer.validated_data
        saved = save_article(
            article=article, changes=changes, expected_version=article.version, user=request.user
        )
        return self._detail_response(self._reload(saved))

    def destroy(self, request, *args, **kwargs):
        article = self.get_object()
        conditional(request, etag=article_etag(article), last_modified=_last_modified(article))
        delete_article(article=article, expected_version=article.version, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        summary="A story with its unpublished changes",
        description="For callers who may see unpublished stories: the story as it will read "
        "once its unpublished changes are published (the same as the story when it has none). "
        "`mentions` are empty while the text differs from the live one: mentions follow the "
        "live text and are made again when the changes are published. Others get 404.",
        responses={200: ArticleDetailSerializer, 304: NOT_MODIFIED},
        parameters=[ETAG, LAST_MODIFIED],
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Discard a story's unpublished changes",
        description="Needs `articles.publish_article`; 409 when there are none. "
        + CONDITIONAL_WRITE,
        responses={204: None, 409: NO_CHANGES},
    )
    @action(detail=True, methods=["get", "delete"], url_path="draft")
    def draft(self, request, slug=None):
        if not can_see_unpublished(request.user):
            raise NotFound()
        article = self.get_object()
        etag, modified = article_etag(article), _last_modified(article)
        if not_modified := conditional(request, etag=etag, last_modified=modified):
            return not_modified
        if request.method == "DELETE":
            decide_changes(
                article=article, publish=False, expected_version=article.version, user=request.user
            )
            return Response(status=status.HTTP_204_NO_CONTENT)
        if article.draft is not None:
            drafts.apply(article, article.draft)
            article.text, article.body_seal = html_to_text(article.body), None
            article.visible_mentions = []
        return self._detail_response(article)

    @extend_schema(
        summary="Publish a story's unpublished changes",
        description="Needs `articles.publish_article`: the changes become what every reader "
        "gets, and the story is linked again on its new text. 409 when there are none. "
        + CONDITIONAL_WRITE,
        request=None,
        responses={200: ArticleDetailSerializer, 409: NO_CHANGES},
        parameters=[ETAG, LAST_MODIFIED],
    )
    @action(detail=True, methods=["post"], url_path="publish-changes")
    def publish_changes(self, request, slug=None):
        article = self.get_object()
        conditional(request, etag=article_etag(article), last_modified=_last_modified(article))
        saved = decide_changes(
            article=article, publish=True, expected_version=article.version, user=request.user
        )
        return self._detail_response(self._reload(saved))


@extend_schema_view(
    list=extend_schema(summary="List sources"),
    retrieve=extend_schema(summary="One source"),
)
class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """The outlets stories come from, with their counts of published stories."""

    serializer_class = SourceSerializer
    permission_classes = [permissions.AllowAny]  # read-only: other methods are 405s
    filter_backends = [QueryParameterGuard]
    lookup_field = "slug"
    lookup_value_regex = entities_api.SLUG_PATTERN

    def get_queryset(self):
        # A count per source, each a range of the article_source index (source, status, date,
        # publish time), read without the story rows: joining and grouping every story read all
        # 100,000 of them for a page of 11 sources (17 s on SQLite, 0.2 s on PostgreSQL).
        live = (
            Article.objects.filter(live_q(), source=OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(n=Count("*"))
            .values("n")
        )
        return Source.objects.annotate(article_count=Coalesce(Subquery(live), 0)).order_by(
            "name", "pk"
        )


@extend_schema_view(
    list=extend_schema(
        summary="List entities",
        description="People, organizations, countries, places and events, by name. `q` matches "
        "the canonical name or any alias, in any script and case (`Кыргызстан`, `OTS`).",
    ),
    retrieve=extend_schema(
        summary="One entity",
        description="An entity with its aliases, roles, count of published stories and the "
        "entities it appears with (with their counts of shared stories). A merged-away slug "
        "answers 301 with the entity it became.",
        responses={
            200: StoryEntityDetailSerializer,
            301: OpenApiResponse(description="Merged into the entity at `Location`."),
        },
    ),
)
class EntityWithStoriesViewSet(StoryListMixin, entities_api.EntityViewSet):
    """The knowledge base, with what stories tell about each entity (published stories only)."""

    serializer_class = StoryEntitySerializer
    list_actions = ("list", "articles", "cooccurrence")

    def get_view_name(self) -> str:
        """OPTIONS and the browsable API name the resource ("Entity List"), not this class."""
        if self.name is not None:
            return self.name
        return " ".join(filter(None, ["Entity", self.suffix]))

    def get_queryset(self):
        if self.action in ("articles", "cooccurrence"):
            # Each action keeps to live stories with mentioning(live=True); rows, no prefetch.
            return Article.objects.latest_first()
        return with_story_counts(super().get_queryset())

    def get_serializer_class(self):
        if self.action == "retrieve":
            return StoryEntityDetailSerializer
        if self.action in ("articles", "cooccurrence"):
            return ArticleSerializer
        return self.serializer_class

    @extend_schema(
        summary="An entity's stories",
        description="Published stories confirmed to mention the entity, newest first; the story "
        "filters apply too.",
        responses={200: ArticleSerializer(many=True), 304: NOT_MODIFIED},
        parameters=[ETAG],
    )
    @action(detail=True, filterset_class=ArticleAPIFilter)
    def articles(self, request, slug=None):
        entity = self.get_entity()
        stories = self.get_queryset().mentioning(entity, live=True)
        return self.story_list(request, stories, lean=True, entity_id=entity.pk)

    @extend_schema(
        summary="Stories mentioning two entities",
        description="Published stories confirmed to mention both entities, newest first.",
        responses={200: ArticleSerializer(many=True), 304: NOT_MODIFIED},
        parameters=[
            ETAG,
            OpenApiParameter(
                "other",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                pattern=f"^{entities_api.SLUG_PATTERN}$",
                description="The other entity's slug.",
            ),
        ],
    )
    @action(
        detail=True,
        url_path=rf"cooccurrence/(?P<other>{entities_api.SLUG_PATTERN})",
        filterset_class=ArticleAPIFilter,
    )
    def cooccurrence(self, request, slug=None, other=None):
        entity = self.get_entity()
        partner = get_object_or_404(Entity, slug=other)
        stories = self.get_queryset().mentioning(entity, partner, live=True)
        return self.story_list(request, stories)
