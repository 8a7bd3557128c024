"""What entities can be filtered by: one description, used by the public directory and the API."""

import django_filters as filters

from entities.models import Entity
from newsroom.widgets import SearchInput

MAX_QUERY_LENGTH = 200


class EntityFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        label="Name",
        max_length=MAX_QUERY_LENGTH,
        help_text="Canonical name or any alias, in any script and case.",
        widget=SearchInput,
        error_messages={
            "max_length": f"Search for at most {MAX_QUERY_LENGTH} characters of a name."
        },
    )
    kind = filters.ChoiceFilter(
        choices=Entity.Kind.choices,
        empty_label="Any kind",
        error_messages={"invalid_choice": "There is no kind of entity called “%(value)s”."},
    )

    class Meta:
        model = Entity
        fields = ["q", "kind"]

    def filter_q(self, queryset, name, value):
        # NUL bytes are dropped: PostgreSQL refuses them in text parameters.
        return queryset.search(" ".join(value.replace("\x00", "").split()))
