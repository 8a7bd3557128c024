"""Revisions of stories and entities (django-reversion): who changed what and when, the
difference between any two versions, and restoring an older one safely.

Every write path opens a revision with `revision(...)`: the admin's views, the API's writes,
each imported file and each merge. Importing this module registers the models, so any code that
can open a revision has registered them first.

Restoring a story is a write like any other (`articles.services.story_restore`): this module
only says which fields a restore brings back. Restoring an entity stays here, with the rest of
the knowledge base's history.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from reversion.models import Revision, Version
from taggit.models import Tag, TaggedItem

from articles import diffs
from articles.drafts import DRAFT_FIELDS
from articles.html import html_to_text
from articles.models import Article, Source
from articles.published import utc_offset_label
from entities.models import Alias, Entity, Role
from newsroom.bulk import insert_rows

# Not in a story's versions: provenance (the original bytes) and what is derived from the body.
ARTICLE_UNVERSIONED = ("original", "search_vector", "text")
reversion.register(Article, exclude=ARTICLE_UNVERSIONED, follow=("tagged_items",))
reversion.register(TaggedItem)
reversion.register(Entity, follow=("aliases", "roles"))
reversion.register(Alias)
reversion.register(Role)

# What an editor may get back from an older version: the story's words, the same fields a draft
# of a live story holds; never the slug, status, schedule, version or provenance, which belong to
# the story's life rather than to its words.
RESTORED_FIELDS = DRAFT_FIELDS
# The fields a diff shows, in the change form's order, with their labels.
ARTICLE_DIFF_FIELDS = (
    ("title", "Headline"),
    ("slug", "Slug"),
    ("summary", "Summary"),
    ("body", "Body"),
    ("language", "Language"),
    ("source_id", "Source"),
    ("byline", "Byline"),
    ("dateline", "Dateline"),
    ("published", "Date"),
    ("published_time", "Time"),
    ("published_utc_offset", "UTC offset"),
    ("original_url", "Original URL"),
    ("tags", "Tags"),
    ("status", "Status"),
    ("publish_at", "Publish at"),
)
ENTITY_DIFF_FIELDS = (
    ("kind", "Kind"),
    ("name", "Name"),
    ("slug", "Slug"),
    ("description", "Description"),
    ("wikidata_id", "Wikidata ID"),
    ("aliases", "Aliases"),
    ("roles", "Roles"),
)
_LONG_FIELDS = {"body", "summary", "description", "aliases", "roles"}
_HTML_FIELDS = {"body"}


@contextmanager
def revision(*, user=None, comment: str = "", atomic: bool = True) -> Iterator[None]:
    """One revision around a write: every registered object saved inside it is recorded.

    Nested blocks join the outer one (its user is kept unless this one names one). `atomic`
    False is for a caller that has just opened its own transaction block around this one (the
    service layer): a second savepoint there would only cost two more queries a write.
    """
    with reversion.create_revision(atomic=atomic):
        if user is not None and getattr(user, "is_authenticated", False):
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        yield


def set_comment(comment: str) -> None:
    """Say what the open revision is (the admin's change message); nothing outside one."""
    if reversion.is_active():
        reversion.set_comment(comment)


def in_revision() -> bool:
    """Whether a caller has a revision open (what is saved now joins it)."""
    return reversion.is_active()


def record(obj) -> None:
    """Record `obj` again in the open revision, after its many-to-many rows (tags) changed."""
    if reversion.is_active():
        reversion.add_to_revision(obj)


def record_new_story(article: Article, *, user=None, comment: str = "") -> None:
    """The first version of a story just created without tags or related rows (an import),
    written as reversion would write it, in the caller's transaction.

    Reversion's own path asks the database whether the story it has just saved exists and
    follows its tag rows, which a new untagged story has none of: two questions whose answers
    are known, on the importer's hot path. The stored revision and version are the same rows
    (`tests/test_history.py` compares them with reversion's).
    """
    revision = Revision.objects.create(
        date_created=timezone.now(),
        user=user if getattr(user, "is_authenticated", False) else None,
        comment=comment,
    )
    version = {
        "revision_id": revision.pk,
        "object_id": str(article.pk),
        "content_type_id": ContentType.objects.get_for_model(Article).pk,
        "db": article._state.db or "default",
        "format": "json",
        "serialized_data": serializers.serialize("json", (article,), fields=_ARTICLE_VERSIONED),
        "object_repr": str(article),
    }
    insert_rows(Version, [version])


# The fields reversion records of a story (its rule: local fields and many-to-many, less the
# excluded ones), for `record_new_story`.
_ARTICLE_VERSIONED = tuple(
    field.name
    for field in Article._meta.local_fields + Article._meta.local_many_to_many
    if field.name not in ARTICLE_UNVERSIONED
)


def version_label(version: Version) -> str:
    """When a version was made and by whom, as editors read it in lists and the audit log."""
    when = timezone.localtime(version.revision.date_created)
    who = version.revision.user or "the system"
    return f"{when:%Y-%m-%d %H:%M:%S} {when.tzname()} by {who}"


def versions_of(obj) -> list[Version]:
    """The object's versions, newest first, with who made them."""
    return list(
        Version.objects.get_for_object(obj)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def version_numbered(article: Article, number: int) -> Version | None:
    """The stored version of `article` whose story version was `number`, if recorded."""
    for version in Version.objects.get_for_object(article).order_by("-pk"):
        if version.field_dict.get("version") == number:
            return version
    return None


# Reading versions as plain values


def article_values(article: Article) -> dict[str, object]:
    """The story as it is now, in the shape `version_values` gives a stored version."""
    values = {name: getattr(article, name) for name, _ in ARTICLE_DIFF_FIELDS if name != "tags"}
    values["tags"] = sorted(tag.name for tag in article.tags.all())
    values["version"] = article.version
    return values


def version_values(version: Version) -> dict[str, object]:
    """A stored version's fields, with its tags (or an entity's aliases and roles) by name."""
    values = dict(version.field_dict)
    related = version.revision.version_set.select_related("content_type")
    if version.content_type.model_class() is Article:
        tag_ids = [
            v.field_dict["tag_id"]
            for v in related
            if v.content_type.model_class() is TaggedItem
            and str(v.field_dict.get("object_id")) == version.object_id
        ]
        values["tags"] = sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))
    elif version.content_type.model_class() is Entity:
        rows = [(v.content_type.model_class(), v.field_dict) for v in related]
        values["aliases"] = _alias_lines(
            [f for model, f in rows if model is Alias and str(f["entity_id"]) == version.object_id]
        )
        values["roles"] = _role_lines(
            [f for model, f in rows if model is Role and str(f["person_id"]) == version.object_id]
        )
    return values


