"""`import_documents`: its contract (README, docs/importing.md), on the real seed stories."""

import contextlib
import json
import shutil
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection

from articles import importing, services
from articles.models import Article, AuditAction, AuditEvent, Source

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seed_documents"
SEED_JSON = SEEDS.parent / "seed.json"


def run(*args: str) -> tuple[str, int]:
    out = StringIO()
    try:
        call_command("import_documents", *args, stdout=out, stderr=StringIO())
    except CommandError as exc:
        return out.getvalue(), exc.returncode
    return out.getvalue(), 0


def curated() -> dict[str, dict]:
    """The editor-curated seed stories, keyed by original file name."""
    rows = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    sources = {r["pk"]: r["fields"]["name"] for r in rows if r["model"] == "articles.source"}
    return {
        r["fields"]["original_filename"]: {
            **r["fields"],
            "source": sources.get(r["fields"]["source"]),
        }
        for r in rows
        if r["model"] == "articles.article"
    }


@pytest.mark.django_db
def test_importing_the_seed_folder_matches_the_curated_stories():
    out, code = run(str(SEEDS))
    assert code == 0
    assert out.splitlines()[-1] == "5 imported, 0 duplicate, 0 failed"
    expected = curated()
    for article in Article.objects.select_related("source"):
        want = expected[article.original_filename]
        assert article.status == Article.Status.DRAFT
        assert article.language == want["language"]
        assert (article.published.isoformat() if article.published else None) == want["published"]
        clock = article.published_time
        assert (clock.isoformat() if clock else None) == want.get("published_time")
        assert article.published_utc_offset == want.get("published_utc_offset")
        assert article.source.name == want["source"]
        assert article.dateline == want["dateline"]
        assert article.byline == want["byline"]
        assert bytes(article.original) == (SEEDS / article.original_filename).read_bytes()
    by_file = {a.original_filename: a for a in Article.objects.all()}
    for name in ("003_c7fc8fada12e7e9c.txt", "004_470fcd4a740a0a54.txt"):
        assert by_file[name].title == expected[name]["title"]


@pytest.mark.django_db
def test_second_run_reports_every_story_as_duplicate():
    run(str(SEEDS))
    out, code = run(str(SEEDS))
    assert code == 0
    assert out.splitlines()[-1] == "0 imported, 5 duplicate, 0 failed"
    assert all(line.startswith("duplicate ") for line in out.splitlines()[:-1])
    assert Article.objects.count() == 5


@pytest.mark.django_db
def test_same_story_with_other_whitespace_and_name_is_a_duplicate(tmp_path):
    original = SEEDS / "000_d4bade762234ddd5.txt"
    run(str(original))
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(original.read_bytes().replace(b"\n", b"\r\n").replace(b". ", b".  "))
    out, _ = run(str(copy))
    slug = Article.objects.get().slug
    assert out.splitlines()[0] == f"duplicate {copy} -> {slug}"


@pytest.mark.django_db
def test_seed_fixture_and_import_share_the_natural_key(seeded):
    out, _ = run(str(SEEDS))
    assert out.splitlines()[-1] == "0 imported, 5 duplicate, 0 failed"


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    out, code = run(str(SEEDS), "--dry-run")
    assert code == 0
    assert out.splitlines()[-1] == "5 imported, 0 duplicate, 0 failed"
    assert Article.objects.count() == 0
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_publish_flag_publishes():
    run(str(SEEDS / "003_c7fc8fada12e7e9c.txt"), "--publish")
    assert Article.objects.get().status == Article.Status.PUBLISHED


@pytest.mark.django_db
def test_json_output_has_the_documented_shape(tmp_path):
    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    shutil.copy(SEEDS / "004_470fcd4a740a0a54.txt", tmp_path / "story.txt")
    out, code = run(str(tmp_path), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["summary"] == {"imported": 1, "duplicate": 0, "failed": 1}
    failed, imported = report["results"]
    assert failed["status"] == "failed"
    assert failed["path"].endswith("image.txt")
    assert failed["error"]
    assert failed["article"] is None
    assert imported["error"] is None
    assert isinstance(imported["warnings"], list)
    article = imported["article"]
    assert set(article) == {
        "slug",
        "title",
        "language",
        "published",
        "published_time",
        "published_utc_offset",
        "dateline",
        "byline",
        "source",
        "entities",
    }
    assert article["title"] == "Kyrgyz Ambassador hails deepening Baku-Bishkek relations"
    assert article["published"] == "2024-08-31"
    # "31 August 2024 19:19 (UTC+04:00)": the time as stated, and its zone.
    assert article["published_time"] == "19:19"
    assert article["published_utc_offset"] == 240
    assert article["source"] == "Azernews"
    assert article["byline"] == "Fatima Latifova"


@pytest.mark.django_db
def test_one_bad_file_fails_clearly_and_the_rest_import(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "wire")
    (tmp_path / "wire" / "empty.txt").write_bytes(b"")
    out, code = run(str(tmp_path / "wire"))
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith(f"failed {tmp_path / 'wire' / 'empty.txt'}: ") for line in lines)
    assert lines[-1] == "5 imported, 0 duplicate, 1 failed"
    assert Article.objects.count() == 5


