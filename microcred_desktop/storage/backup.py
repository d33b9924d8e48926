"""Backup of the whole catalogue in one file, and restore from it.

The file is a ZIP: ``manifest.json`` (format, schema revision, SHA-256 of every member),
``catalogue.sqlite`` (an online-backup copy, consistent while the app runs) and ``assets/``
(logo, signature image). Private keys are never in it: they have their own encrypted backup.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

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


# What a backup may hold, and how big: a crafted file must not fill the memory or the disk.
MAX_MEMBERS = 50
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_DB_BYTES = 2 * 1024 * 1024 * 1024
MAX_ASSET_BYTES = 10 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, above which a large member is a "zip bomb"
RATIO_FREE_BYTES = 16 * 1024 * 1024  # below this size any ratio is harmless (an empty database packs well)
CHUNK = 1024 * 1024


def _damaged(source: Path) -> UserError:
    return UserError(
        _("{file} is not a complete microcred backup (it is damaged or truncated).").format(file=Path(source).name),
        _("Nothing was changed. Use another copy of the backup."),
    )


def _allowed_name(name: str) -> bool:
    """manifest.json, catalogue.sqlite, or assets/<plain file name>: nothing that could point elsewhere."""
    if name in (MANIFEST, DB_NAME):
        return True
    if not name.startswith("assets/"):
        return False
    base = name[len("assets/"):]
    return (
        bool(base)
        and not base.startswith(".")
        and not any(ch in base for ch in '/\\:')
        and all(ch.isprintable() for ch in base)
    )


def _limit(name: str) -> int:
    if name == MANIFEST:
        return MAX_MANIFEST_BYTES
    return MAX_DB_BYTES if name == DB_NAME else MAX_ASSET_BYTES


def _check_members(archive: zipfile.ZipFile, source: Path) -> dict[str, zipfile.ZipInfo]:
    """Every member by name, after checking names, count and sizes (as the ZIP declares them)."""
    infos = archive.infolist()
    file = Path(source).name
    if len(infos) > MAX_MEMBERS:
        raise UserError(
            _("{file} is not a microcred backup: it holds {count} files.").format(file=file, count=len(infos)),
            _("Nothing was changed. Use a backup made by microcred desktop."),
        )
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if not _allowed_name(info.filename) or info.filename in members:
            raise UserError(
                _("{file} is not a microcred backup: it holds a file named '{name}'.").format(
                    file=file, name=info.filename),
                _("Nothing was changed. Use a backup made by microcred desktop."),
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _limit(info.filename) or (info.file_size > RATIO_FREE_BYTES and ratio > MAX_RATIO):
            raise UserError(
                _("{file} is not a microcred backup: its file {name} is too large.").format(
                    file=file, name=info.filename),
                _("Nothing was changed. Use a backup made by microcred desktop."),
            )
        members[info.filename] = info
    return members


class _WriteFailed(Exception):
    """Writing the unpacked backup failed (a full disk, no permission): not the backup's fault."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, out: BinaryIO | None) -> str:
    """Copy a member to `out` (or nowhere) in chunks, never past its declared size; returns its SHA-256."""
    digest = hashlib.sha256()
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            total += len(chunk)
            if total > info.file_size:
                raise zipfile.BadZipFile(info.filename)
            digest.update(chunk)
            if out is not None:
                try:
                    out.write(chunk)
                except OSError as exc:
                    raise _WriteFailed(exc) from exc
    if total != info.file_size:
        raise zipfile.BadZipFile(info.filename)
    return digest.hexdigest()


def _open_checked(archive: zipfile.ZipFile, source: Path) -> tuple[dict[str, object], dict[str, zipfile.ZipInfo]]:
    """The manifest and the members it lists (names and sizes checked, contents not yet)."""
    infos = _check_members(archive, source)
    if MANIFEST not in infos:
        raise _damaged(source)
    buffer = io.BytesIO()
    _read_bounded(archive, infos[MANIFEST], buffer)
    manifest = json.loads(buffer.getvalue())
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(source)
    files = manifest.get("files")
    if not isinstance(files, dict) or DB_NAME not in files or set(files) != set(infos) - {MANIFEST}:
        raise _damaged(source)
    return manifest, {name: infos[name] for name in files}


def _stage_file(path: Path) -> BinaryIO:
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        return os.fdopen(fd, "wb")
    except OSError as exc:
        raise _WriteFailed(exc) from exc


