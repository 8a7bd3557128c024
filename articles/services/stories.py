"""Every write of a story, from every path: the admin, the API, the importer, a restore, a command.

One function per intent, keyword-only, one transaction each. They all end in `_store`, which
holds the order that keeps a story consistent:

1. read the stored state under a row lock (version, status, schedule, text): the caller's
   instance may already carry the new values (an admin form fills it before saving);
2. refuse what the workflow forbids (`articles.workflow`) and stale edits;
3. sanitise the body and derive the plain text from it, so search and mention spans always
   describe what readers see;
4. save with a revision (django-reversion), tags and related rows;
5. record the move between states in the audit log;
6. re-link the story when its text changed, in the same transaction: editors' decisions are
   kept where the entity is still found, every span is recomputed, and nothing is left
   pointing at words that are no longer there (`articles.linking.link_article`).

A published story's words are what readers have: an edit of one is held as a draft
(`articles.drafts`) and its live columns, text and mentions stay as they are until an Editor
publishes the changes (`story_publish_changes`, or `publish_changes=True`). Until a story is
first published its slug follows its headline; from then on it is fixed.

`user=None` or the system account (`accounts.system_user`, which a command names so a story's
`published_by` and the audit log say who) is the system; the workflow's rules are for people, so
they are checked whenever a person is named.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from reversion.models import Version

from articles import audit, drafts, history, workflow
from articles.html import has_valid_seal, html_to_text, sanitize_html
from articles.linking import LinkOutcome, link_article
from articles.models import Article, AuditAction, Source
from articles.services.accounts import is_system
from articles.services.errors import InvalidStory, NotPermitted, SlugTaken, StaleVersion
from entities.linking import Suggestion
from newsroom.text import ascii_slug, control_character_error, unique_slug

# A callback run inside the write, after the story row is saved and before it is re-linked:
# the admin saves its many-to-many fields and inline rows there.
SaveRelated = Callable[[Article], None]


@dataclass(frozen=True)
class _Stored:
    """What the database holds for a story before this write."""

    version: int | None = None
    status: str | None = None
    publish_at: datetime.datetime | None = None
    text: str | None = None
    slug: str | None = None
    first_published_at: datetime.datetime | None = None
    draft: dict | None = None
    draft_saved_at: datetime.datetime | None = None
    content: Mapping[str, object] | None = None  # `drafts.DRAFT_FIELDS`: what readers have


_STORED_COLUMNS = (
    "version",
    "status",
    "publish_at",
    "text",
    "slug",
    "first_published_at",
    "draft",
    "draft_saved_at",
)


@transaction.atomic
def story_create(
    *,
    article: Article | None = None,
    fields: Mapping[str, object] | None = None,
    tags: Iterable[str] | None = None,
    user=None,
    via: str,
    comment: str = "Created.",
    suggestions: Sequence[Suggestion] | None = None,
    derived_text: tuple[str, str] | None = None,
    save_related: SaveRelated | None = None,
) -> Article:
    """Store a new story: `fields` set on `article` (a fresh one when None), saved and linked.

    Import workers parse, derive and link off the writing process: `derived_text` is a
    (body, `html_to_text(body)`) pair and `suggestions` the linker's findings in that text.
    Both are used only when that body is the one stored.
    """
    article = article if article is not None else Article()
    _apply(article, fields)
    if article.slug and Article.objects.filter(slug=article.slug).exists():
        raise SlugTaken({"slug": [f"A story with the slug “{article.slug}” already exists."]})
    return _store(
        article,
        stored=None,
        tags=tags,
        user=user,
        via=via,
        comment=comment,
        suggestions=suggestions,
        derived_text=derived_text,
        save_related=save_related,
    )


@transaction.atomic
def story_update(
    *,
    article: Article,
    changes: Mapping[str, object] | None = None,
    tags: Iterable[str] | None = None,
    user=None,
    via: str,
    expected_version: int | None = None,
    comment: str = "",
    save_related: SaveRelated | None = None,
    publish_changes: bool = False,
) -> Article:
    """Change a stored story. `changes` are set on `article`, which may already carry others.

    `expected_version` is the version the caller last read: if someone saved meanwhile,
    nothing is written (`StaleVersion`). On a published story, changes to its words and
    metadata are saved as a draft, unless `publish_changes` (an Editor's) makes the story's
    words, as this write leaves them, live at once.
    """
    stored = _stored_state(article)
    if expected_version is not None and stored.version != expected_version:
        raise StaleVersion(
            {"version": [f"The story is at version {stored.version}, not {expected_version}."]}
        )
    if stored.version is not None:
        # Bump from the stored version, not the caller's copy: versions (ETags) only go up.
        article.version = stored.version
    _apply(article, changes)
    return _store(
        article,
        stored=stored,
        tags=tags,
        user=user,
        via=via,
        comment=comment,
        save_related=save_related,
        publish_changes=publish_changes,
    )


@transaction.atomic
def story_publish_changes(
    *, article: Article, user=None, via: str, expected_version: int | None = None
) -> bool:
    """Make a published story's unpublished changes live (an Editor's); False when it has none.

    One edit like any other: the body sanitised again, a new version, the story re-linked on
    its new text, and an audit event naming the fields that changed.
    """
    if user is not None and (errors := workflow.publish_changes_errors(workflow.may_publish(user))):
        raise NotPermitted(errors)
    pending = (
        Article.objects.select_for_update()
        .filter(pk=article.pk, draft_saved_at__isnull=False)
        .values_list("draft", flat=True)
        .first()
    )
    if pending is None:
        return False
    story_update(
        article=article,
        changes=drafts.from_json(pending),
        user=user,
        via=via,
        expected_version=expected_version,
        comment="Published the unpublished changes",
        publish_changes=True,
    )
    return True


@transaction.atomic
def story_discard_changes(
    *, article: Article, user=None, via: str, expected_version: int | None = None
) -> bool:
    """Drop a published story's unpublished changes; False when it has none. Readers saw
    none of them, so nothing else changes."""
    if not Article.objects.filter(pk=article.pk, draft_saved_at__isnull=False).exists():
        return False
    stored = _stored_state(article)
    if expected_version is not None and stored.version != expected_version:
        raise StaleVersion(
            {"version": [f"The story is at version {stored.version}, not {expected_version}."]}
        )
    article.version = stored.version
    drafts.apply(article, drafts.to_json(stored.content))  # the live values, in memory
    article.draft = article.draft_saved_at = None
    _store(
        article,
        stored=stored,
        tags=None,
        user=user,
        via=via,
        comment="Discarded the unpublished changes",
    )
    return True


@transaction.atomic
def story_transition(*, article: Article, status: str, user=None, via: str) -> bool:
    """Move one story to `status` (a bulk action); False when it is there already, `user`
    may not move it, or the story cannot be in that state (published without a source)."""
    before = article.status
    if before == status:
        return False
    try:
        story_update(
            article=article,
            changes={"status": status},
            user=user,
            via=via,
            comment=f"Status: {before} → {status}",
        )
    except (NotPermitted, InvalidStory):
        article.status = before
        return False
    return True


@transaction.atomic
def story_add_tag(*, article: Article, name: str, user=None, via: str) -> bool:
    """Add one tag; False when the story has it already (in any letter case)."""
    names = [tag.name for tag in article.tags.all()]
    if name.casefold() in {existing.casefold() for existing in names}:
        return False
    story_update(
        article=article, tags=[*names, name], user=user, via=via, comment=f"Tag added: {name}"
    )
    return True


@transaction.atomic
def story_restore(*, article: Article, version: Version, user=None, via: str = "admin") -> Article:
    """Bring back an older version's words and metadata as a new edit of the story.

    Never a replay of the stored row (that would also bring back an old `version`, slug, status
    and schedule): the version's fields in `history.RESTORED_FIELDS` are copied onto the story
    as it is now and saved like any edit, so the body is sanitised again, the version goes up,
    the workflow's rules hold and the story is re-linked.
    """
    if str(version.object_id) != str(article.pk) or version.content_type.model_class() is not (
        Article
    ):
        raise ValueError("that version belongs to another object")
    values = version.field_dict
    changes = {name: values[name] for name in history.RESTORED_FIELDS if name in values}
    if changes.get("source_id") and not Source.objects.filter(pk=changes["source_id"]).exists():
        changes["source_id"] = None
    before = article.status
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M %Z")
    story_update(
        article=article,
        changes=changes,
        tags=history.version_values(version)["tags"],
        user=user,
        via=via,
        comment=f"Restored the version of {when}",
    )
    audit.record_event(
        action=AuditAction.RESTORE,
        obj=article,
        user=user,
        detail=f"version of {history.version_label(version)} ({before})",
        via=via,
    )
    return article


@transaction.atomic
def story_delete(
    *, article: Article, user=None, via: str, expected_version: int | None = None
) -> None:
    """Delete a story, recorded in the audit log first (its id and headline are kept there).

    A story that was ever published is archived instead (`workflow.may_delete`): deleting it
    would break every link readers and aggregators hold.
    """
    if user is not None and not workflow.may_delete(user=user, article=article):
        raise NotPermitted(
            {
                "status": [
                    "A story that has been published is not deleted: archive it instead "
                    '(status "archived").'
                ]
            }
        )
    if expected_version is not None and article.version != expected_version:
        raise StaleVersion(
            {"version": [f"The story is at version {article.version}, not {expected_version}."]}
        )
    audit.record_event(
        action=AuditAction.DELETE, obj=article, user=user, detail=article.status, via=via
    )
    article.delete()


@transaction.atomic
def story_relink(*, article: Article) -> LinkOutcome:
    """Link a story again (after the knowledge base grew); editors' decisions stand."""
    return link_article(article=article)


