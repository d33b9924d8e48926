"""Rendering beside the signing: certificates (reportlab) and page images (pdfium) in worker processes.

Only plain credential data crosses to the workers — never a key: signing stays in this process.
Workers import only what drawing needs (no database, no keychain, no JSON-LD), are started with "spawn"
(safe beside Qt's threads and on every OS) and live for one batch; small batches render in-process,
where starting workers would cost more than it saves.

A batch keeps this process busy too (sealing, signing, finishing and writing take about as long as drawing),
so there is one worker per core but one: on two cores, one worker and this process each have a core. Two
workers there made three busy processes share two cores, and each credential took more processor time
(switching, cold caches): 93-98 against 107-109 credentials a second, measured alternately.

Each worker has one connection: the batch's thread sends it credentials and reads their drawings back in
the order sent, with no thread of this process in between (a process pool's manager and feeder threads
woke three times a credential, each wake a handoff of the interpreter lock). In the worker, a sending
thread writes each drawing while the next is drawn, so the worker never waits for this process to read.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import queue
import threading
from collections import deque
from concurrent.futures import Future
from typing import Any, Protocol

from ..domain.credential import CredentialDocument
from ..i18n import _
from .display_image import Drawn, draw_credential
from .stopwatch import Stopwatch

log = logging.getLogger(__name__)
MIN_BATCH_FOR_WORKERS = 12
STOP = None  # sent to a worker: no more credentials
Result = tuple[Drawn, dict[str, float]]


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


def _timed_draw(doc: CredentialDocument, template: str, issuer: str) -> Result:
    clock = Stopwatch()
    drawn = draw_credential(doc, template, issuer, clock)
    return drawn, dict(clock.seconds)


def _outcome(job: tuple[CredentialDocument, str, str]) -> bytes:
    """A job's drawing, or the error that stopped it, pickled for the connection."""
    try:
        return pickle.dumps((True, _timed_draw(*job)), pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # the batch reports it for this credential and goes on
        try:
            return pickle.dumps((False, error), pickle.HIGHEST_PROTOCOL)
        except Exception:  # an error that cannot cross processes: its text can
            return pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")), pickle.HIGHEST_PROTOCOL)


def _serve(connection: multiprocessing.connection.Connection) -> None:
    """A worker's life: draw each credential received, in order, until told to stop or left alone."""
    _leave_with_parent()
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def send() -> None:
        while (message := outbox.get()) is not None:
            try:
                connection.send_bytes(message)
            except OSError:  # the batch is over (closed or cancelled): nobody reads any more
                os._exit(0)

    sender = threading.Thread(target=send, name="send-drawings", daemon=True)
    sender.start()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            break
        if job is STOP:
            break
        outbox.put(_outcome(job))
    outbox.put(None)
    sender.join()


class WorkerLost(RuntimeError):
    """A render process ended in the middle of a batch (killed, or out of memory)."""


class _Worker:
    """One render process and its connection; used from one thread (the batch's)."""

    def __init__(self, context: Any) -> None:
        self.connection, theirs = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(theirs,), name="microcred-render", daemon=True)
        self.process.start()
        theirs.close()
        self.waiting: deque[Future[Result]] = deque()  # sent, in order, not yet read back
        self.lost: str | None = None

    def send(self, job: tuple[CredentialDocument, str, str]) -> Future[Result]:
        future: Future[Result] = Future()
        if self.lost is None:
            try:
                self.connection.send(job)
            except OSError as error:
                self.lost = str(error) or type(error).__name__
        self.waiting.append(future)
        if self.lost is not None:
            self._fail_waiting()
        return future

    def receive(self) -> None:
        """The next drawing back (waiting for it), into the future of the credential sent first and not yet
        answered."""
        try:
            ok, value = self.connection.recv()  # from our own worker, pickled by `_outcome`
        except (EOFError, OSError) as error:
            self.lost = self.lost or (str(error) or type(error).__name__)
            self._fail_waiting()
            return
        future = self.waiting.popleft()
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    def _fail_waiting(self) -> None:
        self.process.join(timeout=1)  # a process that died: its exit code, for the log
        log.warning("render process %s lost (exit code %s, %s)", self.process.pid, self.process.exitcode, self.lost)
        while self.waiting:
            self.waiting.popleft().set_exception(WorkerLost(_("the drawing process stopped unexpectedly")))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.send(STOP)
        self.connection.close()
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class Drawing(Protocol):
    """A credential's drawing, ready or to come: a `Future` when drawn in this process."""

    def done(self) -> bool: ...

    def result(self, timeout: float | None = None) -> Result: ...


class _Answer:
    """A drawing from a worker: it is read back on the thread that asks for it, when it asks."""

    def __init__(self, worker: _Worker, inner: Future[Result]) -> None:
        self._worker, self._inner = worker, inner

    def done(self) -> bool:
        return self._inner.done()

    def result(self, timeout: float | None = None) -> Result:
        while not self._inner.done():
            if timeout is not None and not self._worker.connection.poll(timeout):
                raise TimeoutError("no drawing within the time")
            self._worker.receive()
        return self._inner.result()


def worker_count(batch_size: int, cores: int) -> int:
    """Render processes for a batch of `batch_size` on `cores` cores: one per core but the one this process
    keeps busy; none for a small batch or a single core."""
    return cores - 1 if batch_size >= MIN_BATCH_FOR_WORKERS and cores > 1 else 0


class RenderPool:
    def __init__(self, batch_size: int, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else worker_count(batch_size, os.cpu_count() or 1)
        self._processes: list[_Worker] = []
        self._sent = 0

    def __enter__(self) -> RenderPool:
        if self.workers >= 1:
            context = multiprocessing.get_context("spawn")
            self._processes = [_Worker(context) for _ in range(self.workers)]
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._processes:
            worker.close()
        self._processes = []

    def draw(self, doc: CredentialDocument, template: str, issuer: str) -> Drawing:
        """The credential's draft certificate and display images (see `draw_credential`), with the seconds
        each stage took. With workers, its `result()` reads it back on the calling thread."""
        if not self._processes:
            future: Future[Result] = Future()
            try:
                future.set_result(_timed_draw(doc, template, issuer))
            except Exception as error:  # handed to the caller through the future, like a worker's
                future.set_exception(error)
            return future
        worker = self._processes[self._sent % len(self._processes)]
        self._sent += 1
        return _Answer(worker, worker.send((doc, template, issuer)))
