"""A surname match is not a person when the name beside it is somebody else's; proposals take
Central Asian surnames without a Russian ending, and never a quoted title."""

from entities.linking import GazetteerEntry as Entry
from entities.linking import Linker

SARIYEV, YERMAK, ALIYEV, POMPEO = 1, 2, 3, 4

LINKER = Linker.build(
    [
        Entry(SARIYEV, "person", "Temir Sariyev"),
        Entry(SARIYEV, "person", "Темир Сариев", "ru"),
        Entry(YERMAK, "person", "Andriy Yermak"),
        Entry(YERMAK, "person", "Андрей Ермак", "ru"),
        Entry(ALIYEV, "person", "Ilham Aliyev"),
        Entry(POMPEO, "person", "Mike Pompeo"),
        Entry(POMPEO, "person", "Майк Помпео", "ru"),
    ]
)


def people(text: str, language: str = "ru") -> list[tuple[str, bool]]:
    return [(s.name, s.new) for s in LINKER.link(text, language=language) if s.kind == "person"]


def test_a_surname_beside_another_given_name_is_that_other_person():
    assert people("полагает в беседе с изданием политолог Марс Сариев.") == [("Марс Сариев", True)]


def test_a_given_name_that_sounds_like_a_surname_is_not_that_person():
    found = people("сообщил министр иностранных дел республики Ермек Кошербаев.")
    assert found == [("Ермек Кошербаев", True)]


def test_the_person_s_own_given_name_in_another_form_keeps_the_link():
    assert people("встреча с госсекретарем США Майклом Помпео") == [("Mike Pompeo", False)]


def test_a_surname_alone_still_links():
    assert people("Затем Сариев заявил, что Темир Сариев доволен.") == [("Temir Sariyev", False)]


def test_a_capitalised_word_opening_a_sentence_does_not_unlink_the_surname():
    text = "Ilham Aliyev arrived. Then Aliyev spoke."
    assert ("Ilham Aliyev", False) in people(text, "en")


def test_central_asian_surnames_without_a_russian_ending_are_proposed():
    text = "They met Erzhan Kazykhan, an adviser, and Kairat Sarybay, the secretary general."
    assert people(text, "en") == [("Erzhan Kazykhan", True), ("Kairat Sarybay", True)]


def test_a_bare_suffix_word_is_no_surname():
    assert people("The ships left Hudson Bay early.", "en") == []


def test_a_quoted_title_is_not_a_person():
    assert people("на полях конференции «Диалог Райсина» в Нью-Дели") == []


def test_a_word_in_another_script_beside_the_surname_is_no_given_name():
    assert people("об этом написал в Twitter Помпео.") == [("Mike Pompeo", False)]
