"""The editorial admin: every page loads, lists stay cheap, and every write keeps the rules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.html import html_to_text
from articles.models import Article, Mention
from entities.models import Entity
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    RoleFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "entities.entity": EntityFactory,
    "entities.alias": AliasFactory,
    "entities.role": RoleFactory,
    "articles.source": SourceFactory,
    "articles.article": ArticleFactory,
    "articles.mention": MentionFactory,
}


def admin_url(model: str, view: str, *args) -> str:
    app_label, model_name = model.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def article_form_data(article: Article, **changes) -> dict:
    """What the change form posts for `article`, with `changes` applied (no mention rows)."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "language": article.language,
        "source": article.source_id or "",
        "byline": article.byline,
        "dateline": article.dateline,
        "published": article.published.isoformat() if article.published else "",
        "original_url": article.original_url,
        "tags": "",
        "status": article.status,
        "base_version": article.version,
        "mentions-TOTAL_FORMS": 0,
        "mentions-INITIAL_FORMS": 0,
        "mentions-MIN_NUM_FORMS": 0,
        "mentions-MAX_NUM_FORMS": 1000,
    }
    data.update(changes)
    return data


def changelist_queries(admin_client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(admin_url("articles.article", "changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", FACTORIES)
def test_changelist_add_and_change_pages_load(admin_client, model):
    obj = FACTORIES[model]()

    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 200
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", FACTORIES)
def test_changelist_search_loads(admin_client, model):
    FACTORIES[model]()

    response = admin_client.get(admin_url(model, "changelist"), {"q": "a"})

    assert response.status_code == 200


def test_site_header(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert "Newsroom editorial" in response.text


def test_article_changelist_queries_do_not_grow_with_articles(
    admin_client, django_assert_max_num_queries
):
    for _ in range(3):
        MentionFactory().article.tags.add("diplomacy", "energy")
    few = changelist_queries(admin_client)

    for _ in range(27):
        article = ArticleFactory()
        article.tags.add("diplomacy", "energy")
        MentionFactory(article=article)
        MentionFactory(article=article, status=Mention.Status.SUGGESTED)
    with django_assert_max_num_queries(few):
        response = admin_client.get(admin_url("articles.article", "changelist"))

    assert response.context["cl"].result_count == 30


def test_article_changelist_shows_mention_counts(admin_client):
    article = ArticleFactory(title="Ministers meet in Baku")
    MentionFactory.create_batch(2, article=article)
    MentionFactory(article=article, status=Mention.Status.SUGGESTED)
    MentionFactory(article=article, status=Mention.Status.REJECTED)

    response = admin_client.get(admin_url("articles.article", "changelist"))

    row = response.context["cl"].result_list.get(pk=article.pk)
    assert (row.confirmed_count, row.suggested_count) == (2, 1)


def test_entity_and_source_changelists_queries_are_constant(
    admin_client, django_assert_max_num_queries
):
    AliasFactory.create_batch(3)
    ArticleFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(admin_url("entities.entity", "changelist"))
        admin_client.get(admin_url("articles.source", "changelist"))
        admin_client.get(admin_url("articles.mention", "changelist"))

    AliasFactory.create_batch(20)
    ArticleFactory.create_batch(20)
    MentionFactory.create_batch(20)
    with django_assert_max_num_queries(len(few)):
        admin_client.get(admin_url("entities.entity", "changelist"))
        admin_client.get(admin_url("articles.source", "changelist"))
        admin_client.get(admin_url("articles.mention", "changelist"))


def test_saving_an_article_sanitises_body_recomputes_text_and_bumps_version(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT)
    body = (
        '<p onclick="steal()">Talks in <a href="https://example.com/x">Baku</a>.</p>'
        "<script>alert(1)</script><p>Second &amp; last.</p>"
    )

    response = admin_client.post(
        admin_url("articles.article", "change", article.pk),
        article_form_data(article, body=body),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert "<script" not in article.body
    assert "onclick" not in article.body
    assert 'rel="noopener nofollow"' in article.body
    assert article.text == html_to_text(article.body)
    assert article.text.startswith("Talks in Baku.\n\n")
    assert article.text.endswith("Second & last.")
    assert article.version == 2


def test_adding_an_article_sanitises_body(admin_client):
    source = SourceFactory()

    response = admin_client.post(
        admin_url("articles.article", "add"),
        {
            **article_form_data(
                ArticleFactory.build(source=source, published=None),
                slug="",
                body='<p>Hello <img src=x onerror="boom()"></p>',
                status=Article.Status.DRAFT,
            ),
            "base_version": "",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.body == "<p>Hello </p>"
    assert article.text == "Hello"
    assert article.slug
    assert article.version == 1


def test_a_stale_article_form_is_refused(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT, title="First headline")
    opened = article_form_data(article, title="Mine")
    article.title = "Theirs"
    article.save()

    response = admin_client.post(admin_url("articles.article", "change", article.pk), opened)

    assert response.status_code == 200
    assert "Someone else saved this story" in response.text
    article.refresh_from_db()
    assert article.title == "Theirs"


def test_published_slug_is_read_only_in_the_change_form(admin_client):
    article = ArticleFactory(status=Article.Status.PUBLISHED, slug="ministers-meet")
    url = admin_url("articles.article", "change", article.pk)

    response = admin_client.get(url)

    assert "slug" not in response.context["adminform"].form.fields
    assert 'name="slug"' not in response.text
    response = admin_client.post(
        url,
        article_form_data(article, title="A new headline", slug="hijacked", _publish_changes="1"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.slug) == ("A new headline", "ministers-meet")


def test_draft_slug_is_editable_but_not_prepopulated(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT)

    response = admin_client.get(admin_url("articles.article", "change", article.pk))

    assert "slug" in response.context["adminform"].form.fields
    assert not response.context["adminform"].prepopulated_fields
    add = admin_client.get(admin_url("articles.article", "add"))
    assert add.context["adminform"].prepopulated_fields


def test_original_text_is_shown_escaped(admin_client):
    article = ArticleFactory(original="Baku <b>bold</b> — Баку".encode())

    response = admin_client.get(admin_url("articles.article", "change", article.pk))

    assert "<pre" in response.text
    assert "Baku &lt;b&gt;bold&lt;/b&gt; — Баку" in response.text


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("publish", Article.Status.PUBLISHED),
        ("submit_for_review", Article.Status.REVIEW),
        ("archive", Article.Status.ARCHIVED),
    ],
)
def test_status_actions_change_status_and_bump_version(admin_client, action, status):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    already = ArticleFactory(status=status)

    response = admin_client.post(
        admin_url("articles.article", "changelist"),
        {"action": action, "_selected_action": [draft.pk, already.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    already.refresh_from_db()
    assert draft.status == status
    assert draft.version == 2
    assert already.version == 1
    assert f"1 story now {status.label.lower()}." in response.text


def test_publish_action_works_on_a_filtered_list(admin_client):
    tagged = ArticleFactory(status=Article.Status.DRAFT)
    tagged.tags.add("energy")
    tag = tagged.tags.get()

    admin_client.post(
        admin_url("articles.article", "changelist") + f"?tags__id__exact={tag.pk}&status=draft",
        {"action": "publish", "_selected_action": [tagged.pk]},
    )

    tagged.refresh_from_db()
    assert tagged.status == Article.Status.PUBLISHED


def test_mention_actions_confirm_and_reject(admin_client):
    suggested = MentionFactory(status=Mention.Status.SUGGESTED)
    other = MentionFactory(status=Mention.Status.SUGGESTED)
    url = admin_url("articles.mention", "changelist")

    admin_client.post(url, {"action": "confirm", "_selected_action": [suggested.pk]})
    admin_client.post(url, {"action": "reject", "_selected_action": [other.pk]})

    suggested.refresh_from_db()
    other.refresh_from_db()
    assert (suggested.status, other.status) == ("confirmed", "rejected")


@pytest.mark.parametrize("term", ["гафарова", "Гафарова", "ГАФАРОВА", "Sahiba", "sahiba-gaf"])
def test_entity_search_finds_a_cyrillic_alias_in_any_case(admin_client, term):
    gafarova = EntityFactory(name="Sahiba Gafarova", slug="sahiba-gafarova")
    AliasFactory(entity=gafarova, name="Сахиба Гафарова", language="ru")
    AliasFactory(entity=gafarova, name="Гафарова", language="ru")
    EntityFactory(name="Jeyhun Bayramov")

    response = admin_client.get(admin_url("entities.entity", "changelist"), {"q": term})

    assert list(response.context["cl"].result_list) == [gafarova]
    assert response.context["cl"].result_list[0].alias_count == 2


def test_entity_autocomplete_finds_an_alias(admin_client):
    gafarova = EntityFactory(name="Sahiba Gafarova")
    AliasFactory(entity=gafarova, name="Гафарова", language="ru")
    EntityFactory(name="Jeyhun Bayramov")

    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "mention", "field_name": "entity", "term": "гафар"},
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(gafarova.pk), "text": "Sahiba Gafarova"}]


def test_role_person_autocomplete_offers_people_only(admin_client):
    person = EntityFactory(name="Azer Person")
    EntityFactory(name="Azerbaijan", kind=Entity.Kind.COUNTRY)

    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "entities", "model_name": "role", "field_name": "person", "term": "azer"},
    )

    assert [r["id"] for r in response.json()["results"]] == [str(person.pk)]


def test_role_current_filter(admin_client):
    current = RoleFactory(end_date=None)
    RoleFactory(start_date="2010-01-01", end_date="2012-01-01")

    response = admin_client.get(admin_url("entities.role", "changelist"), {"current": "yes"})

    assert list(response.context["cl"].result_list) == [current]


def test_entity_change_form_saves_aliases_inline(admin_client):
    entity = EntityFactory(name="Kyrgyzstan", kind=Entity.Kind.COUNTRY, slug="kyrgyzstan")

    response = admin_client.post(
        admin_url("entities.entity", "change", entity.pk),
        {
            "kind": "country",
            "name": "Kyrgyzstan",
            "slug": "kyrgyzstan",
            "description": "",
            "wikidata_id": "Q813",
            "aliases-TOTAL_FORMS": 1,
            "aliases-INITIAL_FORMS": 0,
            "aliases-MIN_NUM_FORMS": 0,
            "aliases-MAX_NUM_FORMS": 1000,
            "aliases-0-name": "Кыргызстан",
            "aliases-0-language": "ru",
            "aliases-0-kind": "name",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(entity.aliases.values_list("normalized", flat=True)) == ["кыргызстан"]
