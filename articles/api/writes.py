"""The API's side of writing stories: its input mapped onto the service layer
(`articles.services`), and the service's refusals mapped onto HTTP answers.

Who may do what is decided by the services (`articles.workflow`'s rules): a Reporter writes
drafts and sends them to review, an Editor also publishes, schedules and archives, and a
refusal names the field at fault (403). A stale edit is a 412, a slug already taken a 409, what
no story may hold (control characters, a published story without a source) a 400 naming the field.
"""

from contextlib import contextmanager

from rest_framework import exceptions, status

from articles import services
from articles.models import Article


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The story changed since you read it: fetch it again and re-apply your edit."
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with an existing story."
    default_code = "conflict"


@contextmanager
def _as_http():
    try:
        yield
    except services.NotPermitted as exc:
        raise exceptions.PermissionDenied(exc.errors) from exc
    except services.StaleVersion as exc:
        raise PreconditionFailed() from exc
    except services.SlugTaken as exc:
        raise Conflict(exc.errors) from exc
    except services.InvalidStory as exc:
        raise exceptions.ValidationError(exc.errors) from exc


def save_article(
    *, article: Article | None, changes: dict, expected_version: int | None = None, user=None
) -> Article:
    """Create (`article` None) or change a story from validated API input; returns it saved."""
    changes = dict(changes)
    tags = changes.pop("tags", None)
    if "body_html" in changes:
        changes["body"] = changes.pop("body_html")
    with _as_http():
        if article is None:
            return services.story_create(
                fields=changes, tags=tags, user=user, via="api", comment="Created through the API"
            )
        return services.story_update(
            article=article,
            changes=changes,
            tags=tags,
            user=user,
            via="api",
            expected_version=expected_version,
            comment="Changed through the API",
        )


def decide_changes(
    *, article: Article, publish: bool, expected_version: int | None = None, user=None
) -> Article:
    """Publish (or, `publish=False`, discard) a live story's unpublished changes: an Editor's
    (403 otherwise); 409 when it has none."""
    write = services.story_publish_changes if publish else services.story_discard_changes
    with _as_http():
        done = write(article=article, user=user, via="api", expected_version=expected_version)
    if not done:
        raise Conflict({"detail": "This story has no unpublished changes."})
    return article


def delete_article(*, article: Article, expected_version: int | None = None, user=None) -> None:
    """Delete a story; one that was ever published is archived instead (403 says how)."""
    try:
        with _as_http():
            services.story_delete(
                article=article, user=user, via="api", expected_version=expected_version
            )
    except exceptions.PermissionDenied as exc:
        # The service's words, in the API's terms: how to archive instead.
        raise exceptions.PermissionDenied(
            {
                "status": [
                    "A story that has been published is not deleted: archive it instead "
                    '(PATCH {"status": "archived"}).'
                ]
            }
        ) from exc
