"""Content hashes that make the same story a duplicate whatever its whitespace or file name."""

import hashlib
import unicodedata


def normalize_for_hash(text: str) -> str:
    """NFKC, no BOM, case-folded, every run of whitespace (line endings included) as one space."""
    text = unicodedata.normalize("NFKC", text.replace("\ufeff", ""))
    return " ".join(text.split()).casefold()


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the normalised text: the natural key of an imported story."""
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()
