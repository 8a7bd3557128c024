"""Extra names and roles for people the seed stories already know (matched by slug).

The loader never creates these people: it only adds to them when they exist.
"""

from datetime import date

from entities.knowledge.records import EntityRecord, RoleRecord, read_json


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def people_records() -> list[EntityRecord]:
    records = []
    for item in read_json("people.json"):
        record = EntityRecord(slug=item["slug"], kind="person", name="", create=False)
        for language, names in item.get("aliases", {}).items():
            for name in names:
                record.add(name, language)
        records.append(record)
    return records


def role_records() -> list[RoleRecord]:
    return [
        RoleRecord(
            person=item["slug"],
            title=role["title"],
            organization=role.get("organization"),
            start_date=_date(role.get("start_date")),
            end_date=_date(role.get("end_date")),
        )
        for item in read_json("people.json")
        for role in item.get("roles", [])
    ]
