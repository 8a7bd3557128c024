"""Building the corpus: `build_corpus` fills a database in one transaction, after checking it
is empty (or clearing it, `clear_corpus`), and names the entities benchmarks query.

The generators (`entities.make_entities`, `stories.make_statuses`, `stories.StoryMaker`) are
pure: given a seed they return the same values on every machine, and each story depends only
on the seed and its number, so any story can be rebuilt alone. The writers (`writers`) insert
their rows many at a time, never through `save()`: columns the database keeps (the search
vector, the mentions' copies of their story's status and date, the sort date) are left to its
triggers and generated columns.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import Count
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles import search
from articles.models import Article, ArticleStatus, Mention, Source
from benchmarks.corpus.entities import make_entities
from benchmarks.corpus.exceptions import CorpusError
from benchmarks.corpus.writers import CorpusSummary, CorpusWriter, bulk_load
from entities.models import Alias, Entity, Role


def existing_content(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """What the database already holds that a corpus would collide with."""
    counts = {
        "stories": Article.objects.using(using).count(),
        "entities": Entity.objects.using(using).count(),
        "sources": Source.objects.using(using).count(),
    }
    return {name: n for name, n in counts.items() if n}


def clear_corpus(using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete every story, entity and source, and all that hangs on them, with plain DELETEs.

    No signals and no per-row work: the rows that refer to these tables (mentions, aliases,
    roles, proposals, redirects, and any later model pointing at them) go by relation, tags
    and revisions by content type. Foreign keys are checked at commit, so order is free.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    roots = [Article, Entity, Source]
    wiped: list[type[models.Model]] = []
    deletes: list[str] = []
    nulls: list[str] = []

    def visit(model: type[models.Model], where: str = "") -> None:
        if model in wiped:
            return
        wiped.append(model)
        deletes.append(f"DELETE FROM {quote(model._meta.db_table)}{where}")
        for rel in model._meta.related_objects:
            related = rel.related_model
            if rel.many_to_many:
                if rel.through._meta.auto_created:
                    visit(rel.through)
                continue
            column = quote(rel.field.column)
            if rel.on_delete is models.SET_NULL and related not in roots:
                table = quote(related._meta.db_table)
                nulls.append(f"UPDATE {table} SET {column} = NULL WHERE {column} IS NOT NULL")
            elif related not in roots:
                visit(related, f" WHERE {column} IS NOT NULL")

    for model in roots:
        visit(model)
    types = ContentType.objects.db_manager(using).get_for_models(*wiped, TaggedItem).values()
    type_ids = ", ".join(str(t.pk) for t in types)
    article_type = ContentType.objects.db_manager(using).get_for_model(Article).pk
    items = quote(TaggedItem._meta.db_table)
    tag_column = quote(TaggedItem._meta.get_field("tag").column)
    with connection.cursor() as cursor:
        for statement in nulls:
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {items} WHERE content_type_id = %s", [article_type])
        cursor.execute(
            f"DELETE FROM {quote(Tag._meta.db_table)} "
            f"WHERE id NOT IN (SELECT {tag_column} FROM {items})"
        )
        if apps.is_installed("reversion"):
            from reversion.models import Revision, Version

            versions = quote(Version._meta.db_table)
            cursor.execute(f"DELETE FROM {versions} WHERE content_type_id IN ({type_ids})")
            cursor.execute(
                f"DELETE FROM {quote(Revision._meta.db_table)} "
                f"WHERE id NOT IN (SELECT revision_id FROM {versions})"
            )
        for statement in reversed(deletes):
            cursor.execute(statement)


def popular_and_rare_entities(
    using: str = DEFAULT_DB_ALIAS,
) -> tuple[tuple[str, int], tuple[str, int]] | None:
    """((slug, stories), (slug, stories)): the entity in the most public stories, and one in
    the fewest (at least one), ties broken by slug; None when no story is public. Benchmarks
    use them for their popular- and rare-entity workloads.

    Counted as `Mention.objects.public()` would, in two cheap reads: confirmed mentions of
    published stories (read from the mention index alone), less those of stories scheduled
    for later (a handful).
    """
    now = timezone.now()
    confirmed = Mention.objects.using(using).confirmed().order_by()
    published = confirmed.filter(article_status=ArticleStatus.PUBLISHED)
    later = confirmed.filter(
        article__in=Article.objects.using(using).filter(
            status=ArticleStatus.PUBLISHED, publish_at__gt=now
        )
    )
    stories = Counter(dict(published.values_list("entity_id").annotate(n=Count("id"))))
    stories.subtract(dict(later.values_list("entity_id").annotate(n=Count("id"))))
    stories = Counter({entity: n for entity, n in stories.items() if n > 0})
    if not stories:
        return None
    slugs = dict(Entity.objects.using(using).filter(pk__in=list(stories)).values_list("id", "slug"))
    ranked = sorted((-n, slugs[entity], n) for entity, n in stories.items())
    rare = min(ranked, key=lambda r: (r[2], r[1]))
    return (ranked[0][1], ranked[0][2]), (rare[1], rare[2])


def build_corpus(
    *,
    articles: int,
    entities: int,
    seed: int = 1,
    replace: bool = False,
    jobs: int = 1,
    using: str = DEFAULT_DB_ALIAS,
    progress: Callable[[int], None] | None = None,
    now: dt.datetime | None = None,
) -> CorpusSummary:
    """Fill the database with a generated corpus in one transaction (see the module docstring).

    Refuses a database that already holds stories, entities or sources unless `replace`,
    which deletes them first. `jobs` processes in all write the stories (see
    `story_batches`); `progress` is called with the number of stories written per batch.
    """
    if articles < 1:
        raise CorpusError("--articles must be at least 1")
    specs = make_entities(entities, seed=seed)
    now = now or timezone.now()
    connection = connections[using]
    sqlite = search.uses_fts_table(using)
    summary = CorpusSummary()
    clock = time.perf_counter()

    def lap(step: str) -> None:
        summary.seconds[step] = time.perf_counter() - clock

    with bulk_load(connection), transaction.atomic(using=using), connection.cursor() as cursor:
        found = existing_content(using)
        if found and not replace:
            held = ", ".join(f"{n} {name}" for name, n in found.items())
            raise CorpusError(
                f"the database already holds {held}; generate_corpus fills an empty database. "
                "Run it with --replace to delete all stories, entities and sources first."
            )
        if found:
            clear_corpus(using)
        if sqlite:
            search.reset_index(using=using)
        lap("clear")
        writer = CorpusWriter(specs, seed=seed, using=using, now=now, summary=summary)
        writer.write_knowledge_base()
        lap("entities")
        writer.write_stories(articles, jobs=jobs, progress=progress)
        lap("stories")
        if sqlite:
            search.optimize_index(using=using)
        else:
            tables = [Source, Entity, Alias, Role, Article, Mention, Tag, TaggedItem]
            for sql in connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(sql)
        lap("search index")
    lap("commit")
    if connection.vendor == "postgresql":
        # What autovacuum would do within the minute: planner statistics for the new rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    summary.popular, summary.rare = popular_and_rare_entities(using) or (None, None)
    lap("total")
    return summary
