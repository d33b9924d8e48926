"""Data files the app ships: fonts, icons, templates, translations, vocabularies, JSON-LD contexts."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A shipped data file or folder, wherever the app runs from (source tree, wheel, frozen build)."""
    node: Traversable = files(__name__)
    for part in parts:
        node = node / part
    return node


def read_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")
