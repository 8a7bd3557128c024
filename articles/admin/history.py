"""Revisions in the admin: the mixin that records every write and serves the history, compare
and restore pages, shared by the story and entity admins."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.models import Version

from articles import history


def diff_mode(request) -> tuple[bool, dict]:
    """Whether a diff page shows the stored HTML (`?as=html`) rather than the text readers
    read, and the links that switch between the two (the page's other parameters kept)."""
    as_html = request.GET.get("as") == "html"
    query = request.GET.copy()
    query.pop("as", None)
    text_query = query.urlencode()
    query["as"] = "html"
    return as_html, {
        "diff_as_html": as_html,
        "diff_text_query": text_query,
        "diff_html_query": query.urlencode(),
    }


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
        as_html, mode = diff_mode(request)
        changes = history.diff(
            history.version_values(first),
            after,
            self.history_fields,
            before_label=before_label,
            after_label=after_label,
            html=as_html,
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
            **mode,
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
