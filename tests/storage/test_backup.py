import json
import zipfile
from pathlib import Path

import pytest

from microcred_desktop.domain.errors import UserError
from microcred_desktop.services.course_file import course_to_json
from microcred_desktop.services.demo import load_demo
from microcred_desktop.storage.backup import restore_backup, write_backup
from microcred_desktop.storage.catalogue import Catalogue, DataFolder


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
