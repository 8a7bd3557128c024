"""generate_corpus: a synthetic corpus for benchmarks, built with bulk inserts (issue 8).

The command's app (`benchmarks.corpus`) is installed only where benchmarks run, and the tests
run with the product's settings: they call the command object itself, which needs nothing
installed (the app has no models), and check that `manage.py` lists it only when asked.
"""

import datetime as dt
import hashlib
import json
import os
import statistics
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from taggit.models import TaggedItem

from articles import search
from articles.html import text_to_html
from articles.models import Article, Mention, Source
from articles.search import search_articles
from benchmarks.corpus import rows
from benchmarks.corpus.entities import make_entities
from benchmarks.corpus.generate import build_corpus, popular_and_rare_entities
from benchmarks.corpus.management.commands.generate_corpus import Command
from benchmarks.corpus.rows import SourceRow
from benchmarks.corpus.stories import SCHEDULED, StoryMaker, make_statuses
from benchmarks.corpus.writers import Table
from entities.models import Alias, Entity, normalize_name

STORIES, ENTITIES = 200, 100
ROOT = Path(__file__).resolve().parent.parent


def generate(*args: str, **options) -> str:
    out = StringIO()
    options = {"articles": STORIES, "entities": ENTITIES, "seed": 3, **options}
    call_command(Command(), *args, stdout=out, **options)
    return out.getvalue()


def fingerprint() -> str:
    """The corpus's content, without ids or clock times: equal for equal seeds."""
    digest = hashlib.sha256()
    stories = Article.objects.order_by("slug").values_list(
        "slug", "title", "text", "language", "status", "published", "source__name", "byline"
    )
    mentions = Mention.objects.order_by("article__slug", "entity__slug").values_list(
        "article__slug", "entity__slug", "status", "surface_forms", "spans", "count"
    )
    for row in [*stories, *mentions]:
        digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def generated(db) -> str:
    return generate()


# The command


