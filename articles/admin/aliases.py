"""Alias suggestions: the new spellings confirmed mentions used, for an Editor to approve.

Pending first, oldest last; filtered by status, kind and language. Approving goes through the
service (`articles.services.alias_suggestions_decide`): an alias, a revision of the entity and
an audit event. Nothing here is typed in: a suggestion is decided, never edited.
"""

from django.contrib import admin, messages
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import services
from articles.admin.actions import report_refusal
from articles.models import AliasSuggestion


class AliasSuggestionAdmin(admin.ModelAdmin):
    list_display = ["name", "entity_link", "entity_kind", "language", "story", "status", "created"]
    list_filter = ["status", "entity__kind", "language"]
    list_select_related = ["entity", "article"]
    search_fields = ["name", "normalized", "entity__name"]
    # Pending first (alphabetically it would sort between approved and rejected), newest first.
    ordering = [
        Case(When(status=AliasSuggestion.Status.PENDING, then=Value(0)), default=Value(1)).asc(),
        "-created",
        "-id",
    ]
    actions = ["approve", "reject"]
    readonly_fields = [
        "name",
        "entity",
        "language",
        "article",
        "status",
        "suggested_by",
        "decided_by",
        "decided_at",
        "alias",
        "created",
    ]
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False  # suggestions come from confirmed mentions; an Editor adds aliases directly

    @admin.display(description=_("entity"), ordering="entity__name")
    def entity_link(self, obj: AliasSuggestion) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:entities_entity_change", args=[obj.entity_id]),
            obj.entity.name,
        )

    @admin.display(description=_("kind"), ordering="entity__kind")
    def entity_kind(self, obj: AliasSuggestion) -> str:
        return obj.entity.get_kind_display()

    @admin.display(description=_("seen in"), ordering="article__title")
    def story(self, obj: AliasSuggestion) -> str:
        if obj.article_id is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.article.title,
        )

    def _decide(self, request, queryset, approve: bool) -> None:
        try:
            decided = services.alias_suggestions_decide(
                suggestions=queryset, approve=approve, user=request.user, via="admin"
            )
        except services.NotPermitted as refused:
            report_refusal(self, request, refused)
            return
        if approve:
            text = ngettext(
                "%(count)d spelling approved: the linker now matches it as a name.",
                "%(count)d spellings approved: the linker now matches them as names.",
                decided,
            )
        else:
            text = ngettext(
                "%(count)d spelling rejected; it will not be suggested again.",
                "%(count)d spellings rejected; they will not be suggested again.",
                decided,
            )
        self.message_user(
            request,
            text % {"count": decided},
            messages.SUCCESS if decided else messages.WARNING,
        )

    @admin.action(description=_("Approve selected spellings as aliases"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Reject selected spellings"), permissions=["change"])
    def reject(self, request, queryset):
        self._decide(request, queryset, approve=False)
