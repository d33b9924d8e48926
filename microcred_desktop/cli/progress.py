"""A progress bar on the terminal (stderr), silent when the output is not a terminal."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, label: str = "", width: int = 30) -> None:
        self.label = label
        self.width = width
        self.started = time.monotonic()
        self.enabled = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = int(self.width * done / total)
        elapsed = now - self.started
        left = elapsed / done * (total - done) if done else 0
        eta = f" {int(left // 60)}:{int(left % 60):02d}" if done and done < total else ""
        text = f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}{eta} {message[:30]:<30}"
        sys.stderr.write(text)
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
