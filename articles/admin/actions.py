"""Helpers shared by bulk actions: status changes through the workflow, and mention decisions
reported back to the editor."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles import services
from articles.models import Article, Mention


def set_status(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, status: str
) -> None:
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


def decide_and_report(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    mentions: QuerySet,
    status: str,
    *,
    noun: str,
) -> None:
    """Confirm or reject `mentions` through the one service and tell the editor what changed.

    New spellings become alias suggestions for an Editor, never aliases (the alias policy)."""
    try:
        changed, suggested = services.mentions_decide(
            mentions=mentions, status=status, user=request.user, via="admin"
        )
    except services.NotPermitted as refused:
        modeladmin.message_user(request, str(refused), messages.ERROR)
        return
    label = Mention.Status(status).label.lower()
    nouns = {
        "mention": ngettext(
            "%(count)d mention %(label)s.", "%(count)d mentions %(label)s.", changed
        ),
        "suggestion": ngettext(
            "%(count)d suggestion %(label)s.", "%(count)d suggestions %(label)s.", changed
        ),
    }
    text = nouns.get(noun, nouns["mention"]) % {"count": changed, "label": label}
    if suggested:
        text += " " + ngettext(
            "%(count)d new spelling waits for an editor's approval as an alias.",
            "%(count)d new spellings wait for an editor's approval as aliases.",
            suggested,
        ) % {"count": suggested}
    modeladmin.message_user(request, text, messages.SUCCESS if changed else messages.WARNING)


def report_refusal(modeladmin: admin.ModelAdmin, request: HttpRequest, error: Exception) -> None:
    """A service's refusal, shown as the admin's error message."""
    modeladmin.message_user(request, str(error) or _("Not permitted."), messages.ERROR)
