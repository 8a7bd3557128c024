"""Capitals of every UN state, the region's major cities and named regions, from curated files.

pycountry has no capitals; `data/capitals.json` names each state's capital in English and
Russian, `data/cities.json` the major and regional cities of Azerbaijan, the Caucasus, Central
Asia, Türkiye, Russia, Belarus and China with their transliteration variants and former names,
and `data/regions.json` the macro-regions and natural features the news uses as places.
"""

from entities.knowledge.records import EntityRecord, read_json, script_language
from newsroom.text import ascii_slug

# Where "Capital of X" would mislead: a disputed or an administrative seat.
DESCRIPTIONS = {
    "ISR": "City in the Middle East; proclaimed capital of Israel, a status disputed abroad.",
    "PSE": "City in the West Bank; administrative seat of the State of Palestine.",
}


def place_records(countries: dict) -> list[EntityRecord]:
    """Capitals, then cities; a city-state's capital is the country itself and is left out."""
    country_slugs = {record.slug for record in countries.values()}
    places: dict[str, EntityRecord] = {}
    for code, names in read_json("capitals.json").items():
        if code not in countries:
            continue
        slug = ascii_slug(names["en"])
        if slug in country_slugs:
            continue
        description = DESCRIPTIONS.get(code, f"Capital of {countries[code].name}.")
        record = EntityRecord(slug=slug, kind="place", name=names["en"], description=description)
        record.add(names["ru"], "ru")
        places[slug] = record
    for city in read_json("cities.json"):
        slug = ascii_slug(city["en"])
        if slug in country_slugs:
            continue
        record = places.get(slug)
        if record is None:
            country = countries[city["country"]].name
            record = EntityRecord(
                slug=slug, kind="place", name=city["en"], description=f"City in {country}."
            )
            places[slug] = record
        record.add(city["ru"], "ru")
        for variant in city["variants"]:
            record.add(variant, script_language(variant))
        for former in city["former"]:
            record.add(former, script_language(former), "former")
    for region in read_json("regions.json")["regions"]:
        slug = ascii_slug(region["en"])
        if slug in country_slugs or slug in places:
            continue
        record = EntityRecord(
            slug=slug, kind="place", name=region["en"], description=region["description"]
        )
        places[slug] = record
        record.add(region["ru"], "ru")
        for variant in region["variants"]:
            record.add(variant, script_language(variant))
        for former in region["former"]:
            record.add(former, script_language(former), "former")
    return list(places.values())
