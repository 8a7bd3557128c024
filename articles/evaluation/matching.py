"""Pairing the entities the linker found in a story with the ones the editor labelled.

Within one kind, each system entity pairs with at most one label and each label with at most
one system entity, in two passes (docs/evaluation.md, "Matching entities"):

1. by name: a proposal (`new`) pairs with a label whose `name` or `ru` is its name (so an
   inflected or cut proposal, "Садыра Жапарова", never counts); a known entity also pairs when
   its slug is the slug of the label's `name`;
2. by text, known entities only: the entity was found through one of the label's surface forms
   (the knowledge base's name may differ from the editor's: "Türkiye" for "Turkey"). For people
   the names must also agree, one's words within the other's, so "Heydar Aliyev" found through
   "Aliyev" does not pass for "Ilham Aliyev".

Whatever is left is wrong (a system entity) or missed (a label). A second entity pairing with an
already-paired label is wrong too: an editor would have to reject it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from articles.evaluation.labels import KINDS, EntityLabel
from newsroom.text import ascii_slug


@dataclass(frozen=True)
class SystemEntity:
    """One entry of `ImportResult.entities`."""

    kind: str
    name: str
    slug: str
    surface: tuple[str, ...] = ()
    new: bool = False

    @classmethod
    def from_dict(cls, row: dict) -> SystemEntity:
        return cls(
            kind=row["kind"],
            name=row["name"],
            slug=row.get("slug") or "",
            surface=tuple(row.get("surface") or ()),
            new=bool(row.get("new")),
        )

    def describe(self, note: str = "") -> str:
        what = "proposal" if self.new else f"known: {self.slug}"
        return f'"{self.name}" ({what}{"; " + note if note else ""})'


@dataclass
class KindOutcome:
    """One kind's pairs, wrong system entities (with why) and missed labels (with a hint)."""

    matched: list[tuple[SystemEntity, EntityLabel]] = field(default_factory=list)
    wrong: list[tuple[SystemEntity, str]] = field(default_factory=list)
    missed: list[tuple[EntityLabel, str]] = field(default_factory=list)


def name_key(text: str | None) -> str:
    """The comparison form of a name: NFKC, casefold, ё as е, quotes dropped, one space."""
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("ё", "е")
    text = "".join(" " if ch in "\"'«»“”„’‘`" else ch for ch in text)
    return " ".join(text.split())


def _label_names(label: EntityLabel) -> set[str]:
    return {name_key(label.name)} | ({name_key(label.ru)} if label.ru else set())


def _by_name(entity: SystemEntity, label: EntityLabel) -> bool:
    if name_key(entity.name) in _label_names(label):
        return True
    return not entity.new and bool(entity.slug) and entity.slug == ascii_slug(label.name)


def _by_text(entity: SystemEntity, label: EntityLabel) -> bool:
    if entity.new:
        return False
    if not {name_key(s) for s in entity.surface} & {name_key(s) for s in label.surface}:
        return False
    if entity.kind != "person":
        return True
    words = set(ascii_slug(entity.name).split("-"))
    label_words = [set(ascii_slug(name).split("-")) for name in (label.name, label.ru) if name]
    return any(words <= other or other <= words for other in label_words)


def match_kind(system: list[SystemEntity], labels: list[EntityLabel]) -> KindOutcome:
    """Pair one kind's system entities with its labels (the two passes above)."""
    outcome = KindOutcome()
    free_system = sorted(system, key=lambda e: (e.new, e.name))
    free_labels = list(labels)
    for rule in (_by_name, _by_text):
        for entity in list(free_system):
            label = next((lab for lab in free_labels if rule(entity, lab)), None)
            if label is not None:
                outcome.matched.append((entity, label))
                free_system.remove(entity)
                free_labels.remove(label)
    for entity in free_system:
        outcome.wrong.append((entity, _why_wrong(entity, labels, outcome)))
    outcome.missed = [(label, "") for label in free_labels]
    return outcome


def _why_wrong(entity: SystemEntity, labels: list[EntityLabel], outcome: KindOutcome) -> str:
    taken = {id(label): e for e, label in outcome.matched}
    for label in labels:
        if id(label) in taken and (_by_name(entity, label) or _by_text(entity, label)):
            return f"duplicate of {taken[id(label)].name}"
        if shared := _shared_surface(entity, label):
            if entity.new:
                return f"not the nominative name of {label.ru or label.name}"
            return f'"{shared}" is labelled as {label.name}'
    return ""


def match_story(system: list[SystemEntity], labels: list[EntityLabel]) -> dict[str, KindOutcome]:
    """Every labelled kind's outcome; a miss found under another kind says so, and a wrong
    entity that is labelled under another kind says that."""
    outcomes = {
        kind: match_kind(
            [e for e in system if e.kind == kind], [lab for lab in labels if lab.kind == kind]
        )
        for kind in KINDS
    }
    for kind, outcome in outcomes.items():
        others = [e for other, o in outcomes.items() if other != kind for e, _ in o.wrong]
        outcome.missed = [
            (label, _found_as(label, others) or hint) for label, hint in outcome.missed
        ]
        other_labels = [lab for lab in labels if lab.kind != kind]
        outcome.wrong = [
            (entity, _labelled_as(entity, other_labels) or why) for entity, why in outcome.wrong
        ]
    return outcomes


def _found_as(label: EntityLabel, others: list[SystemEntity]) -> str:
    for entity in others:
        if _by_name(entity, label):
            return f"found as {entity.kind}: {entity.describe()}"
    for entity in others:
        if shared := _shared_surface(entity, label):
            return f'"{shared}" linked to {entity.kind} {entity.describe()}'
    return ""


def _labelled_as(entity: SystemEntity, labels: list[EntityLabel]) -> str:
    for label in labels:
        if _by_name(entity, label):
            return f"labelled as {label.kind}"
    for label in labels:
        if shared := _shared_surface(entity, label):
            return f'"{shared}" is labelled as {label.kind} {label.name}'
    return ""


def _shared_surface(entity: SystemEntity, label: EntityLabel) -> str:
    forms = {name_key(form) for form in label.surface}
    return next((form for form in entity.surface if name_key(form) in forms), "")
