"""ArticleFilter: the one description of how stories are filtered (public list now, API later)."""

import datetime

import pytest
from django.http import QueryDict

from articles.filters import ArticleFilter
from articles.models import Article, Mention
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def run(query: str) -> ArticleFilter:
    return ArticleFilter(QueryDict(query), queryset=Article.objects.published().latest_first())


def titles(query: str) -> set[str]:
    filterset = run(query)
    assert filterset.is_valid(), filterset.errors
    return {a.title for a in filterset.qs}


def test_no_parameters_keep_every_story():
    ArticleFactory.create_batch(3)
    assert len(titles("")) == 3


def test_q_matches_title_or_text_in_any_case():
    ArticleFactory(title="Ministers meet in Baku", text="Talks.")
    ArticleFactory(title="Other news", text="A visit to BAKU was planned.")
    ArticleFactory(title="Unrelated", text="Nothing here.")
    assert titles("q=baku") == {"Ministers meet in Baku", "Other news"}


def test_q_matches_cyrillic_in_another_case():
    ArticleFactory(title="Глава МИД Кыргызстана", text="Встреча в Азербайджане.", language="ru")
    ArticleFactory(title="English story", text="Azerbaijan.")
    assert titles("q=азербайджане") == {"Глава МИД Кыргызстана"}
    assert titles("q=ГЛАВА мид") == {"Глава МИД Кыргызстана"}


def test_repeated_entity_requires_every_entity():
    azerbaijan = EntityFactory(name="Azerbaijan", kind="country")
    kyrgyzstan = EntityFactory(name="Kyrgyzstan", kind="country")
    both = ArticleFactory(title="Both")
    only_one = ArticleFactory(title="Only Azerbaijan")
    MentionFactory(article=both, entity=azerbaijan)
    MentionFactory(article=both, entity=kyrgyzstan)
    MentionFactory(article=only_one, entity=azerbaijan)

    assert titles("entity=azerbaijan") == {"Both", "Only Azerbaijan"}
    assert titles("entity=azerbaijan&entity=kyrgyzstan") == {"Both"}


def test_entity_counts_confirmed_mentions_only():
    baku = EntityFactory(name="Baku", kind="place")
    MentionFactory(article=ArticleFactory(title="Confirmed"), entity=baku)
    MentionFactory(
        article=ArticleFactory(title="Suggested"), entity=baku, status=Mention.Status.SUGGESTED
    )
    MentionFactory(
        article=ArticleFactory(title="Rejected"), entity=baku, status=Mention.Status.REJECTED
    )
    assert titles("entity=baku") == {"Confirmed"}


def test_unknown_entity_is_an_error_naming_it():
    ArticleFactory()
    filterset = run("entity=atlantis")
    assert not filterset.is_valid()
    assert "atlantis" in filterset.errors["entity"][0]


def test_blank_entity_parameters_are_ignored():
    ArticleFactory.create_batch(2)
    assert len(titles("entity=")) == 2
    assert len(titles("entity=&entity=+")) == 2


@pytest.mark.parametrize("query", ["entity=a%00b", "source=%00", "entity=a b", "source=x/y"])
def test_values_that_cannot_be_slugs_are_errors_before_any_query(query, django_assert_num_queries):
    filterset = run(query)
    with django_assert_num_queries(0):
        assert not filterset.is_valid()


def test_source_by_slug():
    trend = SourceFactory(name="Trend News Agency")
    ArticleFactory(title="From Trend", source=trend)
    ArticleFactory(title="From elsewhere")
    assert titles(f"source={trend.slug}") == {"From Trend"}
    assert not run("source=nowhere").is_valid()


def test_language():
    ArticleFactory(title="Russian", language="ru")
    ArticleFactory(title="English", language="en")
    assert titles("language=ru") == {"Russian"}
    assert not run("language=xx").is_valid()


def test_tag_by_slug_or_name():
    tagged = ArticleFactory(title="Tagged")
    tagged.tags.add("Foreign Policy")
    ArticleFactory(title="Untagged")
    assert titles("tag=foreign-policy") == {"Tagged"}
    assert titles("tag=foreign policy") == {"Tagged"}
    assert titles("tag=economy") == set()


def test_date_range_is_inclusive():
    for day in (1, 10, 20):
        ArticleFactory(title=f"Day {day}", published=datetime.date(2024, 3, day))
    assert titles("date_from=2024-03-10") == {"Day 10", "Day 20"}
    assert titles("date_to=2024-03-10") == {"Day 1", "Day 10"}
    assert titles("date_from=2024-03-05&date_to=2024-03-15") == {"Day 10"}


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "03/10/2024", "2024-02-30"])
def test_dates_other_than_iso_are_errors(value):
    filterset = run(f"date_from={value}")
    assert not filterset.is_valid()
    assert "YYYY-MM-DD" in filterset.errors["date_from"][0]


def test_end_date_before_start_date_is_an_error():
    filterset = run("date_from=2024-03-10&date_to=2024-03-01")
    assert not filterset.is_valid()
    assert "date_to" in filterset.errors
