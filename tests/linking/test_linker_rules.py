"""The linker's guards against look-alikes, one rule each: line breaks, common words, roles,
hyphenated names, institutions, longer names, sound-alikes across scripts, place adjectives."""

from datetime import date

import pytest

from entities.linking import GazetteerEntry as Entry
from entities.linking import GazetteerRole, Linker
from entities.linking.linker import adjective_of_place, needs_capital
from entities.linking.normalize import same_phrase, tokenize
from entities.linking.proposals import person_after, propose

TOGO, CYPRUS, TRNC, KYRGYZSTAN, ARMENIA, CHOLPON_ATA = 1, 2, 3, 4, 5, 6
SIMONYAN, SHAKIEV, ZHANG, KAMIKAWA, JOGORKU_KENESH = 7, 8, 9, 10, 11

LINKER = Linker.build(
    [
        Entry(TOGO, "country", "Togo"),
        Entry(TOGO, "country", "Того", "ru"),
        Entry(CYPRUS, "country", "Cyprus"),
        Entry(TRNC, "country", "Turkish Republic of Northern Cyprus"),
        Entry(TRNC, "country", "North Cyprus", "en"),
        Entry(KYRGYZSTAN, "country", "Kyrgyzstan"),
        Entry(KYRGYZSTAN, "country", "кыргызский", "ru", "demonym"),
        Entry(KYRGYZSTAN, "country", "Kyrgyz Republic", "en"),
        Entry(ARMENIA, "country", "Armenia"),
        Entry(CHOLPON_ATA, "place", "Cholpon-Ata"),
        Entry(CHOLPON_ATA, "place", "Чолпон-Ата", "ru"),
        Entry(SIMONYAN, "person", "Alen Simonyan"),
        Entry(SHAKIEV, "person", "Nurlanbek Shakiev"),
        Entry(ZHANG, "person", "Zhang Dejiang"),
        Entry(ZHANG, "person", "Чжан Дэцзян", "ru"),
        Entry(KAMIKAWA, "person", "上川陽子", "ja"),
        Entry(JOGORKU_KENESH, "organization", "Jogorku Kenesh"),
    ],
    [
        GazetteerRole(
            SIMONYAN, "Chairman of the National Assembly", ARMENIA, date(2021, 8, 2), None
        ),
        GazetteerRole(
            SHAKIEV, "Speaker of the Jogorku Kenesh", JOGORKU_KENESH, date(2022, 10, 5), None
        ),
    ],
)


def found(text: str, published: date | None = None) -> dict[str, list[str]]:
    return {s.name: s.surface_forms for s in LINKER.link(text, language="", published=published)}


def proposed(text: str) -> dict[str, str]:
    return {p.name: p.kind for p in propose(text, tokenize(text), set())}


@pytest.mark.parametrize(
    ("gap", "one_phrase"),
    [(" ", True), ("’s ", True), (", ", True), (".\n\n", False), ("\n", False), (": ", False)],
)
def test_a_phrase_never_spans_a_line_break_or_a_sentence_end(gap, one_phrase):
    text = f"Armenia{gap}Chairman"
    assert same_phrase(text, len("Armenia"), len(text) - len("Chairman")) is one_phrase


def test_country_and_place_names_need_a_capital_but_demonyms_do_not():
    assert needs_capital("country", "Того", "name")
    assert needs_capital("place", "Cholpon-Ata", "name")
    assert not needs_capital("country", "кыргызский", "demonym")
    assert not needs_capital("person", "Alen Simonyan", "name")
    assert not needs_capital("organization", "Jogorku Kenesh", "name")


def test_a_common_word_is_not_the_country_it_spells_in_lower_case():
    assert "Togo" not in found("после того как он прибыл")
    assert found("визит в Того")["Togo"] == ["Того"]
    assert found("кыргызской стороны")["Kyrgyzstan"] == ["кыргызской"]


def test_the_longer_known_name_wins_over_the_country_it_contains():
    assert set(found("leaders of Kyrgyzstan and North Cyprus")) == {
        "Kyrgyzstan", "Turkish Republic of Northern Cyprus",
    }  # fmt: skip


def test_a_role_with_a_country_across_a_paragraph_break_names_no_one():
    names = found("ties with Armenia.\n\nChairman of the Jogorku Kenesh", date(2024, 4, 9))
    assert "Alen Simonyan" not in names


