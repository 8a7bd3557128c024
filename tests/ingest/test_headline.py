"""Headlines found, repeated or run into the lead, and drafted from the lead when missing."""

import pytest

from articles.ingest.headline import (
    MAX_DERIVED,
    derive_headline,
    is_headline_shaped,
    same_text,
    split_run_in,
    strip_title_prefix,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kyrgyz Ambassador hails deepening Baku-Bishkek relations", True),
        ("Глава МИД Кыргызстана встретился с председателем Милли Меджлиса Азербайджана", True),
        ("Will Baku host the summit?", True),
        ("Azerbaijan and Kyrgyzstan are closely connected.", False),
        ("Politics", False),
        ("Fatima Latifova", False),
        ("x " * 150, False),
        ("12 000 000 000", False),
    ],
)
def test_headline_shape(line, expected):
    assert is_headline_shaped(line) is expected


def test_a_headline_printed_twice_before_the_lead_is_split_off():
    assert split_run_in(
        "Baku and Bishkek sign accord Baku and Bishkek sign accord. BAKU, May 2. The two sides"
    ) == ("Baku and Bishkek sign accord", "BAKU, May 2. The two sides")


def test_an_ordinary_lead_has_no_run_in_headline():
    assert split_run_in("Azerbaijan and Kyrgyzstan are closely connected. Mutual relations") is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "Kyrgyz Ambassador hails relations. Azerbaijan and Kyrgyzstan are connected.",
        "Kyrgyz Ambassador hails relations Kyrgyz Ambassador hails relations Azerbaijan and "
        "Kyrgyzstan are connected.",
        "KYRGYZ AMBASSADOR HAILS RELATIONS: Azerbaijan and Kyrgyzstan are connected.",
    ],
)
def test_a_known_headline_run_into_the_lead_is_removed(paragraph):
    assert (
        strip_title_prefix(paragraph, "Kyrgyz Ambassador hails relations")
        == "Azerbaijan and Kyrgyzstan are connected."
    )


def test_a_lead_that_only_starts_like_the_headline_is_kept():
    lead = "Kyrgyz Ambassador Maksat Mamitkanov said this at a reception."
    assert strip_title_prefix(lead, "Kyrgyz Ambassador hails relations") == lead


def test_short_lead_sentence_becomes_the_headline_without_final_period():
    assert derive_headline("Bayramov met Omuraliev in Baku.") == "Bayramov met Omuraliev in Baku"


def test_derived_headline_drops_asides_and_cuts_at_a_clause():
    headline = derive_headline(
        "Azerbaijan and the Organization of Turkic States (OTS) have discussed the expansion of "
        "cooperation between the member states, and agreed to meet again in the autumn of 2025."
    )
    assert "(OTS)" not in headline
    assert len(headline) <= MAX_DERIVED
    assert headline.startswith("Azerbaijan and the Organization of Turkic States have discussed")


@pytest.mark.parametrize(
    "sentence",
    [
        "Azerbaijani Foreign Minister Jeyhun Bayramov received today Secretary General of the "
        "Organization of Turkic States (OTS) Kubanychbek Omuraliev, who is on a visit.",
        "Министр иностранных дел Кыргызстана Руслан Казакбаев в ходе официального визита провел "
        "встречу с председателем Милли Меджлиса Азербайджанской Республики Сагибой Гафаровой.",
    ],
)
def test_long_derived_headlines_end_on_a_whole_word_not_a_function_word(sentence):
    headline = derive_headline(sentence)
    assert len(headline) <= MAX_DERIVED
    assert sentence.replace(" (OTS)", "").startswith(headline)
    assert headline.split()[-1] not in {"of", "the", "and", "с", "в", "и"}
    assert not headline.endswith((",", "."))


def test_same_text_ignores_case_spacing_and_end_punctuation():
    assert same_text("Kyrgyz Ambassador  hails relations.", "kyrgyz ambassador hails relations")
