"""Page links stay short however long the list: first, last, neighbours and gaps."""

from django.core.paginator import Paginator

from articles.templatetags.pages import page_links

GAP = Paginator.ELLIPSIS


def links(number: int, stories: int = 100_000) -> list:
    return page_links(Paginator(range(stories), 20).page(number))


def test_a_page_in_the_middle_shows_its_neighbours_and_both_ends():
    assert links(7) == [1, GAP, 6, 7, 8, GAP, 5000]


def test_the_first_and_last_pages():
    assert links(1) == [1, 2, GAP, 5000]
    assert links(5000) == [1, GAP, 4999, 5000]


def test_a_short_list_shows_every_page():
    assert links(2, stories=60) == [1, 2, 3]
