"""Agencies from their credits (canonical where known) and authors from bylines."""

import pytest

from articles.ingest.credits import (
    byline_from_line,
    canonical_source,
    credited_agency,
    find_source,
    strip_credits,
    strip_distributor,
)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Trend", "Trend News Agency"),
        ("Trend News Agency", "Trend News Agency"),
        ("Кабар", "Kabar"),
        ("Kabar", "Kabar"),
        ("KABAR", "Kabar"),
        ("AzerNews", "Azernews"),
        ("Azernews", "Azernews"),
        ("Azernews.Az", "Azernews"),
        ("Казинформ", "Kazinform"),
        ("Daily Sabah", "Daily Sabah"),
    ],
)
def test_known_agency_spellings_are_canonicalised_and_unknown_kept(name, canonical):
    assert canonical_source(name) == canonical


@pytest.mark.parametrize(
    ("paragraph", "agency"),
    [
        ("The minister received the envoy, Trend reports.", "Trend News Agency"),
        ("They discussed the expansion of cooperation, Azernews reports.", "Azernews"),
        ("Azernews reports that the Ambassador said this at a reception.", "Azernews"),
        ("Бишкек, 03.07.21. /Кабар/. Министр иностранных дел провел встречу.", "Kabar"),
        ("Стороны обсудили сотрудничество, сообщает Кабар.", "Kabar"),
        ("Как передает «Казинформ», визит завершился.", "Kazinform"),
        ("LONDON (Reuters) - Oil prices rose on Monday.", "Reuters"),
        ("ANKARA, May 2 /Daily Sabah/. The talks began.", "Daily Sabah"),
        ("The talks ended, Sputnik Azerbaijan reports.", "Sputnik Azerbaijan"),
    ],
)
def test_agency_credits_in_a_passage_name_the_source(paragraph, agency):
    assert credited_agency(paragraph) == agency


@pytest.mark.parametrize(
    "paragraph",
    [
        "Как сообщает пресс-служба МИД КР, Казакбаев выразил признательность.",
        "The ministry reports that exports grew.",
        "He reports that the talks went well.",
        "Prices in Baku/Bishkek rose.",
    ],
)
def test_people_and_ministries_are_not_agencies(paragraph):
    assert credited_agency(paragraph) is None


def test_aggregator_wrapper_names_distributor_and_agency():
    assert strip_distributor("(MENAFN- Trend News Agency) BAKU, Azerbaijan") == (
        "MENAFN",
        "Trend News Agency",
        "BAKU, Azerbaijan",
    )


def test_the_agency_inside_the_wrapper_is_the_source_not_the_distributor():
    source = find_source(
        wrapper_agency="Trend News Agency",
        dateline_credit=None,
        paragraphs=["Text, Azernews reports."],
        banners=[],
        distributor="MENAFN",
    )
    assert source == "Trend News Agency"


@pytest.mark.parametrize(
    ("kwargs", "source"),
    [
        ({"dateline_credit": "Кабар"}, "Kabar"),
        ({"paragraphs": ["Lead.", "Second, Azernews reports."]}, "Azernews"),
        ({"banners": ["Azernews.Az"]}, "Azernews"),
        ({"banners": ["www.trend.az"]}, "Trend News Agency"),
        ({"distributor": "MENAFN"}, "MENAFN"),
        ({}, None),
    ],
)
def test_source_falls_back_from_specific_to_general_credits(kwargs, source):
    arguments = {
        "wrapper_agency": None,
        "dateline_credit": None,
        "paragraphs": [],
        "banners": [],
        "distributor": None,
    }
    assert find_source(**(arguments | kwargs)) == source


@pytest.mark.parametrize(
    ("sentence", "stripped"),
    [
        ("The minister received the envoy, Trend reports.", "The minister received the envoy."),
        ("Azernews reports that the ambassador spoke.", "The ambassador spoke."),
        ("Стороны обсудили сотрудничество, сообщает Кабар.", "Стороны обсудили сотрудничество."),
        ("Как сообщает Кабар, стороны встретились.", "Стороны встретились."),
        ("Nothing to strip here.", "Nothing to strip here."),
    ],
)
def test_credits_are_stripped_from_lead_sentences(sentence, stripped):
    assert strip_credits(sentence) == stripped


@pytest.mark.parametrize(
    ("line", "bare_name_ok", "byline"),
    [
        ("By John Smith", False, "John Smith"),
        ("BY JOHN SMITH", False, None),
        ("By John Smith, Reuters", False, "John Smith"),
        ("Автор: Айгуль Касымова", False, "Айгуль Касымова"),
        ("Written by Anna-Maria van Dijk", False, "Anna-Maria van Dijk"),
        ("Fatima Latifova", True, "Fatima Latifova"),
        ("Fatima Latifova", False, None),
        ("Sunday September", True, None),
        ("Read more", True, None),
        ("Azerbaijan and Kyrgyzstan are closely connected.", True, None),
        ("By the end of the year the talks had ended.", False, None),
    ],
)
def test_bylines_are_found_in_their_usual_shapes(line, bare_name_ok, byline):
    assert byline_from_line(line, bare_name_ok=bare_name_ok) == byline
