"""The search page as readers use it: the named entity's card, the help, the picker, the box."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.test_public_pages import add_stories, build_newsroom
from tests.test_search import MEETS, RECEIVES

pytestmark = pytest.mark.django_db


def test_a_query_naming_an_entity_shows_its_card_above_the_results(client, seeded):
    content = client.get("/articles/", {"q": "Байрамов"}).content.decode()
    card = content.index('class="entity-card')
    assert card < content.index('class="card"')
    assert 'href="/entities/jeyhun-bayramov/"' in content[card : card + 600]
    assert "All 2 stories about Jeyhun Bayramov" in content


def test_an_excluded_name_shows_no_card(client, seeded):
    content = client.get("/articles/", {"q": "minister -bayramov"}).content.decode()
    assert "entity-card" not in content


def test_the_help_under_the_box_explains_the_syntax(client, seeded):
    content = client.get("/articles/", {"q": "Bayramov"}).content.decode()
    help_text = content[content.index('class="search-help"') :]
    for example in ('"foreign minister"', "Bayramov OR Gafarova", "minister -Bayramov"):
        assert example in help_text.replace("&quot;", '"')


def test_the_picker_offers_entities_with_stories_and_takes_a_typed_name(client, seeded):
    content = client.get("/articles/").content.decode()
    options = re.search(r'<datalist id="id_entity-options">(.*?)</datalist>', content, re.S)
    assert '<option value="Jeyhun Bayramov">' in options.group(1)
    by_name = client.get("/articles/", {"entity": "jeyhun bayramov"})
    assert {a.slug for a in by_name.context["articles"]} == {RECEIVES, MEETS}
    by_slug = client.get("/articles/", {"entity": "jeyhun-bayramov"})
    assert [a.slug for a in by_slug.context["articles"]] == [
        a.slug for a in by_name.context["articles"]
    ]
    assert 'name="entity" value="jeyhun-bayramov"' in by_slug.content.decode()


def test_an_unknown_name_in_the_picker_is_named_in_the_errors(client, seeded):
    content = client.get("/articles/", {"entity": "Nobody Atall"}).content.decode()
    assert "There is no person, organization or place “Nobody Atall”." in content


def test_search_and_picker_queries_stay_constant_in_page_size(client):
    person = build_newsroom(3)
    urls = [
        f"/articles/?q={person.name}",
        f"/articles/?q={person.name}+OR+story+-nothing",
        f"/articles/?entity={person.name}",
    ]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    few = counts()
    add_stories(22, [person])
    assert counts() == few
    assert max(few) <= 9


# The same page in Russian (docs/i18n.md): names in the page's language, the picker too.


def test_a_russian_search_shows_the_named_entitys_card_under_its_russian_name(client, seeded):
    content = client.get("/ru/articles/", {"q": "Bayramov"}).content.decode()
    card = content[content.index('class="entity-card') :]
    card = card[: card.index("</div>")]
    assert 'href="/ru/entities/jeyhun-bayramov/"' in card
    assert ">Джейхун Байрамов</a></h2>" in card
    assert "Все 2 материала, где упоминается Джейхун Байрамов" in card
    assert "Персона" in card


def test_the_russian_picker_offers_russian_names_and_takes_them_back(client, seeded):
    content = client.get("/ru/articles/").content.decode()
    options = re.search(r'<datalist id="id_entity-options">(.*?)</datalist>', content, re.S)
    assert '<option value="Джейхун Байрамов">' in options.group(1)
    assert '<option value="Jeyhun Bayramov">' not in options.group(1)
    picked = client.get("/ru/articles/", {"entity": "джейхун байрамов"})
    assert {a.slug for a in picked.context["articles"]} == {RECEIVES, MEETS}
    result_line = picked.content.decode().split('role="status"', 1)[1][:400]
    assert "Джейхун Байрамов" in result_line  # the result line names him in Russian


def test_the_russian_search_page_reads_its_names_in_one_query(client):
    person = build_newsroom(3)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/ru/articles/?q={person.name}").status_code == 200
        return len(queries)

    few = count()
    add_stories(22, [person])
    assert count() == few
