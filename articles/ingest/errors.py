"""The one exception of the ingest core, so the import command can report a reason per file."""


class IngestError(ValueError):
    """A file that cannot become a story; the message is the reason shown to the editor."""
