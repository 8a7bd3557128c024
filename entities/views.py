"""Public pages of the knowledge base that need nothing from articles.

`articles.views` builds on these (story counts, an entity's timeline): the dependency runs from
articles to entities, never the other way round.
"""

from django.db.models import Case, Count, IntegerField, Value, When
from django.views.generic import ListView

from entities.models import Entity

# Headings for lists grouped by kind, in the order readers see them.
KIND_HEADINGS = {
    Entity.Kind.PERSON: "People",
    Entity.Kind.ORGANIZATION: "Organizations",
    Entity.Kind.COUNTRY: "Countries",
    Entity.Kind.PLACE: "Places",
    Entity.Kind.EVENT: "Events",
}


class EntityListView(ListView):
    """The directory of entities, grouped by kind, filtered by `kind` and searched by `q`."""

    template_name = "entities/entity_list.html"
    context_object_name = "entities"
    paginate_by = 50

    def get_search(self) -> str:
        # NUL bytes are dropped: PostgreSQL refuses them in text parameters.
        return " ".join(self.request.GET.get("q", "").replace("\x00", "").split())[:200]

    def get_kind(self) -> str:
        kind = self.request.GET.get("kind", "")
        return kind if kind in Entity.Kind.values else ""

    def get_queryset(self):
        kind_order = Case(
            *(When(kind=kind, then=Value(i)) for i, kind in enumerate(KIND_HEADINGS)),
            output_field=IntegerField(),
        )
        qs = Entity.objects.search(self.get_search()).order_by(kind_order, "name", "pk")
        kind = self.get_kind()
        return qs.filter(kind=kind) if kind else qs

    def get_kind_counts(self) -> list[dict]:
        """Each kind with how many entities match the search, for the kind navigation."""
        counts = dict(
            Entity.objects.search(self.get_search())
            .order_by()
            .values_list("kind")
            .annotate(n=Count("pk"))
        )
        return [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in KIND_HEADINGS.items()
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = self.get_kind_counts()
        context.update(
            kinds=kinds,
            kind=self.get_kind(),
            kind_label=KIND_HEADINGS.get(self.get_kind(), ""),
            total=sum(k["count"] for k in kinds),
            q=self.get_search(),
        )
        return context
