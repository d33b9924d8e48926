"""Bring a catalogue file to the schema this app knows, safely.

Before any migration a copy of the database is kept next to it; a database made by a newer app
(an unknown revision) is refused with a clear message and left untouched. Two programs opening the
same catalogue at once (the window and the command line, say) take turns: one upgrades it while the
other waits on a lock file beside it, then finds it done.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock, Timeout
from sqlalchemy import Engine

from ..domain.errors import UserError
from ..i18n import _
from .db import copy_database, read_only_uri

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK_WAIT = 120  # seconds another program may take upgrading the catalogue before we give up


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def stored_revision(path: Path) -> str | None:
    """The schema revision recorded in the file, or None for a new or empty file."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True, timeout=30)  # another program may be writing it
        try:
            rows = con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchall()
            if not rows:
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(
            _("The catalogue file {path} is damaged or is not a microcred catalogue.").format(path=path),
            _("Restore it from a backup (Settings → Backup), or move it away to start a new catalogue."),
        ) from exc


def check_not_newer(revision: str | None, what: Path) -> None:
    if revision is not None and revision not in known_revisions():
        raise UserError(
            _("{path} was made by a newer version of microcred desktop.").format(path=what),
            _("Install the newer version to open it. Nothing was changed."),
        )


def migrate(engine: Engine, path: Path, backups: Path, target: str | None = None) -> Path | None:
    """Upgrade the catalogue at `path` to `target` (default: head). Returns the pre-migration copy, if any."""
    target = target or head_revision()
    revision = stored_revision(path)
    check_not_newer(revision, path)
    if revision == target:
        return None
    try:
        with FileLock(path.with_name(path.name + ".upgrade-lock"), timeout=LOCK_WAIT):
            return _upgrade(engine, path, backups, target)
    except Timeout:
        raise UserError(
            _("Another microcred program is preparing the catalogue {path}.").format(path=path),
            _("Wait until it has finished, or close it, then try again."),
        ) from None


def _upgrade(engine: Engine, path: Path, backups: Path, target: str) -> Path | None:
    revision = stored_revision(path)  # again: another program may have upgraded it while we waited
    check_not_newer(revision, path)
    if revision == target:
        return None
    copy: Path | None = None
    if revision is not None:
        backups.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        copy = backups / f"catalogue-before-upgrade-from-{revision}-{stamp}.sqlite"
        copy_database(path, copy)
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
    return copy


def revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
