"""The knowledge base in the REST API: entities, their names in every script, people's roles.

Nothing here knows of articles. `articles.api` builds the routed entity endpoints on these
classes, adding what only stories can tell (story counts, related entities, an entity's stories).
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import NotFound

from entities.filters import EntityFilterSet
from entities.models import Alias, Entity, EntityRedirect, Role
from newsroom.rest import QueryParameterGuard, RejectEmptyValues

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


class EntityCardSerializer(serializers.ModelSerializer):
    """An entity where something else names it: a story's entities, a person's organization."""

    class Meta:
        model = Entity
        fields = ["slug", "name", "kind"]


@extend_schema_field(OpenApiTypes.URI)
class WebURLField(serializers.Field):
    """The absolute address of the object's public page."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


class EntitySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:entity-detail", lookup_field="slug")
    web_url = WebURLField()

    class Meta:
        model = Entity
        fields = ["id", "slug", "url", "web_url", "name", "kind", "description", "wikidata_id"]


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Alias
        fields = ["name", "language", "kind"]


class RoleSerializer(serializers.ModelSerializer):
    person = EntityCardSerializer()
    organization = EntityCardSerializer(allow_null=True)

    class Meta:
        model = Role
        fields = ["title", "person", "organization", "start_date", "end_date", "is_current"]


class EntityDetailSerializer(EntitySerializer):
    """An entity with its names in every script, the roles it holds and the positions in it."""

    aliases = AliasSerializer(
        many=True,
        source="public_aliases",
        help_text="Other names: other scripts, former names, acronyms (never word forms).",
    )
    roles = serializers.SerializerMethodField()
    positions = serializers.SerializerMethodField()

    class Meta(EntitySerializer.Meta):
        fields = [*EntitySerializer.Meta.fields, "aliases", "roles", "positions"]

    def _roles(self, entity: Entity) -> list[Role]:
        if not hasattr(entity, "_api_roles"):
            entity._api_roles = list(
                Role.objects.filter(Q(person=entity) | Q(organization=entity)).select_related(
                    "person", "organization"
                )
            )
        return entity._api_roles

    @extend_schema_field(RoleSerializer(many=True))
    def get_roles(self, entity: Entity) -> list[dict]:
        """Positions this entity (a person) holds or held."""
        roles = [r for r in self._roles(entity) if r.person_id == entity.pk]
        return RoleSerializer(roles, many=True, context=self.context).data

    @extend_schema_field(RoleSerializer(many=True))
    def get_positions(self, entity: Entity) -> list[dict]:
        """People holding or having held a position in this entity (an organization, a country)."""
        roles = [r for r in self._roles(entity) if r.organization_id == entity.pk]
        return RoleSerializer(roles, many=True, context=self.context).data


class EntityAPIFilterSet(RejectEmptyValues, EntityFilterSet):
    """The directory's filters (`kind`, `q`), refusing an empty `kind`."""


class EntityViewSet(viewsets.ReadOnlyModelViewSet):
    """Entities by name; `q` matches the canonical name or any alias, in any script and case."""

    serializer_class = EntitySerializer
    # Read-only for everyone: with no write handlers, any other method is a 405.
    permission_classes = [permissions.AllowAny]
    filter_backends = [QueryParameterGuard, *viewsets.ReadOnlyModelViewSet.filter_backends]
    filterset_class = EntityAPIFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    list_actions = ("list",)

    def get_queryset(self):
        queryset = Entity.objects.order_by("name", "pk")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("aliases")
        return queryset

    def get_serializer_class(self):
        return EntityDetailSerializer if self.action == "retrieve" else self.serializer_class

    def filter_queryset(self, queryset):
        # Query filters narrow lists; they never hide the one object a detail URL names.
        if self.action not in self.list_actions:
            return queryset
        return super().filter_queryset(queryset)

    def get_entity(self) -> Entity:
        """The entity the URL names (404 when there is none), without its detail's extras."""
        entity = Entity.objects.filter(slug=self.kwargs[self.lookup_field]).first()
        if entity is None:
            raise NotFound("No entity has this slug.")
        return entity

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except (Http404, NotFound):
            # A merged-away entity's old slug moves permanently to the entity it became.
            moved = EntityRedirect.objects.select_related("entity").filter(
                old_slug=kwargs[self.lookup_field]
            )
            if target := moved.first():
                return redirect("api:entity-detail", slug=target.entity.slug, permanent=True)
            raise
