"""International and regional organizations, states' foreign ministries, parliaments and
heads-of-state offices, and the COP sessions, from curated files."""

from entities.knowledge.records import EntityRecord, read_json


def _record(kind: str, item: dict) -> EntityRecord:
    record = EntityRecord(
        slug=item["slug"], kind=kind, name=item["name"], description=item["description"]
    )
    for language, names in item.get("acronyms", {}).items():
        for name in names:
            # A Latin acronym (UN, OSCE) is printed as is in Russian text too.
            record.add(name, "" if language == "en" else language, "acronym")
    for language, names in item.get("aliases", {}).items():
        for name in names:
            record.add(name, language)
    for language, names in item.get("former", {}).items():
        for name in names:
            record.add(name, language, "former")
    return record


def organization_records() -> list[EntityRecord]:
    """International bodies first, then the states' own bodies (data/README.md)."""
    items = read_json("organizations.json") + read_json("state_bodies.json")
    return [_record("organization", item) for item in items]


def event_records() -> list[EntityRecord]:
    return [_record("event", item) for item in read_json("events.json")]