@pytest.mark.django_db
def test_missing_path_is_a_usage_error_naming_it(tmp_path):
    _, code = run(str(tmp_path / "nope"))
    assert code == 2
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_oversize_file_fails_fast_with_the_limit(tmp_path, settings):
    settings.NEWSROOM_IMPORT_MAX_BYTES = 1000
    out, code = run(str(SEEDS / "000_d4bade762234ddd5.txt"))
    assert code == 1
    assert "over the 1000 bytes limit" in out


@pytest.mark.slow
@pytest.mark.django_db
def test_a_one_megabyte_story_imports(tmp_path):
    paragraph = (SEEDS / "002_45943680a1f8951e.txt").read_text().split("\n\n")[2]
    big = tmp_path / "big.txt"
    body = "\n\n".join(f"{i}. {paragraph}" for i in range(1, 1000))
    big.write_text(body[: 1024 * 1024], encoding="utf-8")
    out, code = run(str(big))
    assert code == 0, out
    assert len(Article.objects.get().text) > 500_000


@pytest.mark.django_db
def test_a_crash_mid_import_leaves_nothing_half_written(monkeypatch):
    real_save = Article.save

    def crash(self, *args, **kwargs):
        if self.original_filename.startswith("002"):
            raise RuntimeError("killed")
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(Article, "save", crash)
    with pytest.raises(RuntimeError):
        run(str(SEEDS))
    assert Article.objects.count() == 2
    assert not Source.objects.exclude(articles__isnull=False).exists()
    monkeypatch.setattr(Article, "save", real_save)
    out, code = run(str(SEEDS))
    assert code == 0
    assert out.splitlines()[-1] == "3 imported, 2 duplicate, 0 failed"
    assert Article.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_at_once_create_one_story():
    path = SEEDS / "001_1a64d7cc3685bcd7.txt"
    barrier = threading.Barrier(2)
    queryset_class = type(Article.objects.none())
    real_first = queryset_class.first
    waited = threading.local()
    statuses = []

    def first_then_wait(self):
        """Both imports look for a duplicate before either stores the story."""
        found = real_first(self)
        if not getattr(waited, "done", False):
            waited.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
        return found

    def worker():
        try:
            statuses.append(importing.import_path(path=path).status)
        finally:
            connection.close()

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(queryset_class, "first", first_then_wait)
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(statuses) == ["duplicate", "imported"]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_parallel_import_gives_the_same_results_in_order(tmp_path, seeded):
    Article.objects.all().delete()
    shutil.copytree(SEEDS, tmp_path / "wire")
    (tmp_path / "wire" / "002b_empty.txt").write_bytes(b"")
    sequential, code = run(str(tmp_path / "wire"), "--jobs", "1", "--dry-run", "--json")
    parallel, code_parallel = run(str(tmp_path / "wire"), "--jobs", "2", "--dry-run", "--json")
    assert code == code_parallel == 1
    assert json.loads(parallel) == json.loads(sequential)

    out, _ = run(str(tmp_path / "wire"), "--jobs", "2")
    lines = [line for line in out.splitlines() if not line.startswith("  warning: ")]
    assert [line.split()[0] for line in lines[:-1]] == [
        "imported",
        "imported",
        "imported",
        "failed",
        "imported",
        "imported",
    ]
    assert lines[-1] == "5 imported, 0 duplicate, 1 failed"
    linked = Article.objects.get(original_filename="003_c7fc8fada12e7e9c.txt")
    assert linked.mentions.filter(entity__slug="sahiba-gafarova").exists()


@pytest.mark.django_db
def test_jobs_must_be_positive(tmp_path):
    _, code = run(str(SEEDS), "--jobs", "0")
    assert code == 2


@pytest.mark.django_db
def test_publish_from_the_command_line_records_the_system_as_publisher_and_in_the_audit_log():
    run(str(SEEDS / "003_c7fc8fada12e7e9c.txt"), "--publish", "--jobs", "1")
    article = Article.objects.get()
    system = User.objects.get(username=services.SYSTEM_USERNAME)
    assert article.published_by == system
    assert not system.has_usable_password() and not system.is_staff
    event = AuditEvent.objects.get(object_id=str(article.pk), action=AuditAction.PUBLISH)
    assert (event.user, event.via) == (system, "import")


@pytest.mark.django_db
def test_publish_as_a_named_editor_records_that_editor(django_user_model):
    editor = django_user_model.objects.create_user("desk")
    editor.groups.add(Group.objects.get(name="Editor"))
    run(str(SEEDS / "003_c7fc8fada12e7e9c.txt"), "--publish", "--user", "desk", "--jobs", "2")
    article = Article.objects.get()
    assert article.published_by == editor
    event = AuditEvent.objects.get(object_id=str(article.pk), action=AuditAction.PUBLISH)
    assert event.user == editor


@pytest.mark.django_db
def test_publish_as_someone_who_may_not_publish_or_does_not_exist_is_a_usage_error(
    django_user_model,
):
    reporter = django_user_model.objects.create_user("temir")
    reporter.groups.add(Group.objects.get(name="Reporter"))
    for name in ("temir", "nobody"):
        _, code = run(str(SEEDS / "003_c7fc8fada12e7e9c.txt"), "--publish", "--user", name)
        assert code == 2
    assert not Article.objects.exists()
