"""The editorial admin: stories, their sources, the entities they mention, tags and the audit log.

Lists annotate their counts and join what they display, so a page costs the same number of
queries whatever it shows. Status changes go through `articles.workflow` (the rules the API
also follows) and `Article.save()`, so ETags and stale-edit checks see every change; every
write is recorded as a revision (`articles.history`), and publishing, merging and deleting in
the audit log (`articles.audit`).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from reversion.models import Version
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from articles import audit, history, services, tagging, workflow
from articles.forms import ArticleAdminForm, ImportDocumentsForm
from articles.html import sanitize_html
from articles.importing import ImportResult, import_upload
from articles.linking import accept_proposals, decide_mentions, reject_proposals
from articles.models import (
    Article,
    AuditAction,
    AuditEvent,
    EntityProposal,
    Mention,
    Source,
    live_q,
)
from articles.rendering import highlight_mentions
from articles.views import ArticleDetailView
from entities.admin import AliasAdmin, EntityAdmin, RoleAdmin
from entities.models import Alias, Entity, Role

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
    """Move each story to `status` through the workflow: the rules, a revision, the audit log."""
    moved = refused = 0
    for article in queryset.select_related(None).order_by("pk"):
        if article.status == status:
            continue
        if services.story_transition(
            article=article, status=status, user=request.user, via="admin"
        ):
            moved += 1
        else:
            refused += 1
    label = Article.Status(status).label.lower()
    modeladmin.message_user(
        request,
        f"{moved} {'story' if moved == 1 else 'stories'} now {label}.",
        messages.SUCCESS if moved else messages.WARNING,
    )
    if refused:
        modeladmin.message_user(
            request,
            f"{refused} not moved: only an editor may publish, archive or change a published "
            "story.",
            messages.ERROR,
        )


class HistoryAdminMixin:
    """Revisions in the admin: every write recorded with its author and the admin's own change
    message; a history page of versions, a diff between any two (or against the current one)
    and restoring an older version through `articles.history`."""

    object_history_template = "admin/history.html"
    history_fields: tuple = ()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with history.revision(user=request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        with history.revision(user=request.user):  # actions and list edits
            return super().changelist_view(request, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        history.set_comment(entry.get_change_message() or "Created.")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        history.set_comment(entry.get_change_message() or "Saved without changes.")
        return entry

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        history.record(form.instance)  # again, now that tags and inline rows are saved

    def current_values(self, obj) -> dict:
        raise NotImplementedError

    def may_restore(self, request, obj) -> bool:
        return self.has_change_permission(request, obj)

    def restore(self, request, obj, version: Version):
        raise NotImplementedError

    def get_urls(self):
        return [*self.history_urls(), *super().get_urls()]

    def history_urls(self) -> list:
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{prefix}_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name=f"{prefix}_restore",
            ),
        ]

    def _history_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with that id.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _context(self, request, obj, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "history_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk]
            ),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        obj = self._history_object(request, object_id)
        versions = history.versions_of(obj)
        context = self._context(
            request,
            obj,
            title=f"History: {obj}",
            versions=versions,
            may_restore=self.may_restore(request, obj),
            time_zone=settings.TIME_ZONE,
        )
        return TemplateResponse(request, self.object_history_template, context)

    def _version(self, obj, version_id) -> Version:
        version = Version.objects.get_for_object(obj).filter(pk=version_id).first()
        if version is None:
            raise Http404("No such version of this object.")
        return version

    def compare_view(self, request, object_id):
        """`?a=<version>&b=<version or "current">`: what changed from a to b."""
        obj = self._history_object(request, object_id)
        first = self._version(obj, request.GET.get("a") or 0)
        second_id = request.GET.get("b") or "current"
        if second_id == "current":
            second, after, after_label = None, self.current_values(obj), "current"
        else:
            second = self._version(obj, second_id)
            after, after_label = history.version_values(second), history.version_label(second)
        before_label = history.version_label(first)
        changes = history.diff(
            history.version_values(first),
            after,
            self.history_fields,
            before_label=before_label,
            after_label=after_label,
        )
        context = self._context(
            request,
            obj,
            title=f"Changes to {obj}",
            first=first,
            second=second,
            before_label=before_label,
            after_label=after_label,
            changes=changes,
            may_restore=self.may_restore(request, obj),
        )
        return TemplateResponse(request, "admin/history_compare.html", context)

    def restore_view(self, request, object_id, version_id):
        """Show what restoring would change; on POST restore it as a new version."""
        obj = self._history_object(request, object_id)
        if not self.may_restore(request, obj):
            raise PermissionDenied
        version = self._version(obj, version_id)
        if request.method == "POST":
            self.restore(request, obj, version)
            self.message_user(
                request,
                f"Restored the version of {history.version_label(version)} as a new version.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
            )
        changes = history.diff(
            self.current_values(obj),
            history.version_values(version),
            self.history_fields,
            before_label="current",
            after_label=history.version_label(version),
        )
        context = self._context(
            request, obj, title=f"Restore {obj}", version=version, changes=changes
        )
        return TemplateResponse(request, "admin/history_restore.html", context)


class EntityFilter(admin.SimpleListFilter):
    """Stories mentioning an entity (any status of mention): the most mentioned are offered,
    and any entity's slug works in the address (`?entity=baku`)."""

    title = "entity"
    parameter_name = "entity"
    offered = 15

    def lookups(self, request, model_admin):
        from entities.models import Entity as KnownEntity

        top = (
            KnownEntity.objects.annotate(stories=Count("mentions"))
            .filter(stories__gt=0)
            .order_by("-stories", "name")[: self.offered]
        )
        chosen = self.value()
        choices = [(e.slug, e.name) for e in top]
        if chosen and chosen not in {slug for slug, _ in choices}:
            entity = KnownEntity.objects.filter(slug=chosen).first()
            if entity:
                choices.append((entity.slug, entity.name))
        return choices

    def queryset(self, request, queryset):
        if self.value():
            mentions = Mention.objects.filter(article=OuterRef("pk"), entity__slug=self.value())
            return queryset.filter(Exists(mentions))
        return queryset


