"""What stories can be filtered by: one description, used by the public list and the API."""

import re

import django_filters as filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django_filters.fields import ModelChoiceField, ModelMultipleChoiceField
from taggit.models import Tag

from articles.models import Article, Source
from entities.models import Entity

ISO_DATE = ["%Y-%m-%d"]
MAX_QUERY_WORDS = 10
SLUG = re.compile(r"[-\w]{1,200}")


class SlugChoiceMixin:
    """Slugs are checked for shape before the database sees them.

    Anything that could not be a slug (a NUL byte, which PostgreSQL refuses, or other stray
    characters) is reported like an unknown slug instead of reaching the query.
    """

    def check_slug(self, value: str) -> None:
        if value and not SLUG.fullmatch(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value.replace("\x00", "")},
            )


class SlugChoiceField(SlugChoiceMixin, ModelChoiceField):
    def to_python(self, value):
        self.check_slug(str(value or "").strip())
        return super().to_python(value)


class SlugMultipleChoiceField(SlugChoiceMixin, ModelMultipleChoiceField):
    """Repeated `?name=slug` parameters; blank ones, as an empty form field sends, are ignored."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [str(v).strip() for v in value if str(v).strip()]
            for slug in value:
                self.check_slug(slug)
        return super().clean(value)


class SlugChoiceFilter(filters.ModelChoiceFilter):
    field_class = SlugChoiceField


class SlugMultipleChoiceFilter(filters.ModelMultipleChoiceFilter):
    field_class = SlugMultipleChoiceField


class ArticleFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


class ArticleFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words in the story"}),
    )
    entity = SlugMultipleChoiceFilter(
        queryset=Entity.objects.all(),
        to_field_name="slug",
        method="filter_entity",
        label="Entity",
        widget=forms.MultipleHiddenInput,
        error_messages={
            "invalid_choice": "There is no entity “%(value)s”.",
            "invalid_list": "Give each entity as its own entity=<slug> parameter.",
        },
        help_text="Entity slug; repeat the parameter to require every one of them.",
    )
    source = SlugChoiceFilter(
        queryset=Source.objects.all(),
        to_field_name="slug",
        label="Source",
        empty_label="Any source",
        error_messages={"invalid_choice": "There is no source “%(value)s”."},
    )
    language = filters.ChoiceFilter(
        choices=settings.LANGUAGES,
        label="Language",
        empty_label="Any language",
        error_messages={"invalid_choice": "There are no stories in “%(value)s” here."},
    )
    tag = filters.CharFilter(method="filter_tag", label="Tag")
    date_from = filters.DateFilter(
        field_name="published",
        lookup_expr="gte",
        label="Published from",
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE[0]),
        error_messages={"invalid": "Enter the start date as YYYY-MM-DD."},
    )
    date_to = filters.DateFilter(
        field_name="published",
        lookup_expr="lte",
        label="Published until",
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE[0]),
        error_messages={"invalid": "Enter the end date as YYYY-MM-DD."},
    )

    class Meta:
        model = Article
        fields = ["q", "entity", "source", "language", "tag", "date_from", "date_to"]
        form = ArticleFilterForm

    def filter_q(self, queryset, name, value):
        """Stories whose title or text contains every word of the query, in any case.

        SQLite folds case for ASCII only, so each word is also tried lower-case, upper-case and
        capitalised ("азербайджан" finds "Азербайджан", "мид" finds "МИД"). Full-text search
        replaces this later.
        """
        for word in value.split()[:MAX_QUERY_WORDS]:
            variants = {word, word.lower(), word.upper(), word.capitalize()}
            condition = Q()
            for variant in variants:
                condition |= Q(title__icontains=variant) | Q(text__icontains=variant)
            queryset = queryset.filter(condition)
        return queryset

    def filter_entity(self, queryset, name, value):
        """Every entity given must have a confirmed mention in the story."""
        return queryset.mentioning(*value)

    def filter_tag(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        tags = Tag.objects.filter(Q(slug=value) | Q(name__iexact=value))
        tagged = Article.objects.filter(tags__in=tags).values("pk")
        return queryset.filter(pk__in=tagged)