def _extract(archive: zipfile.ZipFile, manifest: dict[str, object], infos: dict[str, zipfile.ZipInfo],
             source: Path, staging: Path | None) -> None:
    """Check every member against its digest, writing it under `staging` when given."""
    files = manifest["files"]
    assert isinstance(files, dict)
    for name, info in infos.items():
        if staging is None:
            digest = _read_bounded(archive, info, None)
        else:
            with _stage_file(staging / name) as out:
                digest = _read_bounded(archive, info, out)
                try:
                    out.flush()
                    os.fsync(out.fileno())
                except OSError as exc:
                    raise _WriteFailed(exc) from exc
        if digest != files[name]:
            raise _damaged(source)


def _unpack(source: Path, staging: Path | None) -> dict[str, object]:
    """The manifest of a backup whose every member was checked (and unpacked into `staging` when given)."""
    try:
        with zipfile.ZipFile(source) as archive:
            manifest, infos = _open_checked(archive, source)
            _extract(archive, manifest, infos, source, staging)
            return manifest
    except _WriteFailed as exc:
        raise _cannot_restore(exc.error) from exc
    except FileNotFoundError as exc:
        raise UserError(_("The file {file} does not exist.").format(file=source)) from exc
    except (PermissionError, IsADirectoryError) as exc:
        raise UserError(_("Cannot read {file}: {reason}").format(file=source, reason=exc.strerror)) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, KeyError, ValueError, EOFError,
            RuntimeError, OSError) as exc:
        raise _damaged(source) from exc


def read_backup(source: Path) -> tuple[dict[str, object], list[str]]:
    """The manifest and the member names of a backup, every member checked against its digest.

    Members are streamed, never held in memory; names, count and sizes are checked before anything is read.
    """
    manifest = _unpack(Path(source), None)
    files = manifest["files"]
    assert isinstance(files, dict)
    return manifest, sorted(files)


def _cannot_restore(exc: OSError) -> UserError:
    return UserError(
        _("The backup could not be restored: {reason}").format(reason=exc.strerror or exc),
        _("The current catalogue was not changed. Free some disk space, or check that you may write to the "
          "data folder, and try again."),
    )


def _swap_in(folder: DataFolder, staging: Path) -> None:
    """Move the staged catalogue and images into place; on any failure put the current ones back."""
    aside = staging / "old"
    wal, shm = (Path(str(folder.database) + suffix) for suffix in ("-wal", "-shm"))
    moved: list[tuple[Path, Path]] = []  # (where it was, where it is now) for undoing, in order
    try:
        aside.mkdir()
        for current in (folder.database, wal, shm, folder.assets):
            if current.exists():
                os.replace(current, aside / current.name)
                moved.append((current, aside / current.name))
        os.replace(staging / DB_NAME, folder.database)
        moved.append((staging / DB_NAME, folder.database))
        if (staging / "assets").is_dir():
            os.replace(staging / "assets", folder.assets)
            moved.append((staging / "assets", folder.assets))
    except BaseException as exc:
        for before, now in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(now, before)
        if isinstance(exc, OSError):
            raise _cannot_restore(exc) from exc
        raise


def _new_folder(parent: Path, name: str) -> Path:
    """A new, empty folder `name` (or `name-2`, `name-3`…) in `parent`: never one holding earlier copies."""
    parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    for number in range(1, 1000):
        path = parent / (name if number == 1 else f"{name}-{number}")
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(parent / name))


def restore_backup(folder: DataFolder, source: Path) -> Path | None:
    """Replace the catalogue with the backup's; the current data is kept in backups/. Returns that copy.

    Everything is unpacked and checked in a folder next to the catalogue first, then moved in; any failure
    (a damaged backup, a full disk) leaves the current catalogue as it was.
    """
    source = Path(source)
    folder.create()
    try:
        staging = Path(tempfile.mkdtemp(dir=folder.root, prefix=".restore-"))
    except OSError as exc:
        raise _cannot_restore(exc) from exc
    kept: Path | None = None
    try:
        manifest = _unpack(source, staging)
        revision = manifest.get("schema_revision")
        check_not_newer(revision if isinstance(revision, str) else None, source)
        try:
            stored = stored_revision(staging / DB_NAME)
        except UserError as exc:
            raise _damaged(source) from exc
        check_not_newer(stored, source)
        if folder.database.exists():
            try:
                kept = _new_folder(folder.backups, "before-restore-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S"))
                copy_database(folder.database, kept / DB_NAME)
                if folder.assets.is_dir():
                    shutil.copytree(folder.assets, kept / "assets", dirs_exist_ok=True)
            except OSError as exc:
                raise _cannot_restore(exc) from exc
            except sqlite3.Error as exc:
                raise UserError(
                    _("The current catalogue could not be copied before the restore: {reason}").format(reason=exc),
                    _("The current catalogue was not changed. Close other copies of microcred and try again."),
                ) from exc
        _swap_in(folder, staging)
    except BaseException:
        if kept is not None:
            shutil.rmtree(kept, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    fsync_dir(folder.root)
    return kept
