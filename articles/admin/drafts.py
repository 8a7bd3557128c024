"""Drafts of live stories in the admin (`articles.drafts`): what the unpublished changes are,
a diff against the live version, and the Editor's buttons to publish or discard them.

Saving a published story's form keeps the edit as unpublished changes; the form then shows
them (`ArticleAdminForm`), the preview can show them (`?draft=1`), and "Save and publish
changes" or the changes page make them live. Every write is the service layer's.
"""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles import drafts, history, services, workflow
from articles.admin.history import diff_mode
from articles.models import Article

PUBLISH_CHANGES = "_publish_changes"


def with_draft(article: Article) -> Article:
    """A copy of `article` (in memory) carrying its unpublished changes."""
    return drafts.apply(copy.copy(article), article.draft)


class DraftAdminMixin:
    """The story admin's pages and messages for unpublished changes."""

    def draft_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/changes/", view(self.changes_view), name="articles_article_changes"),
            path(
                "<int:pk>/changes/publish/",
                view(require_POST(self.publish_changes_view)),
                name="articles_article_publish_changes",
            ),
            path(
                "<int:pk>/changes/discard/",
                view(require_POST(self.discard_changes_view)),
                name="articles_article_discard_changes",
            ),
        ]

    def publish_changes_requested(self, request, obj: Article) -> bool:
        """The form's "Save and publish changes" button, on a published story."""
        return PUBLISH_CHANGES in request.POST and obj.status == Article.Status.PUBLISHED

    def _draft_story(self, request, pk: int) -> Article:
        article = self.get_object(request, str(pk))
        if article is None:
            raise Http404("No story with that id.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def changes_view(self, request, pk: int):
        """The unpublished changes against the live version, by words."""
        article = self._draft_story(request, pk)
        as_html, mode = diff_mode(request)
        changes = (
            history.diff(
                history.article_values(article),
                history.article_values(with_draft(article)),
                before_label="live",
                after_label="unpublished changes",
                html=as_html,
            )
            if article.has_unpublished_changes
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "original": article,
            "title": f"Unpublished changes: {article}",
            "changes": changes,
            "before_label": "live",
            "after_label": "unpublished changes",
            "may_publish": workflow.may_publish(request.user),
            **mode,
        }
        return TemplateResponse(request, "admin/articles/article/changes.html", context)

    def _decide(self, request, pk: int, write, done: str):
        article = self._draft_story(request, pk)
        if not workflow.may_publish(request.user):
            raise PermissionDenied
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            expected = None
        try:
            changed = write(
                article=article, user=request.user, via="admin", expected_version=expected
            )
        except services.StaleVersion:
            self.message_user(
                request,
                "The story changed since you opened this page; review the changes again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:articles_article_changes", args=[pk]))
        if changed:
            self.message_user(request, done, messages.SUCCESS)
        else:
            self.message_user(request, "This story has no unpublished changes.", messages.INFO)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    def publish_changes_view(self, request, pk: int):
        return self._decide(
            request,
            pk,
            services.story_publish_changes,
            "The changes are live: readers now see this version.",
        )

    def discard_changes_view(self, request, pk: int):
        return self._decide(
            request,
            pk,
            services.story_discard_changes,
            "The unpublished changes were discarded; the live version is unchanged.",
        )

    def draft_context(self, request, obj: Article | None) -> dict:
        """What the change form shows about unpublished changes."""
        if obj is None or obj.pk is None:
            return {}
        return {
            "may_publish_changes": obj.status == Article.Status.PUBLISHED
            and workflow.may_publish(request.user),
            "changes_url": reverse("admin:articles_article_changes", args=[obj.pk]),
            "draft_preview_url": reverse("admin:articles_article_preview", args=[obj.pk])
            + "?draft=1",
        }

    def response_change(self, request, obj):
        if obj.has_unpublished_changes:
            self.message_user(
                request,
                format_html(
                    "Saved as unpublished changes: readers still see the live version until "
                    'an editor publishes them. <a href="{}">See the changes</a>.',
                    reverse("admin:articles_article_changes", args=[obj.pk]),
                ),
                messages.WARNING,
            )
        return super().response_change(request, obj)
