import pytest

from entities.linking.morphology import nominative_person, stem


@pytest.mark.parametrize(
    ("forms", "nominative"),
    [
        (("гафаровой", "гафарову", "гафарова"), "гафарова"),
        (("сагибой", "сагибу", "сагибе"), "сагиба"),
        (("казакбаева", "казакбаеву", "казакбаевым", "казакбаеве"), "казакбаев"),
        (("ивановичем", "ивановича"), "иванович"),
        (("петровной", "петровну"), "петровна"),
        (("жуковской", "жуковскую"), "жуковская"),
        (("кыргызстане", "кыргызстаном", "кыргызстана"), "кыргызстан"),
        (("азербайджанской", "азербайджанского", "азербайджанскую"), "азербайджанский"),
        (("республики", "республикой"), "республика"),
        (("меджлиса", "меджлисе"), "меджлис"),
        (("россии", "россией"), "россия"),
    ],
)
def test_inflected_forms_meet_the_nominative_on_one_stem(forms, nominative):
    assert {stem(form) for form in forms} == {stem(nominative)}


def test_latin_and_short_words_are_not_stemmed():
    assert stem("gafarova") == "gafarova"
    assert stem("кр") == "кр"
    assert stem("мид") == "мид"


@pytest.mark.parametrize(
    ("words", "nominative"),
    [
        (["Сагибой", "Гафаровой"], ["Сагиба", "Гафарова"]),
        (["Гафаровой"], ["Гафарова"]),
        (["Марией", "Ивановой"], ["Мария", "Иванова"]),
        (["Анна", "Жуковская"], ["Анна", "Жуковская"]),
        (["Жуковской"], ["Жуковская"]),
        (["Иваном", "Петровым"], ["Иван", "Петров"]),
        (["Руслан", "Казакбаев"], ["Руслан", "Казакбаев"]),
        (["Hakan", "Fidan"], ["Hakan", "Fidan"]),
    ],
)
def test_nominative_of_a_name_keeps_a_womans_surname_feminine(words, nominative):
    assert nominative_person(words) == nominative


def test_non_russian_surname_in_the_instrumental_returns_to_the_nominative():
    assert nominative_person(["Батболдом", "Цэрэндоржем"]) == ["Батболд", "Цэрэндорж"]


def test_russian_proposal_after_an_inflected_ambassador_title():
    from entities.linking import GazetteerEntry, Linker

    linker = Linker.build(
        [GazetteerEntry(1, "country", "Mongolia"), GazetteerEntry(1, "country", "Монголия", "ru")]
    )
    text = (
        "Министр встретился с послом Монголии Батболдом Цэрэндоржем. "
        "Батболд Цэрэндорж поблагодарил."
    )
    proposed = [s for s in linker.link(text, language="ru") if s.new]
    assert [(s.name, s.kind, s.count) for s in proposed] == [("Батболд Цэрэндорж", "person", 2)]


def test_the_word_after_is_not_an_ambassador():
    """«после» stems like "послом"; as a title it would propose the name that follows."""
    from entities.linking import GazetteerEntry, Linker

    linker = Linker.build([GazetteerEntry(1, "country", "Монголия", "ru")])
    text = "Делегация прибыла после Монголии Батболд Цэрэндорж."
    assert [s.name for s in linker.link(text, language="ru") if s.new] == []
