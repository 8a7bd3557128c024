"""The knowledge base in the admin: entities with their aliases and roles inline.

`EntityAdmin.search_fields` also serve every `autocomplete_fields` that points at an entity
(roles, mentions), so a name in any script finds its entity everywhere in the admin.
"""

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef

from entities.models import Alias, Entity, Role, normalize_name


class AliasInline(admin.TabularInline):
    model = Alias
    fields = ["name", "language", "kind"]
    extra = 1


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "person"
    fields = ["title", "organization", "start_date", "end_date"]
    autocomplete_fields = ["organization"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organization")


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "alias_count", "wikidata_id"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name", "aliases__normalized"]
    # Explicit because Meta.ordering is not applied to the GROUP BY the count needs.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created", "updated"]
    fields = ["kind", "name", "slug", "description", "wikidata_id", "created", "updated"]
    inlines = [AliasInline, RoleInline]

    def get_queryset(self, request):
        # distinct: a search on aliases joins them again, which would multiply a plain count.
        return super().get_queryset(request).annotate(alias_count=Count("aliases", distinct=True))

    def get_inlines(self, request, obj):
        # Only people hold positions; an organization's people are listed on their own pages.
        if obj is not None and obj.kind != Entity.Kind.PERSON:
            return [AliasInline]
        return super().get_inlines(request, obj)

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # SQLite folds case for ASCII only, so `icontains` misses "гафарова" for "Гафарова".
        # Alias.normalized holds the case-folded form: fold the term the same way and match it.
        folded = normalize_name(search_term)
        if folded:
            aliases = Alias.objects.filter(entity=OuterRef("pk"), normalized__contains=folded)
            matched |= queryset.filter(Exists(aliases))
        return matched, may_have_duplicates

    @admin.display(description="aliases", ordering="alias_count")
    def alias_count(self, obj: Entity) -> int:
        return obj.alias_count


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "kind", "entity"]
    list_filter = ["kind", "language"]
    list_select_related = ["entity"]
    search_fields = ["name", "normalized", "entity__name"]
    autocomplete_fields = ["entity"]
    readonly_fields = ["normalized"]


class CurrentRoleFilter(admin.SimpleListFilter):
    title = "current"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", "Current"), ("no", "Past")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(end_date__isnull=True)
        if self.value() == "no":
            return queryset.filter(end_date__isnull=False)
        return queryset


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization", "start_date", "end_date"]
    list_filter = [CurrentRoleFilter]
    list_select_related = ["person", "organization"]
    search_fields = ["title", "person__name", "organization__name"]
    autocomplete_fields = ["person", "organization"]
