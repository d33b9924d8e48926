import errno
import hashlib
import json
import os
import sqlite3
import stat
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from microcred_desktop.domain.errors import UserError
from microcred_desktop.services.course_file import course_to_json
from microcred_desktop.services.demo import load_demo
from microcred_desktop.storage.backup import read_backup, restore_backup, write_backup
from microcred_desktop.storage.catalogue import Catalogue, DataFolder

from .. import factories


def snapshot(catalogue: Catalogue) -> dict:
    return {
        "org": catalogue.organisation(),
        "courses": [course_to_json(c) for c in catalogue.courses.all()],
        "learners": [(x.uuid, x.full_name, x.email, x.date_of_birth) for x in catalogue.learners.page(limit=1000)],
        "completions": sorted(
            (v.learner.uuid, v.course.code, v.award.completion_date, v.award.grade)
            for c in catalogue.courses.all()
            for v in catalogue.completions.for_course(c.id)
        ),
    }


def test_round_trip_into_a_fresh_folder(tmp_path: Path) -> None:
    source = Catalogue.open(tmp_path / "a")
    load_demo(source)
    before = snapshot(source)
    backup = tmp_path / "catalogue.mcbackup"
    write_backup(source.folder, backup)
    source.close()

    restore_backup(DataFolder(tmp_path / "b"), backup)
    restored = Catalogue.open(tmp_path / "b")
    try:
        after = snapshot(restored)
    finally:
        restored.close()
    assert after == before
    assert after["org"].logo_png and len(after["learners"]) == 30 and len(after["completions"]) > 30


def test_restore_keeps_a_copy_of_the_current_data(tmp_path: Path) -> None:
    a = Catalogue.open(tmp_path / "a")
    load_demo(a)
    write_backup(a.folder, tmp_path / "b.zip")
    a.close()
    kept = restore_backup(DataFolder(tmp_path / "a"), tmp_path / "b.zip")
    assert kept is not None and (kept / "catalogue.sqlite").exists() and (kept / "assets" / "logo.png").exists()


def _folder_state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("damage", ["truncate", "flip", "not-zip", "newer"])
def test_bad_backup_is_refused_and_changes_nothing(tmp_path: Path, damage: str) -> None:
    a = Catalogue.open(tmp_path / "a")
    load_demo(a)
    backup = tmp_path / "b.zip"
    write_backup(a.folder, backup)
    a.close()
    data = backup.read_bytes()
    if damage == "truncate":
        backup.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        with zipfile.ZipFile(backup) as z:
            members = {n: z.read(n) for n in z.namelist()}
        db = bytearray(members["catalogue.sqlite"])
        db[5000] ^= 0xFF
        members["catalogue.sqlite"] = bytes(db)
        with zipfile.ZipFile(backup, "w") as z:
            for name, content in members.items():
                z.writestr(name, content)
    elif damage == "not-zip":
        backup.write_bytes(b"hello")
    else:
        with zipfile.ZipFile(backup) as z:
            members = {n: z.read(n) for n in z.namelist()}
        manifest = json.loads(members["manifest.json"])
        manifest["schema_revision"] = "9999_future"
        members["manifest.json"] = json.dumps(manifest).encode()
        with zipfile.ZipFile(backup, "w") as z:
            for name, content in members.items():
                z.writestr(name, content)

    target = Catalogue.open(tmp_path / "c")
    target.save_organisation(a.organisation())  # type: ignore[arg-type]
    target.close()
    before = _folder_state(tmp_path / "c")
    with pytest.raises(UserError) as err:
        restore_backup(DataFolder(tmp_path / "c"), backup)
    message = str(err.value)
    assert ("newer version" in message) if damage == "newer" else ("damaged" in message)
    assert _folder_state(tmp_path / "c") == before


def test_backup_holds_no_private_key_material(tmp_path: Path) -> None:
    a = Catalogue.open(tmp_path / "a")
    load_demo(a)
    write_backup(a.folder, tmp_path / "b.zip")
    a.close()
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        assert sorted(z.namelist()) == ["assets/logo.png", "catalogue.sqlite", "manifest.json"]
        for name in z.namelist():
            assert b"PRIVATE KEY" not in z.read(name)


