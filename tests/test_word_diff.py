"""Diffs by words (`articles.diffs`), without the database.

Reproduces issue 18, defect 6: the history's diff wrapped lines at 70 characters mid-word
("Jeyhun B / ayramov") and showed a story's raw tags in the text.
"""

import re

from articles import diffs, history

NAME = "Jeyhun Bayramov"


def plain(html: str) -> str:
    """What the diff reads as, markup and marks removed."""
    return re.sub(r"<[^>]+>", "", html)


def test_tokens_join_back_to_the_text():
    text = "BAKU, Azerbaijan, Feb. 6. Jeyhun Bayramov's talks — in Ter-Petrosyan's words…"

    assert "".join(diffs.tokens(text)) == text
    assert "Bayramov's" in diffs.tokens(text)
    assert "Ter-Petrosyan's" in diffs.tokens(text)


def test_a_changed_word_is_marked_whole():
    segments = diffs.word_diff(f"{NAME} met him in Baku.", f"{NAME} met him in Bishkek.")

    assert diffs.changed_words(segments) == (["Baku"], ["Bishkek"])


def test_a_name_is_never_split_however_long_the_line():
    before = "Minister " * 12 + f"{NAME} received the delegation."
    after = "Minister " * 12 + f"{NAME} warmly received the delegation."

    rendered = diffs.render(diffs.word_diff(before, after))

    assert NAME in plain(rendered)
    assert "<ins>warmly </ins>" in rendered or "<ins> warmly</ins>" in rendered
    assert "\n" not in rendered  # no line breaks of its own: the browser wraps between words


def test_neighbouring_changes_read_as_one():
    segments = diffs.word_diff("talks in Baku on Monday", "meeting at Bishkek on Monday")

    assert diffs.changed_words(segments) == (["talks in Baku"], ["meeting at Bishkek"])


def test_the_rendered_diff_is_escaped():
    rendered = diffs.render(diffs.word_diff("a < b", "a <script>alert(1)</script> b"))

    assert "<script>" not in rendered
    assert "script&gt;alert(1)&lt;/script&gt;" in rendered


def test_html_tags_are_single_tokens_when_the_html_is_asked_for():
    segments = diffs.word_diff(
        "<p>Talks in Baku.</p>", "<p>Talks in <strong>Baku</strong>.</p>", html=True
    )

    deleted, inserted = diffs.changed_words(segments)
    assert deleted == []
    assert inserted == ["<strong>", "</strong>"]


def test_long_unchanged_stretches_keep_the_paragraphs_next_to_the_change():
    paragraphs = [f"Paragraph {n} stays." for n in range(10)]
    after = [*paragraphs[:5], "Paragraph 5 changed.", *paragraphs[6:]]

    rendered = diffs.render(diffs.word_diff("\n\n".join(paragraphs), "\n\n".join(after)))

    assert "Paragraph 4 stays." in rendered and "Paragraph 6 stays." in rendered
    assert "Paragraph 0 stays." not in rendered
    assert "unchanged paragraphs" in rendered


def test_a_body_diff_reads_the_rendered_text_without_tags():
    before = {"body": "<p>Talks with <strong>Jeyhun Bayramov</strong> in Baku.</p>"}
    after = {"body": "<p>Talks with <strong>Jeyhun Bayramov</strong> in Bishkek.</p>"}

    (change,) = history.diff(before, after, (("body", "Body"),))

    assert "&lt;strong&gt;" not in change.words and "<strong>" not in change.words
    assert "<del>Baku</del><ins>Bishkek</ins>" in change.words
    assert NAME in plain(change.words)


def test_a_body_diff_shows_the_html_escaped_for_those_who_ask():
    before = {"body": "<p>Talks in Baku.</p>"}
    after = {"body": "<p>Talks in <strong>Baku</strong>.</p>"}

    (text_change,) = history.diff(before, after, (("body", "Body"),))
    (html_change,) = history.diff(before, after, (("body", "Body"),), html=True)

    assert "only its markup changed" in text_change.words
    assert "<ins>&lt;strong&gt;</ins>" in html_change.words
