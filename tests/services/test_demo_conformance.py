"""Files issued for the demo catalogue pass the official EDC shapes and the Open Badges 3.0 schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microcred_desktop.crypto.jades import verify_jades
from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring
from microcred_desktop.formats.edc.shapes import dropped_terms, shape_report
from microcred_desktop.formats.ob3.schema import schema_errors
from microcred_desktop.services.demo import COURSES, load_demo
from microcred_desktop.services.issue import issue_batch
from microcred_desktop.services.keys import KeyService
from microcred_desktop.storage.catalogue import Catalogue


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("demo")
    catalogue = Catalogue.open(root / "data")
    load_demo(catalogue)
    keys = KeyService(catalogue, Keystore(MemoryKeyring()))
    keys.generate()
    records = []
    for course in catalogue.courses.all():
        views = catalogue.completions.for_course(course.id)  # type: ignore[arg-type]
        records += issue_batch(catalogue, keys, course, views[:1], root / "out").issued
    catalogue.close()
    return root / "out", records


@pytest.mark.slow
def test_every_demo_course_gives_a_conforming_edc(issued) -> None:  # type: ignore[no-untyped-def]
    out, records = issued
    assert len(records) == len(COURSES)
    for record in records:
        payload = json.loads(verify_jades(json.loads((out / record.files["edc"]["name"]).read_bytes())).payload)
        assert shape_report(payload) == [], record.course_title
        assert dropped_terms(payload) == [], record.course_title
        unsigned = json.loads((out / record.files["edc_unsigned"]["name"]).read_bytes())
        assert set(unsigned) == {"credential"}


def test_every_demo_course_gives_a_schema_valid_badge(issued) -> None:  # type: ignore[no-untyped-def]
    out, records = issued
    for record in records:
        badge = json.loads((out / record.files["ob3"]["name"]).read_bytes())
        assert schema_errors(badge) == [], record.course_title
