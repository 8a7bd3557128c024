"""Mentions on their own: confirm or reject across stories, within the workflow's rules."""

from django.contrib import admin

from articles import workflow
from articles.admin.actions import decide_and_report
from articles.models import Mention


class MentionAdmin(admin.ModelAdmin):
    list_display = ["article", "entity", "entity_kind", "status", "count"]
    list_filter = ["status", "entity__kind"]
    list_select_related = ["article", "entity"]
    search_fields = ["entity__name", "article__title"]
    autocomplete_fields = ["article", "entity"]
    actions = ["confirm", "reject"]

    @admin.display(description="kind", ordering="entity__kind")
    def entity_kind(self, obj: Mention) -> str:
        return obj.entity.get_kind_display()

    def has_change_permission(self, request, obj=None) -> bool:
        # A mention decides what readers see: in a published story, only editors change it.
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.may_edit(
            status=obj.article.status, may_publish=workflow.may_publish(request.user)
        )

    def _set_status(self, request, queryset, status: str) -> None:
        if not workflow.may_publish(request.user):
            queryset = queryset.filter(article__status__in=workflow.REPORTER_STATES)
        decide_and_report(self, request, queryset, status, noun="mention")

    @admin.action(description="Confirm selected mentions", permissions=["change"])
    def confirm(self, request, queryset):
        self._set_status(request, queryset, Mention.Status.CONFIRMED)

    @admin.action(description="Reject selected mentions", permissions=["change"])
    def reject(self, request, queryset):
        self._set_status(request, queryset, Mention.Status.REJECTED)
