"""The catalogue: one SQLite file (plus the organisation's image files) in the data folder."""

from __future__ import annotations

import errno
import getpass
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import UserError
from ..domain.organisation import Organisation
from ..i18n import _
from .atomic import write_atomic
from .audit import AuditLog
from .convert import organisation_from_row, organisation_values
from .courses import CourseRepository
from .db import create_private_file, make_engine, make_sessionmaker
from .issued import IssuedRepository
from .keys import KeyRepository
from .learners import CompletionRepository, LearnerRepository
from .migrate import migrate
from .models import OrganisationRow, SettingRow

DB_NAME = "catalogue.sqlite"
KEEP = object()  # "leave this image as it is"


def now_utc() -> datetime:
    """Naive UTC: what the database stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some systems: still audit
        return os.environ.get("USERNAME", "unknown")


@dataclass(frozen=True)
class DataFolder:
    """Where everything of one install lives."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_NAME

    @property
    def assets(self) -> Path:
        return self.root / "assets"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def is_empty(self) -> bool:
        return not self.database.exists()

    def create(self) -> None:
        """Make sure the folder exists; a new one is readable by its owner only (it holds personal data).

        An existing folder keeps its permissions. A path that is a file, or cannot be created, is a UserError.
        """
        try:
            if self.root.exists() and not self.root.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, _("it is a file, not a folder"), str(self.root))
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise self.unusable(exc) from exc

    def unusable(self, exc: OSError) -> UserError:
        return UserError(
            _("{path} is not a folder microcred can use: {reason}").format(
                path=self.root, reason=exc.strerror or exc),
            _("Choose another data folder, or check that you may write to this one."),
        )


class Catalogue:
    """Open with :meth:`open`; repositories hang off it; every method uses a short session of its own."""

    def __init__(self, folder: DataFolder, sessions: sessionmaker[Session], pre_migration_copy: Path | None):
        self.folder = folder
        self.sessions = sessions
        self.pre_migration_copy = pre_migration_copy
        self.audit = AuditLog(sessions, actor())
        self.courses = CourseRepository(sessions, self.audit)
        self.learners = LearnerRepository(sessions, self.audit)
        self.completions = CompletionRepository(sessions, self.audit)
        self.keys = KeyRepository(sessions, self.audit)
        self.issued = IssuedRepository(sessions, self.audit)

    @classmethod
    def open(cls, root: Path) -> Catalogue:
        folder = DataFolder(Path(root))
        folder.create()
        try:
            create_private_file(folder.database)
        except OSError as exc:
            raise folder.unusable(exc) from exc
        engine = make_engine(folder.database)
        copy = migrate(engine, folder.database, folder.backups)
        catalogue = cls(folder, make_sessionmaker(engine), copy)
        catalogue.learners.sort_language = catalogue.setting("sort_language", "en")
        return catalogue

    def use_sort_language(self, lang: str) -> None:
        """Sort learners as `lang` does (Č after C in Lithuanian…); re-keys the table when it changes."""
        if self.setting("sort_language", "en") != lang or self.learners.sort_language != lang:
            self.learners.rekey(lang)
            self.set_setting("sort_language", lang)

    def close(self) -> None:
        engine = self.sessions.kw["bind"]
        engine.dispose()

    # organisation -----------------------------------------------------------------------------
    def organisation(self) -> Organisation | None:
        with self.sessions() as session:
            row = session.scalars(select(OrganisationRow).limit(1)).first()
            if row is None:
                return None
            return organisation_from_row(row, self._asset(row.logo_file), self._asset(row.signature_file))

    def save_organisation(self, org: Organisation, logo: Any = KEEP, signature: Any = KEEP) -> None:
        """Create or update the organisation; `logo`/`signature` are PNG bytes, None to remove, or KEEP."""
        with self.sessions.begin() as session:
            row = session.scalars(select(OrganisationRow).limit(1)).first()
            created = row is None
            if row is None:
                row = OrganisationRow(logo_file="", signature_file="", updated_at=now_utc())
                session.add(row)
            for key, value in organisation_values(org).items():
                setattr(row, key, value)
            row.updated_at = now_utc()
            if logo is not KEEP:
                row.logo_file = self._store_asset("logo.png", logo)
            if signature is not KEEP:
                row.signature_file = self._store_asset("signature.png", signature)
            self.audit.record(session, "organisation.create" if created else "organisation.update", org.short_name)

    def _store_asset(self, name: str, data: bytes | None) -> str:
        path = self.folder.assets / name
        try:
            if data is None:
                path.unlink(missing_ok=True)
                return ""
            self.folder.assets.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        except OSError as exc:
            raise UserError(
                _("The image {name} could not be saved in {folder}: {reason}").format(
                    name=name, folder=self.folder.assets, reason=exc.strerror or exc),
                _("Free some disk space, or check that you may write to the data folder, and save again."),
            ) from exc
        return name

    def missing_assets(self) -> list[str]:
        """Image files the organisation names that are not in the data folder (deleted or moved)."""
        with self.sessions() as session:
            row = session.scalars(select(OrganisationRow).limit(1)).first()
            names = [n for n in (row.logo_file, row.signature_file) if n] if row else []
        return [n for n in names if not (self.folder.assets / n).exists()]

    def _asset(self, name: str) -> bytes | None:
        if not name:
            return None
        path = self.folder.assets / name
        return path.read_bytes() if path.exists() else None

    # settings ---------------------------------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        with self.sessions() as session:
            row = session.get(SettingRow, key)
            return default if row is None else row.value

    def set_setting(self, key: str, value: Any) -> None:
        with self.sessions.begin() as session:
            row = session.get(SettingRow, key)
            if row is None:
                session.add(SettingRow(key=key, value=value))
            else:
                row.value = value
