"""Public pages of the knowledge base that need nothing from articles."""

from django.views.generic import ListView

from entities.models import Entity


class EntityListView(ListView):
    template_name = "entities/entity_list.html"
    context_object_name = "entities"
    paginate_by = 50

    def get_queryset(self):
        qs = Entity.objects.all()
        kind = self.request.GET.get("kind", "")
        if kind in Entity.Kind.values:
            qs = qs.filter(kind=kind)
        return qs.search(self.request.GET.get("q", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = Entity.Kind.choices
        context["kind"] = self.request.GET.get("kind", "")
        context["q"] = self.request.GET.get("q", "")
        return context