class PendingFilter(admin.SimpleListFilter):
    """Stories with decisions waiting: suggested mentions or pending entity proposals."""

    title = "pending suggestions"
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", "Waiting for a decision"), ("no", "None waiting")]

    def queryset(self, request, queryset):
        suggested = Mention.objects.filter(article=OuterRef("pk"), status=Mention.Status.SUGGESTED)
        proposed = EntityProposal.objects.filter(
            article=OuterRef("pk"), status=EntityProposal.Status.PENDING
        )
        pending = Q(Exists(suggested)) | Q(Exists(proposed))
        if self.value() == "yes":
            return queryset.filter(pending)
        if self.value() == "no":
            return queryset.exclude(pending)
        return queryset


class LiveFilter(admin.SimpleListFilter):
    """What readers see now: live, scheduled for later, or not public."""

    title = "on the site"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("live", "Live now"), ("scheduled", "Scheduled"), ("hidden", "Not public")]

    def queryset(self, request, queryset):
        now = timezone.now()
        scheduled = Q(status=Article.Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "live":
            return queryset.filter(live_q())
        if self.value() == "scheduled":
            return queryset.filter(scheduled)
        if self.value() == "hidden":
            return queryset.exclude(live_q())
        return queryset


class AddTagForm(forms.Form):
    tag = forms.CharField(max_length=100, label="Tag to add")


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


class ArticlePreviewView(ArticleDetailView):
    """A story of any status as readers will see it: the public template, confirmed mentions
    only, never indexed, never cached."""

    template_name = "admin/articles/article/preview.html"

    def get_queryset(self):
        return Article.objects.with_cards().with_tags()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


@admin.register(Article)
class ArticleAdmin(HistoryAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    history_fields = history.ARTICLE_DIFF_FIELDS
    list_display = [
        "title",
        "status",
        "on_site",
        "language",
        "source",
        "published",
        "updated",
        "confirmed_count",
        "suggested_count",
    ]
    list_filter = [
        "status",
        LiveFilter,
        PendingFilter,
        "language",
        "source",
        EntityFilter,
        "tags",
    ]
    list_select_related = ["source"]
    search_fields = ["title", "slug", "text", "byline"]
    date_hierarchy = "published"
    # Meta.ordering is not applied to the GROUP BY the mention counts need, so say it here.
    ordering = ["-sort_date", "-id"]
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

        write = services.story_update if change else services.story_create
        write(article=form.instance, user=request.user, via="admin", save_related=related)

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
            context["stale"] = {
                "opened": stale,
                "current": current.version,
                "recorded": opened is not None,
                "changes": history.diff(
                    history.version_values(opened),
                    history.article_values(current),
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

    # Columns and read-only fields

    @admin.display(description="confirmed", ordering="confirmed_count")
    def confirmed_count(self, obj: Article) -> int:
        return obj.confirmed_count

    @admin.display(description="suggested", ordering="suggested_count")
    def suggested_count(self, obj: Article) -> int:
        return obj.suggested_count

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
            '<div class="mentions-in-context">{}</div>'
            '<p class="help">Confirm or reject each suggestion below, or all at once with '
            "the list's actions.</p>",
            highlight_mentions(obj.text, marks),
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
        _decide_and_report(self, request, suggestions, status, noun="suggestion")

    @admin.action(description="Confirm all suggested entities", permissions=["change"])
    def confirm_suggestions(self, request, queryset):
        self._decide_suggestions(request, queryset, Mention.Status.CONFIRMED)

    @admin.action(description="Reject all suggested entities", permissions=["change"])
    def reject_suggestions(self, request, queryset):
        self._decide_suggestions(request, queryset, Mention.Status.REJECTED)

    @admin.action(description="Submit selected stories for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        _set_status(self, request, queryset, Article.Status.REVIEW)

    @admin.action(description="Return selected stories to draft", permissions=["change"])
    def return_to_draft(self, request, queryset):
        _set_status(self, request, queryset, Article.Status.DRAFT)

    @admin.action(description="Publish selected stories", permissions=["publish"])
    def publish(self, request, queryset):
        _set_status(self, request, queryset, Article.Status.PUBLISHED)

    @admin.action(description="Archive selected stories", permissions=["publish"])
    def archive(self, request, queryset):
        _set_status(self, request, queryset, Article.Status.ARCHIVED)

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
        _decide_and_report(self, request, queryset, status, noun="mention")

    @admin.action(description="Confirm selected mentions", permissions=["change"])
    def confirm(self, request, queryset):
        self._set_status(request, queryset, Mention.Status.CONFIRMED)

    @admin.action(description="Reject selected mentions", permissions=["change"])
    def reject(self, request, queryset):
        self._set_status(request, queryset, Mention.Status.REJECTED)


class EditorialEntityAdmin(HistoryAdminMixin, EntityAdmin):
    """The knowledge-base admin plus what touches stories too: merging (mentions move), the
    entity's history (with its aliases and roles) and the audit log."""

    history_fields = history.ENTITY_DIFF_FIELDS
    actions = [*(EntityAdmin.actions or []), "merge"]

    def current_values(self, obj: Entity) -> dict:
        return history.entity_values(obj)

    def restore(self, request, obj, version):
        history.restore_entity(entity=obj, version=version, user=request.user)
        audit.record_event(
            action=AuditAction.RESTORE,
            obj=obj,
            user=request.user,
            detail=f"version of {history.version_label(version)}",
            via="admin",
        )

    def delete_model(self, request, obj):
        audit.record_event(action=AuditAction.DELETE, obj=obj, user=request.user, via="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for entity in queryset:
            audit.record_event(
                action=AuditAction.DELETE, obj=entity, user=request.user, via="admin"
            )
        super().delete_queryset(request, queryset)

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


admin.site.unregister(Entity)
admin.site.register(Entity, EditorialEntityAdmin)
admin.site.unregister(Alias)
admin.site.register(Alias, EditorialAliasAdmin)
admin.site.unregister(Role)
admin.site.register(Role, EditorialRoleAdmin)


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


admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)


@admin.register(AuditEvent)
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
