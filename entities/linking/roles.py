"""Role titles and who held them when: "the Kyrgyz FM" on a date is one person.

The linker uses it only to add a role phrase to a person the story also names: by the labelling
policy (fixtures/eval/README.md) a person named only by role is no mention.

Titles are compared through a small synonym table, in both languages, so a role stored as
"Minister of Foreign Affairs" is found as "FM", "Foreign Minister" or "министр иностранных дел".
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from entities.linking.normalize import normalize

# Canonical title -> the phrases that name it (normalised). Speaker and Chair are one post.
TITLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "foreign_minister": (
        "foreign minister", "fm", "minister of foreign affairs", "foreign affairs minister",
        "министр иностранных дел", "глава мид", "minister of external affairs",
        "external affairs minister", "foreign secretary", "secretary of state", "госсекретарь",
    ),
    "economy_minister": ("economy minister", "minister of economy", "министр экономики"),
    "chair": (
        "speaker", "chair", "chairman", "chairwoman", "chairperson", "toraga", "торага",
        "председатель", "спикер",
    ),
    "secretary_general": ("secretary general", "secretary-general", "генеральный секретарь",
                          "генсек"),
    # "посл" is the stem of посла/послу/послом (the vowel drops); the linker drops "после".
    "ambassador": ("ambassador", "посол", "посл", "чрезвычайный и полномочный посол"),
    "president": ("president", "президент"),
    "prime_minister": ("prime minister", "premier", "премьер-министр", "премьер министр"),
}  # fmt: skip


def title_key(title: str) -> str:
    """The canonical key of a stored role title: the longest synonym it starts with, or ''.

    Only the head counts: "Special Representative of the President" is not a president."""
    words = f" {normalize(title).replace('-', ' ').replace('(', ' ').replace(')', ' ')} "
    words = " ".join(words.split())
    best, best_len = "", 0
    for key, phrases in TITLE_SYNONYMS.items():
        for phrase in phrases:
            phrase = phrase.replace("-", " ")
            if f"{words} ".startswith(f"{phrase} ") and len(phrase) > best_len:
                best, best_len = key, len(phrase)
    return best


@dataclass(frozen=True)
class GazetteerRole:
    """A person's position, as the knowledge base knows it (dates open when unknown)."""

    person_id: int
    title: str
    organization_id: int | None
    start: date | None
    end: date | None


class RoleIndex:
    """Roles by (canonical title, organization), answering "who held it on that day"."""

    def __init__(self, roles: list[GazetteerRole]) -> None:
        self._by_post: dict[tuple[str, int | None], list[GazetteerRole]] = defaultdict(list)
        for role in roles:
            key = title_key(role.title)
            if key:
                self._by_post[key, role.organization_id].append(role)

    def holder(self, key: str, organization_id: int, on: date | None) -> int | None:
        """The one person holding the post on `on`; without a date only an unambiguous post."""
        roles = self._by_post.get((key, organization_id), [])
        if on is None:
            people = {r.person_id for r in roles}
        else:
            people = {
                r.person_id
                for r in roles
                if (r.start is None or r.start <= on) and (r.end is None or on <= r.end)
            }
        return people.pop() if len(people) == 1 else None
