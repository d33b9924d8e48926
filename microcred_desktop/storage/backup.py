"""Backup of the whole catalogue in one file, and restore from it.

The file is a ZIP: ``manifest.json`` (format, schema revision, SHA-256 of every member),
``catalogue.sqlite`` (an online-backup copy, consistent while the app runs) and ``assets/``
(logo, signature image). Private keys are never in it: they have their own encrypted backup.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__
from ..domain.errors import UserError
from ..i18n import _
from .atomic import fsync_dir, write_atomic
from .catalogue import DB_NAME, DataFolder
from .db import copy_database
from .migrate import check_not_newer, stored_revision

FORMAT = "microcred-catalogue-backup"
MANIFEST = "manifest.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_backup(folder: DataFolder, target: Path) -> dict[str, object]:
    """Write a backup of the data folder to `target` (atomically); returns the manifest."""
    if not folder.database.exists():
        raise UserError(_("There is no catalogue to back up yet."))
    target = Path(target)
    if not target.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=target.parent))
    members: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(dir=folder.root, prefix=".backup-") as tmp:
        snapshot = Path(tmp) / DB_NAME
        copy_database(folder.database, snapshot)
        members[DB_NAME] = snapshot.read_bytes()
    if folder.assets.is_dir():
        for path in sorted(folder.assets.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                members[f"assets/{path.name}"] = path.read_bytes()
    manifest = {
        "format": FORMAT,
        "version": 1,
        "app_version": __version__,
        "schema_revision": stored_revision(folder.database),
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": {name: _sha256(data) for name, data in members.items()},
    }
    buffer = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
            for name, data in members.items():
                archive.writestr(name, data)
        buffer.seek(0)
        try:
            write_atomic(target, buffer.read(), mode=0o600)
        except OSError as exc:
            raise UserError(
                _("The backup could not be written to {path}: {reason}").format(path=target, reason=exc.strerror),
                _("Choose another folder or free some disk space."),
            ) from exc
    finally:
        buffer.close()
    return manifest


def read_backup(source: Path) -> tuple[dict[str, object], dict[str, bytes]]:
    """The manifest and members of a backup file, every member checked against its digest."""
    damaged = UserError(
        _("{file} is not a complete microcred backup (it is damaged or truncated).").format(file=Path(source).name),
        _("Nothing was changed. Use another copy of the backup."),
    )
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise damaged
            files = manifest.get("files")
            if not isinstance(files, dict) or DB_NAME not in files:
                raise damaged
            members = {}
            for name, digest in files.items():
                data = archive.read(name)
                if _sha256(data) != digest:
                    raise damaged
                members[name] = data
    except FileNotFoundError as exc:
        raise UserError(_("The file {file} does not exist.").format(file=source)) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError) as exc:
        raise damaged from exc
    return manifest, members


def restore_backup(folder: DataFolder, source: Path) -> Path | None:
    """Replace the catalogue with the backup's; the current data is kept in backups/. Returns that copy."""
    manifest, members = read_backup(source)
    revision = manifest.get("schema_revision")
    check_not_newer(revision if isinstance(revision, str) else None, Path(source))
    folder.root.mkdir(parents=True, exist_ok=True)
    kept: Path | None = None
    if folder.database.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        kept = folder.backups / f"before-restore-{stamp}"
        kept.mkdir(parents=True, exist_ok=True)
        copy_database(folder.database, kept / DB_NAME)
        if folder.assets.is_dir():
            shutil.copytree(folder.assets, kept / "assets", dirs_exist_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(folder.database) + suffix).unlink(missing_ok=True)
    write_atomic(folder.database, members[DB_NAME], mode=0o600)
    if folder.assets.is_dir():
        shutil.rmtree(folder.assets)
    assets = {name: data for name, data in members.items() if name.startswith("assets/")}
    if assets:
        folder.assets.mkdir(parents=True, exist_ok=True)
        for name, data in assets.items():
            write_atomic(folder.assets / Path(name).name, data)
    fsync_dir(folder.root)
    return kept