# --- paths that are not plain in a URI ------------------------------------------------------------------

URI_UNSAFE = "rv #8 ?x %41"  # '#' and '?' end a URI's path, '%41' is an escape for 'A'


@pytest.mark.skipif(sys.platform == "win32", reason="'?' cannot be in a Windows file name")
def test_backup_and_restore_in_folders_with_uri_characters(tmp_path: Path) -> None:
    a, b = tmp_path / f"a {URI_UNSAFE}", tmp_path / f"b {URI_UNSAFE}"
    source = Catalogue.open(a)
    load_demo(source)
    before = snapshot(source)
    backup = a / "catalogue #1.mcbackup"
    write_backup(source.folder, backup)
    source.close()
    with zipfile.ZipFile(backup) as z, tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "c.sqlite").write_bytes(z.read("catalogue.sqlite"))
        con = sqlite3.connect(Path(tmp) / "c.sqlite")
        assert con.execute("SELECT count(*) FROM learner").fetchone() == (30,)  # not an empty copy
        con.close()

    assert restore_backup(DataFolder(b), backup) is None
    restored = Catalogue.open(b)
    try:
        assert snapshot(restored) == before
    finally:
        restored.close()
    kept = restore_backup(DataFolder(b), backup)  # over existing data: the copy kept holds it all
    assert kept is not None
    con = sqlite3.connect(kept / "catalogue.sqlite")
    assert con.execute("SELECT count(*) FROM learner").fetchone() == (30,)
    con.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([a.name, b.name])  # nothing stray beside them


# --- a crafted or damaged backup file -------------------------------------------------------------------


def _members(backup: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(backup) as z:
        return {n: z.read(n) for n in z.namelist()}


def _rewrite(backup: Path, members: dict[str, bytes], listed: bool = True) -> None:
    """Write `members` as the backup, the manifest listing each (with its right digest) when `listed`."""
    manifest = json.loads(members["manifest.json"])
    if listed:
        manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in members.items() if n != "manifest.json"}
    members = {**members, "manifest.json": json.dumps(manifest).encode()}
    with zipfile.ZipFile(backup, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)


@pytest.fixture
def current(tmp_path: Path) -> tuple[Path, Path]:
    """A backup of the demo catalogue, and another catalogue ("c", with its own data) to restore it into."""
    a = Catalogue.open(tmp_path / "a")
    load_demo(a)
    backup = tmp_path / "b.zip"
    write_backup(a.folder, backup)
    org = a.organisation()
    a.close()
    c = Catalogue.open(tmp_path / "c")
    c.save_organisation(org)  # type: ignore[arg-type]
    c.learners.save(factories.learner(id=None, uuid="", email="only.here@example.lt"))
    c.close()
    return backup, tmp_path / "c"


def _c_learners(folder: Path) -> list[str | None]:
    catalogue = Catalogue.open(folder)
    try:
        return [x.email for x in catalogue.learners.page()]
    finally:
        catalogue.close()


