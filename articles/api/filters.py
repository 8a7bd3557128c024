"""What integrators can filter stories by: the website's `ArticleFilter`, plus the API's extras.

`q`, `entity`, `source`, `language` and `tag` are the website's own filters (the same search, the
same slug checks); the API adds `any_entity`, `kind`, `status` (staff only), published and updated
bounds, and `ordering`. Every bad value is a form error, which the API answers as a 400 naming
the parameter.
"""

import datetime

import django_filters as filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from articles.filters import (
    ISO_DATE,
    ArticleFilter,
    ArticleFilterForm,
    SlugMultipleChoiceFilter,
)
from articles.models import Article, Mention
from entities.models import Entity

MAX_ENTITIES = 10

ORDERINGS = {
    "-published": (F("published").desc(nulls_last=True), "-created", "-id"),
    "published": (F("published").asc(nulls_last=True), "created", "id"),
    "-updated": ("-updated", "-id"),
    "updated": ("updated", "id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
}


def can_see_unpublished(user) -> bool:
    """Editors and reporters (who may view or change stories) see every status; others don't."""
    return bool(
        user
        and user.is_active
        and (user.has_perm("articles.view_article") or user.has_perm("articles.change_article"))
    )


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, in UTC; one that falls outside the calendar in UTC is invalid."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class ArticleAPIFilterForm(ArticleFilterForm):
    def _bounded(self, name: str):
        values = self.cleaned_data.get(name)
        if values is not None and len(values) > MAX_ENTITIES:
            raise ValidationError(f"Give at most {MAX_ENTITIES} {name} parameters.")
        return values

    def clean_entity(self):
        return self._bounded("entity")

    def clean_any_entity(self):
        return self._bounded("any_entity")


def _entity_filter(method: str, help_text: str) -> SlugMultipleChoiceFilter:
    return SlugMultipleChoiceFilter(
        queryset=Entity.objects.all(),
        to_field_name="slug",
        method=method,
        help_text=help_text,
        error_messages={
            "invalid_choice": "There is no entity “%(value)s”.",
            "invalid_list": "Give each entity as its own parameter.",
        },
    )


class ArticleAPIFilter(ArticleFilter):
    """The website's story filters with the API's names for dates, and the API's extras."""

    date_from = None
    date_to = None
    entity = _entity_filter(
        "filter_entity", "Entity slug; repeat it (up to 10 times) to require every one of them."
    )
    any_entity = _entity_filter(
        "filter_any_entity", "Entity slug; repeat it (up to 10 times) to accept any of them."
    )
    kind = filters.ChoiceFilter(
        choices=Entity.Kind.choices,
        method="filter_kind",
        help_text="Stories confirmed to mention an entity of this kind.",
        error_messages={"invalid_choice": "There is no kind of entity called “%(value)s”."},
    )
    status = filters.MultipleChoiceFilter(
        choices=Article.Status.choices,
        help_text="Workflow status, repeatable; only for callers who may see unpublished stories.",
    )
    published_after = filters.DateFilter(
        field_name="published",
        lookup_expr="gte",
        input_formats=ISO_DATE,
        help_text="Stories dated on or after this day (YYYY-MM-DD).",
        error_messages={"invalid": "Enter published_after as YYYY-MM-DD."},
    )
    published_before = filters.DateFilter(
        field_name="published",
        lookup_expr="lte",
        input_formats=ISO_DATE,
        help_text="Stories dated on or before this day (YYYY-MM-DD).",
        error_messages={"invalid": "Enter published_before as YYYY-MM-DD."},
    )
    updated_after = UTCDateTimeFilter(
        field_name="updated",
        lookup_expr="gt",
        help_text="Stories changed strictly after this ISO 8601 time; with ordering=updated, "
        "the way to sync changes.",
        error_messages={"invalid": "Enter updated_after as an ISO 8601 date and time."},
    )
    ordering = filters.ChoiceFilter(
        choices=[(name, name) for name in ORDERINGS],
        method="filter_ordering",
        help_text="Sort order; the default is -published (newest first).",
        error_messages={
            "invalid_choice": "Order by one of " + ", ".join(ORDERINGS) + ", not “%(value)s”."
        },
    )

    class Meta:
        model = Article
        fields = [
            "q",
            "entity",
            "any_entity",
            "kind",
            "source",
            "language",
            "tag",
            "status",
            "published_after",
            "published_before",
            "updated_after",
            "ordering",
        ]
        form = ArticleAPIFilterForm

    def is_valid(self) -> bool:
        valid = super().is_valid()
        user = getattr(self.request, "user", None)
        if valid and self.form.cleaned_data.get("status") and not can_see_unpublished(user):
            self.form.add_error(
                "status", "Only callers who may see unpublished stories can filter by status."
            )
            return False
        return valid

    @extend_schema_field(OpenApiTypes.STR)
    def filter_entity(self, queryset, name, value):
        return super().filter_entity(queryset, name, value)

    @extend_schema_field(OpenApiTypes.STR)
    def filter_any_entity(self, queryset, name, value):
        """At least one of the entities given has a confirmed mention in the story."""
        if not value:  # an empty selection arrives as an empty queryset, not as None
            return queryset
        mentions = Mention.objects.confirmed().filter(article=OuterRef("pk"), entity__in=value)
        return queryset.filter(Exists(mentions))

    def filter_kind(self, queryset, name, value):
        mentions = Mention.objects.confirmed().filter(article=OuterRef("pk"), entity__kind=value)
        return queryset.filter(Exists(mentions))

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])
