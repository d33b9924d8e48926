"""Exporting a credential again: a copy when intact, the same content rebuilt when not, never other content."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring
from microcred_desktop.domain.errors import UserError
from microcred_desktop.services.demo import load_demo
from microcred_desktop.services.export import export_credential
from microcred_desktop.services.issue import issue_batch
from microcred_desktop.services.keys import KeyService
from microcred_desktop.storage.catalogue import Catalogue


@pytest.fixture
def issued(catalogue: Catalogue, tmp_path: Path):  # type: ignore[no-untyped-def]
    load_demo(catalogue)
    keys = KeyService(catalogue, Keystore(MemoryKeyring()))
    keys.generate()
    course = catalogue.courses.require("WELD-01")
    record = issue_batch(catalogue, keys, course, catalogue.completions.for_course(course.id)[:1],  # type: ignore[arg-type]
                         tmp_path / "out").issued[0]
    return catalogue, keys, record


def test_intact_files_are_copied(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue, keys, record = issued
    paths = export_credential(catalogue, keys, record.uuid, tmp_path / "copy")
    assert sorted(p.name for p in paths) == sorted(f["name"] for f in record.files.values())
    for path in paths:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == record.files[
            next(k for k, f in record.files.items() if f["name"] == path.name)]["sha256"]


def test_missing_files_are_rebuilt_with_the_same_content(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue, keys, record = issued
    (Path(record.folder) / record.files["pdf"]["name"]).unlink()
    paths = {p.name: p for p in export_credential(catalogue, keys, record.uuid, tmp_path / "again")}
    unsigned = paths[record.files["edc_unsigned"]["name"]].read_bytes()
    assert hashlib.sha256(unsigned).hexdigest() == record.files["edc_unsigned"]["sha256"]


def test_a_changed_catalogue_is_not_rebuilt_under_the_same_id(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue, keys, record = issued
    (Path(record.folder) / record.files["pdf"]["name"]).unlink()
    learner = catalogue.learners.get(record.learner_id)
    catalogue.learners.save(replace(learner, family_name="Pakeista"))
    with pytest.raises(UserError, match="cannot be made again exactly"):
        export_credential(catalogue, keys, record.uuid, tmp_path / "again")


def test_a_revoked_credential_is_not_exported(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue, keys, record = issued
    catalogue.issued.revoke(record.uuid, "issued by mistake")
    with pytest.raises(UserError, match="revoked"):
        export_credential(catalogue, keys, record.uuid, tmp_path / "again")
