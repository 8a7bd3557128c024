"""What stories can be filtered by: one description, used by the public list and the API."""

import re

import django_filters as filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelMultipleChoiceField
from taggit.models import Tag

from articles import search
from articles.models import Article, Source
from entities.models import Alias, AliasKind, Entity, normalize_name
from newsroom.widgets import SearchInput, Select

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
        widget=SearchInput(
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


class EntityPicker(forms.Widget):
    """The entities chosen so far as hidden inputs, and a box to add one: the browser's own
    autocomplete offers the names in `options` (a `<datalist>`), so it works without script,
    and a name typed in full is found as well as a slug (`EntityPickerField`)."""

    options: list[tuple[str, str]] = []  # (slug, name), set by the page that renders it

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def value_omitted_from_data(self, data, files, name) -> bool:
        return False  # an absent list is an empty one

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        field_id = attrs.get("id", f"id_{name}")
        chosen = [v for v in (value or []) if str(v).strip()]
        esc = conditional_escape
        parts = [f'<input type="hidden" name="{esc(name)}" value="{esc(v)}">' for v in chosen]
        parts.append(
            f'<input type="text" name="{esc(name)}" id="{esc(field_id)}" '
            f'list="{esc(field_id)}-options" autocomplete="off" spellcheck="false"'
            + "".join(f' {esc(k)}="{esc(v)}"' for k, v in attrs.items() if k not in ("id", "name"))
            + ">"
        )
        parts.append(f'<datalist id="{esc(field_id)}-options">')
        parts.extend(f'<option value="{esc(label)}"></option>' for _slug, label in self.options)
        parts.append("</datalist>")
        return mark_safe("".join(parts))  # every value above is escaped


class EntityPickerField(ModelMultipleChoiceField):
    """Entities by slug (links, the API's way) or by name in any case (what a reader picks or
    types in the picker): one query, and one more for a name only an alias holds (the names a
    Russian page offers)."""

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        values = [" ".join(str(v).replace("\x00", " ").split()) for v in values]
        values = list(dict.fromkeys(v[:200] for v in values if v))
        if not values:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        keys = {normalize_name(v): v for v in values}
        found = list(
            self.queryset.annotate(_name_key=Lower("name")).filter(
                Q(slug__in=values) | Q(_name_key__in=list(keys))
            )
        )
        by_alias = self.by_alias([v for v in values if not self.matching(found, v)])
        chosen = []
        for v in values:
            match = self.matching(found, v) or by_alias.get(normalize_name(v))
            if match is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": v},
                )
            if match not in chosen:
                chosen.append(match)
        return chosen

    @staticmethod
    def matching(found: list[Entity], value: str) -> Entity | None:
        """The entity whose slug, else whose canonical name, `value` is."""
        return next((e for e in found if e.slug == value), None) or next(
            (e for e in found if normalize_name(e.name) == normalize_name(value)), None
        )

    def by_alias(self, values: list[str]) -> dict[str, Entity]:
        """Names that are no entity's slug or canonical name, looked up among the aliases (a
        Russian page's picker offers Джейхун Байрамов): one query, only when there are any.
        An alias several entities share names the one with a proper name first."""
        if not values:
            return {}
        keys = {normalize_name(v) for v in values}
        aliases = (
            Alias.objects.filter(normalized__in=keys, entity__in=self.queryset)
            .select_related("entity")
            .order_by("entity_id", "id")
        )
        found: dict[str, Entity] = {}
        for alias in sorted(aliases, key=lambda a: a.kind != AliasKind.NAME):
            found.setdefault(alias.normalized, alias.entity)
        return found


class EntityPickerFilter(filters.ModelMultipleChoiceFilter):
    field_class = EntityPickerField


class ReaderArticleFilter(ArticleFilter):
    """The website's story filters: the entity filter is a picker that also takes names."""

    entity = EntityPickerFilter(
        queryset=Entity.objects.all(),
        method="filter_entity",
        label=_("Person, organization or place"),
        widget=EntityPicker,
        error_messages={
            "invalid_choice": _("There is no person, organization or place “%(value)s”.")
        },
        help_text=_("Start typing a name; the list offers those with stories."),
    )
