"""Where the data folder is: --data-dir, else MICROCRED_DATA_DIR, else the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

from . import APP_NAME


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=True))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("MICROCRED_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return default_data_dir()
