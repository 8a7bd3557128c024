"""What stories can be filtered by: one description, used by the public list and the API."""

import re

import django_filters as filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelMultipleChoiceField
from taggit.models import Tag

from articles import search
from articles.models import Article, Source
from entities.models import Entity
from newsroom.widgets import EchoSearchInput, Select

ISO_DATE = ["%Y-%m-%d"]
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


class SearchField(forms.CharField):
    """A search query, cleaned rather than refused: control characters (NUL included) become
    spaces and an overlong query is cut, so any input is searched as plain words."""

    def to_python(self, value):
        return search.clean_query(super().to_python(value))

    def bound_data(self, data, initial):
        # The search box shows the query that was searched.
        return search.clean_query(data) if isinstance(data, str) else data


class SearchFilter(filters.CharFilter):
    field_class = SearchField


class ArticleFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class ArticleFilter(filters.FilterSet):
    q = SearchFilter(
        method="filter_q",
        label=_("Search"),
        widget=EchoSearchInput(
            attrs={
                "placeholder": _("Words in the story"),
                "maxlength": search.MAX_QUERY_LENGTH,
            }
        ),
    )
    entity = SlugMultipleChoiceFilter(
        queryset=Entity.objects.all(),
        to_field_name="slug",
        method="filter_entity",
        label=_("Entity"),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "invalid_choice": _("There is no entity “%(value)s”."),
            "invalid_list": _("Give each entity as its own entity=<slug> parameter."),
        },
        help_text=_("Entity slug; repeat the parameter to require every one of them."),
    )
    source = SlugChoiceFilter(
        queryset=Source.objects.all(),
        to_field_name="slug",
        label=_("Source"),
        empty_label=_("Any source"),
        widget=Select,
        error_messages={"invalid_choice": _("There is no source “%(value)s”.")},
    )
    language = filters.ChoiceFilter(
        choices=[(code, _(name)) for code, name in settings.LANGUAGES],
        label=_("Language"),
        empty_label=_("Any language"),
        widget=Select,
        error_messages={"invalid_choice": _("There are no stories in “%(value)s” here.")},
    )
    tag = filters.CharFilter(method="filter_tag", label=_("Tag"))
    date_from = filters.DateFilter(
        field_name="published",
        lookup_expr="gte",
        label=_("Published from"),
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE[0]),
        error_messages={"invalid": _("Enter the start date as YYYY-MM-DD.")},
    )
    date_to = filters.DateFilter(
        field_name="published",
        lookup_expr="lte",
        label=_("Published until"),
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE[0]),
        error_messages={"invalid": _("Enter the end date as YYYY-MM-DD.")},
    )

    class Meta:
        model = Article
        fields = ["q", "entity", "source", "language", "tag", "date_from", "date_to"]
        form = ArticleFilterForm

    def filter_q(self, queryset, name, value):
        """Full-text search (`articles.search`): matching stories, most relevant first.

        The parsed query is kept on the filterset, so a page can highlight the matches without
        looking its names up again; the results too, as the filterset's own answer when no
        other filter changes them (django-filter wants a QuerySet from each filter).
        """
        self.search = search.parse_query(value)
        self.search_results = search.search_articles(queryset, self.search)
        return self.search_results.queryset

    def filter_queryset(self, queryset):
        """Who may see what comes first, then the filters.

        Readers see live stories only. With an entity to filter by, that rule is read from the
        entity's mentions (`mentioning(live=True)`), which walk one index in date order and
        count without reading a story row; otherwise from the stories (`published()`).
        """
        entities = self.form.cleaned_data.get("entity") or ()
        if entities:
            queryset = queryset.mentioning(*entities, live=self.live_only())
        if self.live_only():
            queryset = queryset.published()  # nothing more after mentioning(live=True)
        filtered = super().filter_queryset(queryset)
        results = getattr(self, "search_results", None)
        return filtered if results is None else results.if_unchanged(filtered)

    def filter_entity(self, queryset, name, value):
        """Every entity given must have a confirmed mention in the story (see filter_queryset)."""
        return queryset

    def live_only(self) -> bool:
        """Whether only the stories readers may see can be listed: true on the public site."""
        return True

    def filter_tag(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        tags = Tag.objects.filter(Q(slug=value) | Q(name__iexact=value))
        tagged = Article.objects.filter(tags__in=tags).values("pk")
        return queryset.filter(pk__in=tagged)
