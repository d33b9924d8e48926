"""The SQLite engine: foreign keys on, WAL journal, a busy timeout; one engine per catalogue file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def read_only_uri(path: Path) -> str:
    """An SQLite URI opening `path` read-only; '#', '?', '%' and spaces in the path are escaped."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def create_private_file(path: Path) -> None:
    """Create `path` empty and readable by its owner only (0600), unless it exists; SQLite keeps the mode.

    The catalogue holds national IDs and birth dates: SQLite alone would create it world-readable.
    """
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600))


def make_engine(path: Path) -> Engine:
    url = URL.create("sqlite", database=str(path))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_connect)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API), safe while others write.

    The copy holds the same personal data, so a new one is readable by its owner only.
    """
    src = sqlite3.connect(read_only_uri(source), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        create_private_file(target)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
