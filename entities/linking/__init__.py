"""Entity linking: find the knowledge base's entities in a story's text.

Pure code: plain dataclasses in, dataclasses out, no ORM and nothing downloaded at run time,
so the linker can be tested without a database and reused by imports, admin and commands.
"""

from entities.linking.linker import GazetteerEntry, GazetteerRole, Linker, Suggestion

__all__ = ["GazetteerEntry", "GazetteerRole", "Linker", "Suggestion"]
