"""Reading the evaluation corpus's hand-made labels, refusing any that cannot be right.

A label that does not match its story (a surface form the text never uses, a boilerplate line
that is not in the file, a typo in a key) would silently skew every figure, so the whole corpus
is checked first and every problem is reported at once, naming the labels file, the story and
the field (docs/evaluation.md describes the format).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml

LANGUAGES = ("en", "ru")
KINDS = ("person", "organization", "country", "place")
_STORY_KEYS = {
    "file": True,
    "url": True,
    "outlet": True,
    "language": True,
    "title": True,
    "date": True,
    "dateline": True,
    "byline": True,
    "source": True,
    "via": False,
    "boilerplate": True,
    "event": False,
    # The date only the page's address gives (the copy has none): kept for an importer that
    # reads addresses; not scored, since the importer reads text.
    "url_date": False,
    "entities": True,
}
_ENTITY_KEYS = {"name", "ru", "surface"}


class LabelError(Exception):
    """Every problem found in a corpus's labels, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class EntityLabel:
    kind: str
    name: str
    ru: str | None
    surface: tuple[str, ...]


@dataclass(frozen=True)
class StoryLabel:
    """One story's labels and its raw bytes (read once, here)."""

    file: str
    path: Path
    data: bytes
    url: str
    outlet: str
    language: str
    title: str | None
    date: datetime.date | None
    dateline: str | None
    byline: str | None
    source: str | None
    via: str | None
    boilerplate: tuple[str, ...]
    event: str | None
    entities: tuple[EntityLabel, ...]
    url_date: datetime.date | None = None


def load_corpus(corpus: Path) -> dict[str, list[StoryLabel]]:
    """The labelled stories of `corpus` by language; `LabelError` lists every problem."""
    problems: list[str] = []
    corpus_labels: dict[str, list[StoryLabel]] = {}
    for language in LANGUAGES:
        labels_path = corpus / f"labels-{language}.yaml"
        items = _read_items(labels_path, problems)
        corpus_labels[language] = _stories(corpus, labels_path, items or [], language, problems)
        if items is not None:
            named = {item.get("file") for item in items if isinstance(item, dict)}
            folder = corpus / "stories" / language
            for story in sorted(folder.rglob("*.txt")) if folder.is_dir() else []:
                if story.relative_to(corpus / "stories").as_posix() not in named:
                    problems.append(f"{story}: story has no labels in {labels_path.name}")
    if problems:
        raise LabelError(problems)
    return corpus_labels


def _read_items(labels_path: Path, problems: list[str]) -> list | None:
    """The file's items, or None (and the reason in `problems`) when it has no list to read."""
    if not labels_path.is_file():
        problems.append(f"{labels_path}: missing (a corpus has labels-en.yaml and labels-ru.yaml)")
        return None
    try:
        items = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{labels_path}: not valid YAML: {exc}".replace("\n", " "))
        return None
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(f"{labels_path}: must be a list of stories, one item per story")
        return None
    return items


def _stories(
    corpus: Path, labels_path: Path, items: list, language: str, problems: list[str]
) -> list[StoryLabel]:
    stories, seen = [], set()
    for index, item in enumerate(items, start=1):
        where = f"{labels_path}: item {index}"
        if isinstance(item, dict) and isinstance(item.get("file"), str):
            where += f" ({item['file']})"
        found: list[str] = []
        story = _story(corpus, item, language, found)
        problems.extend(f"{where}: {problem}" for problem in found)
        if story is not None and story.file in seen:
            problems.append(f"{where}: file: labelled twice")
        elif story is not None and not found:
            seen.add(story.file)
            stories.append(story)
    return stories


