"""The queue of new entities the linker proposed."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import services
from articles.admin.actions import report_refusal
from articles.models import EntityProposal


class EntityProposalAdmin(admin.ModelAdmin):
    """The queue of new entities the linker proposed; pending ones first."""

    list_display = ["name", "kind", "article", "surface", "count", "confidence", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["article"]
    search_fields = ["name", "normalized", "article__title"]
    readonly_fields = ["article", "normalized", "surface_forms", "spans", "count", "entity"]
    fields = ["name", "kind", "status", *readonly_fields]
    actions = ["accept", "reject"]

    @admin.display(description="as written")
    def surface(self, obj: EntityProposal) -> str:
        return ", ".join(obj.surface_forms)

    @admin.action(description=_("Accept: create the entities"), permissions=["change"])
    def accept(self, request, queryset):
        try:
            accepted = services.proposals_accept(proposals=queryset, user=request.user, via="admin")
        except services.StoryWriteError as refused:
            report_refusal(self, request, refused)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d accepted; its story now mentions the new entity.",
                "%(count)d accepted; their stories now mention the new entities.",
                accepted,
            )
            % {"count": accepted},
            messages.SUCCESS if accepted else messages.WARNING,
        )

    @admin.action(description=_("Reject selected proposals"), permissions=["change"])
    def reject(self, request, queryset):
        try:
            rejected = services.proposals_reject(proposals=queryset, user=request.user, via="admin")
        except services.StoryWriteError as refused:
            report_refusal(self, request, refused)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d rejected; it will not be proposed again for its story.",
                "%(count)d rejected; they will not be proposed again for those stories.",
                rejected,
            )
            % {"count": rejected},
            messages.SUCCESS if rejected else messages.WARNING,
        )
