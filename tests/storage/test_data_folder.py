"""The data folder: private when created, a clear message when it cannot be used, disk errors as sentences."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from microcred_desktop.domain.errors import UserError
from microcred_desktop.storage import catalogue as catalogue_module
from microcred_desktop.storage.catalogue import Catalogue

from .. import factories


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():  # type: ignore[no-untyped-def]
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.usefixtures("umask_022")
def test_a_new_data_folder_and_catalogue_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    root = tmp_path / "new" / "data"
    catalogue = Catalogue.open(root)
    try:
        catalogue.learners.save(factories.learner(id=None, uuid=""))
        assert _mode(root) == 0o700
        assert _mode(root / "catalogue.sqlite") == 0o600
        for sidecar in ("catalogue.sqlite-wal", "catalogue.sqlite-shm"):  # SQLite gives them the file's mode
            if (root / sidecar).exists():
                assert _mode(root / sidecar) == 0o600
    finally:
        catalogue.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.usefixtures("umask_022")
def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    root = tmp_path / "shared"
    root.mkdir()
    root.chmod(0o750)
    Catalogue.open(root).close()
    assert _mode(root) == 0o750
    assert _mode(root / "catalogue.sqlite") == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.usefixtures("umask_022")
def test_the_pre_migration_copy_is_private_too(tmp_path: Path) -> None:
    from microcred_desktop.storage.db import make_engine
    from microcred_desktop.storage.migrate import migrate

    root = tmp_path / "data"
    root.mkdir()
    engine = make_engine(root / "catalogue.sqlite")
    migrate(engine, root / "catalogue.sqlite", root / "backups", target="0001")
    engine.dispose()
    catalogue = Catalogue.open(root)
    try:
        assert catalogue.pre_migration_copy is not None
        assert _mode(catalogue.pre_migration_copy) == 0o600
    finally:
        catalogue.close()


def test_a_file_as_the_data_folder_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a folder")
    with pytest.raises(UserError) as err:
        Catalogue.open(path)
    assert "is not a folder microcred can use: it is a file" in str(err.value)
    assert path.read_text() == "not a folder"
    with pytest.raises(UserError, match="not a folder microcred can use"):
        Catalogue.open(path / "data")  # below a file


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_an_uncreatable_data_folder_is_a_user_error() -> None:
    with pytest.raises(UserError, match="/proc/nope is not a folder microcred can use: No such file"):
        Catalogue.open(Path("/proc/nope"))


def test_a_disk_error_saving_the_organisation_is_a_user_error(
        catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    org = factories.organisation()
    catalogue.save_organisation(org)

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(catalogue_module, "write_atomic", full)
    renamed = factories.organisation(short_name="Renamed")
    with pytest.raises(UserError, match=r"could not be saved.*No space left on device"):
        catalogue.save_organisation(renamed, logo=b"\x89PNG...")
    saved = catalogue.organisation()
    assert saved is not None and saved.short_name == org.short_name  # the change was rolled back
