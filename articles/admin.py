"""The editorial admin: stories, their sources, and the entities they mention.

Lists annotate their counts and join what they display, so a page costs the same number of
queries whatever it shows. Status changes go through `Article.save()` or bump `version`
explicitly, so ETags and stale-edit checks see every change.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, F, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.forms import ArticleAdminForm, ImportDocumentsForm
from articles.importing import ImportResult, import_upload
from articles.linking import (
    accept_proposals,
    decide_mentions,
    link_article,
    reject_proposals,
)
from articles.merging import merge_entities
from articles.models import Article, EntityProposal, Mention, Source
from articles.rendering import highlight_mentions
from entities.admin import EntityAdmin
from entities.models import Entity

admin.site.site_header = "Newsroom editorial"
admin.site.site_title = "Newsroom editorial"
admin.site.index_title = "Stories and knowledge base"


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "slug", "url", "story_count"]
    search_fields = ["name", "slug", "url"]
    # Explicit because Meta.ordering is not applied to the GROUP BY the count needs.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("articles", distinct=True))

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, obj: Source) -> int:
        return obj.story_count


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["entity", "status", "surface_forms", "count", "confidence"]
    autocomplete_fields = ["entity"]
    ordering = ["-count", "entity__name"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entity", "article")


def _set_status(modeladmin, request, queryset, status: str) -> None:
    """Move stories to `status` in one UPDATE that also bumps `version` and `updated`."""
    changed = queryset.exclude(status=status).update(
        status=status, version=F("version") + 1, updated=timezone.now()
    )
    label = Article.Status(status).label.lower()
    modeladmin.message_user(
        request,
        f"{changed} {'story' if changed == 1 else 'stories'} now {label}.",
        messages.SUCCESS if changed else messages.WARNING,
    )


def _decide_and_report(modeladmin, request, mentions, status: str, *, noun: str) -> None:
    """Confirm or reject `mentions` through the one service and tell the editor what changed."""
    changed, approved = decide_mentions(mentions=mentions, status=status)
    label = Mention.Status(status).label.lower()
    aliases = (
        f" {approved} new spelling{'s' if approved != 1 else ''} approved as aliases."
        if approved
        else ""
    )
    modeladmin.message_user(
        request,
        f"{changed} {noun}{'' if changed == 1 else 's'} {label}.{aliases}",
        messages.SUCCESS if changed else messages.WARNING,
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status",
        "language",
        "source",
        "published",
        "updated",
        "confirmed_count",
        "suggested_count",
    ]
    list_filter = ["status", "language", "source", "tags"]
    list_select_related = ["source"]
    search_fields = ["title", "slug", "text", "byline"]
    date_hierarchy = "published"
    # Meta.ordering is not applied to the GROUP BY the mention counts need, so say it here.
    ordering = [F("published").desc(nulls_last=True), "-created"]
    autocomplete_fields = ["source"]
    readonly_fields = [
        "original_text_display",
        "mentions_in_context",
        "original_filename",
        "content_hash",
        "version",
        "created",
        "updated",
    ]
    fieldsets = [
        ("Story", {"fields": ["title", "slug", "summary", "body"]}),
        (
            "Metadata",
            {
                "fields": [
                    "language",
                    "source",
                    "byline",
                    "dateline",
                    "published",
                    "original_url",
                    "tags",
                ]
            },
        ),
        ("Workflow", {"fields": ["status", "publish_at", "base_version"]}),
        ("Entities", {"fields": ["mentions_in_context"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "original_filename",
                    "original_text_display",
                    "content_hash",
                    "version",
                    "created",
                    "updated",
                ],
            },
        ),
    ]
    inlines = [MentionInline]
    actions = [
        "publish",
        "move_to_review",
        "archive",
        "relink",
        "confirm_suggestions",
        "reject_suggestions",
    ]

    class Media:
        css = {"all": ["newsroom/admin.css"]}

    def _decide_suggestions(self, request, queryset, status: str) -> None:
        suggestions = Mention.objects.filter(article__in=queryset, status=Mention.Status.SUGGESTED)
        _decide_and_report(self, request, suggestions, status, noun="suggestion")

    @admin.action(description="Confirm all suggested entities", permissions=["change"])
    def confirm_suggestions(self, request, queryset):
        self._decide_suggestions(request, queryset, Mention.Status.CONFIRMED)

    @admin.action(description="Reject all suggested entities", permissions=["change"])
    def reject_suggestions(self, request, queryset):
        self._decide_suggestions(request, queryset, Mention.Status.REJECTED)

    change_list_template = "admin/articles/article/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="articles_article_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload raw wire stories; show each file's result and warnings, link the drafts."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        results: list[ImportResult] = []
        form = ImportDocumentsForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            publish = form.cleaned_data["publish"] and self.has_change_permission(request)
            results = [import_upload(upload=f, publish=publish) for f in form.cleaned_data["files"]]
            imported = [r.article.pk for r in results if r.status == "imported"]
            self.message_user(
                request,
                f"{len(imported)} imported, "
                f"{sum(r.status == 'duplicate' for r in results)} duplicate, "
                f"{sum(r.status == 'failed' for r in results)} failed.",
                messages.SUCCESS if imported else messages.WARNING,
            )
        imported_ids = ",".join(str(r.article.pk) for r in results if r.status == "imported")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import wire stories",
            "form": form,
            "results": results,
            "new_drafts_url": (
                reverse("admin:articles_article_changelist") + f"?id__in={imported_ids}"
                if imported_ids
                else ""
            ),
        }
        return TemplateResponse(request, "admin/articles/article/import.html", context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count(
                    "mentions", filter=Q(mentions__status=Mention.Status.CONFIRMED), distinct=True
                ),
                suggested_count=Count(
                    "mentions", filter=Q(mentions__status=Mention.Status.SUGGESTED), distinct=True
                ),
            )
        )

    def get_prepopulated_fields(self, request, obj=None):
        # A slug is made once, from the first headline; later headline edits leave it alone.
        return {"slug": ["title"]} if obj is None else {}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # A published story's URL is public (and an archived one may still be linked to).
        if obj is not None and obj.status in (Article.Status.PUBLISHED, Article.Status.ARCHIVED):
            readonly.append("slug")
        return readonly

    @admin.display(description="confirmed", ordering="confirmed_count")
    def confirmed_count(self, obj: Article) -> int:
        return obj.confirmed_count

    @admin.display(description="suggested", ordering="suggested_count")
    def suggested_count(self, obj: Article) -> int:
        return obj.suggested_count

    @admin.display(description="original text")
    @admin.display(description="Entities in the text")
    def mentions_in_context(self, obj: Article) -> str:
        """The text with every mention highlighted: green confirmed, yellow suggested."""
        marks = [
            (start, end, mention.status, mention.entity.name)
            for mention in obj.mentions.select_related("entity")
            for start, end in mention.spans
        ]
        if not obj.text:
            return "-"
        return format_html(
            '<div class="mentions-in-context">{}</div>'
            '<p class="help">Confirm or reject each suggestion below, or all at once with '
            "the list's actions.</p>",
            highlight_mentions(obj.text, marks),
        )

    def original_text_display(self, obj: Article) -> str:
        if not obj.original:
            return "-"
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', obj.original_text)

    @admin.action(description="Publish selected stories", permissions=["change"])
    def publish(self, request, queryset):
        _set_status(self, request, queryset, Article.Status.PUBLISHED)

    @admin.action(description="Move selected stories to review", permissions=["change"])
    def move_to_review(self, request, queryset):
        _set_status(self, request, queryset, Article.Status.REVIEW)

    @admin.action(description="Archive selected stories", permissions=["change"])
    def archive(self, request, queryset):
        _set_status(self, request, queryset, Article.Status.ARCHIVED)


@admin.action(description="Re-link entities of selected stories", permissions=["change"])
def relink(modeladmin, request, queryset):
    """Run linking again, e.g. after the knowledge base grew; editors' decisions stand."""
    created = updated = 0
    for article in queryset.select_related(None).only("id", "text", "language", "published"):
        outcome = link_article(article=article)
        created, updated = created + outcome.created, updated + outcome.updated
    modeladmin.message_user(
        request,
        f"Re-linked {queryset.count()} stories: {created} new suggestions, {updated} refreshed.",
        messages.SUCCESS,
    )


ArticleAdmin.relink = relink


@admin.register(Mention)
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

    def _set_status(self, request, queryset, status: str) -> None:
        _decide_and_report(self, request, queryset, status, noun="mention")

    @admin.action(description="Confirm selected mentions", permissions=["change"])
    def confirm(self, request, queryset):
        self._set_status(request, queryset, Mention.Status.CONFIRMED)

    @admin.action(description="Reject selected mentions", permissions=["change"])
    def reject(self, request, queryset):
        self._set_status(request, queryset, Mention.Status.REJECTED)


class EditorialEntityAdmin(EntityAdmin):
    """The knowledge-base admin plus actions that also move stories' mentions (merging)."""

    actions = [*(EntityAdmin.actions or []), "merge"]

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
                    for key, value in merge_entities(winner=winner, loser=loser).items():
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


admin.site.unregister(Entity)
admin.site.register(Entity, EditorialEntityAdmin)


@admin.register(EntityProposal)
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