def test_a_role_followed_by_a_name_is_that_person_not_the_posts_holder():
    text = "Speaker of the Jogorku Kenesh of the Kyrgyz Republic Nurlanbek Shakiev met Armenia's"
    names = found(text, date(2024, 4, 9))
    assert names["Nurlanbek Shakiev"] == ["Nurlanbek Shakiev"]
    assert "Alen Simonyan" not in names


def test_a_sound_alike_from_the_other_script_does_not_count_when_the_own_script_spelling_fails():
    assert "Zhang Dejiang" not in found("5. Decision on the adoption of the Charter")
    assert "Zhang Dejiang" in found("Дэцзян сказал")


def test_a_name_in_a_script_with_no_sound_keys_matches_nothing_else():
    assert found("Ok, Fine Words") == {}


def test_a_russian_place_adjective_is_not_the_place():
    assert adjective_of_place("смоленская", "смоленск")
    assert adjective_of_place("омской", "омск")
    assert not adjective_of_place("смоленске", "смоленск")
    assert not adjective_of_place("москвой", "москва")
    assert not adjective_of_place("omskaya", "omsk")


def test_a_compound_place_name_is_found_inflected_and_misspelt():
    assert found("в Чолпан-Ате")["Cholpon-Ata"] == ["Чолпан-Ате"]
    assert found("в Чолпон-Ате")["Cholpon-Ata"] == ["Чолпон-Ате"]


def test_a_proposal_never_crosses_a_line_break():
    assert proposed("the Council of Central Banks\n\nIvan Petrov said") == {
        "Council of Central Banks": "organization",
        "Ivan Petrov": "person",
    }


def test_a_hyphenated_given_name_is_proposed_whole():
    assert proposed("President Kassym-Jomart Tokayev said") == {"Kassym-Jomart Tokayev": "person"}
    text = "Президент Касым-Жомарт Токаев"
    assert person_after(text, tokenize(text), 1, set()).name == "Касым-Жомарт Токаев"


def test_a_name_is_never_cut_inside_a_hyphenated_word():
    text = "the Secretary General of the Shanghai Co-operation Organisation, Zhang Ming"
    assert person_after(text, tokenize(text), 5, set()) is None
    assert "Shanghai Co" not in proposed(text)


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("the Secretary General of the Shanghai Co-operation Organisation", {5}),
        ("the Azerbaijani Foreign Ministry said", {1}),
    ],
)
def test_a_body_is_not_proposed_without_its_linked_head_word(text, linked):
    assert propose(text, tokenize(text), linked) == []


def test_a_body_after_a_linked_word_in_another_phrase_is_proposed():
    text = "visited Baku. Development Fund officials"
    assert [p.name for p in propose(text, tokenize(text), {1})] == ["Development Fund"]


def test_an_institution_is_never_a_person():
    text = "Speaker of the Jogorku Kenesh Talant"
    assert person_after(text, tokenize(text), 3, set()) is None
    assert proposed("met the Jogorku Kenesh deputies") == {"Jogorku Kenesh": "organization"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Head of the Foreign Policy Department of the President's Office Daniyar Sydykov",
         "Daniyar Sydykov"),
        ("Minister of Transport and Roads Zhanat Beishenov", "Zhanat Beishenov"),
        ("главы республик-учредителей СССР Борис Ельцин (Россия)", "Борис Ельцин"),
    ],
)  # fmt: skip
def test_a_name_ending_a_longer_capitalised_run_is_cut_from_it(text, name):
    people = [n for n, kind in proposed(text).items() if kind == "person"]
    assert people == [name]


@pytest.mark.parametrize(
    "text",
    [
        "сообщает корреспондент телеканала «МИР 24» Алексей Тимаев.",
        "akorda.kz, бильд-редактор: Дастан Шанаев",
        "Photo: Ivan Petrov",
    ],
)
def test_a_name_credited_as_reporter_or_photo_editor_is_not_a_new_person(text):
    assert "person" not in proposed(text).values()


@pytest.mark.parametrize(
    "text", ["Фото: ТАСС\nИван Петров прибыл", "Фото ТАСС. Иван Петров прибыл"]
)
def test_a_name_after_a_credit_in_another_sentence_is_still_a_person(text):
    assert proposed(text) == {"Иван Петров": "person"}
