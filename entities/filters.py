"""What entities can be filtered by: one description, used by the public directory and the API."""

import django_filters as filters
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from entities.models import Entity
from newsroom.widgets import SearchInput

MAX_QUERY_LENGTH = 200


class EntityFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        label=_("Name"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Canonical name or any alias, in any script and case."),
        widget=SearchInput,
        error_messages={
            "max_length": format_lazy(
                _("Search for at most {} characters of a name."), MAX_QUERY_LENGTH
            )
        },
    )
    kind = filters.ChoiceFilter(
        choices=Entity.Kind.choices,
        empty_label=_("Any kind"),
        error_messages={"invalid_choice": _("There is no kind of entity called “%(value)s”.")},
    )

    class Meta:
        model = Entity
        fields = ["q", "kind"]

    def filter_q(self, queryset, name, value):
        # NUL bytes are dropped: PostgreSQL refuses them in text parameters.
        return queryset.search(" ".join(value.replace("\x00", "").split()))
