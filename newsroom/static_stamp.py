"""Whether the collected static files are those of the sources now: `make serve` collects and
compresses them (20-50 s: gzip and Brotli of every file) only when they are not.

The stamp is a digest of every file the static finders find (name and bytes) and of what shapes
the output (the storage backend, what is left uncompressed, WhiteNoise's version), written in
STATIC_ROOT after a complete collectstatic. A changed, added or removed file, another storage,
or an upgraded WhiteNoise changes the digest; a missing manifest means nothing was collected.
"""

import hashlib
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

STAMP_NAME = ".newsroom-static-stamp"
MANIFEST_NAME = "staticfiles.json"


def sources_digest() -> str:
    """The digest of the static sources and of the settings that shape what is collected."""
    digest = hashlib.sha256()
    storage = settings.STORAGES["staticfiles"]["BACKEND"]
    skipped = sorted(getattr(settings, "WHITENOISE_SKIP_COMPRESS_EXTENSIONS", []))
    digest.update(f"{storage}\n{skipped}\n{version('whitenoise')}\n".encode())
    found: dict[str, Path] = {}
    for finder in finders.get_finders():
        for path, storage_of in finder.list([]):
            # The first finder to find a path wins, as in collectstatic.
            found.setdefault(path, Path(storage_of.path(path)))
    for path in sorted(found):
        digest.update(path.encode() + b"\0")
        digest.update(hashlib.sha256(found[path].read_bytes()).digest())
    return digest.hexdigest()


def _stamp_path(root: Path) -> Path:
    return root / STAMP_NAME


def is_current(root: Path, digest: str) -> bool:
    """Whether `root` holds a complete collection of the sources with this digest."""
    stamp = _stamp_path(root)
    if not stamp.is_file() or stamp.read_text().strip() != digest:
        return False
    manifest_storage = "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]
    return not manifest_storage or (root / MANIFEST_NAME).is_file()


def write_stamp(root: Path, digest: str) -> None:
    """Record a complete collection (called after collectstatic returned)."""
    _stamp_path(root).write_text(digest + "\n")


def forget(root: Path) -> None:
    """Before collecting: a collection cut short must not pass for a complete one."""
    _stamp_path(root).unlink(missing_ok=True)