def _story(corpus: Path, item: object, language: str, problems: list[str]) -> StoryLabel | None:
    if not isinstance(item, dict):
        problems.append("must be a mapping of field: value")
        return None
    for key in sorted(set(item) - set(_STORY_KEYS)):
        problems.append(f"{key}: unknown field (known: {', '.join(_STORY_KEYS)})")
    for key, required in _STORY_KEYS.items():
        if required and key not in item:
            problems.append(f"{key}: missing")
    file = item.get("file")
    if not isinstance(file, str) or not file.startswith(f"{language}/"):
        problems.append(f"file: must be a path under stories/, starting {language}/")
        return None
    path = corpus / "stories" / file
    if not path.is_file():
        problems.append(f"file: no such story: {path}")
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append("file: the story is not UTF-8")
        return None
    if item.get("language") != language:
        problems.append(f"language: must be {language!r} in labels-{language}.yaml")
    strings = {key: _optional_str(item, key, problems) for key in _OPTIONAL_STRINGS}
    for key in ("url", "outlet"):
        if key in item and not strings[key]:
            problems.append(f"{key}: must be a non-empty string")
    if strings["title"] and _squash(strings["title"]) not in _squash(text):
        problems.append(f"title: {strings['title']!r} is not in the story")
    boilerplate = _boilerplate(item.get("boilerplate"), text, problems)
    entities = _entities(item.get("entities"), text, language, problems)
    return StoryLabel(
        file=file,
        path=path,
        data=data,
        language=language,
        date=_date(item.get("date"), problems),
        url_date=_date(item.get("url_date"), problems, field="url_date"),
        boilerplate=boilerplate,
        entities=entities,
        **{key: value or None for key, value in strings.items()},
    )


_OPTIONAL_STRINGS = ("url", "outlet", "title", "dateline", "byline", "source", "via", "event")


def _optional_str(item: dict, key: str, problems: list[str]) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value.strip() if value else None
    problems.append(f"{key}: must be a string or null, not {value!r}")
    return None


def _date(value: object, problems: list[str], field: str = "date") -> datetime.date | None:
    if value is None or (
        isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    ):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(f"{field}: {value!r} is not a date (YYYY-MM-DD) or null")
    return None


def _boilerplate(value: object, text: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.append("boilerplate: must be a list of lines ([] when there are none)")
        return ()
    lines = []
    for index, line in enumerate(value):
        if not isinstance(line, str) or not line.strip():
            problems.append(f"boilerplate[{index}]: must be a non-empty string")
        elif line.strip() not in text:
            problems.append(f"boilerplate[{index}]: {line!r} is not a line of the story")
        else:
            lines.append(line.strip())
    return tuple(lines)


def _entities(value: object, text: str, language: str, problems: list[str]) -> tuple:
    if value is None:
        return ()
    if not isinstance(value, dict):
        problems.append(f"entities: must map a kind ({', '.join(KINDS)}) to a list")
        return ()
    found = []
    for kind, items in value.items():
        if kind not in KINDS:
            problems.append(f"entities: unknown kind {kind!r} (known: {', '.join(KINDS)})")
            continue
        if not isinstance(items, list):
            problems.append(f"entities.{kind}: must be a list of entities")
            continue
        for index, entry in enumerate(items):
            label = _entity(entry, kind, text, language, f"entities.{kind}[{index}]", problems)
            if label is not None:
                found.append(label)
    return tuple(found)


def _entity(
    entry: object, kind: str, text: str, language: str, where: str, problems: list[str]
) -> EntityLabel | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be a mapping with name, ru and surface")
        return None
    for key in sorted(set(entry) - _ENTITY_KEYS):
        problems.append(f"{where}.{key}: unknown field (known: name, ru, surface)")
    name, ru, surface = entry.get("name"), entry.get("ru"), entry.get("surface")
    ok = True
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}.name: missing")
        ok = False
    if ru is not None and (not isinstance(ru, str) or not ru.strip()):
        problems.append(f"{where}.ru: must be a non-empty string")
        ok = False
    elif ru is None and language == "ru":
        problems.append(f"{where}.ru: missing (required in Russian stories)")
        ok = False
    if not isinstance(surface, list) or not surface:
        problems.append(f"{where}.surface: must be a non-empty list of forms from the text")
        return None
    for form in surface:
        if not isinstance(form, str) or not form.strip():
            problems.append(f"{where}.surface: {form!r} is not a form of the text")
            ok = False
        elif form not in text:
            problems.append(f"{where}.surface: {form!r} is not in the story")
            ok = False
    if not ok:
        return None
    return EntityLabel(kind=kind, name=name.strip(), ru=ru and ru.strip(), surface=tuple(surface))


def _squash(text: str) -> str:
    return " ".join(text.split())
