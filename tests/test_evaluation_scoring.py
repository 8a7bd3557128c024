"""Scoring the importer against labels, on made-up answers (no database, no importer)."""

import datetime
import json

import pytest

from articles.evaluation import compare, ratchet
from articles.evaluation.labels import EntityLabel, StoryLabel
from articles.evaluation.matching import SystemEntity, match_kind, match_story
from articles.evaluation.scoring import StoryOutput, figures, misses, score_story, summarize


def person(name, ru=None, *surface):
    return EntityLabel("person", name, ru, tuple(surface) or (name,))


def known(kind, name, slug, *surface):
    return SystemEntity(kind, name, slug, tuple(surface) or (name,), new=False)


def proposal(kind, name, *surface):
    return SystemEntity(kind, name, "", tuple(surface) or (name,), new=True)


def story_label(**overrides) -> StoryLabel:
    fields = {
        "file": "ru/kabar-2021-07-03-x.txt",
        "path": None,
        "data": b"",
        "url": "https://kabar.kg/",
        "outlet": "Kabar",
        "language": "ru",
        "title": "Жапаров встретился с Гафаровой",
        "date": datetime.date(2021, 7, 3),
        "dateline": "Бишкек",
        "byline": None,
        "source": "Kabar",
        "via": None,
        "boilerplate": ("Поделиться", "Читайте нас в Telegram и WhatsApp"),
        "event": None,
        "entities": (
            person("Sadyr Japarov", "Садыр Жапаров", "Садыр Жапаров", "Садыра Жапарова"),
            person("Sahiba Gafarova", "Сахиба Гафарова", "Сахибой Гафаровой"),
            EntityLabel("country", "Azerbaijan", "Азербайджан", ("Азербайджана",)),
        ),
    }
    return StoryLabel(**{**fields, **overrides})


@pytest.mark.parametrize(
    ("expected", "got", "same"),
    [
        ("Trend", "Trend News Agency", True),
        ("AZERTAC", "Azertag", True),
        ("Kazinform", "Qazinform International News Agency", True),
        ("Kabar", "Информационное агентство Кабар", True),
        ("REGNUM", "ИА REGNUM", True),
        ("TASS", "ТАСС", True),
        ("24.kg", "24.KG", True),
        ("Kabar", None, False),
        (None, "", True),
        ("Trend", "Report", False),
    ],
)
def test_sources_compare_by_the_agency_they_name(expected, got, same):
    assert compare.same_source(expected, got) is same


def test_titles_datelines_and_bylines_forgive_only_spacing_quotes_and_case():
    assert compare.same_title("«Кабар» и  Trend", '"Кабар" и Trend', derived=False)
    assert compare.same_title("Kyrgyz FM due", "Kyrgyz FM due.", derived=False)
    assert not compare.same_title("Kyrgyz FM due", "kyrgyz fm due", derived=False)
    assert compare.same_title(None, "A lead made a headline", derived=True)
    assert not compare.same_title(None, "A headline the copy had", derived=False)
    assert compare.same_text("Baku", "BAKU")
    assert compare.same_text(None, "")
    assert not compare.same_text("Бишкек", None)


def test_boilerplate_short_lines_count_only_as_whole_lines():
    body = "БИШКЕК, 3 июл — Кабар. Текст.\n\nПоделиться\n\nТекст Читайте нас в Telegram и WhatsApp."
    assert compare.boilerplate_kept("Поделиться", body)
    assert not compare.boilerplate_kept("Кабар", body)  # a word of the dateline, not a line
    assert compare.boilerplate_kept("Читайте нас в Telegram и WhatsApp", body)
    assert not compare.boilerplate_kept("Читайте нас в Telegram", "Читайте нас в Telegramm")


def test_a_proposal_counts_only_under_its_nominative_name():
    labels = [person("Sadyr Japarov", "Садыр Жапаров", "Садыра Жапарова")]
    right = match_kind([proposal("person", "Садыр Жапаров")], labels)
    assert len(right.matched) == 1
    wrong = match_kind([proposal("person", "Садыра Жапарова")], labels)
    assert wrong.matched == []
    assert wrong.wrong[0][1] == "not the nominative name of Садыр Жапаров"
    assert [label.name for label, _ in wrong.missed] == ["Sadyr Japarov"]


def test_known_entities_match_by_name_slug_or_the_labels_surface_forms():
    labels = [
        EntityLabel("country", "Turkey", "Турция", ("Turkey",)),
        EntityLabel("country", "Kyrgyzstan", None, ("Kyrgyz",)),
        EntityLabel("organization", "OTS", None, ("Turkic Council",)),
    ]
    outcome = match_story(
        [
            known("country", "Türkiye", "turkiye", "Turkey"),  # by surface
            known("country", "Kyrgyz Republic", "kyrgyzstan", "Kyrgyz"),  # by slug
            known("organization", "Organization of Turkic States", "ots", "Turkic Council"),
        ],
        labels,
    )
    assert [len(outcome[k].matched) for k in ("country", "organization")] == [2, 1]
    assert not any(outcome[k].wrong or outcome[k].missed for k in outcome)


