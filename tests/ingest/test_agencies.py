"""The agencies table (`articles/data/agencies.json`) and the credit lines it lets the parser read.

The lines are taken from the evaluation corpus (fixtures/eval/stories), real wire copy.
"""

import re

import pytest

from articles.ingest.agencies import agencies, agency_for_host, agency_named, canonical_name
from articles.ingest.credits import cited_agency, find_source, lead_credit, line_credit

CYRILLIC = re.compile("[А-Яа-яЁё]")


def test_the_table_is_large_and_clean():
    table = agencies()
    assert len(table) >= 80
    names = [a.name.casefold() for a in table]
    assert len(names) == len(set(names))
    for agency in table:
        assert agency.ru is None or CYRILLIC.search(agency.ru), agency.name
        assert all(d == d.lower() and "/" not in d for d in agency.domains), agency.name
    domains = [d for a in table for d in a.domains]
    assert len(domains) == len(set(domains))


def test_no_credit_form_names_two_agencies():
    owners: dict[str, str] = {}
    for agency in agencies():
        for form in {f.casefold() for f in agency.forms}:
            assert owners.setdefault(form, agency.name) == agency.name, form


def test_reprint_services_are_marked():
    reprinters = {a.name for a in agencies() if a.reprint_service}
    assert {"MENAFN", "Big News Network"} <= reprinters
    assert "Trend News Agency" not in reprinters


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Qazinform", "Kazinform"),
        ("МИА «Казинформ»", "Kazinform"),
        ("АКИpress", "AKIpress"),
        ("Интерфакс", "Interfax"),
        ("РИА Новости", "RIA Novosti"),
        ("ТАСС", "TASS"),
        ("Armenpress", "Armenpress"),
        ("Agenda.ge", "Agenda.ge"),
        ("Anadolu", "Anadolu Agency"),
        ("Khovar", "Khovar"),
        ("Dunyo", "Dunyo"),
        ("Big News Network", "Big News Network"),
        ("en.trend.az", "Trend News Agency"),
        ("Someone Unknown", None),
    ],
)
def test_credit_forms_and_domains_name_the_agency(name, canonical):
    assert canonical_name(name) == canonical


def test_web_addresses_name_their_agency():
    assert agency_for_host("https://ru.sputnik.kg/20221009/putin").name == "Sputnik"
    assert agency_for_host("www.inform.kz").name == "Kazinform"
    assert agency_for_host("notria.ru") is None
    assert agency_named("kabar.kg").name == "Kabar"


@pytest.mark.parametrize(
    ("paragraph", "agency"),
    [
        ("Baku, April 27, AZERTAC", "AZERTAC"),
        (
            "NUR-SULTAN. KAZINFORM Minister of Foreign Affairs of the Russian Federation",
            "Kazinform",
        ),
        ("NUR-SULTAN. KAZINFORM – At the initiative of the Uzbek side, the ministers", "Kazinform"),
        ("Москва. 27 августа. INTERFAX.RU - Главы МИД РФ и Узбекистана", "Interfax"),
        ("Астана. 30 июня. ИНТЕРФАКС-КАЗАХСТАН - Вице-премьер", "Interfax-Kazakhstan"),
        ("АСТАНА, 9 фев - Sputnik. Глава казахстанского МИД", "Sputnik"),
        ("AKIPRESS.COM - The 11th summit of the Organization of Turkic States", "AKIpress"),
        ("Baku, June 25, 2024, The Europe Today: In a significant engagement", "The Europe Today"),
        ("The sides discussed the trend. Report: nothing new", None),
        ("Azerbaijan and Kyrgyzstan signed a treaty, said the minister.", None),
    ],
)
def test_an_agency_where_the_dateline_ends_is_the_source(paragraph, agency):
    assert lead_credit(paragraph) == agency


@pytest.mark.parametrize(
    ("paragraph", "agency"),
    [
        ("Bayramov met Shakiev, the Ministry told APA.", "APA"),
        ("Lavrov will pay a visit to Kazakhstan, Kazinform correspondent reports.", "Kazinform"),
        ("The Council approved 20 documents, TASS reports with reference to the SCO.", "TASS"),
        ("The minister told reporters that talks went well.", None),
    ],
)
def test_an_agency_told_or_citing_is_the_source(paragraph, agency):
    assert cited_agency(paragraph) == agency


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("By Leman Zeynalova – Trend:", "Trend News Agency"),
        ("By Trend", "Trend News Agency"),
        ("Trend:", "Trend News Agency"),
        ("—Azer News", "Azernews"),
        ("News.Az", "News.az"),
        ("/// nCa, 12 July 2021", "News Central Asia"),
        ("По материалам ТАСС", "TASS"),
        ("Редакция сайта ТАСС", "TASS"),
        ("© AKIpress News Agency - 2001", "AKIpress"),
        ("Источник: https://ru.sputnik.kg/20221009/putin-zhaparov-vstr...", "Sputnik"),
        ("Фото: РИА Новости", None),
        ("By John Smith", None),
        ("The trend continued in 2024.", None),
    ],
)
def test_credit_lines_name_the_agency(line, agency):
    assert line_credit(line) == agency


def test_a_reprint_header_names_the_original_agency():
    source = find_source(
        wrapper_agency="Trend News Agency",
        dateline_credit=None,
        paragraphs=["BAKU, Azerbaijan, June 21. The ministers met."],
        banners=[],
        distributor="MENAFN",
        lines=["(MENAFN- Trend News Agency) BAKU, Azerbaijan, June 21."],
    )
    assert source == "Trend News Agency"


def test_lead_credits_outrank_credit_lines_and_lines_outrank_the_distributor():
    arguments = {"wrapper_agency": None, "dateline_credit": None, "banners": []}
    assert (
        find_source(
            **arguments,
            paragraphs=["Baku, April 27, AZERTAC", "Text."],
            distributor=None,
            lines=["© Trend"],
        )
        == "AZERTAC"
    )
    assert (
        find_source(**arguments, paragraphs=["Text."], distributor="OANA", lines=["By Trend"])
        == "Trend News Agency"
    )
