"""The cycle collector runs at the batch's pace during a batch, and the process's own setting comes back after."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring
from microcred_desktop.services.demo import load_demo
from microcred_desktop.services.gc_pace import BATCH_THRESHOLDS, batch_pace
from microcred_desktop.services.issue import issue_batch
from microcred_desktop.services.keys import KeyService
from microcred_desktop.storage.catalogue import Catalogue

OWN = (1234, 11, 12)  # a setting of the process's own, not CPython's default


@pytest.fixture
def own_setting():  # type: ignore[no-untyped-def]
    before = gc.get_threshold()
    gc.set_threshold(*OWN)
    yield
    gc.set_threshold(*before)


def test_the_pace_is_set_inside_and_the_own_setting_comes_back(own_setting) -> None:  # type: ignore[no-untyped-def]
    assert BATCH_THRESHOLDS[0] > gc.get_threshold()[0]
    with batch_pace():
        assert gc.get_threshold() == BATCH_THRESHOLDS
        with batch_pace():  # a second batch at once
            assert gc.get_threshold() == BATCH_THRESHOLDS
        assert gc.get_threshold() == BATCH_THRESHOLDS  # the first is still running
    assert gc.get_threshold() == OWN
    with pytest.raises(RuntimeError), batch_pace():
        raise RuntimeError("a batch that fails")
    assert gc.get_threshold() == OWN


def test_a_batch_runs_at_the_pace(own_setting, catalogue: Catalogue, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_demo(catalogue)
    keys = KeyService(catalogue, Keystore(MemoryKeyring()))
    keys.generate()
    course = catalogue.courses.require("FIRST-AID")
    views = catalogue.completions.for_course(course.id)  # type: ignore[arg-type]
    seen: list[tuple[int, int, int]] = []
    summary = issue_batch(catalogue, keys, course, views[:2], tmp_path, workers=0,
                          progress=lambda *_: seen.append(gc.get_threshold()))
    assert len(summary.issued) == 2
    assert seen[1:] and set(seen[1:]) == {BATCH_THRESHOLDS}  # each credential done at the pace
    assert gc.get_threshold() == OWN
