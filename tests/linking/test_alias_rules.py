"""Which spellings may become a name of an entity (entities.linking.aliases): pure rules."""

import pytest

from entities.linking.aliases import polluted, verdict, word_forms

BAYRAMOV = ["Jeyhun Bayramov", "Джейхун Байрамов"]


@pytest.mark.parametrize(
    ("form", "kind", "names", "reason"),
    [
        ("Azerbaijani Foreign Minister", "person", ["Jeyhun Bayramov"], "role"),
        ("the Kyrgyz Foreign Minister", "person", ["Jeenbek Kulubaev"], "role"),
        ("Toraga of the Jogorku Kenesh", "person", ["Talant Mamytov"], "role"),
        ("Торага Жогорку Кенеша", "person", ["Talant Mamytov"], "role"),
        ("министра иностранных дел Азербайджана", "person", BAYRAMOV, "role"),
        ("Послом Японии", "person", ["Kenji Ito"], "role"),
        ("Jomart Tokayev", "person", ["Kassym-Jomart Tokayev"], "short"),
        ("Bayramov", "person", BAYRAMOV, "short"),
        ("Байрамова", "person", ["Jeyhun Bayramov"], "short"),
        ("J. Bayramov", "person", BAYRAMOV, "short"),
        ("Bayramov Jeyhun", "person", BAYRAMOV, "reordered"),
        ("Джейхуна Байрамова", "person", BAYRAMOV, "inflected"),
        ("Кыргызстана", "country", ["Kyrgyzstan", "Кыргызстан"], "inflected"),
        ("Azerbaijani", "country", ["Azerbaijan"], "adjective"),
        ("Азербайджанская", "country", ["Azerbaijan", "Азербайджан"], "adjective"),
        ("JEYHUN  BAYRAMOV", "person", BAYRAMOV, "known"),
    ],
)
def test_word_forms_role_phrases_and_parts_of_names_are_not_names(form, kind, names, reason):
    assert verdict(form, kind=kind, names=names).reason == reason


@pytest.mark.parametrize(
    ("form", "kind", "names"),
    [
        ("Джейхун Байрамов", "person", ["Jeyhun Bayramov"]),  # another script
        ("Maksat Mamytkanow", "person", ["Maksat Mamitkanov"]),  # another romanisation
        ("习近平", "person", ["Xi Jinping"]),  # a script without spaces is one word
        ("MBS", "person", ["Mohammed bin Salman"]),  # an acronym
        ("VI World Forum on Intercultural Dialogue", "event", ["6th World Forum on Dialogue"]),
        ("Ministry of Foreign Affairs", "organization", ["MFA"]),
        ("после встречи Байрамова", "person", ["Kenji Ito"]),  # "после" (after) is no title
    ],
)
def test_genuinely_new_names_are_suggested(form, kind, names):
    assert verdict(form, kind=kind, names=names).is_new_name


def test_a_role_phrase_of_an_organization_is_its_name_not_a_role():
    # Roles resolve people; an organization's name may hold a title word.
    assert verdict("Office of the President", kind="organization", names=["PAO"]).is_new_name


def test_among_word_forms_of_each_other_the_nominative_stays():
    found = polluted(
        kind="country",
        canonical="Azerbaijan",
        aliases=[
            (1, "Азербайджанской Республики", "name", "ru"),
            (2, "Азербайджанская Республика", "name", "ru"),
        ],
    )
    assert set(found) == {1}
    assert found[1].of == "Азербайджанская Республика"


def test_word_forms_count_within_one_language():
    aliases = [(1, "Пётр Порошенко", "name", "ru"), (2, "Петро Порошенко", "name", "uk")]
    assert polluted(kind="person", canonical="Petro Poroshenko", aliases=aliases) == {}


def test_names_kept_by_decision_and_by_kind_are_never_polluted():
    aliases = [
        (1, "Tayyip Erdogan", "name", "en"),
        (2, "turkish", "demonym", "en"),
        (3, "Erdogan", "former", "en"),
    ]
    found = polluted(
        kind="person",
        canonical="Recep Tayyip Erdoğan",
        aliases=aliases,
        keep=frozenset({"tayyip erdogan"}),
    )
    assert found == {}


def test_readers_are_not_shown_word_forms_but_are_shown_short_names():
    aliases = [(1, "Кыргызстана", "name", "ru"), (2, "Кыргызстан", "name", "ru")]
    assert word_forms(kind="country", canonical="Kyrgyzstan", aliases=aliases) == {1}
    short = [(1, "Tayyip Erdogan", "name", "en")]
    assert word_forms(kind="person", canonical="Recep Tayyip Erdoğan", aliases=short) == set()


def test_each_verdict_explains_itself_naming_the_name():
    found = verdict("Джейхуна Байрамова", kind="person", names=BAYRAMOV)
    assert found.explain() == "a word form (case ending or inflection) of “Джейхун Байрамов”"
