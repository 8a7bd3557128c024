"""Plain value types the builders return and the loader writes."""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class AliasRecord:
    name: str
    language: str = ""
    kind: str = "name"


@dataclass
class EntityRecord:
    slug: str
    kind: str
    name: str
    description: str = ""
    aliases: list[AliasRecord] = field(default_factory=list)
    # False for records that only add names to an entity the seed already has.
    create: bool = True
    # Set only when the loader creates the entity; an existing one keeps its own.
    wikidata_id: str = ""

    def add(self, name: str, language: str = "", kind: str = "name") -> None:
        """Add a name unless it is blank or already there (in any case, of any kind)."""
        name = " ".join((name or "").split())
        folded = name.casefold()
        if (
            name
            and folded != self.name.casefold()
            and all(a.name.casefold() != folded for a in self.aliases)
        ):
            self.aliases.append(AliasRecord(name, language, kind))


@dataclass(frozen=True)
class RoleRecord:
    person: str
    title: str
    organization: str | None = None
    start_date: date | None = None
    end_date: date | None = None


def read_json(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as file:
        return json.load(file)


def script_language(text: str) -> str:
    """`ru` for a Cyrillic name, `en` for a plain-ASCII one, blank for other Latin spellings."""
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return "ru"
    return "en" if text.isascii() else ""