def manage_commands(**env: str) -> list[str]:
    """The commands `manage.py help --commands` lists in a fresh process, with
    NEWSROOM_BENCHMARKS unset unless given."""
    environ = {k: v for k, v in os.environ.items() if k != "NEWSROOM_BENCHMARKS"}
    done = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=ROOT,
        env={**environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_the_command_is_installed_only_where_benchmarks_run():
    assert "generate_corpus" not in manage_commands()
    assert "generate_corpus" in manage_commands(NEWSROOM_BENCHMARKS="1")


def test_fills_an_empty_database_and_names_a_popular_and_a_rare_entity(generated):
    assert Article.objects.count() == STORIES
    assert Entity.objects.count() == ENTITIES
    assert Source.objects.filter(name__in=["Trend News Agency", "Azernews", "Kabar", "MENAFN"])
    mentions = Mention.objects.count()
    assert 8 * STORIES < mentions < 12 * STORIES
    assert f"{STORIES} stories" in generated
    assert f"{mentions} mentions" in generated
    (popular, popular_count), (rare, rare_count) = popular_and_rare_entities()
    assert f"popular entity: {popular} ({popular_count} public stories)" in generated
    assert f"rare entity: {rare} (" in generated
    assert (
        popular_count
        == Article.objects.published().mentioning(Entity.objects.get(slug=popular)).count()
    )
    assert 1 <= rare_count < popular_count


@pytest.mark.slow
def test_the_same_seed_gives_the_same_corpus(db):
    generate(seed=5)
    first = fingerprint()
    generate("--replace", seed=5)
    assert fingerprint() == first
    generate("--replace", seed=6)
    assert fingerprint() != first


def test_a_second_run_refuses_without_replace(generated):
    with pytest.raises(CommandError) as refused:
        generate()
    message = str(refused.value)
    assert f"already holds {STORIES} stories" in message
    assert "--replace" in message
    assert Article.objects.count() == STORIES


def test_replace_deletes_what_was_there_and_its_search_entries(seeded):
    seed_story = Article.objects.first()
    assert search_articles(Article.objects.published(), "Omuraliev").exists()
    with pytest.raises(CommandError, match="already holds 5 stories"):
        generate()
    generate("--replace")
    assert not Article.objects.filter(slug=seed_story.slug, title=seed_story.title).exists()
    assert Article.objects.count() == STORIES
    assert not search_articles(Article.objects.all(), "Omuraliev").exists()


def test_sizes_below_the_minimum_are_usage_errors(db):
    with pytest.raises(CommandError, match="--entities must be at least"):
        generate(entities=5)
    with pytest.raises(CommandError, match="--articles must be at least"):
        generate(articles=0)


def test_writes_in_bulk_not_per_story(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(60):
        build_corpus(articles=STORIES, entities=ENTITIES, seed=3)
    assert Article.objects.count() == STORIES


# The corpus


def test_both_languages_and_every_state_are_present(generated):
    languages = Counter(Article.objects.values_list("language", flat=True))
    assert set(languages) == {"en", "ru"}
    assert 0.15 * STORIES < languages["ru"] < 0.45 * STORIES
    statuses = Counter(Article.objects.values_list("status", flat=True))
    assert set(statuses) == set(Article.Status.values)
    assert statuses[Article.Status.PUBLISHED] > 0.85 * STORIES
    scheduled = Article.objects.filter(status="published", publish_at__gt=timezone.now())
    assert scheduled.exists()
    assert not Article.objects.published().filter(pk__in=scheduled).exists()
    assert set(Mention.objects.values_list("status", flat=True)) == set(Mention.Status.values)
    confirmed = Mention.objects.filter(status=Mention.Status.CONFIRMED).count()
    assert 0.75 < confirmed / Mention.objects.count() < 0.95


def test_popularity_is_zipf_like(generated):
    per_entity = Counter(dict(Mention.objects.values_list("entity").annotate(n=Count("id"))))
    counts = [per_entity.get(pk, 0) for pk in Entity.objects.values_list("pk", flat=True)]
    assert max(counts) > 5 * statistics.median(counts)
    kinds = set(Entity.objects.values_list("kind", flat=True))
    assert kinds == set(Entity.Kind.values)


def test_stories_have_the_shape_of_the_wire(generated):
    stories = list(Article.objects.all())
    assert 60 < statistics.mean(len(a.title) for a in stories) < 100
    assert 2500 < statistics.mean(len(a.text) for a in stories) < 3500
    assert len({a.slug for a in stories}) == len({a.content_hash for a in stories}) == STORIES
    for article in stories:
        assert article.body == text_to_html(article.text)
        assert article.body.startswith("<p>")
        assert article.version >= 1
        assert article.created <= article.updated <= timezone.now()
    dated = [a.published for a in stories if a.published]
    assert min(dated) < timezone.now().date() - dt.timedelta(days=3 * 365)
    assert TaggedItem.objects.filter(object_id__in=[a.pk for a in stories]).exists()
    tag = TaggedItem.objects.select_related("tag").first().tag
    assert Article.objects.filter(tags__name=tag.name).exists()


def test_mentions_point_at_the_names_in_the_text(generated):
    aliases = {}
    for entity_id, name in Alias.objects.values_list("entity_id", "name"):
        aliases.setdefault(entity_id, set()).add(name)
    mentions = Mention.objects.select_related("article", "entity")
    for mention in mentions:
        text = mention.article.text
        assert mention.count == len(mention.spans) >= 1
        for start, end in mention.spans:
            assert text[start:end] in mention.surface_forms
        names = {mention.entity.name} | aliases.get(mention.entity_id, set())
        assert mention.surface_forms[0] in names
    alias = Alias.objects.first()
    assert alias.normalized == normalize_name(alias.name)


def test_full_text_search_finds_the_names_in_generated_stories(generated):
    # Suggested mentions: the story can only be found through its words, not the mention.
    readers = Article.objects.published()
    found = {"en": 0, "ru": 0}
    mentions = Mention.objects.filter(
        status=Mention.Status.SUGGESTED, article__in=readers
    ).select_related("article")
    for mention in mentions[:30]:
        name = mention.surface_forms[0]
        assert search_articles(readers, name).filter(pk=mention.article_id).exists(), name
        found[mention.article.language] += 1
    assert found["en"] and found["ru"]


def test_public_pages_and_api_serve_the_generated_stories(generated, client, api):
    (popular, _), (rare, _) = popular_and_rare_entities()
    story = Article.objects.published().mentioning(Entity.objects.get(slug=popular)).first()
    russian = Article.objects.published().filter(language="ru").first()
    for url in [
        "/",
        "/articles/",
        story.get_absolute_url(),
        f"/entities/{popular}/",
        f"/entities/{rare}/",
        f"/articles/?entity={popular}",
        f"/articles/?q={russian.title.split()[0]}",
        "/feeds/articles/",
        "/sitemap.xml",
    ]:
        assert client.get(url).status_code == 200, url
    listed = api.get("/api/v1/articles/", {"entity": popular, "page_size": 50})
    assert listed.status_code == 200
    assert listed.json()["count"] > 0
    assert api.get(f"/api/v1/articles/{story.slug}/").status_code == 200
    scheduled = Article.objects.filter(status="published", publish_at__gt=timezone.now()).first()
    assert client.get(scheduled.get_absolute_url()).status_code == 404


# The pure generators


def test_entities_are_distinct_and_most_popular_first():
    specs = make_entities(2000, seed=1)
    assert len({s.slug for s in specs}) == len({s.name.casefold() for s in specs}) == 2000
    assert specs[0].name == "Azerbaijan"
    kinds = Counter(s.kind for s in specs)
    assert kinds.most_common(1)[0][0] == Entity.Kind.PERSON
    assert all(any(lang == "ru" for _, lang, _ in s.aliases) for s in specs)
    assert make_entities(200, seed=7)[50].name == make_entities(200, seed=7)[50].name


def test_statuses_come_in_exact_shares():
    statuses = Counter(make_statuses(10_000, seed=1))
    assert statuses[SCHEDULED] == 50
    assert statuses["draft"] == 300
    assert statuses["published"] == 10_000 - 50 - 300 - 200 - 250
    assert make_statuses(10, seed=1).count(SCHEDULED) == 1


def test_a_story_depends_only_on_the_seed_and_its_number():
    now = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    specs = make_entities(500, seed=2)
    maker = StoryMaker(specs, seed=2, today=now.date(), now=now)
    again = StoryMaker(specs, seed=2, today=now.date(), now=now)
    assert maker.story(41, "published") == again.story(41, "published")
    assert maker.story(41, "published") != maker.story(42, "published")
    stories = [maker.story(i, "published") for i in range(300)]
    assert {s.language for s in stories} == {"en", "ru"}
    assert statistics.mean(len(s.mentions) for s in stories) == pytest.approx(10, abs=1)
    scheduled = maker.story(7, SCHEDULED)
    assert scheduled.status == "published" and scheduled.publish_at > now


def test_stems_joined_by_sentence_are_the_search_index_words():
    now = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    maker = StoryMaker(make_entities(300, seed=4), seed=4, today=now.date(),
                              now=now, stems=True)  # fmt: skip
    for index in range(40):
        story = maker.story(index, "published")
        assert story.stems == search.index_row(index, story.title, story.text)[2]


def test_json_columns_are_what_json_dumps_writes():
    for forms in (["Azerbaijan"], ["Сахиба Гафарова", "С.Гафарова"], ['say "hi"', "back\\slash"]):
        assert rows.json_strings(forms) == json.dumps(forms, ensure_ascii=False)
    spans = [[0, 10], [120, 131]]
    assert rows.json_spans(spans) == json.dumps(spans)


def test_tables_take_only_rows_of_their_own_type(db):
    """Columns are named by the row type's fields: a bare tuple's order would go unchecked."""
    sources = Table(Source, SourceRow, using="default")
    with pytest.raises(TypeError, match="SourceRow"):
        sources.insert([(1, "Kabar", "kabar", "https://kabar.kg/")])
    assert sources.insert([SourceRow(id=1, name="Kabar", slug="kabar", url="https://kabar.kg/")])
    assert Source.objects.get().url == "https://kabar.kg/"


@pytest.mark.slow
def test_worker_processes_write_the_same_corpus(db, monkeypatch):
    monkeypatch.setattr(rows, "BATCH", 40)  # several batches, so the workers are used
    generate(jobs=1)
    alone = fingerprint()
    generate("--replace", jobs=3)
    assert fingerprint() == alone


@pytest.mark.django_db(transaction=True)
def test_sqlite_settings_for_the_load_are_restored_afterwards():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's journal and page cache")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
    try:
        generate()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA cache_size")
            assert cursor.fetchone()[0] == cache_size
        assert Article.objects.count() == STORIES
    finally:
        search.reset_index()  # the flush after this test empties the tables, not the index
