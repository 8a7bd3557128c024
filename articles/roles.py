"""The newsroom's roles: who may do what, as Django groups (made by migration 0007_roles).

A Reporter writes: imports and edits drafts, confirms or rejects the entities the linker
suggests (new spellings wait as alias suggestions: a Reporter never changes the knowledge
base), and submits stories for review. An Editor does everything a Reporter does, and also
publishes, schedules, archives and deletes stories, keeps the knowledge base (entities,
aliases and the alias suggestions to approve, roles, merging), the sources and the tags, and
reads the audit log. Superusers may do anything, including deleting a story that was published.
"""

REPORTER = "Reporter"
EDITOR = "Editor"

_REPORTER = (
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.view_source",
    "articles.add_mention",
    "articles.change_mention",
    "articles.view_mention",
    "articles.view_entityproposal",
    "articles.view_aliassuggestion",
    "entities.view_entity",
    "entities.view_alias",
    "entities.view_role",
    "taggit.view_tag",
)

_EDITOR = (
    *_REPORTER,
    "articles.publish_article",
    "articles.delete_article",
    "articles.add_source",
    "articles.change_source",
    "articles.delete_source",
    "articles.delete_mention",
    "articles.change_entityproposal",
    "articles.delete_entityproposal",
    "articles.change_aliassuggestion",
    "articles.delete_aliassuggestion",
    "articles.view_auditevent",
    "entities.add_entity",
    "entities.change_entity",
    "entities.delete_entity",
    "entities.add_alias",
    "entities.change_alias",
    "entities.delete_alias",
    "entities.add_role",
    "entities.change_role",
    "entities.delete_role",
    "entities.view_entityredirect",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
)

# "app_label.codename" for each group; the migration keeps its own frozen copy.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {REPORTER: _REPORTER, EDITOR: _EDITOR}


def sync_roles() -> None:
    """Make the groups hold exactly their permissions (as migration 0007 did), e.g. after
    `manage.py flush`, which empties every table the migrations filled."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for name, permissions in ROLE_PERMISSIONS.items():
        wanted = Q(pk__in=[])
        for permission in permissions:
            app_label, codename = permission.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(wanted))
