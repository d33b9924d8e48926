"""Python's cycle collector, paced for a batch in the app's process.

CPython looks for reference cycles among its youngest objects each time 700 more container objects have been
made than freed, and through the whole heap when enough have grown old. The app's heap is large (the
catalogue's records, SQLAlchemy, the JSON-LD contexts). `bench/issue_bench.py 2000` (its setup and a batch of
2,000 credentials) ran the collector about 590 times in the app's process, four of them through the whole
heap, each stopping the batch's threads: 290-330 ms in all (timed with `gc.callbacks`). With the batch paced
(the youngest generation collected after 20,000), 150 ms, most of it in the setup; peak memory did not change:
what a credential leaves in cycles is small, and collected a few dozen credentials later. (The render workers
keep CPython's setting: their heap is small, and paced alike they measured no quicker.)

The setting is the process's; a batch sets it for its own time and puts back what was there.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BATCH_THRESHOLDS = (20_000, 20, 10)  # youngest generation, middle, oldest (CPython's default: 700, 10, 10)

_lock = threading.Lock()
_depth = 0
_before: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def batch_pace() -> Iterator[None]:
    """The cycle collector at the batch's pace while inside (batches at once share it; the last to end puts
    back the process's own setting)."""
    global _depth, _before
    with _lock:
        if _depth == 0:
            _before = gc.get_threshold()
            gc.set_threshold(*BATCH_THRESHOLDS)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_before)
