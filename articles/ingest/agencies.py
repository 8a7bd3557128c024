"""The agencies and outlets the importer knows: pure data from `articles/data/agencies.json`.

One table serves both the credit parser (which spelling, credit form or web domain names which
agency) and `load_sources` (which `Source` rows a new database starts with), so a credit the
parser recognises always resolves to a source an editor can see.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "agencies.json"
_HOST = re.compile(r"(?:https?://)?(?:www\.)?(?P<host>[a-z0-9][a-z0-9.-]*\.[a-z]{2,})", re.I)


@dataclass(frozen=True)
class Agency:
    name: str
    ru: str | None
    country: str
    url: str
    domains: tuple[str, ...]
    credits: tuple[str, ...]
    reprint_service: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling that names the agency in a credit: name, Russian name, credit forms."""
        return (self.name, *([self.ru] if self.ru else []), *self.credits)


@cache
def agencies() -> tuple[Agency, ...]:
    with DATA.open(encoding="utf-8") as file:
        items = json.load(file)
    return tuple(
        Agency(
            name=item["name"],
            ru=item.get("ru"),
            country=item.get("country", ""),
            url=item.get("url", ""),
            domains=tuple(item.get("domains", [])),
            credits=tuple(item.get("credits", [])),
            reprint_service=item.get("reprint_service", False),
        )
        for item in items
    )


def _key(name: str) -> str:
    return " ".join(name.strip(" .,:;«»\"'").replace("ё", "е").replace("Ё", "Е").split()).casefold()


@cache
def _by_name() -> dict[str, Agency]:
    index: dict[str, Agency] = {}
    for agency in agencies():
        for form in (*agency.forms, *agency.domains):
            index.setdefault(_key(form), agency)
    return index


def agency_named(name: str) -> Agency | None:
    """The agency a credit form, name or domain names ("Кабар", "Qazinform", "trend.az")."""
    key = _key(name)
    return _by_name().get(key) or agency_for_host(key)


def canonical_name(name: str) -> str | None:
    """The canonical name of the agency `name` names, or None for an unknown one."""
    agency = agency_named(name)
    return agency.name if agency else None


def agency_for_host(host: str) -> Agency | None:
    """The agency a web address belongs to ("en.trend.az", "https://ru.sputnik.kg/2022/...")."""
    match = _HOST.match(host.strip().lower())
    if not match:
        return None
    host = match["host"].rstrip(".")
    for agency in agencies():
        for domain in agency.domains:
            if host == domain or host.endswith("." + domain):
                return agency
    return None


@cache
def credit_pattern() -> re.Pattern[str]:
    """Any credit form of any agency, longest first, as a whole word (checked for case after)."""
    forms = sorted({form for agency in agencies() for form in agency.forms}, key=len, reverse=True)
    alternatives = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"(?<![\w.])(?P<name>{alternatives})(?![\w])", re.IGNORECASE)


def credit_form_at(text: str, match: re.Match[str]) -> Agency | None:
    """The agency a `credit_pattern` match names when written as listed or in capitals."""
    found = match["name"]
    agency = agency_named(found)
    if agency is None:
        return None
    if found in agency.forms or (found.isupper() and len(found) > 2):
        return agency
    if found.lower() in agency.domains:  # a site credited by its address ("onenews.kz")
        return agency
    return None


def agency_in_address(text: str) -> Agency | None:
    """The first known agency whose web address the text gives ("Источник: https://ria.ru/...")."""
    for match in re.finditer(r"(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9.-]*\.[a-z]{2,}", text, re.I):
        agency = agency_for_host(match.group())
        if agency:
            return agency
    return None
