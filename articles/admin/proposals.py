"""The queue of new entities the linker proposed."""

from django.contrib import admin, messages

from articles.linking import accept_proposals, reject_proposals
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

    @admin.action(description="Accept: create the entities", permissions=["change"])
    def accept(self, request, queryset):
        accepted = accept_proposals(proposals=queryset)
        self.message_user(
            request,
            f"{accepted} accepted; their stories now mention the new entities.",
            messages.SUCCESS if accepted else messages.WARNING,
        )

    @admin.action(description="Reject selected proposals", permissions=["change"])
    def reject(self, request, queryset):
        rejected = reject_proposals(proposals=queryset)
        self.message_user(
            request,
            f"{rejected} rejected; they will not be proposed again for those stories.",
            messages.SUCCESS if rejected else messages.WARNING,
        )
