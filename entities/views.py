"""Public pages of the knowledge base that need nothing from articles.

`articles.views` builds on these (story counts, an entity's timeline): the dependency runs from
articles to entities, never the other way round.
"""

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from entities.filters import EntityFilterSet
from entities.models import Entity

# Headings for lists grouped by kind, in the order readers see them.
KIND_HEADINGS = {
    Entity.Kind.PERSON: _("People"),
    Entity.Kind.ORGANIZATION: _("Organizations"),
    Entity.Kind.COUNTRY: _("Countries"),
    Entity.Kind.PLACE: _("Places"),
    Entity.Kind.EVENT: _("Events"),
}


class EntityListView(ListView):
    """The directory of entities, grouped by kind, filtered by `EntityFilterSet` (`kind`, `q`).

    Invalid filters show their errors and no entities, as the story list does.
    """

    template_name = "entities/entity_list.html"
    context_object_name = "entities"
    paginate_by = 50

    def get_filterset(self) -> EntityFilterSet:
        if not hasattr(self, "filterset"):
            self.filterset = EntityFilterSet(self.request.GET, queryset=Entity.objects.all())
            self.filterset.is_valid()
        return self.filterset

    def get_cleaned(self, name: str) -> str:
        return self.get_filterset().form.cleaned_data.get(name) or ""

    def get_queryset(self):
        filterset = self.get_filterset()
        if filterset.errors:
            return Entity.objects.none()
        kind_order = Case(
            *(When(kind=kind, then=Value(i)) for i, kind in enumerate(KIND_HEADINGS)),
            output_field=IntegerField(),
        )
        return filterset.qs.order_by(kind_order, "name", "pk")

    def get_kind_counts(self) -> list[dict]:
        """Each kind with how many entities match the search, for the kind navigation."""
        filterset = self.get_filterset()
        matching = Entity.objects.none() if "q" in filterset.errors else Entity.objects.all()
        if query := self.get_cleaned("q"):
            matching = filterset.filter_q(matching, "q", query)
        counts = dict(matching.order_by().values_list("kind").annotate(n=Count("pk")))
        return [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in KIND_HEADINGS.items()
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = self.get_kind_counts()
        kind = self.get_cleaned("kind")
        context.update(
            filterset=self.get_filterset(),
            filter_errors=[e for errors in self.get_filterset().errors.values() for e in errors],
            kinds=kinds,
            kind=kind,
            kind_label=KIND_HEADINGS.get(kind, ""),
            total=sum(k["count"] for k in kinds),
            q=self.get_cleaned("q"),
        )
        return context
