"""The knowledge base's admins with what touches stories too: merging entities (mentions move),
history for entities and for aliases and roles edited on their own pages, and the audit log."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from articles import history, services
from articles.admin.history import HistoryAdminMixin
from entities.admin import AliasAdmin, EntityAdmin, RoleAdmin
from entities.models import Alias, Entity, Role


class EditorialEntityAdmin(HistoryAdminMixin, EntityAdmin):
    """The knowledge-base admin plus what touches stories too: merging (mentions move), the
    entity's history (with its aliases and roles) and the audit log."""

    history_fields = history.ENTITY_DIFF_FIELDS
    actions = [*(EntityAdmin.actions or []), "merge"]

    def current_values(self, obj: Entity) -> dict:
        return history.entity_values(obj)

    def restore(self, request, obj, version):
        services.entity_restore(entity=obj, version=version, user=request.user, via="admin")

    def save_model(self, request, obj, form, change):
        # A renamed entity is a change of every story that shows it (new versions, ETags).
        services.entity_save(entity=obj, user=request.user, via="admin")

    def delete_model(self, request, obj):
        services.entity_delete(entity=obj, user=request.user, via="admin")

    def delete_queryset(self, request, queryset):
        for entity in queryset:
            services.entity_delete(entity=entity, user=request.user, via="admin")

    @admin.action(description="Merge selected entities…", permissions=["change", "delete"])
    def merge(self, request, queryset):
        """Ask which entity to keep; on confirmation merge the others into it."""
        entities = list(queryset.order_by("name"))
        if len(entities) < 2:
            self.message_user(request, "Select at least two entities to merge.", messages.WARNING)
            return None
        if request.POST.get("post") == "yes" and request.POST.get("winner"):
            winner = next((e for e in entities if str(e.pk) == request.POST["winner"]), None)
            if winner is None:
                self.message_user(request, "Choose one of the selected entities.", messages.ERROR)
                return None
            totals = {"mentions_moved": 0, "mentions_combined": 0, "aliases_gained": 0}
            for loser in entities:
                if loser.pk != winner.pk:
                    merged = services.entity_merge(
                        winner=winner, loser=loser, user=request.user, via="admin"
                    )
                    for key, value in merged.items():
                        totals[key] += value
            self.message_user(
                request,
                f"Merged {len(entities) - 1} into {winner.name}: {totals['mentions_moved']} "
                f"mentions moved, {totals['mentions_combined']} combined, "
                f"{totals['aliases_gained']} aliases added. Old pages redirect to it.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Merge entities",
            "entities": entities,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/entities/entity/merge.html", context)


class EntityPartHistoryMixin:
    """An alias or role edited on its own page: the change is recorded in its entity's
    history, which follows its aliases and roles."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with history.revision(user=request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with history.revision(user=request.user):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        with history.revision(user=request.user):
            return super().changelist_view(request, extra_context)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        history.set_comment(f"{obj}: {entry.get_change_message()}")
        return entry

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        history.record(self.entity_of(obj))

    def delete_model(self, request, obj):
        entity = self.entity_of(obj)
        super().delete_model(request, obj)
        history.set_comment(f"Deleted {obj}")
        history.record(entity)


class EditorialAliasAdmin(EntityPartHistoryMixin, AliasAdmin):
    def entity_of(self, obj: Alias) -> Entity:
        return obj.entity


class EditorialRoleAdmin(EntityPartHistoryMixin, RoleAdmin):
    def entity_of(self, obj: Role) -> Entity:
        return obj.person
