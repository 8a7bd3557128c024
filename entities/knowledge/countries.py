"""Every UN member and observer state, named from pycountry and its bundled Russian locale.

pycountry (ISO 3166-1) gives the English short, official and common names and, through its
gettext catalogues, their Russian translations. `data/countries.json` adds what the standard
lacks: the name in common usage, regional Russian usage (Кыргызстан, Беларусь), acronyms,
demonyms and former names.
"""

import gettext
import unicodedata
from functools import cache

import pycountry

from entities.knowledge.records import EntityRecord, read_json
from newsroom.text import ascii_slug


@cache
def _russian() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])


def russian(name: str) -> str:
    """The Russian form of an ISO 3166-1 name, or "" when the catalogue has none."""
    translated = _russian().gettext(name)
    if translated == name:
        return ""
    # Some catalogue entries carry stress marks (Респу́блика), which no news text prints.
    return unicodedata.normalize(
        "NFC", unicodedata.normalize("NFD", translated).replace("\u0301", "")
    )


def _plain(name: str | None) -> str:
    """A usable name: "the State of Palestine" -> "State of Palestine"; inverted forms dropped."""
    if not name or ", " in name:
        return ""
    return name[4:] if name.startswith("the ") else name


def un_state_codes() -> list[str]:
    states = read_json("un_states.json")
    return states["members"] + states["observers"]


def country_records() -> dict[str, EntityRecord]:
    """Alpha-3 code -> the country's record, for the 193 members and 2 observers."""
    supplement = read_json("countries.json")
    observers = set(read_json("un_states.json")["observers"])
    records = {}
    for code in un_state_codes():
        country = pycountry.countries.get(alpha_3=code)
        extra = supplement.get(code, {})
        iso_names = [
            getattr(country, "common_name", None),
            country.name,
            getattr(country, "official_name", None),
        ]
        name = extra.get("name") or _plain(iso_names[0]) or _plain(iso_names[1])
        status = "UN observer state" if code in observers else "UN member state"
        record = EntityRecord(
            slug=ascii_slug(name), kind="country", name=name, description=f"{status}."
        )
        # The curated names first: where they differ from ISO only in case, the curated wins.
        for language, names in extra.get("aliases", {}).items():
            for alias in names:
                record.add(alias, language, "acronym" if _is_acronym(alias) else "name")
        for iso_name in iso_names:
            record.add(_plain(iso_name), "en")
            if iso_name:
                record.add(russian(iso_name), "ru")
        for language, names in extra.get("former", {}).items():
            for alias in names:
                record.add(alias, language, "former")
        for language, names in extra.get("demonym", {}).items():
            for alias in names:
                record.add(alias, language, "demonym")
        records[code] = record
    return records


def other_state_records() -> list[EntityRecord]:
    """States outside the UN that the news still names as states (`data/other_states.json`):
    with limited recognition ("North Cyprus" must not read as Cyprus) and former ones (СССР)."""
    records = []
    for state in read_json("other_states.json")["states"]:
        record = EntityRecord(
            slug=ascii_slug(state["name"]),
            kind="country",
            name=state["name"],
            description=state["description"],
        )
        for language, names in state["aliases"].items():
            for alias in names:
                record.add(alias, language, "acronym" if _is_acronym(alias) else "name")
        records.append(record)
    return records


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5
