"""The audit log, read-only."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from articles.models import AuditAction, AuditEvent


class AuditEventAdmin(admin.ModelAdmin):
    """Publishing, merging and deleting, newest first: read-only, for editors."""

    list_display = ["created", "action", "object_link", "user", "via", "detail"]
    list_filter = ["action", "via", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "detail", "user__username"]
    date_hierarchy = "created"
    readonly_fields = [
        "created",
        "action",
        "user",
        "content_type",
        "object_id",
        "object_repr",
        "detail",
        "via",
    ]
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="object", ordering="object_repr")
    def object_link(self, obj: AuditEvent) -> str:
        """A link to the object's admin page while it exists; its name alone once deleted."""
        if obj.content_type_id and obj.action not in (AuditAction.DELETE, AuditAction.MERGE):
            name = f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change"
            return format_html(
                '<a href="{}">{}</a>', reverse(name, args=[obj.object_id]), obj.object_repr
            )
        return obj.object_repr
