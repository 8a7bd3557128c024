"""Backups (docs/BACKUPS.md): what the documented commands dump restores, row for row, into a
fresh database, and the restored site answers readers and editors as the original did.

The original is built as an operator's would be: migrated, the seed stories and knowledge base
loaded (`make seed`), a story imported, edits that make revisions, tags, an archived story, an
audit event, a new alias, a confirmed mention, and two accounts with passwords, groups, a
permission of their own and an API token.
"""

import json
import shutil

import pytest

from tests.scratch_databases import ScratchDatabase, migrated, write_variants

pytestmark = pytest.mark.slow  # manage.py subprocesses, a database built and restored

PASSWORD = "correct horse battery 42"

# docs/BACKUPS.md, word for word: YAML keeps datetimes to the microsecond (JSON keeps
# milliseconds); natural foreign keys name content types and permissions, which the fresh
# database's migrations make (so they are left out); primary keys stay as they are.
DUMPDATA = (
    "dumpdata",
    "--format",
    "yaml",
    "--natural-foreign",
    "--exclude",
    "contenttypes",
    "--exclude",
    "auth.permission",
    "--exclude",
    "sessions",
)

EDITS = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command

from articles import history, services
from articles.models import Article, Mention
from entities.models import Alias, Entity

call_command("create_staff_user", "desk", "--role", "editor", "--noinput")
call_command("create_staff_user", "temir", "--role", "reporter", "--noinput")
call_command("drf_create_token", "desk")
users = get_user_model().objects
desk, temir = users.get(username="desk"), users.get(username="temir")
temir.user_permissions.add(Permission.objects.get(codename="publish_article"))
story = Article.objects.order_by("pk").first()
services.story_update(
    article=story,
    changes={"title": story.title + " (corrected)"},
    tags=["diplomacy", "elections"],
    expected_version=story.version,
    user=desk,
    via="api",
    publish_changes=True,
)
# Unpublished changes to a live story are kept through a backup too.
pending = Article.objects.order_by("pk")[1]
services.story_update(
    article=pending, changes={"summary": "A correction waiting for an editor."}, via="api"
)
archived = Article.objects.published().order_by("pk").last()
services.story_transition(article=archived, status=Article.Status.ARCHIVED, user=desk, via="api")
azerbaijan = Entity.objects.get(slug="azerbaijan")
with history.revision(user=desk, comment="Added the official name"):
    Alias.objects.create(entity=azerbaijan, name="Azərbaycan Respublikası", language="az")
    azerbaijan.save()
mention = Mention.objects.filter(status=Mention.Status.SUGGESTED).order_by("pk").first()
mention.status = Mention.Status.CONFIRMED
mention.save()
"""

# What readers and editors get from the restored site: searches (the search index), an
# entity's stories (the mention copies of migration 0008), a story, and the accounts.
READERS = """
import json, os
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token

reader = Client(HTTP_HOST="localhost")
answers = {}
for url in (
    "/api/v1/articles/?q=Bayramov",
    "/api/v1/articles/?q=%D0%93%D0%B0%D1%84%D0%B0%D1%80%D0%BE%D0%B2%D0%BE%D0%B9",
    "/api/v1/articles/?q=corrected",
    "/api/v1/articles/?tag=elections",
    "/api/v1/entities/azerbaijan/articles/",
    "/api/v1/entities/azerbaijan/",
    "/api/v1/articles/?page_size=100",
):
    response = reader.get(url)
    answers[url] = [response.status_code, response.json()]
token = Token.objects.get(user__username="desk").key
editor = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION="Token " + token)
response = editor.get("/api/v1/articles/?status=archived")
answers["archived, with desk's token"] = [response.status_code, response.json()]
for user in get_user_model().objects.order_by("username"):
    answers[user.username] = [
        user.check_password(os.environ["BACKUP_TEST_PASSWORD"]),
        sorted(user.get_all_permissions()),
    ]
print("READERS " + json.dumps(answers, sort_keys=True))
"""

# docs/BACKUPS.md, "Verifying a restore": each model's count.
COUNTS = (
    "from django.apps import apps; "
    "[print(m._meta.label, m._default_manager.count()) for m in apps.get_models()]"
)

# Rows that are not the site's data: which migrations ran when, sessions (not backed up),
# SQLite's own bookkeeping and FTS5's internal tables (the virtual table itself is compared).
NOT_DATA = {"django_migrations", "django_session", "sqlite_sequence"}
FTS_INTERNALS = ("articles_search_",)


def manage(database: ScratchDatabase, *args: str) -> str:
    result = database.manage(*args, BACKUP_TEST_PASSWORD=PASSWORD)
    assert result.returncode == 0, f"manage.py {' '.join(args)}: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    folder = tmp_path_factory.mktemp("backups")
    database = migrated("backup_original", folder)
    manage(database, "load_seed")
    manage(database, "load_knowledge_base")
    (story,) = write_variants(folder / "wire", 1)
    manage(database, "import_documents", "--publish", str(story))
    result = database.manage("shell", "-c", EDITS, NEWSROOM_STAFF_PASSWORD=PASSWORD)
    assert result.returncode == 0, result.stderr
    yield database
    database.drop()


@pytest.fixture
def scratch(tmp_path):
    made = []

    def make(name: str) -> ScratchDatabase:
        database = ScratchDatabase(name, tmp_path).create()
        made.append(database)
        return database

    yield make
    for database in made:
        database.drop()


def contents(database: ScratchDatabase, *, skip: set[str] = NOT_DATA) -> dict[str, list[str]]:
    """Every row of every table, sorted; content types and permissions by their natural keys
    (app, model, codename), which a fresh database's migrations may number otherwise."""
    content_types = {
        pk: f"{app}.{model}"
        for pk, app, model in database.rows("SELECT id, app_label, model FROM django_content_type")
    }
    permissions = {
        pk: f"{content_types[content_type]}.{codename}"
        for pk, content_type, codename in database.rows(
            "SELECT id, content_type_id, codename FROM auth_permission"
        )
    }
    found = {}
    for table in database.tables():
        if table in skip or table.startswith(FTS_INTERNALS):
            continue
        sql = f"SELECT * FROM {table}"
        if table == "articles_search":  # FTS5: the story id is the rowid
            sql = "SELECT rowid, * FROM articles_search"
        columns, rows = database.records(sql)
        keyed = []
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            if table in ("django_content_type", "auth_permission"):
                values.pop("id")
            if values.get("content_type_id") is not None:
                values["content_type_id"] = content_types[values["content_type_id"]]
            if values.get("permission_id") is not None:
                values["permission_id"] = permissions[values["permission_id"]]
            keyed.append(repr(sorted(values.items())))
        found[table] = sorted(keyed)
    return found


