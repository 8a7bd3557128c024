"""Databases of their own for tests that run `manage.py` as an operator would (subprocesses).

The suite's test database belongs to pytest-django; a killed import, a dump and its restore need
databases a separate process can open, kill in the middle and compare afterwards. On SQLite
each is a file under the test's temporary folder; when the suite runs on PostgreSQL
(`DATABASE_URL=postgres://...`), each is a database on the same server, created and dropped
here and named after this process, so parallel workers never share one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

PROJECT = Path(__file__).resolve().parent.parent
SEED_DOCUMENTS = PROJECT / "fixtures" / "seed_documents"


def vendor() -> str:
    """The database the suite runs on: `sqlite` or `postgresql`."""
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else "sqlite"


class ScratchDatabase:
    """One database for `manage.py` subprocesses, with raw SQL access for the test's checks."""

    def __init__(self, name: str, folder: Path) -> None:
        self.vendor = vendor()
        if self.vendor == "sqlite":
            self.path = folder / f"{name}.sqlite3"
            self.name = str(self.path)
            self.url = f"sqlite:///{self.path}"
        else:
            self.path = None
            self.name = f"newsroom_scratch_{name}_{os.getpid()}"
            self.url = _server_url(self.name)

    def create(self, *, template: ScratchDatabase | None = None) -> ScratchDatabase:
        """An empty database (no tables), or a copy of `template`."""
        if self.vendor == "sqlite":
            if template is not None:
                shutil.copyfile(template.path, self.path)
            return self
        self.drop()
        source = f" TEMPLATE {template.name}" if template else " TEMPLATE template0"
        _server_command(f'CREATE DATABASE "{self.name}"{source}')
        return self

    def drop(self) -> None:
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            _server_command(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def environment(self) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url, "PYTHONUNBUFFERED": "1"}

    def manage(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        """`manage.py ARGS` against this database, to the end; output kept for the assertions."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env={**self.environment(), **env},
            capture_output=True,
            text=True,
            timeout=600,
        )

    def run_program(self, program: str, *args: str) -> subprocess.CompletedProcess:
        """A PostgreSQL client program (`pg_dump`, `pg_restore`) against this database."""
        return subprocess.run(
            [program, *args, f"--dbname={self.url}"], capture_output=True, text=True, timeout=600
        )

    def start(self, *args: str) -> subprocess.Popen:
        """`manage.py ARGS` in the background, in a process group of its own (its forked
        workers included), so a test can kill all of it at once."""
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=self.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def rows(self, sql: str) -> list[tuple]:
        """The rows of one query, on a connection of its own (closed again at once)."""
        return self.records(sql)[1]

    def records(self, sql: str) -> tuple[list[str], list[tuple]]:
        """The column names and rows of one query."""
        if self.vendor == "sqlite":
            connection = sqlite3.connect(self.path, timeout=20)
            try:
                cursor = connection.execute(sql)
                return [column[0] for column in cursor.description], cursor.fetchall()
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(self.url) as connection:
            cursor = connection.execute(sql)
            return [column.name for column in cursor.description], cursor.fetchall()

    def value(self, sql: str):
        return self.rows(sql)[0][0]

    def tables(self) -> list[str]:
        if self.vendor == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        else:
            sql = (
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                "AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
        return [name for (name,) in self.rows(sql)]


def _server_url(name: str) -> str:
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "postgres", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def _server_command(sql: str) -> None:
    import psycopg

    with psycopg.connect(_server_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


def write_variants(folder: Path, count: int) -> list[Path]:
    """`count` distinct wire stories made from the seed documents: each keeps its original's
    bytes and ends with one more sentence, so each has a content hash of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEED_DOCUMENTS.glob("*.txt"))
    paths = []
    for number in range(count):
        seed = seeds[number % len(seeds)]
        note = f"\n\nArchive copy {number:03d} of this wire story, kept for the fault tests.\n"
        path = folder / f"{number:03d}_{seed.name}"
        path.write_bytes(seed.read_bytes().rstrip() + note.encode())
        paths.append(path)
    return paths


def migrated(name: str, folder: Path) -> ScratchDatabase:
    """A new database with every migration applied and nothing else: a template to copy."""
    database = ScratchDatabase(name, folder).create()
    result = database.manage("migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    return database
