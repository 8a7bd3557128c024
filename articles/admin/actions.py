"""Helpers shared by bulk actions: status changes through the workflow, and mention decisions
reported back to the editor."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from articles import services
from articles.linking import decide_mentions
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
