"""Pages echo the reader's query as ordinary text, escaped by Django's autoescape: in the search
box, the title and the result line, never as character references, and never as markup.
"""

import html
import re

import pytest

from newsroom.text import encode_query

HOSTILE = '<script>alert("x")</script> & Гафарова'
WORD = "zqxcanary"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/articles/?q={}",
        "/articles/?q={}&language=en",
        "/entities/?q={}",
        "/entities/?q={}&kind=person",
    ],
)
def test_search_pages_echo_the_query_as_plain_escaped_text(client, url):
    content = client.get(url.format(WORD)).content.decode()
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    assert WORD in title
    assert f'value="{WORD}"' in content  # the search box keeps it
    assert "&#" + str(ord(WORD[0])) + ";" not in content  # no character references


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/articles/", "/entities/"])
def test_markup_in_the_query_is_escaped_everywhere_it_is_echoed(client, path):
    content = client.get(path, {"q": HOSTILE}).content.decode()
    assert "<script>alert" not in content
    escaped = html.escape(HOSTILE, quote=True)
    assert escaped in content or html.escape(HOSTILE, quote=False) in content
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    assert "&lt;script&gt;" in title and "Гафарова" in title


def test_links_encode_the_query_as_a_form_would():
    assert encode_query([("q", "a b/Г"), ("entity", "jeyhun-bayramov")]) == (
        "q=a%20b%2F%D0%93&entity=jeyhun-bayramov"
    )


@pytest.mark.django_db
def test_the_search_box_and_the_links_keep_the_query(client, seeded):
    content = client.get("/articles/?q=Bayramov").content.decode()
    box = re.search(r'<input type="search" name="q" value="([^"]*)"', content)
    assert html.unescape(box.group(1)) == "Bayramov"
    header = re.search(r'<input id="site-search-q"[^>]*>', content).group(0)
    assert 'value="Bayramov"' in header  # the header's box too
    assert "?q=Bayramov&amp;sort=newest" in content
    # Story text that matches is shown as stored, highlighted.
    assert "<mark>Jeyhun Bayramov</mark>" in content
