import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from microcred_desktop.domain.errors import UserError
from microcred_desktop.storage.catalogue import Catalogue, DataFolder
from microcred_desktop.storage.db import make_engine
from microcred_desktop.storage.migrate import head_revision, migrate, stored_revision


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_upgrade_from_first_revision_keeps_data_and_a_copy(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path)
    engine = make_engine(folder.database)
    migrate(engine, folder.database, folder.backups, target="0001")
    engine.dispose()
    assert stored_revision(folder.database) == "0001"
    con = sqlite3.connect(folder.database)
    con.execute(
        "INSERT INTO learner (uuid, given_name, family_name, email, notes, search_text, created_at, updated_at) "
        "VALUES ('u-1', 'Jānis', 'Bērziņš', 'janis@example.lv', '', 'janis berzins', '2026-01-01', '2026-01-01')"
    )
    con.commit()
    con.close()

    catalogue = Catalogue.open(tmp_path)
    try:
        assert stored_revision(folder.database) == head_revision() != "0001"
        learners = catalogue.learners.page()
        assert [(x.given_name, x.family_name, x.email) for x in learners] == [
            ("Jānis", "Bērziņš", "janis@example.lv")
        ]
        copy = catalogue.pre_migration_copy
        assert copy is not None and copy.exists() and copy.parent == folder.backups
        assert stored_revision(copy) == "0001"
        # the new tables exist and work
        assert catalogue.audit.entries() == []
    finally:
        catalogue.close()


def test_newer_database_is_refused_and_untouched(tmp_path: Path) -> None:
    Catalogue.open(tmp_path).close()
    db = DataFolder(tmp_path).database
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = _digest(db)
    with pytest.raises(UserError) as err:
        Catalogue.open(tmp_path)
    assert "newer version" in str(err.value)
    assert "Nothing was changed" in str(err.value)
    assert _digest(db) == before


def test_damaged_database_gives_a_clear_message(tmp_path: Path) -> None:
    db = DataFolder(tmp_path).database
    tmp_path.mkdir(exist_ok=True)
    db.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(UserError) as err:
        Catalogue.open(tmp_path)
    assert "damaged" in str(err.value)


def test_pragmas(catalogue: Catalogue) -> None:
    with catalogue.sessions() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@pytest.mark.skipif(sys.platform == "win32", reason="'?' cannot be in a Windows file name")
def test_upgrade_in_a_folder_with_uri_characters_keeps_a_full_copy(tmp_path: Path) -> None:
    root = tmp_path / "data #8 ?x %41"
    root.mkdir()
    folder = DataFolder(root)
    engine = make_engine(folder.database)
    migrate(engine, folder.database, folder.backups, target="0001")
    engine.dispose()
    assert stored_revision(folder.database) == "0001"
    con = sqlite3.connect(folder.database)
    con.execute(
        "INSERT INTO learner (uuid, given_name, family_name, email, notes, search_text, created_at, updated_at) "
        "VALUES ('u-1', 'Jonas', 'Kazlauskas', 'jonas@example.lt', '', 'jonas kazlauskas', '2026-01-01', "
        "'2026-01-01')"
    )
    con.commit()
    con.close()

    catalogue = Catalogue.open(root)
    try:
        copy = catalogue.pre_migration_copy
        assert copy is not None and copy.parent == folder.backups
        con = sqlite3.connect(copy)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"learner", "alembic_version"} <= tables
        assert con.execute("SELECT email FROM learner").fetchall() == [("jonas@example.lt",)]
        con.close()
        assert [x.email for x in catalogue.learners.page()] == ["jonas@example.lt"]
    finally:
        catalogue.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [root.name]


OPEN_AND_COUNT = """
import sys
from pathlib import Path
from microcred_desktop.storage.catalogue import Catalogue
catalogue = Catalogue.open(Path(sys.argv[1]))
print(len(catalogue.courses.all()))
catalogue.close()
"""


def test_programs_opening_a_new_catalogue_at_once_take_turns(tmp_path: Path) -> None:
    """The window and the command line started together on an empty folder: without the upgrade lock
    two of three such programs crashed with "table ... already exists" in most rounds."""
    for round_ in range(4):
        folder = tmp_path / f"data{round_}"
        runs = [subprocess.Popen([sys.executable, "-c", OPEN_AND_COUNT, str(folder)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(3)]
        results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
        assert [(code, out.strip()) for code, out, _err in results] == [(0, "0")] * 3, results
