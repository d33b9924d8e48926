"""Long work off the GUI thread: services run on a QThreadPool; progress and results come back as signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class CancelFlag:
    """Set by the GUI, read by the service between items."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def __bool__(self) -> bool:
        return self._event.is_set()


class TaskSignals(QObject):
    progress = Signal(int, int, str)  # done, total, message
    finished = Signal(object)
    failed = Signal(object)  # the exception


class Task(QRunnable):
    """Runs fn(progress=..., cancel=...) or fn() and reports through `signals`."""

    def __init__(self, fn: Callable[..., Any], with_progress: bool = False) -> None:
        super().__init__()
        self.fn = fn
        self.with_progress = with_progress
        self.signals = TaskSignals()
        self.cancel_flag = CancelFlag()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.fn(progress=self._progress, cancel=self.cancel_flag)
            else:
                result = self.fn()
        except Exception as exc:  # reported to the GUI, which tells a user error from a bug
            log.debug("task failed", exc_info=True)
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)

    def _progress(self, done: int, total: int, message: str = "") -> None:
        self.signals.progress.emit(done, total, message)


class TaskRunner:
    """Starts tasks on a pool; keeps them alive until they end. Tests may swap in run_sync=True."""

    def __init__(self, run_sync: bool = False) -> None:
        self.pool = QThreadPool.globalInstance()
        self.run_sync = run_sync
        self._running: set[Task] = set()

    def start(self, fn: Callable[..., Any], on_done: Callable[[Any], None], on_error: Callable[[Exception], None],
              on_progress: Callable[[int, int, str], None] | None = None) -> Task:
        task = Task(fn, with_progress=on_progress is not None)
        task.signals.finished.connect(on_done)
        task.signals.failed.connect(on_error)
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        self._running.add(task)
        task.signals.finished.connect(lambda _r: self._running.discard(task))
        task.signals.failed.connect(lambda _e: self._running.discard(task))
        if self.run_sync:
            task.run()
        else:
            self.pool.start(task)
        return task

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
