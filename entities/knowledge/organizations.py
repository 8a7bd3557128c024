"""International and regional organizations, and the COP sessions, from curated files."""

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
    return [_record("organization", item) for item in read_json("organizations.json")]


def event_records() -> list[EntityRecord]:
    return [_record("event", item) for item in read_json("events.json")]