# The one sequence every write goes through.


def _apply(article: Article, values: Mapping[str, object] | None) -> None:
    for name, value in (values or {}).items():
        setattr(article, name, value)


def _stored_state(article: Article) -> _Stored:
    content = tuple(c for c in drafts.DRAFT_FIELDS if c not in _STORED_COLUMNS)
    row = (
        Article.objects.select_for_update()
        .filter(pk=article.pk)
        .values(*_STORED_COLUMNS, *content)
        .first()
    )
    if row is None:
        return _Stored()
    return _Stored(
        **{name: row[name] for name in _STORED_COLUMNS},
        content={name: row[name] for name in drafts.DRAFT_FIELDS},
    )


def _store(
    article: Article,
    *,
    stored: _Stored | None,
    tags: Iterable[str] | None,
    user,
    via: str,
    comment: str,
    suggestions: Sequence[Suggestion] | None = None,
    derived_text: tuple[str, str] | None = None,
    save_related: SaveRelated | None = None,
    publish_changes: bool = False,
) -> Article:
    created = stored is None
    stored = stored or _Stored()
    if user is not None and not is_system(user):
        errors = workflow.transition_errors(
            current_status=stored.status,
            new_status=article.status if article.status != stored.status else None,
            publish_at_changed=article.publish_at != stored.publish_at,
            may_publish=workflow.may_publish(user),
        )
        if publish_changes and stored.status == Article.Status.PUBLISHED:
            errors |= workflow.publish_changes_errors(workflow.may_publish(user))
        if errors:
            raise NotPermitted(errors)
    _check_input(article, tags)
    if not has_valid_seal(article.body, article.body_seal):
        # A valid seal proves the body is what `sanitize_html` returned under this policy
        # (only `Article.save` writes seals, after checking): an unchanged body, or one an
        # import worker sanitised and sealed off this process, is not cleaned a second time.
        article.body = sanitize_html(article.body)
    published_changes = [] if created else _hold_or_apply(article, stored, publish_changes)
    if not created:
        _follow_headline(article, stored)
    derived = derived_text is not None and derived_text[0] == article.body
    article.text = derived_text[1] if derived else html_to_text(article.body)
    text_changed = created or article.text != stored.text
    try:
        if created and tags is None and save_related is None and not history.in_revision():
            # A new story with nothing related (an import): its first version written directly.
            with transaction.atomic():
                article.save()
                history.record_new_story(article, user=user, comment=comment)
        else:
            with transaction.atomic(), history.revision(user=user, comment=comment, atomic=False):
                article.save()  # recorded in the revision by reversion's post_save
                if tags is not None:
                    article.tags.set(list(dict.fromkeys(tags)))
                if save_related is not None:
                    save_related(article)
                if tags is not None or save_related is not None:
                    history.record(article)  # again, with the many-to-many rows as they are now
    except IntegrityError as exc:
        # Another write took the slug since it was checked; any other conflict (the same
        # story imported twice at once) is the caller's to read.
        if Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists():
            raise SlugTaken({"slug": ["A story with this slug already exists."]}) from exc
        raise
    _record_transition(article=article, user=user, stored=stored, via=via)
    if published_changes:
        audit.record_event(
            action=AuditAction.PUBLISH,
            obj=article,
            user=user,
            detail="changes published: " + ", ".join(published_changes),
            via=via,
        )
    if text_changed:
        link_article(
            article=article,
            new_article=created,
            suggestions=suggestions if derived and suggestions is not None else None,
        )
    return article


