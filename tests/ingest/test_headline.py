"""Headlines found, repeated or run into the lead, and drafted from the lead when missing."""

import pytest

from articles.ingest.headline import (
    ADDRESS,
    DATED_CAPTION,
    DATELINE,
    FOREIGN_SCRIPT,
    KEPT_IN_STORY,
    MAX_DERIVED,
    PAGE_CHROME,
    REPRINT_HEADER,
    TEASER,
    derive_headline,
    headline_doubt,
    is_headline_shaped,
    not_a_headline,
    repeats_title,
    same_text,
    split_run_in,
    stays_above_headline,
    story_script,
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


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("BAKU, Azerbaijan, Feb. 5", DATELINE),
        ("Baku, Azerbaijan, March 28", DATELINE),
        ("Baku, April 27, AZERTAC", DATELINE),
        ("MENAFN - AzerNews) Qabil Ashirov Read more", REPRINT_HEADER),
        ("Trend) Humay Aghajanova reports from Baku", REPRINT_HEADER),
        ("See the full text at https://mfa.gov.kz/en/news today", ADDRESS),
        (
            "Russian Foreign Minister Sergei Lavrov and his Armenian counterpart Ararat Mirzoyan "
            "in April 14, 2023",
            DATED_CAPTION,
        ),
        ("Qazaq TV Телерадиокомпания Президента Казахстана", FOREIGN_SCRIPT),
        ("Minister receives the new envoy of Kyrgyzstan Read more", TEASER),
    ],
)
def test_headline_shaped_lines_of_other_kinds_are_not_the_headline(line, reason):
    assert is_headline_shaped(line)
    assert not_a_headline(line, script="latin") == reason


@pytest.mark.parametrize(
    "line",
    [
        "Kazakh, Uzbek FMs eye regional cooperation amid coronavirus pandemic",
        "Lavrov to visit Baku on March 3",
        "Apple представила новый iPhone в Москве",
        "Armenian FM Has ‘Sincere and Constructive’ Meeting with Lavrov",
    ],
)
def test_real_headlines_can_be_the_headline(line):
    script = story_script(line)
    assert not_a_headline(line, script=script) is None


def test_the_dateline_and_reprint_header_stay_in_the_story_other_kinds_do_not():
    assert {DATELINE, REPRINT_HEADER} == KEPT_IN_STORY
    assert DATED_CAPTION not in KEPT_IN_STORY and FOREIGN_SCRIPT not in KEPT_IN_STORY


def test_story_script_is_the_majority_of_letters():
    assert story_script("Минск и Баку, Trend") == "cyrillic"
    assert story_script("Baku and Bishkek, Кабар") == "latin"


@pytest.mark.parametrize(
    "line",
    [
        "Лавров обсудил с коллегой саммит ШОС - РИА Новости, 27.08.2025",
        "Lavrov discussed the SCO summit | Trend",
    ],
)
def test_the_headline_again_with_the_sites_name_is_a_repeat(line):
    title = line.split(" - ")[0].split(" | ")[0]
    assert repeats_title(line, title)


def test_a_longer_line_that_starts_like_the_headline_is_no_repeat():
    assert not repeats_title(
        "Lavrov discussed the SCO summit with his Uzbek counterpart on Tuesday",
        "Lavrov discussed the SCO summit",
    )
    assert not repeats_title("Lavrov discussed the SCO summit", "Lavrov discussed the SCO summit")


BODY = "Azerbaijani Foreign Minister Jeyhun Bayramov met the new Kyrgyz ambassador in Baku."


def test_a_headline_sharing_words_with_the_story_and_found_plainly_is_not_doubted():
    assert headline_doubt("Bayramov meets Kyrgyz ambassador", BODY, []) is None
    assert headline_doubt("Bayramov meets Kyrgyz ambassador", BODY, [DATELINE]) is None


def test_a_headline_sharing_no_word_with_the_story_is_doubted():
    warning = headline_doubt("Most read stories of the month", BODY, [])
    assert warning and warning.startswith("headline uncertain") and warning.endswith("check it")


def test_a_headline_found_below_headline_like_chrome_is_doubted():
    warning = headline_doubt("Bayramov meets Kyrgyz ambassador", BODY, [DATED_CAPTION, PAGE_CHROME])
    assert warning and DATED_CAPTION in warning and PAGE_CHROME in warning


def test_russian_inflection_still_counts_as_a_shared_word():
    body = "Министры иностранных дел Кыргызстана и России провели переговоры в Чолпон-Ате."
    assert headline_doubt("О чем договорились министры Кыргызстана и России", body, []) is None


@pytest.mark.parametrize(
    ("line", "stays"),
    [
        ("The ministers met in Baku.", True),
        ("BAKU, Azerbaijan, Feb. 5", True),
        ("By Trend", True),
        ("Jeyhun Bayramov and Maksat Mamytkanov in Baku, June 24, 2024", False),
        ("Armenia and Karabakh International", False),
    ],
)
def test_only_story_lines_stay_above_the_headline(line, stays):
    assert stays_above_headline(line) is stays
