"""The import's writing process takes three shortcuts (docs/benchmarks.md); each must store
exactly what the general path stores: a story's first version as reversion writes it, mentions
and proposals as `bulk_create` writes them, and search stems as the save would derive them."""

from pathlib import Path

import pytest
import reversion
from django.contrib.auth.models import User
from django.db import connection
from reversion.models import Version

from articles import history, importing, search
from articles.models import Article, EntityProposal, Mention
from entities.gazetteer import current_linker
from entities.models import Entity
from newsroom.bulk import insert_rows

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seed_documents"


def _imported(path: Path, **kwargs) -> Article:
    data = path.read_bytes()
    result = importing.import_bytes(data=data, name=path.name, **kwargs)
    assert result.status == "imported", result.error
    return result.article


def test_an_imported_storys_first_version_is_the_one_reversion_would_record(seeded):
    Article.objects.all().delete()
    editor = User.objects.create_user("desk", password="x")
    article = _imported(sorted(SEEDS.glob("*.txt"))[0], user=editor)
    (direct,) = Version.objects.get_for_object(article)

    # The same story saved through reversion's own path, in a revision of its own.
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment(direct.revision.comment)
        article.save()
    through_reversion = Version.objects.get_for_object(article).order_by("-pk").first()

    assert direct.revision.user == editor
    assert direct.revision.comment.startswith("Imported from ")
    for field in ("content_type_id", "object_id", "db", "format", "object_repr"):
        assert getattr(direct, field) == getattr(through_reversion, field), field
    saved_again = {"version", "updated"}  # what the second save itself changed
    assert {k: v for k, v in direct.field_dict.items() if k not in saved_again} == {
        k: v for k, v in through_reversion.field_dict.items() if k not in saved_again
    }
    assert direct._local_field_dict.keys() == through_reversion._local_field_dict.keys()


def test_a_story_imported_inside_an_open_revision_is_recorded_once_in_it(seeded):
    other = Article.objects.first()
    data = sorted(SEEDS.glob("*.txt"))[1].read_bytes() + b"\n\nReference 7.\n"
    with history.revision(comment="one batch"):
        result = importing.import_bytes(data=data, name="batch.txt")
        article = result.article
        other.save()
    (version,) = Version.objects.get_for_object(article)
    # One revision for the block: the story and the other save are in it together.
    assert version.revision.version_set.filter(object_id=str(other.pk)).exists()


def test_mentions_written_as_plain_rows_read_back_as_bulk_create_writes_them(seeded):
    article = Article.objects.published().first()
    entities = list(Entity.objects.exclude(mentions__article=article)[:2])
    values = {"surface_forms": ["Гафаровой", "Gafarova"], "spans": [[3, 12]], "count": 2}
    insert_rows(
        Mention,
        [
            {"article_id": article.pk, "entity_id": entities[0].pk, "confidence": 0.75, **values},
        ],
    )
    Mention.objects.bulk_create(
        [Mention(article=article, entity=entities[1], confidence=0.75, **values)]
    )
    plain, orm = (Mention.objects.get(article=article, entity=entity) for entity in entities)
    for field in ("status", "surface_forms", "spans", "count", "confidence"):
        assert getattr(plain, field) == getattr(orm, field), field
    # The triggers copy the story's status and date onto every mention row, however written.
    assert (plain.article_status, plain.article_date) == (orm.article_status, orm.article_date)
    assert plain.article_status == Article.Status.PUBLISHED
    assert plain.created is not None and plain.updated is not None


def test_plain_rows_that_a_unique_constraint_refuses_are_skipped_when_asked(seeded):
    article = Article.objects.first()
    row = {"article_id": article.pk, "name": "Council of Elders", "kind": "org"}
    row["normalized"] = "council of elders"
    insert_rows(EntityProposal, [row])
    insert_rows(EntityProposal, [row, {**row, "normalized": "elders"}], ignore_conflicts=True)
    assert EntityProposal.objects.filter(article=article, name="Council of Elders").count() == 2
    assert EntityProposal.objects.get(article=article, normalized="elders").status == "pending"


def test_an_import_searches_by_the_stems_its_worker_made(seeded):
    if not search.uses_fts_table():
        pytest.skip("SQLite's index; PostgreSQL's trigger derives search_vector itself")
    Article.objects.all().delete()
    path = sorted(SEEDS.glob("*.txt"))[0]
    prepared = importing.prepare(path.read_bytes(), current_linker())
    assert prepared.stems is not None and prepared.stems.text == prepared.text
    article = _imported(path, prepared=prepared)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT title, body FROM {search.FTS_TABLE} WHERE rowid = %s", [article.pk])
        assert cursor.fetchone() == (prepared.stems.title_stems, prepared.stems.text_stems)


def test_stems_made_for_other_words_are_not_used(seeded):
    if not search.uses_fts_table():
        pytest.skip("SQLite's index")
    article = Article.objects.first()
    article.search_stems = search.Stems.of(article.title, article.text)
    article.title = "Zanzibar archipelago"
    article.save()
    found = search.search_articles(Article.objects.all(), "zanzibar")
    assert article in list(found.queryset)
