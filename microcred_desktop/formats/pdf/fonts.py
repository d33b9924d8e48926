"""The certificate's fonts (Noto Serif and Noto Sans, SIL OFL, shipped in resources/fonts/) and text fitting.

Noto covers Latin with every EU diacritic, Greek and Cyrillic; reportlab embeds a subset of each font
with a ToUnicode map, so copied or extracted text is exactly the text that was typed.
"""

from __future__ import annotations

import io
import math
import re
import threading
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from microcred_desktop.resources import resource

from .subsets import remember_subsets

SERIF = "NotoSerif"
SERIF_BOLD = "NotoSerif-Bold"
SANS = "NotoSans"
SANS_BOLD = "NotoSans-Bold"

_FILES = {
    SERIF: "NotoSerif-Regular.ttf",
    SERIF_BOLD: "NotoSerif-Bold.ttf",
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts with reportlab once per process (parsing a TTF costs tens of milliseconds)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            font = TTFont(name, io.BytesIO(resource("fonts", filename).read_bytes()))
            pdfmetrics.registerFont(remember_subsets(font))
        # Families for <b>/<i> in paragraphs; no italics are shipped (none are drawn), so <i> stays upright.
        for family, normal, bold, italic in (
            (SERIF, SERIF, SERIF_BOLD, SERIF),
            (SANS, SANS, SANS_BOLD, SANS),
        ):
            addMapping(family, 0, 0, normal)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, italic)
            addMapping(family, 1, 1, bold)
        _registered = True


def width(text: str, font: str, size: float, char_space: float = 0.0) -> float:
    return pdfmetrics.stringWidth(text, font, size) + char_space * max(len(text) - 1, 0)


def _pieces(text: str, font: str, size: float, max_width: float) -> list[tuple[str, bool]]:
    """Words as (piece, glued): a word too long for a line is cut after its hyphens, then anywhere;
    `glued` pieces continue the previous one without a space."""
    pieces: list[tuple[str, bool]] = []
    for word in text.split():
        parts = [word] if width(word, font, size) <= max_width else re.split(r"(?<=-)(?=.)", word)
        for index, part in enumerate(parts):
            glued = index > 0
            while width(part, font, size) > max_width and len(part) > 1:
                cut = len(part) - 1
                while cut > 1 and width(part[:cut], font, size) > max_width:
                    cut -= 1
                pieces.append((part[:cut], glued))
                part, glued = part[cut:], True
            pieces.append((part, glued))
    return pieces


def wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """`text` broken into lines no wider than `max_width`: at spaces, then inside long words after a
    hyphen, then anywhere."""
    lines: list[str] = []
    current = ""
    for piece, glued in _pieces(text, font, size, max_width):
        candidate = (current + piece if glued else f"{current} {piece}") if current else piece
        if width(candidate, font, size) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = piece
    if current:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Fitted:
    """Text set in as few lines as the rules allow, at the largest size that fits."""

    lines: tuple[str, ...]
    size: float


def _ellipsize(line: str, font: str, size: float, max_width: float) -> str:
    while line and width(line + "…", font, size) > max_width:
        line = line[:-1].rstrip()
    return line + "…"


def _wrapped(text: str, font: str, size: float, floor: float, max_width: float, max_lines: int) -> Fitted:
    """Wrapped at `size`, shrinking by half points to `floor`; past that the last line ends in "…"."""
    while True:
        lines = wrap(text, font, size, max_width)
        if len(lines) <= max_lines:
            return Fitted(tuple(lines), size)
        if size - 0.5 < floor:
            kept = [*lines[: max_lines - 1], _ellipsize(lines[max_lines - 1], font, size, max_width)]
            return Fitted(tuple(kept), size)
        size -= 0.5


def fit_line(text: str, font: str, *, max_size: float, min_size: float, max_width: float,
             max_lines: int = 3, floor_size: float | None = None) -> Fitted:
    """One line, shrunk from `max_size` to `min_size` to fit; longer text wraps at `min_size` into
    up to `max_lines` lines (shrinking on towards `floor_size`)."""
    text = " ".join(text.split())
    one_pt = width(text, font, 1.0)
    if not one_pt:
        return Fitted((), max_size)
    size = min(max_size, math.floor(max_width / one_pt * 4) / 4)
    if size >= min_size:
        return Fitted((text,), size)
    return _wrapped(text, font, min_size, floor_size or min_size, max_width, max_lines)


def fit_lines(text: str, font: str, *, max_size: float, min_size: float, max_width: float,
              max_lines: int = 2) -> Fitted:
    """Up to `max_lines` lines at the largest size from `max_size` down to `min_size` that holds them."""
    return _wrapped(" ".join(text.split()), font, max_size, min_size, max_width, max_lines)
