"""What integrators can filter stories by: the website's `ArticleFilter`, plus the API's extras.

`q`, `entity`, `source`, `language` and `tag` are the website's own filters (the same search, the
same slug checks); the API adds `any_entity`, `kind`, `status` (staff only), published and updated
bounds, and `ordering`. Every bad value is a form error, which the API answers as a 400 naming
the parameter.
"""

import datetime
import re

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from articles.filters import (
    ArticleFilter,
    ArticleFilterForm,
    SlugMultipleChoiceFilter,
)
from articles.models import LATEST_FIRST, Article, Mention
from entities.models import Entity
from newsroom.rest import RejectEmptyValues

MAX_ENTITIES = 10
RFC3339_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
RFC3339_DATETIME = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})[Tt]"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?P<fraction>\.[0-9]+)?"
    r"(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})"
)

ORDERINGS = {
    "-published": LATEST_FIRST,
    "published": (F("published").asc(nulls_last=True), "id"),
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


class DateField(forms.DateField):
    """A full date as RFC 3339 (and the schema's `format: date`) writes it: YYYY-MM-DD."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            if RFC3339_DATE.fullmatch(value):
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class DateTimeField(forms.DateTimeField):
    """An RFC 3339 date-time with its offset (`2024-05-01T09:30:00Z`), returned in UTC.

    Exactly the schema's `format: date-time`: no naive times, no other ISO 8601 spellings.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        match = RFC3339_DATETIME.fullmatch(value)
        try:
            if match is None:
                raise ValueError(value)
            fraction = (match["fraction"] or "")[1:7].ljust(6, "0")
            offset = datetime.UTC
            if match["offset"] not in ("Z", "z"):
                sign = -1 if match["offset"][0] == "-" else 1
                hours, minutes = int(match["offset"][1:3]), int(match["offset"][4:6])
                if minutes > 59:
                    raise ValueError(value)
                delta = datetime.timedelta(hours=hours, minutes=minutes)
                offset = datetime.timezone(sign * delta)
            moment = datetime.datetime(
                *(int(match[part]) for part in ("year", "month", "day")),
                *(int(match[part]) for part in ("hour", "minute", "second")),
                int(fraction),
                tzinfo=offset,
            )
            return moment.astimezone(datetime.UTC)
        except (ValueError, OverflowError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class StrictDateFilter(filters.DateFilter):
    field_class = DateField


class StrictDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = DateTimeField


class ArticleAPIFilterForm(ArticleFilterForm):
    def _bounded(self, name: str):
        """At most MAX_ENTITIES values (one EXISTS each), counted as sent, repeats included."""
        sent = [value for value in self.data.getlist(name) if value.strip()]
        if len(sent) > MAX_ENTITIES:
            raise ValidationError(f"Give at most {MAX_ENTITIES} {name} parameters.")
        return self.cleaned_data.get(name)

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


class ArticleAPIFilter(RejectEmptyValues, ArticleFilter):
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
    published_after = StrictDateFilter(
        field_name="published",
        lookup_expr="gte",
        help_text="Stories dated on or after this day (YYYY-MM-DD).",
        error_messages={"invalid": "Enter published_after as YYYY-MM-DD."},
    )
    published_before = StrictDateFilter(
        field_name="published",
        lookup_expr="lte",
        help_text="Stories dated on or before this day (YYYY-MM-DD).",
        error_messages={"invalid": "Enter published_before as YYYY-MM-DD."},
    )
    updated_after = StrictDateTimeFilter(
        field_name="updated",
        lookup_expr="gt",
        help_text="Stories changed strictly after this RFC 3339 time (2024-05-01T09:30:00Z); "
        "with ordering=updated, "
        "the way to sync changes.",
        error_messages={
            "invalid": "Enter updated_after as an RFC 3339 time, e.g. 2024-05-01T09:30:00Z."
        },
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

    def live_only(self) -> bool:
        return not can_see_unpublished(getattr(self.request, "user", None))

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
        if value == "-published":
            return queryset.latest_first()  # keeps an entity index walk, the same order
        return queryset.order_by(*ORDERINGS[value])
