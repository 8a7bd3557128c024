"""The evaluation corpus's labels: read as the format says, refused with every problem named."""

import datetime
import shutil
from pathlib import Path

import pytest
import yaml

from articles.evaluation.labels import LabelError, load_corpus

SAMPLE = Path(__file__).resolve().parent / "data" / "eval_sample"


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A copy of the sample corpus to break."""
    target = tmp_path / "eval"
    shutil.copytree(SAMPLE, target)
    return target


def items(corpus: Path, language: str) -> list[dict]:
    return yaml.safe_load((corpus / f"labels-{language}.yaml").read_text(encoding="utf-8"))


def save(corpus: Path, language: str, data: list[dict]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (corpus / f"labels-{language}.yaml").write_text(text, encoding="utf-8")


def problems(corpus: Path) -> list[str]:
    with pytest.raises(LabelError) as caught:
        load_corpus(corpus)
    return caught.value.problems


def test_the_sample_corpus_loads_as_labelled():
    labels = load_corpus(SAMPLE)
    assert [len(labels["en"]), len(labels["ru"])] == [2, 2]
    trend = next(label for label in labels["en"] if label.file.startswith("en/trend-"))
    assert trend.title == "Kyrgyz FM due in Azerbaijan"
    assert trend.date == datetime.date(2020, 2, 5)
    assert (trend.dateline, trend.byline, trend.source, trend.via) == (
        "Baku",
        "Leman Zeynalova",
        "Trend",
        None,
    )
    assert trend.boilerplate == ("date 2020-02-05", "5 February 2020 13:28 (UTC+04:00)")
    assert trend.event == "turkic-council-fm-baku-2020-02"
    org = next(e for e in trend.entities if e.kind == "organization")
    assert org.surface == ("Cooperation Council of Turkic Speaking States", "Turkic Council")
    assert trend.data == trend.path.read_bytes()
    eadaily = next(label for label in labels["ru"] if label.file.startswith("ru/eadaily-"))
    assert eadaily.title is None and eadaily.boilerplate == ()


def test_a_missing_labels_file_is_named(corpus):
    (corpus / "labels-ru.yaml").unlink()
    found = problems(corpus)
    assert found == [
        f"{corpus / 'labels-ru.yaml'}: missing (a corpus has labels-en.yaml and labels-ru.yaml)"
    ]


def test_every_problem_is_reported_at_once_naming_file_story_and_field(corpus):
    data = items(corpus, "en")
    trend = data[1]
    trend["entities"]["person"][0]["surface"] = ["Chingiz Aydarbekov"]
    trend["entities"]["people"] = trend["entities"].pop("place")
    trend["date"] = "2020-02-30"
    trend["bylin"] = "Leman Zeynalova"
    trend["boilerplate"].append("Share on Facebook")
    trend["title"] = "Kyrgyz FM in Azerbaijan"
    save(corpus, "en", data)
    where = f"{corpus / 'labels-en.yaml'}: item 2 ({trend['file']})"
    assert sorted(problems(corpus)) == sorted(
        [
            f"{where}: bylin: unknown field (known: file, url, outlet, language, title, date, "
            "dateline, byline, source, via, boilerplate, event, url_date, entities)",
            f"{where}: title: 'Kyrgyz FM in Azerbaijan' is not in the story",
            f"{where}: boilerplate[2]: 'Share on Facebook' is not a line of the story",
            f"{where}: entities: unknown kind 'people' (known: person, organization, country, "
            "place)",
            f"{where}: entities.person[0].surface: 'Chingiz Aydarbekov' is not in the story",
            f"{where}: date: '2020-02-30' is not a date (YYYY-MM-DD) or null",
        ]
    )


def test_russian_entities_need_their_russian_name(corpus):
    data = items(corpus, "ru")
    del data[0]["entities"]["person"][0]["ru"]
    save(corpus, "ru", data)
    (problem,) = problems(corpus)
    assert problem.endswith(
        "(ru/eadaily-2022-04-22-kazakbaev-resigns.txt): entities.person[0].ru: missing "
        "(required in Russian stories)"
    )


def test_a_label_for_a_missing_story_and_a_story_without_labels(corpus):
    data = items(corpus, "en")
    data[0]["file"] = "en/24kg-nowhere.txt"
    save(corpus, "en", data)
    found = problems(corpus)
    assert any(
        p.endswith(f"file: no such story: {corpus / 'stories' / 'en' / '24kg-nowhere.txt'}")
        for p in found
    )
    assert any(p.endswith("story has no labels in labels-en.yaml") for p in found)


def test_required_fields_language_and_shape(corpus):
    data = items(corpus, "ru")
    del data[1]["source"]
    data[1]["language"] = "en"
    data[1]["entities"]["country"][0] = "Kyrgyzstan"
    save(corpus, "ru", data)
    found = [p.split("): ", 1)[1] for p in problems(corpus)]
    assert sorted(found) == [
        "entities.country[0]: must be a mapping with name, ru and surface",
        "language: must be 'ru' in labels-ru.yaml",
        "source: missing",
    ]


def test_labels_that_are_not_a_list_or_not_yaml(corpus):
    (corpus / "labels-en.yaml").write_text("file: en/x.txt\n", encoding="utf-8")
    (corpus / "labels-ru.yaml").write_text("- file: [unclosed\n", encoding="utf-8")
    found = problems(corpus)
    assert found[0] == f"{corpus / 'labels-en.yaml'}: must be a list of stories, one item per story"
    assert found[1].startswith(f"{corpus / 'labels-ru.yaml'}: not valid YAML:")


def test_a_date_only_the_address_gives_is_kept_apart_from_the_copys_date(corpus):
    data = items(corpus, "en")
    data[0]["date"], data[0]["url_date"] = None, "2020-02-05"
    save(corpus, "en", data)
    story = load_corpus(corpus)["en"][0]
    assert (story.date, story.url_date) == (None, datetime.date(2020, 2, 5))
    data[0]["url_date"] = "February"
    save(corpus, "en", data)
    assert any("url_date: 'February' is not a date" in line for line in problems(corpus))
