"""Organisations inside organisations' names, and generic descriptions of bodies (bodies.py)."""

from entities.linking import GazetteerEntry as Entry
from entities.linking import Linker
from entities.linking.bodies import names_no_body, nested_in
from entities.linking.matcher import words_of

RUSSIA, OTS, OTS_CFM, MFA_RUSSIA, KYRGYZSTAN, JOGORKU_KENESH = 1, 2, 3, 4, 5, 6
ENTRIES = [
    Entry(RUSSIA, "country", "Russia"),
    Entry(RUSSIA, "country", "РФ", "ru", "acronym"),
    Entry(RUSSIA, "country", "Россия", "ru"),
    Entry(OTS, "organization", "Organization of Turkic States"),
    Entry(OTS, "organization", "OTS", "", "acronym"),
    Entry(OTS, "organization", "ОТГ", "ru", "acronym"),
    Entry(OTS_CFM, "organization", "Council of Foreign Ministers of the OTS"),
    Entry(OTS_CFM, "organization", "Совет министров иностранных дел ОТГ", "ru"),
    Entry(MFA_RUSSIA, "organization", "Ministry of Foreign Affairs of Russia"),
    Entry(MFA_RUSSIA, "organization", "МИД РФ", "ru", "acronym"),
    Entry(MFA_RUSSIA, "organization", "МИД России", "ru"),
    Entry(KYRGYZSTAN, "country", "Kyrgyzstan"),
    Entry(KYRGYZSTAN, "country", "Kyrgyz", "en", "demonym"),
    Entry(JOGORKU_KENESH, "organization", "Jogorku Kenesh"),
    Entry(JOGORKU_KENESH, "organization", "Kyrgyz Parliament", "en"),
]
LINKER = Linker.build(ENTRIES)


def found(text: str, language: str = "en") -> dict[int | None, str]:
    return {s.entity_id: s.kind for s in LINKER.link(text, language=language) if not s.new}


def proposals(text: str, language: str = "en") -> list[str]:
    return [s.name for s in LINKER.link(text, language=language) if s.new]


def test_a_ministry_acronym_names_the_ministry_and_its_country():
    assert found("Как сообщили в МИД РФ, встреча состоится.", "ru") == {
        MFA_RUSSIA: "organization",
        RUSSIA: "country",
    }


def test_a_council_named_with_its_organisation_names_both():
    text = "Заседание Совета министров иностранных дел ОТГ прошло в Стамбуле."
    assert found(text, "ru") == {OTS_CFM: "organization", OTS: "organization"}
    assert found("the Council of Foreign Ministers of the OTS will convene") == {
        OTS_CFM: "organization",
        OTS: "organization",
    }


def test_a_body_is_never_found_twice_inside_itself():
    suggestions = LINKER.link("Kyrgyz Parliament Speaker", language="en")
    kenesh = [s for s in suggestions if s.entity_id == JOGORKU_KENESH]
    assert len(kenesh) == 1 and kenesh[0].count == 1
    assert KYRGYZSTAN in {s.entity_id for s in suggestions}


def test_a_job_title_alone_does_not_name_the_ministry():
    assert MFA_RUSSIA not in found("Министр иностранных дел России Сергей Лавров", "ru")
    assert MFA_RUSSIA not in found("Russian Minister of Foreign Affairs Sergey Lavrov")


def test_head_of_the_ministry_names_the_ministry():
    assert MFA_RUSSIA in found("Глава МИД России Сергей Лавров посетит Ташкент", "ru")


def test_a_parliament_in_the_knowledge_base_is_an_organisation_not_a_person():
    suggestions = LINKER.link("Speaker of the Jogorku Kenesh Nurlanbek Shakiev", language="en")
    assert {s.kind for s in suggestions if s.name == "Jogorku Kenesh"} == {"organization"}
    assert "Jogorku Kenesh" not in proposals("Speaker of the Jogorku Kenesh Nurlanbek Shakiev")


def test_a_generic_description_of_a_body_is_not_proposed():
    text = "Esmaeil Baqaai, spokesperson for the Ministry of Foreign Affairs, said on Sunday."
    assert "Ministry of Foreign Affairs" not in proposals(text)
    assert "Intergovernmental Commission" not in proposals(
        "They prepared the forthcoming Kyrgyz-Russian Intergovernmental Commission."
    )


def test_a_named_body_is_still_proposed():
    text = "Memorandum on the establishment of the Council of Turkic Central Banks."
    assert "Council of Turkic Central Banks" in proposals(text)


def test_names_no_body_knows_descriptions_from_names():
    for description in (
        "Ministry of Foreign Affairs",
        "Council of Heads of State",
        "Foreign Ministers Council",
        "Director of the Executive Committee",
        "Совета глав государств",
        "Межправительственной комиссии",
    ):
        assert names_no_body(words_of(description)), description
    for name in ("Council of Turkic Central Banks", "Turkic Green Finance Council", "Milli Majlis"):
        assert not names_no_body(words_of(name)), name
    assert not names_no_body([])


class _Span:
    def __init__(self, first: int, last: int) -> None:
        self.first, self.last = first, last


def test_nested_in_pairs_shorter_spans_inside_longer_ones():
    outer = [_Span(0, 4), _Span(6, 8)]
    inner = [_Span(0, 4), _Span(3, 4), _Span(5, 7), _Span(7, 8)]
    assert nested_in(outer, inner) == [(0, 1), (1, 3)]