def assert_same_contents(restored: dict, original: dict) -> None:
    assert sorted(restored) == sorted(original)
    for table, rows in original.items():
        assert len(restored[table]) == len(rows), table
        assert restored[table] == rows, f"{table} differs after the restore"
    for table in (
        "articles_article",
        "articles_mention",
        "articles_auditevent",
        "entities_entity",
        "entities_alias",
        "reversion_revision",
        "reversion_version",
        "taggit_taggeditem",
        "auth_user",
        "auth_user_user_permissions",
        "authtoken_token",
    ):
        assert original[table], f"the original has no {table} rows to compare"


def readers(database: ScratchDatabase) -> dict:
    output = manage(database, "shell", "-c", READERS).splitlines()
    (line,) = [line for line in output if line.startswith("READERS ")]
    return json.loads(line.removeprefix("READERS "))


def assert_site_answers_as_before(restored: ScratchDatabase, original: ScratchDatabase) -> None:
    before, after = readers(original), readers(restored)
    assert after == before
    for url, (status, body) in before.items():
        if url.startswith("/api/v1/articles/"):
            assert status == 200 and body["count"] >= 1, url  # restored stories are found
    assert before["archived, with desk's token"][1]["count"] == 1
    assert before["desk"][0] and before["temir"][0]  # the passwords still log in
    assert "articles.publish_article" in before["temir"][1]  # temir's own permission


def assert_new_stories_can_be_stored(restored: ScratchDatabase, folder) -> None:
    """Sequences carry on after the restored ids: a new import is stored, not a key clash."""
    stories = restored.value("SELECT COUNT(*) FROM articles_article")
    path = write_variants(folder, 2)[1]
    assert manage(restored, "import_documents", str(path)).splitlines()[-1] == (
        "1 imported, 0 duplicate, 0 failed"
    )
    assert restored.value("SELECT COUNT(*) FROM articles_article") == stories + 1


def test_dumpdata_restores_every_row_into_a_fresh_database(original, scratch, tmp_path):
    backup = tmp_path / "newsroom.yaml"
    manage(original, *DUMPDATA, "--output", str(backup))
    restored = scratch("backup_loaddata")
    manage(restored, "migrate", "--noinput")
    manage(restored, "loaddata", str(backup))

    assert_same_contents(contents(restored), contents(original))
    assert_site_answers_as_before(restored, original)
    counts = [manage(db, "shell", "-v", "0", "-c", COUNTS) for db in (original, restored)]
    assert counts[0] == counts[1]  # the documented check agrees (no session in either)
    assert "articles.Article 6\n" in counts[0]
    assert_new_stories_can_be_stored(restored, tmp_path / "wire")


def test_natural_primary_keys_would_lose_tags(original, scratch, tmp_path):
    """Why docs/BACKUPS.md says no `--natural-primary`: taggit's TaggedItem calls its object
    id a natural key, so a story's second tag overwrites its first as the dump is loaded."""
    backup = tmp_path / "natural.yaml"
    manage(original, *DUMPDATA, "--natural-primary", "--output", str(backup))
    restored = scratch("backup_natural")
    manage(restored, "migrate", "--noinput")
    manage(restored, "loaddata", str(backup))
    tagged = "SELECT COUNT(*) FROM taggit_taggeditem"
    stories = "SELECT COUNT(DISTINCT object_id) FROM taggit_taggeditem"
    assert original.value(tagged) > original.value(stories)  # some story has two tags
    assert restored.value(tagged) == original.value(stories)  # each kept only one


def test_pg_dump_and_pg_restore_restore_the_whole_database(original, scratch, tmp_path):
    if original.vendor != "postgresql":
        pytest.skip("pg_dump backs up PostgreSQL; this run is on SQLite (the dumpdata test runs)")
    for program in ("pg_dump", "pg_restore"):
        if shutil.which(program) is None:
            pytest.skip(f"{program} is not installed")
    backup = tmp_path / "newsroom.dump"
    dump = original.run_program("pg_dump", "--format=custom", "--file", str(backup))
    assert dump.returncode == 0, dump.stderr
    restored = scratch("backup_pg_restore")
    load = restored.run_program("pg_restore", "--no-owner", "--exit-on-error", str(backup))
    assert load.returncode == 0, load.stderr

    # Everything, migrations' record included; then the database's own machinery.
    assert_same_contents(contents(restored, skip=set()), contents(original, skip=set()))
    schema = (
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname",
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexdef",
        "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
    )
    for sql in schema:
        assert restored.rows(sql) == original.rows(sql), sql
    assert_site_answers_as_before(restored, original)
    assert_new_stories_can_be_stored(restored, tmp_path / "wire")