def test_a_person_found_through_a_shared_surname_is_not_the_labelled_person():
    labels = [person("Ilham Aliyev", None, "Ilham Aliyev", "Aliyev")]
    outcome = match_kind([known("person", "Heydar Aliyev", "heydar-aliyev", "Aliyev")], labels)
    assert outcome.matched == [] and len(outcome.missed) == 1
    assert outcome.wrong[0][1] == '"Aliyev" is labelled as Ilham Aliyev'
    same = match_kind([known("person", "Ilham Aliyev", "ilham-aliyev", "Aliyev")], labels)
    assert len(same.matched) == 1


def test_each_label_pairs_once_and_a_second_find_is_a_duplicate():
    labels = [EntityLabel("organization", "Turkic Council", None, ("Turkic Council",))]
    outcome = match_kind(
        [
            known("organization", "Turkic Council", "turkic-council"),
            known("organization", "Cooperation Council", "cc", "Turkic Council"),
        ],
        labels,
    )
    assert len(outcome.matched) == 1
    assert outcome.wrong[0][1] == "duplicate of Turkic Council"


def test_a_wrong_kind_is_a_false_positive_of_its_kind_and_a_miss_of_the_right_one():
    labels = [person("Kairat Osmonaliev")]
    outcome = match_story([proposal("organization", "Kairat Osmonaliev")], labels)
    assert outcome["organization"].wrong[0][1] == "labelled as person"
    assert outcome["person"].missed[0][1].startswith("found as organization")


def test_a_story_scored_summed_and_listed():
    label = story_label()
    output = StoryOutput(
        file=label.file,
        title="Жапаров встретился с Гафаровой",
        date=datetime.date(2021, 7, 3),
        dateline="БИШКЕК",
        byline="",
        source=None,
        language="ru",
        text="БИШКЕК, 3 июл — Кабар. Садыр Жапаров принял Сахибу Гафарову.\nПоделиться",
        entities=(
            proposal("person", "Садыр Жапаров", "Садыр Жапаров"),
            proposal("person", "Федерации Валентина"),
            known("country", "Azerbaijan", "azerbaijan", "Азербайджана"),
            known("place", "Quito", "quito", "Китая"),
        ),
    )
    score = score_story(label, output)
    summary = summarize([score])
    assert summary.fields["source"].rate == 0.0
    assert summary.overall.right == 5 and summary.overall.total == 6
    assert summary.boilerplate.right == 1 and summary.boilerplate.total == 2
    people = summary.entities["person"]
    assert (people.system, people.labelled, people.matched) == (2, 2, 1)
    assert (people.precision, people.recall, people.f1) == (0.5, 0.5, 0.5)
    assert summary.entities["place"].precision == 0.0
    assert summary.entities["organization"].precision is None
    flat = figures({"ru": summary})
    assert flat["ru.fields.overall"] == pytest.approx(5 / 6)
    assert flat["ru.entities.country.f1"] == 1.0
    assert misses(score) == [
        'ru/kabar-2021-07-03-x.txt  source  expected "Kabar", got null',
        'ru/kabar-2021-07-03-x.txt  boilerplate  kept  "Поделиться"',
        "ru/kabar-2021-07-03-x.txt  person  missed  Sahiba Gafarova / Сахиба Гафарова "
        "(surface: Сахибой Гафаровой)",
        'ru/kabar-2021-07-03-x.txt  person  wrong  "Федерации Валентина" (proposal)',
        'ru/kabar-2021-07-03-x.txt  place  wrong  "Quito" (known: quito)',
    ]


def test_a_failed_import_is_wrong_on_every_field_and_line():
    label = story_label()
    score = score_story(label, StoryOutput(file=label.file, error="no story text"))
    summary = summarize([score])
    assert (summary.overall.right, summary.boilerplate.right) == (0, 0)
    assert misses(score)[0] == "ru/kabar-2021-07-03-x.txt  import  failed: no story text"


def test_the_ratchet_holds_rounded_measured_figures_but_not_places(tmp_path):
    current = {
        "en.fields.title": 0.83333,
        "en.entities.place.recall": 0.5,
        "en.entities.organization.precision": None,
    }
    assert ratchet.held(current) == {"en.fields.title": 0.833}
    path = tmp_path / "ratchet.json"
    assert ratchet.read(path) is None
    ratchet.update(path, current)
    assert json.loads(path.read_text())["figures"] == {"en.fields.title": 0.833}
    assert ratchet.below({"en.fields.title": 0.8334}, ratchet.read(path)) == []
    assert ratchet.below({"en.fields.title": 0.8}, ratchet.read(path)) == [
        "en.fields.title: 0.800 < 0.833 committed"
    ]
    assert ratchet.below({}, ratchet.read(path)) == [
        "en.fields.title: committed 0.833, not measured now"
    ]


def test_the_ratchet_is_never_lowered_by_accident(tmp_path):
    path = tmp_path / "ratchet.json"
    ratchet.update(path, {"ru.fields.date": 0.9})
    with pytest.raises(ratchet.RatchetError, match=r"ru\.fields\.date: 0\.500 < 0\.900"):
        ratchet.update(path, {"ru.fields.date": 0.5})
    assert ratchet.read(path) == {"ru.fields.date": 0.9}
    ratchet.update(path, {"ru.fields.date": 0.5}, allow_lower=True)
    assert ratchet.read(path) == {"ru.fields.date": 0.5}
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ratchet.RatchetError, match="not a ratchet file"):
        ratchet.read(path)
