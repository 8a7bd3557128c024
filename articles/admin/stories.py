"""The story admin: the editor's form, workflow permissions, the stale-edit warning, history,
the import, preview and tag-autocomplete pages, list columns and bulk actions."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from taggit.models import Tag

from articles import drafts, history, services, workflow
from articles.admin import queue
from articles.admin.actions import decide_and_report, set_status
from articles.admin.drafts import DraftAdminMixin
from articles.admin.filters import (
    LiveListFilter,
    MentionedEntityListFilter,
    PendingListFilter,
)
from articles.admin.history import HistoryAdminMixin
from articles.admin.preview import ArticlePreviewView
from articles.admin.review import ReviewAdminMixin
from articles.forms import ArticleAdminForm, ImportDocumentsForm
from articles.html import sanitize_html
from articles.importing import ImportResult, import_upload
from articles.models import Article, Mention
from articles.rendering import highlight_mentions


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["entity", "status", "surface_forms", "count", "confidence"]
    autocomplete_fields = ["entity"]
    ordering = ["-count", "entity__name"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entity", "article")


class AddTagForm(forms.Form):
    tag = forms.CharField(max_length=100, label="Tag to add")


class ArticleAdmin(ReviewAdminMixin, DraftAdminMixin, HistoryAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    history_fields = history.ARTICLE_DIFF_FIELDS
    # Compact columns, so the headline gets the width (no sideways scroll at 1,280 px).
    list_display = [
        "title",
        "workflow_state",
        "story_date",
        "source_and_language",
        "last_updated",
        "entity_counts",
    ]
    list_filter = [
        "status",
        LiveListFilter,
        PendingListFilter,
        "language",
        "source",
        MentionedEntityListFilter,
        "tags",
    ]
    list_select_related = ["source"]
    search_fields = ["title", "slug", "text", "byline"]
    date_hierarchy = "published"
    # What needs work first (in review, then drafts with decisions waiting, then other drafts,
    # dated or not), then the newest. An expression, not an annotation: other admins order
    # their story choices by it too.
    ordering = [queue.work_first().asc(), "-sort_date", "-id"]
    autocomplete_fields = ["source"]
    readonly_fields = [
        "original_text_display",
        "mentions_in_context",
        "original_filename",
        "content_hash",
        "version",
        "state",
        "first_published_at",
        "published_by",
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
                    "published_time",
                    "published_utc_offset",
                    "original_url",
                    "tags",
                ]
            },
        ),
        (
            "Workflow",
            {
                "fields": [
                    "state",
                    "status",
                    "publish_at",
                    "first_published_at",
                    "published_by",
                    "base_version",
                ]
            },
        ),
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
        "submit_for_review",
        "return_to_draft",
        "publish",
        "archive",
        "relink",
        "add_tag",
        "confirm_suggestions",
        "reject_suggestions",
        "delete_stories",
    ]
    change_list_template = "admin/articles/article/change_list.html"
    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        css = {"all": ["newsroom/admin.css"]}
        js = ["newsroom/admin-editor.js"]

    # Permissions: the workflow's rules on top of the model permissions.

    def has_publish_permission(self, request) -> bool:
        return workflow.may_publish(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.may_edit(
            status=obj.status, may_publish=workflow.may_publish(request.user)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or workflow.may_delete(user=request.user, article=obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # replaced by delete_stories, which archives
        return actions

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"may_publish": workflow.may_publish(request.user)})

    def get_prepopulated_fields(self, request, obj=None):
        # A slug is made once, from the first headline; later headline edits leave it alone.
        return {"slug": ["title"]} if obj is None else {}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Once published, a story's URL is public, even after it is taken down again.
        if obj is not None and obj.slug_is_fixed:
            readonly.append("slug")
        if not workflow.may_publish(request.user):
            readonly.append("publish_at")
        return readonly

    # Saving: rules, revision, audit.

    def save_model(self, request, obj, form, change):
        """Nothing is stored here: `save_related` hands the story, its tags and inline rows to
        the service layer in one call, so the re-link sees them all."""

    def save_related(self, request, form, formsets, change):
        def related(article: Article) -> None:
            super(ArticleAdmin, self).save_related(request, form, formsets, change)

        if not change:
            services.story_create(
                article=form.instance, user=request.user, via="admin", save_related=related
            )
            return
        services.story_update(
            article=form.instance,
            user=request.user,
            via="admin",
            save_related=related,
            publish_changes=self.publish_changes_requested(request, form.instance),
        )

    def delete_model(self, request, obj):
        services.story_delete(article=obj, user=request.user, via="admin")

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.story_delete(article=article, user=request.user, via="admin")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        stale = getattr(form, "stale_version", None)
        if stale is not None and obj is not None:
            current = Article.objects.get(pk=obj.pk)
            opened = history.version_numbered(current, stale)
            # A live story is edited in its unpublished changes: compare those.
            opened_values = history.version_values(opened) if opened is not None else {}
            opened_values.update(drafts.from_json(opened_values.get("draft")))
            context["stale"] = {
                "opened": stale,
                "current": current.version,
                "recorded": opened is not None,
                "changes": history.diff(
                    opened_values,
                    history.article_values(drafts.apply(current, current.draft)),
                    before_label=f"version {stale} (you opened)",
                    after_label=f"version {current.version} (saved since)",
                )
                if opened is not None
                else [],
            }
            # The next save is a decision made with their changes in view, not a blind one.
            form.data = form.data.copy()
            form.data["base_version"] = current.version
        if obj is not None:
            context["preview_url"] = reverse("admin:articles_article_preview", args=[obj.pk])
            context["review_url"] = reverse("admin:articles_article_review", args=[obj.pk])
        context.update(self.draft_context(request, obj))
        context["time_zone"] = settings.TIME_ZONE
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History

    def current_values(self, obj: Article) -> dict:
        return history.article_values(obj)

    def may_restore(self, request, obj) -> bool:
        return self.has_change_permission(request, obj)

    def restore(self, request, obj, version):
        services.story_restore(article=obj, version=version, user=request.user, via="admin")

    # Extra pages

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="articles_article_import"),
            path(
                "<int:pk>/preview/",
                view(never_cache(self.preview_view)),
                name="articles_article_preview",
            ),
            path(
                "body-preview/",
                view(require_POST(self.body_preview_view)),
                name="articles_article_body_preview",
            ),
            path(
                "tags/autocomplete/",
                view(self.tag_autocomplete_view),
                name="articles_article_tag_autocomplete",
            ),
            *self.draft_urls(),
            *self.review_urls(),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk: int):
        """The story as readers will see it, whatever its status (staff with view rights)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return ArticlePreviewView.as_view()(request, pk=pk)

    def body_preview_view(self, request):
        """The body as it will be stored: what the editor's live preview shows."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return JsonResponse({"html": sanitize_html(request.POST.get("body", ""))})

    def tag_autocomplete_view(self, request):
        """Existing tags starting with or containing `term`, most used first."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        term = request.GET.get("term", "").strip()[:100]
        tags = Tag.objects.annotate(uses=Count("taggit_taggeditem_items"))
        if term:
            tags = tags.filter(name__icontains=term)
        names = list(tags.order_by("-uses", "name").values_list("name", flat=True)[:20])
        return JsonResponse({"results": names})

    def import_view(self, request):
        """Upload raw wire stories; show each file's result and warnings, link the drafts."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        results: list[ImportResult] = []
        form = ImportDocumentsForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            publish = form.cleaned_data["publish"] and self.has_publish_permission(request)
            for upload in form.cleaned_data["files"]:
                with history.revision(user=request.user):
                    result = import_upload(upload=upload, publish=publish, user=request.user)
                results.append(result)
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
        # Counted by subqueries, not joins: one row per story, no GROUP BY over its body.
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=queue.count_of(
                    Mention.objects.filter(article=OuterRef("pk"), status=Mention.Status.CONFIRMED)
                ),
                suggested_count=queue.count_of(queue.suggested_mentions()),
                proposed_count=queue.count_of(queue.pending_proposals()),
                pending_count=F("suggested_count") + F("proposed_count"),
            )
        )

    # Columns and read-only fields

    @admin.display(description=_("date"), ordering="sort_date")
    def story_date(self, obj: Article) -> str:
        """ISO dates, short and sortable by eye; ordered like every list (undated last)."""
        return obj.published.isoformat() if obj.published else "–"

    @admin.display(description=_("source"), ordering="source__name")
    def source_and_language(self, obj: Article) -> str:
        """The agency, and the story's language under it (a filter of its own): one column."""
        return format_html(
            '{}<br><span class="quiet" lang="en">{}</span>',
            obj.source.name if obj.source else "–",
            obj.language,
        )

    @admin.display(description=_("updated"), ordering="updated")
    def last_updated(self, obj: Article) -> str:
        """Date, then the minute under it: Django's long form ("Dec. 6, 2026, 12:39 a.m.")
        takes three lines in a narrow column."""
        local = timezone.localtime(obj.updated)
        return format_html(
            '<span class="nowrap">{}</span> {}', local.strftime("%Y-%m-%d"), local.strftime("%H:%M")
        )

    @admin.display(description=_("entities"), ordering="pending_count")
    def entity_counts(self, obj: Article) -> str:
        """Confirmed mentions, then what waits for a decision: suggested mentions and pending
        entity proposals (sorted by the latter, so the most to review come first)."""
        waiting = []
        if obj.suggested_count:
            waiting.append(
                ngettext("%(n)d suggested", "%(n)d suggested", obj.suggested_count)
                % {"n": obj.suggested_count}
            )
        if obj.proposed_count:
            waiting.append(
                ngettext("%(n)d new entity", "%(n)d new entities", obj.proposed_count)
                % {"n": obj.proposed_count}
            )
        confirmed = ngettext("%(n)d confirmed", "%(n)d confirmed", obj.confirmed_count) % {
            "n": obj.confirmed_count
        }
        if not waiting:
            return confirmed
        lines = [confirmed] if obj.confirmed_count else []
        review = reverse("admin:articles_article_review", args=[obj.pk])
        lines += [
            format_html(
                '<a href="{}" class="to-review review-link" title="{}">{}</a>',
                review,
                gettext("Review entities"),
                line,
            )
            for line in waiting
        ]
        return mark_safe("<br>".join(conditional_escape(line) for line in lines))

    @admin.display(description=_("status"), ordering="status")
    def workflow_state(self, obj: Article) -> str:
        """The status and, once published, what readers get: one column instead of two."""
        if obj.status == Article.Status.PUBLISHED:
            return self.on_site(obj)
        return format_html(
            '<span class="state state-{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description="on the site", ordering="publish_at")
    def on_site(self, obj: Article) -> str:
        """Live, scheduled (with the time and its zone) or not public."""
        if obj.is_scheduled:
            local = timezone.localtime(obj.publish_at)
            return format_html(
                '<span class="state state-scheduled">Scheduled: {} {}</span>',
                local.strftime("%Y-%m-%d %H:%M"),
                local.tzname(),
            )
        if obj.is_published and obj.has_unpublished_changes:
            return format_html(
                '<span class="state state-live">{}</span> '
                '<span class="state state-draft">{}</span>',
                "Live",
                "unpublished changes",
            )
        if obj.is_published:
            return format_html('<span class="state state-live">{}</span>', "Live")
        return format_html('<span class="state state-hidden">{}</span>', "Not public")

    @admin.display(description="On the site now")
    def state(self, obj: Article) -> str:
        if obj.pk is None:
            return "Not public (new story)"
        return format_html(
            '{} <a class="preview-link" href="{}" target="_blank" rel="noopener">'
            "Preview as readers will see it</a>",
            self.on_site(obj),
            reverse("admin:articles_article_preview", args=[obj.pk]),
        )

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
            '<div class="mentions-in-context">{}</div><p class="help">{} <a href="{}">{}</a></p>',
            highlight_mentions(obj.text, marks),
            gettext("Decide each suggestion and proposal on the story's review screen:"),
            reverse("admin:articles_article_review", args=[obj.pk]),
            gettext("Review entities"),
        )

    @admin.display(description="original text")
    def original_text_display(self, obj: Article) -> str:
        if not obj.original:
            return "-"
        return format_html('<pre class="original-text">{}</pre>', obj.original_text)

    # Actions

    def _decide_suggestions(self, request, queryset, status: str) -> None:
        editable = [a.pk for a in queryset if self.has_change_permission(request, a)]
        suggestions = Mention.objects.filter(article__in=editable, status=Mention.Status.SUGGESTED)
        decide_and_report(self, request, suggestions, status, noun="suggestion")

    @admin.action(description="Confirm all suggested entities", permissions=["change"])
    def confirm_suggestions(self, request, queryset):
        self._decide_suggestions(request, queryset, Mention.Status.CONFIRMED)

    @admin.action(description="Reject all suggested entities", permissions=["change"])
    def reject_suggestions(self, request, queryset):
        self._decide_suggestions(request, queryset, Mention.Status.REJECTED)

    @admin.action(description="Submit selected stories for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        set_status(self, request, queryset, Article.Status.REVIEW)

    @admin.action(description="Return selected stories to draft", permissions=["change"])
    def return_to_draft(self, request, queryset):
        set_status(self, request, queryset, Article.Status.DRAFT)

    @admin.action(description="Publish selected stories", permissions=["publish"])
    def publish(self, request, queryset):
        set_status(self, request, queryset, Article.Status.PUBLISHED)

    @admin.action(description="Archive selected stories", permissions=["publish"])
    def archive(self, request, queryset):
        set_status(self, request, queryset, Article.Status.ARCHIVED)

    @admin.action(description="Add a tag to selected stories…", permissions=["change"])
    def add_tag(self, request, queryset):
        """Ask for the tag; on confirmation add it to every selected story the user may edit."""
        form = AddTagForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            name = form.cleaned_data["tag"].strip()
            tagged = 0
            for article in queryset.select_related(None):
                if not self.has_change_permission(request, article):
                    continue
                if services.story_add_tag(
                    article=article, name=name, user=request.user, via="admin"
                ):
                    tagged += 1
            self.message_user(
                request,
                f"Tag “{name}” added to {tagged} {'story' if tagged == 1 else 'stories'}.",
                messages.SUCCESS if tagged else messages.WARNING,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Add a tag",
            "form": form,
            "objects": list(queryset),
            "action": "add_tag",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/add_tag.html", context)

    @admin.action(description="Delete selected stories", permissions=["delete"])
    def delete_stories(self, request, queryset):
        """Django's delete, refused for stories that were published: those are archived."""
        kept = [a for a in queryset if not workflow.may_delete(user=request.user, article=a)]
        if kept:
            self.message_user(
                request,
                f"Nothing was deleted: {len(kept)} of the selected stories "
                f"({', '.join(a.title for a in kept[:3])}{'…' if len(kept) > 3 else ''}) "
                "have been published. Archive them instead; only a superuser deletes a story "
                "that readers may have linked to.",
                messages.ERROR,
            )
            return None
        return delete_selected(self, request, queryset)

    @admin.action(description="Re-link entities of selected stories", permissions=["change"])
    def relink(self, request, queryset):
        """Run linking again, e.g. after the knowledge base grew; editors' decisions stand."""
        created = updated = count = 0
        for article in queryset.select_related(None).only(
            "id", "text", "language", "published", "status"
        ):
            if not self.has_change_permission(request, article):
                continue
            outcome = services.story_relink(article=article)
            created, updated = created + outcome.created, updated + outcome.updated
            count += 1
        self.message_user(
            request,
            f"Re-linked {count} stories: {created} new suggestions, {updated} refreshed.",
            messages.SUCCESS,
        )
