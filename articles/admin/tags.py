"""Tags: rename, merge duplicates, delete unused ones."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.template.response import TemplateResponse
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from articles import tagging


class TagAdmin(TaggitTagAdmin):
    """Tags kept tidy by editors: rename on the change page, merge duplicates, drop unused."""

    list_display = ["name", "slug", "story_count"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    inlines = []
    actions = ["merge_tags", "delete_unused"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("taggit_taggeditem_items"))

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, obj: Tag) -> int:
        return obj.story_count

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a used tag is merged, not deleted
        return actions

    @admin.action(description="Merge selected tags…", permissions=["change", "delete"])
    def merge_tags(self, request, queryset):
        tags = list(queryset.order_by("name"))
        if len(tags) < 2:
            self.message_user(request, "Select at least two tags to merge.", messages.WARNING)
            return None
        if request.POST.get("post") == "yes" and request.POST.get("winner"):
            winner = next((t for t in tags if str(t.pk) == request.POST["winner"]), None)
            if winner is None:
                self.message_user(request, "Choose one of the selected tags.", messages.ERROR)
                return None
            stories = tagging.merge_tags(winner=winner, losers=tags, user=request.user)
            self.message_user(
                request,
                f"Merged {len(tags) - 1} into “{winner.name}”; {stories} "
                f"{'story' if stories == 1 else 'stories'} re-tagged.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Merge tags",
            "tags": tags,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge.html", context)

    @admin.action(description="Delete selected tags that no story uses", permissions=["delete"])
    def delete_unused(self, request, queryset):
        selected = list(queryset)
        removed = tagging.delete_unused_tags(tags=selected, user=request.user)
        kept = len(selected) - removed
        self.message_user(
            request,
            f"{removed} unused {'tag' if removed == 1 else 'tags'} deleted"
            + (f"; {kept} still used, kept (merge them instead)." if kept else "."),
            messages.SUCCESS if removed else messages.WARNING,
        )