BAD_NAMES = ["assets/..", "assets/.", "assets/.hidden", "assets/", "assets/sub/logo.png", "assets/a\\b.png",
             "assets\\logo.png", "/etc/evil", "../evil", "catalogue.sqlite/x", "notes.txt", "assets/c:evil"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_member_names_outside_the_allow_list_are_refused(current: tuple[Path, Path], name: str) -> None:
    backup, c = current
    _rewrite(backup, {**_members(backup), name: b"\x89PNG not really"})
    before = _folder_state(c)
    with pytest.raises(UserError) as err:
        restore_backup(DataFolder(c), backup)
    assert "not a microcred backup" in str(err.value) or "damaged" in str(err.value)
    assert "Nothing was changed" in str(err.value)
    assert _folder_state(c) == before
    assert sorted(p.name for p in c.parent.iterdir()) == ["a", "b.zip", "c"]
    assert _c_learners(c) == ["only.here@example.lt"]


def test_a_zip_bomb_is_refused_quickly_without_reading_it(current: tuple[Path, Path], tmp_path: Path) -> None:
    backup, c = current
    members = _members(backup)
    manifest = json.loads(members["manifest.json"])
    size = 64 * 1024 * 1024  # packs to ~64 KB; a real one packs 4 GB into a few MB
    digest = hashlib.sha256()
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("catalogue.sqlite", "w", force_zip64=True) as out:
            zeros = bytes(1024 * 1024)
            for _i in range(size // len(zeros)):
                out.write(zeros)
                digest.update(zeros)
        manifest["files"] = {"catalogue.sqlite": digest.hexdigest()}
        z.writestr("manifest.json", json.dumps(manifest))
    assert bomb.stat().st_size < 1024 * 1024
    before = _folder_state(c)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(UserError, match="too large"):
            restore_backup(DataFolder(c), bomb)
        with pytest.raises(UserError, match="too large"):
            read_backup(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 8 * 1024 * 1024
    assert _folder_state(c) == before


def test_oversized_images_and_too_many_files_are_refused(current: tuple[Path, Path]) -> None:
    backup, c = current
    members = _members(backup)
    before = _folder_state(c)
    _rewrite(backup, {**members, "assets/huge.png": os.urandom(11 * 1024 * 1024)})
    with pytest.raises(UserError, match="too large"):
        restore_backup(DataFolder(c), backup)
    _rewrite(backup, {**members, **{f"assets/{i}.png": b"png" for i in range(60)}})
    with pytest.raises(UserError, match=r"holds 6[0-9] files"):
        restore_backup(DataFolder(c), backup)
    assert _folder_state(c) == before


def _without_sqlite_sidecars(state: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in state.items() if not name.endswith(("-wal", "-shm"))}


def test_a_failure_at_any_step_of_the_swap_leaves_the_current_catalogue(
        current: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    backup, c = current
    before = _without_sqlite_sidecars(_folder_state(c))
    real_replace = os.replace
    steps: list[str] = []
    fail_at = 0

    def flaky_replace(src: object, dst: object) -> None:
        steps.append(f"{Path(str(src)).name} -> {Path(str(dst)).name}")
        if len(steps) == fail_at:
            raise OSError(errno.EACCES, "Permission denied")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", flaky_replace)
    while True:  # fail the 1st move, then the 2nd…, until a restore gets through
        fail_at += 1
        steps.clear()
        try:
            kept = restore_backup(DataFolder(c), backup)
        except UserError as err:
            assert "could not be restored: Permission denied" in str(err)
            assert "was not changed" in str(err)
            # nor a half-made copy in backups/, nor unpacked files (SQLite's own -wal/-shm may come and go)
            assert _without_sqlite_sidecars(_folder_state(c)) == before, steps
            with monkeypatch.context() as m:
                m.setattr(os, "replace", real_replace)
                assert _c_learners(c) == ["only.here@example.lt"], steps
            continue
        break
    monkeypatch.undo()
    # every move was failed once: the current files moved aside, and the new catalogue and images moved in
    assert len(steps) == fail_at - 1 >= 4, steps
    assert steps[-2:] == ["catalogue.sqlite -> catalogue.sqlite", "assets -> assets"], steps
    assert kept is not None and len(_c_learners(c)) == 30


def test_a_full_disk_while_unpacking_leaves_the_current_catalogue(
        current: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    backup, c = current
    before = _folder_state(c)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError, match="could not be restored: No space left on device"):
        restore_backup(DataFolder(c), backup)
    monkeypatch.undo()
    assert _folder_state(c) == before
    assert _c_learners(c) == ["only.here@example.lt"]


def test_read_backup_checks_without_keeping_the_contents(current: tuple[Path, Path]) -> None:
    backup, _c = current
    manifest, names = read_backup(backup)
    assert manifest["format"] == "microcred-catalogue-backup"
    assert names == ["assets/logo.png", "catalogue.sqlite"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_restore_into_a_new_folder_makes_it_private(current: tuple[Path, Path], tmp_path: Path) -> None:
    backup, _c = current
    old = os.umask(0o022)
    try:
        restore_backup(DataFolder(tmp_path / "new"), backup)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "catalogue.sqlite").stat().st_mode) == 0o600
