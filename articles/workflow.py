"""A story's states and who may move it between them: the one place the admin and the API ask.

    draft ⇄ review → published → archived        (an Editor may also move back: unpublish,
                                                   restore an archived story, return to draft)

A Reporter (add and change, no publish permission) works on drafts and stories in review, any
reporter's, and moves them between those two states only: the desk shares its drafts. An Editor
(`articles.publish_article`) makes every move, including scheduling with `publish_at`. A story
that has been published is never deleted except by a superuser: it is archived, so every link
to it keeps working. The rules are pure functions of the states and the permission; applying a
change is the service layer's (`articles.services`), which asks them on every write.
"""

import datetime

from django.utils import timezone

from articles.models import Article, ArticleStatus, AuditAction

PUBLISH_PERMISSION = "articles.publish_article"
EDITOR_STATES = frozenset({ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED})
REPORTER_STATES = (ArticleStatus.DRAFT, ArticleStatus.REVIEW)


def may_publish(user) -> bool:
    """Publish, schedule, archive and unpublish: the Editor's permission."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def allowed_statuses(*, current: str | None, may_publish: bool) -> list[str]:
    """The statuses a story in `current` (None: a new story) may be given, its own included."""
    if may_publish:
        return list(ArticleStatus.values)
    if current in EDITOR_STATES:
        return [current]
    return list(REPORTER_STATES)


def may_edit(*, status: str | None, may_publish: bool) -> bool:
    """Whether a writer may change a story in `status` at all (words, tags, mentions)."""
    return may_publish or status not in EDITOR_STATES


def transition_errors(
    *,
    current_status: str | None,
    new_status: str | None,
    publish_at_changed: bool = False,
    may_publish: bool,
) -> dict[str, list[str]]:
    """Why a change may not be made, per field (empty when it may). `current_status` is None
    for a new story; `new_status` None when the status is not being set."""
    if may_publish:
        return {}
    errors: dict[str, list[str]] = {}
    if current_status in EDITOR_STATES:
        errors["status"] = [
            f"This story is {current_status}; only an editor with the publish permission may "
            "change it."
        ]
    elif new_status in EDITOR_STATES:
        errors["status"] = [
            f"Setting status to {new_status} needs the publish permission; use draft or review."
        ]
    if publish_at_changed:
        errors["publish_at"] = ["Scheduling a story needs the publish permission."]
    return errors


def publish_changes_errors(may_publish: bool) -> dict[str, list[str]]:
    """Why unpublished changes to a live story may not be made live (empty when they may):
    readers get them at once, so it is an Editor's decision, like publishing."""
    if may_publish:
        return {}
    return {"status": ["Publishing changes to a live story needs the publish permission."]}


def may_delete(*, user, article: Article) -> bool:
    """Deleting breaks every link readers and aggregators hold, so a story that has ever been
    published is archived instead; only a superuser deletes it outright."""
    if not (user and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.has_perm("articles.delete_article") and not article.slug_is_fixed


def transition_events(
    *,
    before_status: str | None,
    before_publish_at: datetime.datetime | None,
    after_status: str,
    after_publish_at: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> list[tuple[str, str]]:
    """The audit events a change of state makes, as (action, detail); pure."""
    now = now or timezone.now()

    def schedule(moment: datetime.datetime) -> str:
        local = timezone.localtime(moment)
        return f"goes live {local:%Y-%m-%d %H:%M} {local.tzname()}"

    move = f"{before_status or 'new'} → {after_status}"
    published = ArticleStatus.PUBLISHED
    if before_status == after_status:
        if after_status == published and before_publish_at != after_publish_at:
            if after_publish_at and after_publish_at > now:
                return [(AuditAction.SCHEDULE, f"rescheduled: {schedule(after_publish_at)}")]
            return [(AuditAction.PUBLISH, "schedule cleared: live now")]
        return []
    if after_status == published:
        if after_publish_at and after_publish_at > now:
            return [(AuditAction.SCHEDULE, f"{move}; {schedule(after_publish_at)}")]
        return [(AuditAction.PUBLISH, move)]
    if after_status == ArticleStatus.ARCHIVED:
        return [(AuditAction.ARCHIVE, move)]
    if before_status in EDITOR_STATES:
        return [(AuditAction.UNPUBLISH, move)]
    if after_status == ArticleStatus.REVIEW:
        return [(AuditAction.SUBMIT, move)]
    if before_status is not None:
        return [(AuditAction.RETURN, move)]
    return []
