"""The ratchet: figures committed beside the corpus that quality may never fall below.

Figures are compared rounded to three decimals, so float noise never fails a build. Places are
reported but not held: which towns and regions an editor labels varies more than the linker
does, and the knowledge base's places are mostly capitals (docs/evaluation.md).
"""

from __future__ import annotations

import json
from pathlib import Path

PLACES = ".entities.place."
ABOUT = (
    "Quality figures `make eval` may not fall below (docs/evaluation.md). Written by "
    "`manage.py evaluate --update-ratchet`; never edit by hand to lower a figure."
)


class RatchetError(Exception):
    """A ratchet file that cannot be read, or an update that would lower figures."""


def held(figures: dict[str, float | None]) -> dict[str, float]:
    """The figures a ratchet holds: measured ones, rounded, places left out."""
    return {
        key: round(value, 3)
        for key, value in sorted(figures.items())
        if value is not None and PLACES not in key
    }


def read(path: Path) -> dict[str, float] | None:
    """The committed figures, or None when no ratchet is committed yet."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        figures = data["figures"]
        if not isinstance(figures, dict):
            raise TypeError("figures is not an object")
        return {str(key): float(value) for key, value in figures.items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise RatchetError(f"{path}: not a ratchet file ({exc})") from exc


def below(current: dict[str, float | None], committed: dict[str, float]) -> list[str]:
    """Each committed figure the current run falls below (or no longer measures), one line each."""
    now = held(current)
    failures = []
    for key, floor in sorted(committed.items()):
        if key not in now:
            failures.append(f"{key}: committed {floor:.3f}, not measured now")
        elif now[key] < floor:
            failures.append(f"{key}: {now[key]:.3f} < {floor:.3f} committed")
    return failures


def update(
    path: Path, current: dict[str, float | None], *, allow_lower: bool = False
) -> dict[str, float]:
    """Write the current figures; refuses (RatchetError, file untouched) to lower any
    committed one unless `allow_lower`."""
    committed = read(path) or {}
    lowered = below(current, committed)
    if lowered and not allow_lower:
        raise RatchetError(
            "refusing to lower the ratchet (--allow-lower to do it on purpose):\n  "
            + "\n  ".join(lowered)
        )
    figures = held(current)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"about": ABOUT, "figures": figures}, indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return figures
