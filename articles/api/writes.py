"""Writing stories through the API: who may do what, and the one function that stores a change.

A Reporter (add and change, no publish permission) writes drafts and sends them to review; an
Editor (with `articles.publish_article`) also publishes, schedules and archives. The rules are
checked against the change requested, so a Reporter re-sending a draft's own status is fine, and
a refusal names the field at fault.
"""

from django.db import IntegrityError, transaction
from rest_framework import exceptions, status

from articles import audit, history, workflow
from articles.html import html_to_text, sanitize_html
from articles.linking import link_article
from articles.models import Article, AuditAction


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The story changed since you read it: fetch it again and re-apply your edit."
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with an existing story."
    default_code = "conflict"


def check_publishing_rights(*, user, article: Article | None, changes: dict) -> None:
    """Refuse (403, naming the field) a change only an editor may make (`articles.workflow`)."""
    current_publish_at = article.publish_at if article is not None else None
    errors = workflow.transition_errors(
        current_status=article.status if article is not None else None,
        new_status=changes.get("status"),
        publish_at_changed="publish_at" in changes and changes["publish_at"] != current_publish_at,
        may_publish=workflow.may_publish(user),
    )
    if errors:
        raise exceptions.PermissionDenied(errors)


def check_deletable(*, user, article: Article) -> None:
    """A story that was ever published is taken down by archiving it; only a superuser deletes
    it outright (`articles.workflow.may_delete`).

    Deleting would break every link readers and aggregators hold; archiving keeps the record.
    """
    if not workflow.may_delete(user=user, article=article):
        raise exceptions.PermissionDenied(
            {
                "status": [
                    "A story that has been published is not deleted: archive it instead "
                    '(PATCH {"status": "archived"}).'
                ]
            }
        )


@transaction.atomic
def save_article(
    *, article: Article | None, changes: dict, expected_version: int | None = None, user=None
) -> Article:
    """Create or change a story from validated API input; returns it saved.

    The body is stored only as `sanitize_html` returns it, and the plain text is derived from it
    (search and mention spans describe what readers see). When the text changes, the story is
    linked again: new suggestions for editors, their decisions untouched. `expected_version`
    is the version the caller last read: if someone saved meanwhile, nothing is written (412).
    The change is recorded as a revision by `user`, and a move between states in the audit log.
    """
    changes = dict(changes)
    created = article is None
    if created:
        article = Article()
    elif expected_version is not None:
        current = Article.objects.select_for_update().filter(pk=article.pk)
        if current.values_list("version", flat=True).first() != expected_version:
            raise PreconditionFailed()
    tags = changes.pop("tags", None)
    before_status, before_publish_at = (
        (None, None) if created else (article.status, article.publish_at)
    )
    text_changed = created
    if "body_html" in changes:
        article.body = sanitize_html(changes.pop("body_html"))
        text = html_to_text(article.body)
        text_changed = text_changed or text != article.text
        article.text = text
    for field, value in changes.items():
        setattr(article, field, value)
    if created and changes.get("slug") and Article.objects.filter(slug=changes["slug"]).exists():
        raise Conflict({"slug": [f"A story with the slug “{changes['slug']}” already exists."]})
    try:
        with transaction.atomic(), history.revision(user=user, comment="Changed through the API"):
            article.save()
            if tags is not None:
                article.tags.set(list(dict.fromkeys(tags)))
                history.record(article)
    except IntegrityError as exc:
        raise Conflict({"slug": ["A story with this slug already exists."]}) from exc
    workflow.record_transition(
        article=article,
        user=user,
        before_status=before_status,
        before_publish_at=before_publish_at,
        via="api",
    )
    if text_changed and article.text:
        link_article(article=article, new_article=created)
    return article


@transaction.atomic
def delete_article(*, article: Article, expected_version: int | None = None, user=None) -> None:
    if expected_version is not None and article.version != expected_version:
        raise PreconditionFailed()
    audit.record_event(
        action=AuditAction.DELETE, obj=article, user=user, detail=article.status, via="api"
    )
    article.delete()