def _check_input(article: Article, tags: Iterable[str] | None) -> None:
    """Refuse what no story may hold, whoever writes it (`Article.input_errors`; tag names too),
    before anything is stored."""
    errors = article.input_errors()
    for name in tags or ():
        if error := control_character_error(name):
            errors.setdefault("tags", []).append(f"{name!r}: {error}")
    if errors:
        raise InvalidStory(errors)


def _hold_or_apply(article: Article, stored: _Stored, publish_changes: bool) -> list[str]:
    """Keep a live story's edit of its words as a draft, or make it (or the draft) live.

    A story published before and after this write keeps its live values unless the write
    publishes its changes (then the words as the write leaves them go live); what the edit
    would have changed is held in `Article.draft`. A story leaving the published state takes
    the edit, or the stored draft when the write does not touch the words (a bulk action).
    Returns the fields made live on a story that stays published (for the audit log).
    """
    published = Article.Status.PUBLISHED
    was_live = stored.status == published
    live = dict(stored.content or {})
    edited = drafts.content_of(article)
    if was_live and article.status == published and not publish_changes:
        draft = drafts.pending(live, edited)
        drafts.apply(article, drafts.to_json(live))
        if draft != stored.draft:
            article.draft_saved_at = timezone.now() if draft is not None else None
        else:
            article.draft_saved_at = stored.draft_saved_at
        article.draft = draft
        return []
    leaving = was_live and article.status != published
    if leaving and stored.draft is not None and drafts.pending(live, edited) is None:
        drafts.apply(article, stored.draft)  # the write leaves the words: the draft's are taken
        article.body = sanitize_html(article.body)
    article.draft = article.draft_saved_at = None
    if not (was_live and article.status == published):
        return []
    return drafts.changed_fields(live, drafts.to_json(drafts.content_of(article)))


