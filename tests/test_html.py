"""The story HTML sanitiser: safe subset only, links marked, idempotent."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.html import html_to_text, sanitize_html, text_to_clean_html, text_to_html


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "<svg><script>alert(1)</script></svg>",
        '<form><button formaction="javascript:alert(1)">x</button></form>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<base href="https://evil.example/">',
    ],
)
def test_sanitize_html_removes_everything_executable(dirty):
    clean = sanitize_html(dirty)
    lowered = clean.lower()
    for needle in ("<script", "onerror", "onclick", "javascript:", "data:", "<iframe", "<svg"):
        assert needle not in lowered
    for needle in ("<form", "<button", "<meta", "<base", "<img", "srcdoc", "formaction"):
        assert needle not in lowered


def test_sanitize_html_drops_script_and_style_content_not_just_tags():
    clean = sanitize_html("<p>Before<script>steal()</script><style>p{}</style> after</p>")
    assert clean == "<p>Before after</p>"


def test_sanitize_html_keeps_the_editorial_subset():
    html = (
        "<h2>Head</h2><p>A <em>b</em> <strong>c</strong></p><ul><li>one</li></ul>"
        "<blockquote>quote</blockquote>"
    )
    assert sanitize_html(html) == html


def test_sanitize_html_marks_links_noopener_nofollow():
    clean = sanitize_html('<a href="https://example.com" rel="author">x</a>')
    assert clean == '<a href="https://example.com" rel="noopener nofollow">x</a>'


def test_sanitize_html_is_idempotent():
    once = sanitize_html('<p onclick="x">A & B <a href="http://e.com">l</a><b>unclosed')
    assert sanitize_html(once) == once


def test_text_to_html_escapes_and_splits_paragraphs():
    assert text_to_html("A & <b>\n\nSecond\nline") == "<p>A &amp; &lt;b&gt;</p><p>Second line</p>"


def test_html_to_text_round_trips_paragraphs_in_russian():
    text = "Бишкек, 03.07.21. /Кабар/. Министр.\n\nКазакбаев & «Милли Меджлис»."
    assert html_to_text(text_to_html(text)) == text


# The importer's shortcut: plain text to a body without bleach (`text_to_clean_html`)


def _long_way(text: str) -> tuple[str, str]:
    body = sanitize_html(text_to_html(text))
    return body, html_to_text(body)


def _wire_texts() -> list[str]:
    from articles.ingest import parse_document

    root = Path(__file__).resolve().parent.parent / "fixtures"
    paths = sorted((root / "eval").rglob("*.txt")) + sorted((root / "seed_documents").glob("*.txt"))
    parsed = [parse_document(path.read_bytes()) for path in paths]
    for document in parsed:  # the parse keeps the body and its text as the long way makes them
        assert (document.body_html, document.body_text) == _long_way(document.text)
    return [document.text for document in parsed]


def test_the_importers_body_and_text_are_what_bleach_would_make_of_every_labelled_story():
    texts = _wire_texts()
    assert len(texts) > 90
    for text in texts:
        assert text_to_clean_html(text) == _long_way(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_the_importers_body_and_text_match_bleach_on_any_text(text):
    assert text_to_clean_html(text) == _long_way(text)


# Printable text with markup characters and entities in it: what the shortcut itself serves.
_PROSE = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Cn"]),
        st.sampled_from(["<", ">", "&", "&amp;", "&lt;", "&nbsp", "\n\n", " ", "<p>", '"', "'"]),
    ),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_PROSE)
def test_the_importers_body_and_text_match_bleach_on_printable_text(text):
    assert text_to_clean_html(text) == _long_way(text)


@pytest.mark.parametrize(
    "text",
    [
        "A & B <script>alert(1)</script> &amp; &lt;p&gt;",
        "Line\x00with NUL\n\nand\x0bvertical tab",
        "Мамытков \u00a0 сказал: «да»\r\n\r\nВторой абзац",
        "lone \ud800 surrogate and \ufffe noncharacter",
        "",
    ],
)
def test_the_importers_body_and_text_match_bleach_on_awkward_text(text):
    assert text_to_clean_html(text) == _long_way(text)
