"""An agency named in the copy is a credit: never proposed as a new organisation."""

from articles.importing import without_agencies
from entities.linking import Suggestion


def test_a_known_agency_is_not_proposed_but_other_bodies_and_known_entities_stay():
    suggestions = [
        Suggestion(None, "organization", "Kazinform News Agency", new=True),
        Suggestion(None, "organization", "Anadolu Agency", new=True),
        Suggestion(None, "organization", "Council of Turkic Central Banks", new=True),
        Suggestion(7, "organization", "Trend", new=False),
        Suggestion(None, "person", "Trend", new=True),
    ]

    kept = without_agencies(suggestions)

    assert [(s.name, s.kind) for s in kept] == [
        ("Council of Turkic Central Banks", "organization"),
        ("Trend", "organization"),
        ("Trend", "person"),
    ]
