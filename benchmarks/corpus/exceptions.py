"""What the generator raises when it will not build a corpus."""


class CorpusError(Exception):
    """The corpus cannot be built here (the database is not empty, or a bad size)."""
