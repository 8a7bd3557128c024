"""Turning raw wire text into stories: pure functions, tested without a database."""

from articles.ingest.document import ParsedDocument, parse_document
from articles.ingest.errors import IngestError

__all__ = ["IngestError", "ParsedDocument", "parse_document"]
