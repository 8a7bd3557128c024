"""The newsroom's roles as groups: Reporter and Editor (articles.roles says who may do what).

Permissions are created by a post_migrate signal, after every migration has run, so on a new
database they do not exist yet: create them first. Re-running sets each group's permissions to
exactly the list, so the roles follow this file.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here, as migrations must be; articles.roles holds the same lists for the code.
_REPORTER = (
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.view_source",
    "articles.add_mention",
    "articles.change_mention",
    "articles.view_mention",
    "articles.view_entityproposal",
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

ROLE_PERMISSIONS = {"Reporter": _REPORTER, "Editor": _EDITOR}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for permission in permissions:
            app_label, codename = permission.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_workflow"),
        ("entities", "0003_entity_redirect"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
