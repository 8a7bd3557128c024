"""The wire services stories come from, the cities they are filed in, and the tags they carry.

Sources and datelines are named tuples: the generator reads their columns by name.
"""

from typing import NamedTuple


class WireSource(NamedTuple):
    name: str
    url: str
    credit_en: str  # how English stories credit it: "..., Trend reports."
    credit_ru: str  # how Russian ones do: "/Кабар/."
    weight_en: int  # share of English stories (relative)
    weight_ru: int  # share of Russian stories (relative)


class Dateline(NamedTuple):
    city_en: str
    country_en: str
    city_ru: str
    weight: int  # share of stories (relative)


SOURCES = [
    WireSource("Trend News Agency", "https://en.trend.az/", "Trend", "Trend", 25, 20),
    WireSource("Azernews", "https://www.azernews.az/", "Azernews", "Azernews", 22, 0),
    WireSource("Kabar", "https://kabar.kg/", "Kabar", "Кабар", 10, 25),
    WireSource("MENAFN", "https://menafn.com/", "MENAFN", "MENAFN", 15, 0),
    WireSource("Report News Agency", "https://report.az/", "Report.az", "Report", 8, 4),
    WireSource("APA", "https://apa.az/", "APA", "АПА", 6, 6),
    WireSource("Kazinform", "https://www.inform.kz/", "Kazinform", "Казинформ", 5, 12),
    WireSource("AKIpress", "https://akipress.com/", "AKIpress", "АКИpress", 4, 12),
    WireSource("24.kg", "https://24.kg/", "24.kg", "24.kg", 3, 10),
    WireSource("UzA", "https://uza.uz/", "UzA", "УзА", 2, 5),
    WireSource("Interfax", "https://www.interfax.ru/", "Interfax", "Интерфакс", 0, 6),
]

DATELINES = [
    Dateline("Baku", "Azerbaijan", "Баку", 40),
    Dateline("Bishkek", "Kyrgyzstan", "Бишкек", 18),
    Dateline("Astana", "Kazakhstan", "Астана", 12),
    Dateline("Tashkent", "Uzbekistan", "Ташкент", 8),
    Dateline("Almaty", "Kazakhstan", "Алматы", 5),
    Dateline("Ashgabat", "Turkmenistan", "Ашхабад", 4),
    Dateline("Dushanbe", "Tajikistan", "Душанбе", 3),
    Dateline("Ankara", "Türkiye", "Анкара", 3),
    Dateline("Tbilisi", "Georgia", "Тбилиси", 2),
    Dateline("Moscow", "Russia", "Москва", 3),
    Dateline("Osh", "Kyrgyzstan", "Ош", 2),
]

TAGS = [
    "diplomacy",
    "energy",
    "economy",
    "trade",
    "transport",
    "culture",
    "climate",
    "agriculture",
    "tourism",
    "security",
    "education",
    "health",
    "investment",
    "digital",
    "water",
    "green energy",
    "Central Asia",
    "South Caucasus",
    "Middle Corridor",
    "Karabakh",
    "elections",
    "sports",
    "science",
    "media",
    "banking",
    "oil and gas",
    "logistics",
    "mining",
    "textiles",
    "youth",
    "heritage",
    "migration",
    "parliament",
    "COP29",
    "OTS",
]
