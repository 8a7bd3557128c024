"""The curated seed stories (fixtures/seed.json) against their raw originals and the contract."""

import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings

from articles.html import html_to_text, sanitize_html
from articles.ingest.hashing import content_hash
from articles.models import Article, Mention
from entities.models import Alias, Entity, normalize_name

SEED_DOCUMENTS = Path(settings.BASE_DIR) / "fixtures" / "seed_documents"

pytestmark = pytest.mark.usefixtures("seeded")


def seed_files() -> list[Path]:
    return sorted(SEED_DOCUMENTS.glob("*.txt"))


def mentioning(*slugs: str):
    return Article.objects.published().mentioning(*(Entity.objects.get(slug=s) for s in slugs))


def test_every_seed_document_is_one_story():
    assert len(seed_files()) == 5
    assert sorted(Article.objects.values_list("original_filename", flat=True)) == [
        path.name for path in seed_files()
    ]


def test_originals_are_the_seed_documents_byte_for_byte():
    for path in seed_files():
        article = Article.objects.get(original_filename=path.name)
        assert bytes(article.original) == path.read_bytes()


def test_content_hash_is_the_hash_of_the_original():
    for path in seed_files():
        article = Article.objects.get(original_filename=path.name)
        assert article.content_hash == content_hash(path.read_text(encoding="utf-8"))


def test_body_is_sanitised_and_text_is_its_plain_text():
    for article in Article.objects.all():
        assert sanitize_html(article.body) == article.body
        assert article.text == html_to_text(article.body)
        assert article.title not in article.text


@pytest.mark.parametrize(
    "filename, language, source, published, dateline, byline, first_words",
    [
        ("000_d4bade762234ddd5.txt", "en", "trend-news-agency", datetime.date(2024, 2, 6),
         "Baku", "", "BAKU, Azerbaijan, February 6. Azerbaijani Foreign Minister"),
        ("001_1a64d7cc3685bcd7.txt", "en", "azernews", None,
         "", "", "Azerbaijan and the Organization of Turkic States (OTS)"),
        ("002_45943680a1f8951e.txt", "en", "trend-news-agency", datetime.date(2024, 5, 2),
         "Baku", "", "BAKU, Azerbaijan, May 2. Azerbaijani Foreign Minister"),
        ("003_c7fc8fada12e7e9c.txt", "ru", "kabar", datetime.date(2021, 7, 3),
         "Бишкек", "", "Бишкек, 03.07.21. /Кабар/. Министр иностранных дел"),
        ("004_470fcd4a740a0a54.txt", "en", "azernews", datetime.date(2024, 8, 31),
         "", "Fatima Latifova", "Azerbaijan and Kyrgyzstan are closely connected."),
    ],
)  # fmt: skip
def test_story_metadata(filename, language, source, published, dateline, byline, first_words):
    article = Article.objects.get(original_filename=filename)
    assert article.is_published
    assert article.language == language
    assert article.source.slug == source
    assert article.published == published
    assert article.dateline == dateline
    assert article.byline == byline
    assert article.text.startswith(first_words)
    assert article.slug.isascii()
    assert 2 <= article.tags.count() <= 4


@pytest.mark.parametrize(
    "boilerplate",
    [
        "date 2024-", "MENAFN", "Политика 0", "Читайте и смотрите нас в", "Комментарии",
        "Оставить комментарий", "Azernews.Az", "Sunday September 15 2024", "Read more",
        "Follow us on Twitter", "Loading...", "Latest See more", "---",
    ],
)  # fmt: skip
def test_boilerplate_is_gone_from_every_story(boilerplate):
    for article in Article.objects.all():
        assert boilerplate not in article.text
        assert boilerplate not in article.body


def test_every_span_indexes_one_of_its_surface_forms():
    for mention in Mention.objects.select_related("article"):
        text = mention.article.text
        found = [text[start:end] for start, end in mention.spans]
        assert mention.count == len(mention.spans)
        assert mention.surface_forms == list(dict.fromkeys(found))
        assert mention.spans == sorted(mention.spans)


def test_spans_never_overlap_within_a_story():
    for article in Article.objects.all():
        spans = sorted(span for m in article.mentions.all() for span in m.spans)
        for (_, end), (next_start, _) in pairwise(spans):
            assert end <= next_start


def test_seed_mentions_are_confirmed():
    assert set(Mention.objects.values_list("status", flat=True)) == {Mention.Status.CONFIRMED}


@pytest.mark.parametrize(
    "slug, stories",
    [("azerbaijan", 5), ("kyrgyzstan", 2), ("sahiba-gafarova", 1), ("jeyhun-bayramov", 2)],
)
def test_published_stories_mentioning(slug, stories):
    assert mentioning(slug).count() == stories


def test_kyrgyzstan_is_mentioned_in_one_russian_and_one_english_story():
    assert sorted(mentioning("kyrgyzstan").values_list("language", flat=True)) == ["en", "ru"]


def test_stories_mentioning_kyrgyzstan_and_azerbaijan():
    assert mentioning("kyrgyzstan", "azerbaijan").count() == 2


def test_sahiba_gafarova_is_found_in_her_russian_forms():
    mention = Mention.objects.get(entity__slug="sahiba-gafarova")
    assert mention.article.language == "ru"
    assert set(mention.surface_forms) == {"Сагибой Гафаровой", "С.Гафарова", "С.Гафарову"}


@pytest.mark.parametrize("name", ["Кыргызстан", "КР", "Kyrgyz Republic"])
def test_aliases_of_kyrgyzstan(name):
    assert Alias.objects.get(name=name).entity.slug == "kyrgyzstan"


def test_both_spellings_of_the_ambassador_name_one_person():
    assert (
        Alias.objects.get(name="Mamitkanov").entity
        == Alias.objects.get(name="Mamytkanov").entity
        == Entity.objects.get(slug="maksat-mamitkanov")
    )


def test_alias_normalized_forms_are_consistent():
    for alias in Alias.objects.all():
        assert alias.normalized == normalize_name(alias.name)


@pytest.mark.parametrize(
    "query, slug",
    [("Гафарова", "sahiba-gafarova"), ("OTS", "organization-of-turkic-states"),
     ("кыргызстан", "kyrgyzstan")],
)  # fmt: skip
def test_entity_search_matches_aliases_in_any_script(query, slug):
    assert slug in Entity.objects.search(query).values_list("slug", flat=True)
