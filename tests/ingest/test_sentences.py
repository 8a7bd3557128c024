"""Sentence splitting that survives abbreviations and initials; summaries within a limit."""

import pytest

from articles.ingest.sentences import cut_on_word, split_sentences, summarize


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("One sentence. Another one.", 2),
        ("Визит 2 июля т.г. прошел успешно. Стороны довольны.", 2),
        ("Noting that, M. Mamytkanov said: fine. Next.", 2),
        ("Привет от С.Гафаровой и Т.Мамытова. Далее.", 2),
        ("Mr. Smith met Dr. Jones. They talked.", 2),
        ("Is it? Yes! Fine…", 3),
        ("No final punctuation", 1),
    ],
)
def test_sentences_split_at_real_boundaries_only(text, count):
    assert len(split_sentences(text)) == count


def test_summary_takes_whole_sentences_up_to_the_limit():
    text = "First sentence here. " * 30
    summary = summarize(text, limit=100)
    assert len(summary) <= 100
    assert summary.endswith("here.")


def test_a_single_long_sentence_is_cut_on_a_word_with_an_ellipsis():
    summary = summarize("word " * 200, limit=50)
    assert len(summary) <= 50
    assert summary.endswith("word…")


def test_cut_on_word_never_splits_a_word():
    assert cut_on_word("Kyrgyz Ambassador hails relations", 20) == "Kyrgyz Ambassador"
