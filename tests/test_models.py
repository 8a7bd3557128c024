"""Domain rules the database and querysets enforce."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Mention
from entities.models import Alias, Entity, Role
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    RoleFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_published_excludes_every_other_status():
    shown = ArticleFactory(status=Article.Status.PUBLISHED)
    for status in ("draft", "review", "archived"):
        ArticleFactory(status=status)
    assert list(Article.objects.published()) == [shown]


def test_mentioning_requires_every_entity_and_a_confirmed_mention():
    a, b = EntityFactory(), EntityFactory()
    both = ArticleFactory()
    MentionFactory(article=both, entity=a)
    MentionFactory(article=both, entity=b)
    only_a = ArticleFactory()
    MentionFactory(article=only_a, entity=a)
    suggested_b = ArticleFactory()
    MentionFactory(article=suggested_b, entity=a)
    MentionFactory(article=suggested_b, entity=b, status=Mention.Status.SUGGESTED)

    assert set(Article.objects.mentioning(a)) == {both, only_a, suggested_b}
    assert list(Article.objects.mentioning(a, b)) == [both]


def test_public_mentions_are_confirmed_and_in_published_stories():
    entity = EntityFactory()
    shown = MentionFactory(entity=entity)
    MentionFactory(entity=entity, status=Mention.Status.SUGGESTED)
    MentionFactory(entity=entity, status=Mention.Status.REJECTED)
    MentionFactory(entity=entity, article=ArticleFactory(status=Article.Status.DRAFT))
    assert list(Mention.objects.public()) == [shown]


def test_latest_first_puts_undated_stories_last():
    undated = ArticleFactory(published=None)
    old = ArticleFactory(published="2021-07-03")
    new = ArticleFactory(published="2024-08-31")
    assert list(Article.objects.latest_first()) == [new, old, undated]


def test_one_mention_per_article_and_entity():
    mention = MentionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(article=mention.article, entity=mention.entity)


def test_content_hash_is_unique_but_may_be_empty():
    ArticleFactory(content_hash=None)
    ArticleFactory(content_hash=None)
    ArticleFactory(content_hash="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(content_hash="a" * 64)


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [(Article, "status", "deleted"), (Mention, "status", "maybe"), (Entity, "kind", "animal")],
)
def test_database_rejects_unknown_choices(model, field, value):
    obj = {Article: ArticleFactory, Mention: MentionFactory, Entity: EntityFactory}[model]()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=obj.pk).update(**{field: value})


def test_role_end_cannot_precede_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleFactory(start_date="2024-01-01", end_date="2023-01-01")


def test_mention_confidence_stays_between_zero_and_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        MentionFactory(confidence=1.5)


def test_slugs_are_ascii_and_unique():
    first = ArticleFactory(title="Глава МИД Кыргызстана встретился")
    second = ArticleFactory(title="Глава МИД Кыргызстана встретился")
    assert first.slug == "glava-mid-kyrgyzstana-vstretilsya"
    assert second.slug == "glava-mid-kyrgyzstana-vstretilsya-2"


def test_headline_edit_keeps_the_slug_and_bumps_the_version():
    article = ArticleFactory(title="Original headline")
    article.title = "Corrected headline"
    article.save()
    article.refresh_from_db()
    assert article.slug == "original-headline"
    assert article.version == 2


def test_alias_keeps_a_normalised_lookup_form():
    alias = AliasFactory(name="Кыргызстан  Ёлка")
    assert alias.normalized == "кыргызстан елка"
    alias.name = "KYRGYZ Republic"
    alias.save()
    assert Alias.objects.get(pk=alias.pk).normalized == "kyrgyz republic"


def test_entity_search_matches_aliases_in_any_script_and_case():
    kg = EntityFactory(name="Kyrgyzstan", kind=Entity.Kind.COUNTRY)
    AliasFactory(entity=kg, name="Кыргызстан", language="ru")
    EntityFactory(name="Azerbaijan", kind=Entity.Kind.COUNTRY)
    assert list(Entity.objects.search("кыргызСТАН")) == [kg]
    assert list(Entity.objects.search("kyrgyz")) == [kg]
    assert Entity.objects.search("").count() == 2


def test_source_slug_from_name():
    assert SourceFactory(name="Trend News Agency").slug == "trend-news-agency"


def test_role_describes_person_title_and_organization():
    role = RoleFactory(
        person=EntityFactory(name="Jeyhun Bayramov"),
        organization=EntityFactory(name="Azerbaijan", kind=Entity.Kind.COUNTRY),
    )
    assert str(role) == "Jeyhun Bayramov: Minister of Foreign Affairs, Azerbaijan"
    assert Role.objects.get().is_current


def test_slugs_stay_unique_past_the_numbered_forms():
    slugs = {ArticleFactory(title="Same headline").slug for _ in range(12)}
    assert len(slugs) == 12
    assert {"same-headline", "same-headline-2", "same-headline-9"} <= slugs
    assert all(len(s) <= 80 for s in slugs)


def test_story_scheduled_for_later_stays_hidden_until_its_publish_time():
    soon = timezone.now() + timedelta(hours=1)
    article = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=soon)
    MentionFactory(article=article, status=Mention.Status.CONFIRMED)
    assert article.is_scheduled and not article.is_published
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert not Mention.objects.public().filter(article=article).exists()

    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    article.refresh_from_db()
    assert article.is_published and not article.is_scheduled
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert Mention.objects.public().filter(article=article).exists()


def test_a_free_slug_costs_one_query_whether_or_not_the_headline_is_taken():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newsroom.text import unique_slug

    for expected in ("one-headline", "one-headline-2"):
        with CaptureQueriesContext(connection) as queries:
            slug = unique_slug(Article, "One headline")
        assert (slug, len(queries)) == (expected, 1)
        ArticleFactory(title="One headline", slug=slug)
