"""How many render processes a batch gets, and that the pool's drawing is the in-process drawing: in order,
errors handed back per credential, a lost process reported and the batch's end never waiting on it."""

from __future__ import annotations

import os
import signal
import time
from uuid import UUID

import pytest

from microcred_desktop.services.display_image import draw_credential
from microcred_desktop.services.render_pool import MIN_BATCH_FOR_WORKERS, RenderPool, WorkerLost, worker_count
from tests.factories import document, learner

ISSUER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def _docs(count: int) -> list:
    return [document(uuid=UUID(int=i + 1), learner=learner(given_name=f"Vardas{i}", family_name=f"Pavardė{i}"))
            for i in range(count)]


def test_one_worker_per_core_but_the_one_the_app_keeps_busy() -> None:
    big = MIN_BATCH_FOR_WORKERS
    assert worker_count(2000, 2) == 1
    assert worker_count(2000, 8) == 7
    assert worker_count(2000, 1) == 0  # one core: drawn in the app's process
    assert worker_count(big - 1, 8) == 0  # a small batch: starting a process costs more than it saves
    assert worker_count(big, 2) == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_are_processes_of_their_own_and_draw_the_same_in_order(workers: int) -> None:
    docs = _docs(5)
    with RenderPool(100, workers=workers) as pool:
        pids = {worker.process.pid for worker in pool._processes}
        assert len(pids) == workers and os.getpid() not in pids
        drawings = [pool.draw(doc, "formal", ISSUER) for doc in docs]
        results = [drawing.result(timeout=120) for drawing in drawings]
    for doc, (drawn, seconds) in zip(docs, results, strict=True):
        alone = draw_credential(doc, "formal", ISSUER)
        assert drawn.draft == alone.draft and drawn.images == alone.images
        assert seconds["pdf"] > 0


def test_answers_asked_for_out_of_order_are_each_their_own() -> None:
    docs = _docs(3)
    with RenderPool(100, workers=1) as pool:
        drawings = [pool.draw(doc, "formal", ISSUER) for doc in docs]
        last = drawings[2].result(timeout=120)[0]
        first = drawings[0].result(timeout=120)[0]
        assert drawings[1].done()  # read on the way to the last
    assert first.draft == draw_credential(docs[0], "formal", ISSUER).draft
    assert last.draft == draw_credential(docs[2], "formal", ISSUER).draft


def test_an_error_is_handed_back_for_its_credential_and_the_next_is_drawn() -> None:
    good, other = _docs(2)
    with RenderPool(100, workers=1) as pool:
        failing = pool.draw(good, "no-such-design", ISSUER)
        after = pool.draw(other, "formal", ISSUER)
        with pytest.raises(ValueError, match="no-such-design"):
            failing.result(timeout=120)
        assert after.result(timeout=120)[0].draft == draw_credential(other, "formal", ISSUER).draft


def test_a_killed_worker_fails_its_credentials_with_a_message_and_the_batch_ends() -> None:
    docs = _docs(4)
    with RenderPool(100, workers=1) as pool:
        drawn = pool.draw(docs[0], "formal", ISSUER).result(timeout=120)  # the worker is up and drawing
        assert drawn[0].draft
        waiting = pool.draw(docs[1], "formal", ISSUER)
        os.kill(pool._processes[0].process.pid, signal.SIGKILL)
        with pytest.raises(WorkerLost, match="stopped unexpectedly"):
            waiting.result(timeout=120)
        with pytest.raises(WorkerLost):
            pool.draw(docs[2], "formal", ISSUER).result(timeout=120)


def test_leaving_with_drawings_unread_ends_the_workers_at_once() -> None:
    docs = _docs(6)
    with RenderPool(100, workers=1) as pool:
        process = pool._processes[0].process
        for doc in docs:  # a cancelled batch: sent, never read
            pool.draw(doc, "formal", ISSUER)
        started = time.monotonic()
    assert not process.is_alive()
    assert time.monotonic() - started < 8  # not the kill after ten seconds


def test_a_small_batch_draws_in_this_process() -> None:
    doc = _docs(1)[0]
    with RenderPool(MIN_BATCH_FOR_WORKERS - 1) as pool:
        assert pool.workers == 0 and not pool._processes
        drawn, _seconds = pool.draw(doc, "formal", ISSUER).result()
    assert drawn.draft == draw_credential(doc, "formal", ISSUER).draft


def test_a_worker_loads_only_what_drawing_needs() -> None:
    """What a render process imports, in a fresh interpreter (the import-linter contract sees imports between
    modules, not a package's `__init__` run on the way to its modules)."""
    import subprocess
    import sys

    heavy = ["pypdf", "sqlalchemy", "keyring", "pyld", "PySide6", "microcred_desktop.storage",
             "microcred_desktop.formats.edc", "microcred_desktop.formats.ob3"]
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, microcred_desktop.services.render_pool as _\n"
         f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"],
        check=True, capture_output=True, text=True).stdout.split()
    assert loaded == []
