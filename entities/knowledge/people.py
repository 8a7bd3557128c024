"""People: the region's leaders, created with their dated roles, and extra names for seed people.

`data/people/*.json` holds heads of state and government, foreign ministers, speakers and the
heads of international organizations; the loader creates each (slug from the English name)
unless the slug exists, in which case it only gains the names and roles it lacks.
`data/people.json` only adds to people the seed stories hold and never creates one.
"""

import calendar
from datetime import date

from entities.knowledge.records import DATA_DIR, EntityRecord, RoleRecord, read_json
from newsroom.text import ascii_slug

PEOPLE_DIR = "people"


def role_date(value: str | None, *, end: bool = False) -> date | None:
    """A role date as written in the data: a full date, or only "YYYY-MM" or "YYYY" when the
    day (or month) is not known for certain. A partial start is read as the first day of its
    period and a partial end as the last, so the role covers every day it may have been held."""
    if not value:
        return None
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    year, month = parts[0], parts[1] if len(parts) == 2 else (12 if end else 1)
    day = calendar.monthrange(year, month)[1] if end else 1
    return date(year, month, day)


def leader_items() -> list[dict]:
    """Every curated person, file by file (sorted, so the load order is stable)."""
    items = []
    for path in sorted((DATA_DIR / PEOPLE_DIR).glob("*.json")):
        items += read_json(f"{PEOPLE_DIR}/{path.name}")
    return items


def leader_slug(item: dict) -> str:
    return item.get("slug") or ascii_slug(item["name"])


def _span(role: list) -> str:
    start, end = role[2], role[3]
    if not start:
        return ""
    return f" ({start[:4]}–{end[:4] if end else ''})"


def describe(item: dict, names: dict[str, str]) -> str:
    """The latest role in words: "President of Kyrgyzstan (2021–)."."""
    roles = item["roles"]
    latest = max(roles, key=lambda role: (role[3] is None, role[3] or "", role[2] or ""))
    title, organization = latest[0], latest[1]
    where = names.get(organization, "")
    # "Chairman of the Milli Majlis" already says where; the country follows in brackets.
    place = f", {where}" if " of " in title and where else f" of {where}" if where else ""
    return f"{title}{place}{_span(latest)}."


def people_records(names: dict[str, str] | None = None) -> list[EntityRecord]:
    """Leaders (created) and the seed people's extra names (never created)."""
    names = names or {}
    records = []
    for item in leader_items():
        record = EntityRecord(
            slug=leader_slug(item),
            kind="person",
            name=item["name"],
            description=describe(item, names),
            wikidata_id=item.get("wikidata", ""),
        )
        for language, aliases in item.get("aliases", {}).items():
            for alias in aliases:
                record.add(alias, language)
        records.append(record)
    for item in read_json("people.json"):
        record = EntityRecord(slug=item["slug"], kind="person", name="", create=False)
        for language, aliases in item.get("aliases", {}).items():
            for alias in aliases:
                record.add(alias, language)
        records.append(record)
    return records


def role_records() -> list[RoleRecord]:
    leaders = [
        RoleRecord(
            person=leader_slug(item),
            title=title,
            organization=organization,
            start_date=role_date(start),
            end_date=role_date(end, end=True),
        )
        for item in leader_items()
        for title, organization, start, end in item["roles"]
    ]
    extra = [
        RoleRecord(
            person=item["slug"],
            title=role["title"],
            organization=role.get("organization"),
            start_date=role_date(role.get("start_date")),
            end_date=role_date(role.get("end_date"), end=True),
        )
        for item in read_json("people.json")
        for role in item.get("roles", [])
    ]
    return leaders + extra
