"""A starter knowledge base as a real one would hold it, for the seed stories.

Canonical names from fixtures/seed.json plus the aliases a knowledge base really has: English
and Russian names in the nominative, acronyms, nominative demonyms. No inflected forms and no
surface forms copied from the stories, so the tests measure the linker, not the fixture.
"""

import json
from datetime import date
from pathlib import Path

from entities.linking import GazetteerEntry, GazetteerRole

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed.json"

ALIASES: dict[int, list[tuple[str, str]]] = {
    1: [("Azerbaijani", "en"), ("Republic of Azerbaijan", "en"), ("Азербайджан", "ru"),
        ("Азербайджанская Республика", "ru"), ("азербайджанский", "ru")],
    2: [("Джейхун Байрамов", "ru")],
    3: [("OTS", ""), ("Organisation of Turkic States", "en"), ("Turkic Council", "en"),
        ("ОТГ", "ru"), ("Организация тюркских государств", "ru")],
    4: [("Кубанычбек Омуралиев", "ru")],
    5: [("MFA", ""), ("Azerbaijani Foreign Ministry", "en"), ("МИД Азербайджана", "ru")],
    6: [("Баку", "ru")],
    8: [("Микаил Джаббаров", "ru")],
    9: [("Bagdad Amreyev", "en"), ("Багдад Амреев", "ru")],
    10: [("Орхан Мамедов", "ru")],
    11: [("Small and Medium Business Development Agency", "en"), ("KOBİA", "")],
    12: [("Карабах", "ru")],
    13: [("Шуша", "ru")],
    15: [("Михаил Швыдкой", "ru")],
    16: [("Russian Federation", "en"), ("Russian", "en"), ("Россия", "ru"),
          ("Российская Федерация", "ru"), ("РФ", "ru")],
    18: [("2024 United Nations Climate Change Conference", "en")],
    19: [("UNFCCC", ""), ("UN Framework Convention on Climate Change", "en")],
    20: [("Republic of Armenia", "en"), ("Армения", "ru")],
    21: [("Kyrgyz Republic", "en"), ("Kyrgyz", "en"), ("Кыргызстан", "ru"), ("КР", "ru"),
         ("Киргизия", "ru"), ("Кыргызская Республика", "ru"), ("кыргызский", "ru")],
    22: [("Руслан Казакбаев", "ru"), ("Ruslan Kazakbayev", "en")],
    23: [("Сахиба Гафарова", "ru")],
    24: [("Milli Mejlis", "en"), ("Милли Меджлис", "ru"), ("Парламент Азербайджана", "ru")],
    25: [("MFA", ""), ("Kyrgyz Foreign Ministry", "en"), ("МИД Кыргызстана", "ru"),
         ("МИД КР", "ru")],
    26: [("Талант Мамытов", "ru")],
    27: [("Zhogorku Kenesh", "en"), ("Жогорку Кенеш", "ru")],
    28: [("Бишкек", "ru")],
    29: [("Максат Мамытканов", "ru")],
    30: [("Kara-Kirghiz Autonomous Oblast", "en"), ("Black Kyrgyz Autonomous Province", "en")],
}  # fmt: skip


def seed_rows(model: str) -> list[dict]:
    return [row for row in json.loads(SEED.read_text()) if row["model"] == model]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def entries() -> list[GazetteerEntry]:
    """Canonical names first (the linker takes an entity's first entry as canonical)."""
    kinds = {}
    out = []
    for row in seed_rows("entities.entity"):
        kinds[row["pk"]] = row["fields"]["kind"]
        out.append(GazetteerEntry(row["pk"], row["fields"]["kind"], row["fields"]["name"], "en"))
    for entity_id, names in ALIASES.items():
        out += [GazetteerEntry(entity_id, kinds[entity_id], n, lang) for n, lang in names]
    return out


def roles() -> list[GazetteerRole]:
    return [
        GazetteerRole(
            f["person"],
            f["title"],
            f["organization"],
            _date(f["start_date"]),
            _date(f["end_date"]),
        )
        for f in (row["fields"] for row in seed_rows("entities.role"))
    ]
