"""The log file in the data folder. Nothing secret is ever logged (no key material, no passwords)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def setup_logging(folder: Path, verbose: bool = False) -> Path | None:
    """Log to <data>/logs/microcred.log (rotated); returns the path, or None when it cannot be written."""
    root = logging.getLogger("microcred_desktop")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_microcred", False):
            root.removeHandler(handler)
            handler.close()
    try:
        if not folder.parent.exists():  # a new data folder: private to its user, as the catalogue makes it
            folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / "microcred.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._microcred = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