def _follow_headline(article: Article, stored: _Stored) -> None:
    """Until its first publication, a story's slug follows its headline: the old slug was
    never public (an import that took a breadcrumb for its headline is corrected in draft and
    published under the right address). A slug the caller sets, or an editor typed before,
    is kept; from the first publication on the slug is fixed."""
    title = (stored.content or {}).get("title") or ""
    if stored.slug is None or stored.first_published_at is not None:
        return
    if stored.status in (Article.Status.PUBLISHED, Article.Status.ARCHIVED):
        return
    if article.slug != stored.slug or not drafts.slug_follows(stored.slug, title):
        return
    if ascii_slug(article.title) == ascii_slug(title):
        return
    article.slug = unique_slug(Article, article.title)


def _record_transition(*, article: Article, user, stored: _Stored, via: str) -> None:
    """Who first published the story, and the audit events of its move between states."""
    first = article.status == Article.Status.PUBLISHED and article.published_by_id is None
    if first and getattr(user, "is_authenticated", False):
        # No second save: the version was bumped once, by the edit itself.
        Article.objects.filter(pk=article.pk, published_by__isnull=True).update(published_by=user)
        article.published_by = user
    for action, detail in workflow.transition_events(
        before_status=stored.status,
        before_publish_at=stored.publish_at,
        after_status=article.status,
        after_publish_at=article.publish_at,
    ):
        audit.record_event(action=action, obj=article, user=user, detail=detail, via=via)