def entity_values(entity: Entity) -> dict[str, object]:
    values = {name: getattr(entity, name) for name, _ in ENTITY_DIFF_FIELDS[:5]}
    values["aliases"] = _alias_lines(
        [{"name": a.name, "language": a.language, "kind": a.kind} for a in entity.aliases.all()]
    )
    values["roles"] = _role_lines(
        [
            {
                "title": r.title,
                "organization_id": r.organization_id,
                "start_date": r.start_date,
                "end_date": r.end_date,
            }
            for r in entity.roles.all()
        ]
    )
    return values


def _alias_lines(aliases: list[dict]) -> str:
    return "\n".join(
        sorted(f"{a['name']} ({a['language'] or 'any'}, {a['kind']})" for a in aliases)
    )


def _role_lines(roles: list[dict]) -> str:
    names = dict(
        Entity.objects.filter(pk__in={r["organization_id"] for r in roles}).values_list(
            "pk", "name"
        )
    )
    return "\n".join(
        sorted(
            f"{r['title']}, {names.get(r['organization_id'], '-')} "
            f"({r['start_date'] or '?'} to {r['end_date'] or 'now'})"
            for r in roles
        )
    )


# Diffs


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str
    words: SafeString | None = None  # long text: one running text, changes marked by word


def display(name: str, value: object) -> str:
    """A field's value as an editor reads it: names for ids, labels for choices, times in the
    site's time zone with its name."""
    if value is None or value == "":
        return ""
    if name == "source_id":
        return Source.objects.filter(pk=value).values_list("name", flat=True).first() or "-"
    if name == "status":
        return Article.Status(value).label
    if name == "kind":
        return Entity.Kind(value).label
    if name == "tags":
        return ", ".join(value)
    if name == "published_utc_offset":
        return utc_offset_label(int(value))
    if isinstance(value, datetime.time):
        return value.isoformat("seconds" if value.second else "minutes")
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or "")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def diff(
    before: dict[str, object],
    after: dict[str, object],
    fields: tuple[tuple[str, str], ...] = ARTICLE_DIFF_FIELDS,
    *,
    before_label: str = "before",
    after_label: str = "after",
    html: bool = False,
) -> list[FieldChange]:
    """The fields that differ between two versions; long text as a diff by words
    (`articles.diffs`).

    A body is compared as readers read it, its rendered text, unless `html` asks for its
    HTML; either way everything shown is escaped, so stored HTML is never rendered. The labels
    are the template's to show.
    """
    changes = []
    for name, label in fields:
        old, new = display(name, before.get(name)), display(name, after.get(name))
        if old == new:
            continue
        words = None
        if name in _LONG_FIELDS:
            as_html = html and name in _HTML_FIELDS
            if name in _HTML_FIELDS and not html:
                old, new = html_to_text(old), html_to_text(new)
            if old == new:
                words = format_html(
                    '<p class="diff-note">{}</p>', "The text is the same; only its markup changed."
                )
            else:
                words = diffs.render(diffs.word_diff(old, new, html=as_html))
        changes.append(FieldChange(label, old, new, words))
    return changes


# Restoring


@transaction.atomic
def restore_entity(*, entity: Entity, version: Version, user) -> Entity:
    """Bring back an older version of an entity with its aliases and roles, keeping its slug
    (a public address that others may link to). Only this entity's own rows are restored, never
    anything else the same revision recorded."""
    if str(version.object_id) != str(entity.pk) or version.content_type.model_class() is not (
        Entity
    ):
        raise ValueError("that version belongs to another object")
    slug = entity.slug
    mine = []
    for stored in version.revision.version_set.select_related("content_type"):
        model, fields = stored.content_type.model_class(), stored.field_dict
        if (
            (model is Entity and stored.object_id == str(entity.pk))
            or (model is Alias and fields.get("entity_id") == entity.pk)
            or (model is Role and fields.get("person_id") == entity.pk)
        ):
            mine.append((model, stored))
    kept = {
        model: {int(stored.object_id) for m, stored in mine if m is model}
        for model in (
            Alias,
            Role,
        )
    }
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M %Z")
    with revision(user=user, comment=f"Restored the version of {when}"):
        entity.aliases.exclude(pk__in=kept[Alias]).delete()
        entity.roles.exclude(pk__in=kept[Role]).delete()
        for model, stored in mine:
            obj = stored._object_version.object
            if model is Role and not Entity.objects.filter(pk=obj.organization_id).exists():
                obj.organization_id = None  # the organization was merged or deleted since
            if model is Entity:
                obj.slug = slug
            obj.save()  # through the model: lookup forms recomputed, each object recorded
        entity.refresh_from_db()
    return entity
