"""The story HTML sanitiser: safe subset only, links marked, idempotent."""

import pytest

from articles.html import html_to_text, sanitize_html, text_to_html


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
