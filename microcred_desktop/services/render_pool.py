"""Rendering beside the signing: certificates (reportlab) and page images (pdfium) in worker processes.

Only plain credential data crosses to the workers — never a key: signing stays in this process.
Workers import only what drawing needs (no database, no keychain, no JSON-LD), are started with "spawn"
(safe beside Qt's threads and on every OS) and live for one batch; small batches render in-process,
where starting workers would cost more than it saves.

A batch keeps this process busy too (sealing, signing, finishing and writing take about as long as drawing),
so there is one worker per core but one: on two cores, one worker and this process each have a core. Two
workers there made three busy processes share two cores, and each credential took more processor time
(switching, cold caches): 93-98 against 107-109 credentials a second, measured alternately.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

from ..domain.credential import CredentialDocument
from .display_image import Drawn, draw_credential
from .stopwatch import Stopwatch

MIN_BATCH_FOR_WORKERS = 12


def _leave_with_parent() -> None:
    """In a worker: end when the program that started it ends, even killed outright (kill -9, Task
    Manager), instead of lingering with a hundred megabytes."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _timed_draw(doc: CredentialDocument, template: str, issuer: str) -> tuple[Drawn, dict[str, float]]:
    clock = Stopwatch()
    drawn = draw_credential(doc, template, issuer, clock)
    return drawn, dict(clock.seconds)


class _Immediate(Executor):
    """An executor that runs each call at once, in this process."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future, like a pool does
            future.set_exception(exc)
        return future


def worker_count(batch_size: int, cores: int) -> int:
    """Render processes for a batch of `batch_size` on `cores` cores: one per core but the one this process
    keeps busy; none for a small batch or a single core."""
    return cores - 1 if batch_size >= MIN_BATCH_FOR_WORKERS and cores > 1 else 0


class RenderPool:
    def __init__(self, batch_size: int, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else worker_count(batch_size, os.cpu_count() or 1)
        self._executor: Executor = _Immediate()

    def __enter__(self) -> RenderPool:
        if self.workers >= 1:
            self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_leave_with_parent)
        return self

    def __exit__(self, *exc: object) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def draw(self, doc: CredentialDocument, template: str, issuer: str) -> Future[tuple[Drawn, dict[str, float]]]:
        """The credential's draft certificate and display images (see `draw_credential`), with the seconds
        each stage took."""
        return self._executor.submit(_timed_draw, doc, template, issuer)
