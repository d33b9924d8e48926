"""The built-in certificate designs: "formal" and "volunteering". Same data and QR, different dress.

A design is data (fonts, colours, sizes) plus one painter for the page-1 background. Painters draw a
handful of vector shapes whose geometry is computed once at import, so a batch pays almost nothing for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 20 * mm  # nothing is drawn closer to the paper's edge
DEFAULT_ACCENT = "#1f5fa8"
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def _luminance(colour: Color) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red) + 0.7152 * channel(colour.green) + 0.0722 * channel(colour.blue)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: Color, b: Color, share_of_b: float) -> Color:
    return Color(*(x + (y - x) * share_of_b for x, y in zip(a.rgb(), b.rgb(), strict=True)))


@cache
def accent_colours(hex_colour: str, paper_hex: str) -> tuple[Color, Color]:
    """(the organisation's accent for shapes, a version dark enough for text on `paper_hex`: WCAG AA 4.5:1)."""
    match = _HEX.match(hex_colour.strip())
    accent = HexColor("#" + (match.group(1) if match else DEFAULT_ACCENT[1:]))
    paper = HexColor(paper_hex)
    text = accent
    black = Color(0, 0, 0)
    for step in range(1, 21):
        if contrast(text, paper) >= 4.5:
            break
        text = mix(accent, black, step * 0.05)
    return accent, text


@dataclass(frozen=True)
class Palette:
    accent: Color  # shapes and rules
    accent_text: Color  # headings in the accent colour, contrast-checked
    ink: Color  # the learner's name and course title
    muted: Color  # fixed wording
    faint: Color  # second language, small print
    paper: Color  # the panel behind the text (white for formal)
    soft: Color  # a pale tint of the accent for fills


@dataclass(frozen=True)
class Design:
    """A certificate design. Sizes in points."""

    name: str
    heading_font: str
    heading_size: float
    heading_upper: bool
    heading_char_space: float
    name_font: str
    name_max: float
    title_font: str
    body_font: str
    body_bold: str
    paper_hex: str
    ink_hex: str
    warm_hex: str  # a second decoration colour (volunteering), else the accent
    painter: Callable[[Canvas, Palette], None]
    rule: str  # "diamond" (a thin rule with a small diamond) or "dots"

    def palette(self, accent_hex: str) -> Palette:
        accent, accent_text = accent_colours(accent_hex, self.paper_hex)
        paper = HexColor(self.paper_hex)
        ink = HexColor(self.ink_hex)
        return Palette(
            accent=accent,
            accent_text=accent_text,
            ink=ink,
            muted=mix(ink, paper, 0.25),
            faint=mix(ink, paper, 0.45),
            paper=paper,
            soft=mix(accent, white, 0.88),
        )


def _paint_formal(c: Canvas, p: Palette) -> None:
    outer, inner = MARGIN, MARGIN + 2.2 * mm
    c.setStrokeColor(p.accent)
    c.setLineWidth(1.6)
    c.rect(outer, outer, PAGE_W - 2 * outer, PAGE_H - 2 * outer, stroke=1, fill=0)
    c.setLineWidth(0.5)
    c.rect(inner, inner, PAGE_W - 2 * inner, PAGE_H - 2 * inner, stroke=1, fill=0)
    c.setFillColor(p.accent)
    d = 1.6 * mm
    for x, y in _FORMAL_CORNERS:
        path = c.beginPath()
        path.moveTo(x, y - d)
        path.lineTo(x + d, y)
        path.lineTo(x, y + d)
        path.lineTo(x - d, y)
        path.close()
        c.drawPath(path, stroke=0, fill=1)


_FORMAL_CORNERS = tuple(
    (x, y)
    for x in (MARGIN + 1.1 * mm, PAGE_W - MARGIN - 1.1 * mm)
    for y in (MARGIN + 1.1 * mm, PAGE_H - MARGIN - 1.1 * mm)
)

# Circles (centre x, centre y, radius, colour index) clipped to the panel: soft shapes in three corners,
# none bottom right where the QR code sits.
_BUBBLES = (
    (MARGIN + 8 * mm, PAGE_H - MARGIN - 6 * mm, 30 * mm, 0),
    (MARGIN + 34 * mm, PAGE_H - MARGIN + 4 * mm, 14 * mm, 1),
    (PAGE_W - MARGIN - 4 * mm, PAGE_H - MARGIN - 10 * mm, 24 * mm, 1),
    (PAGE_W - MARGIN - 34 * mm, PAGE_H - MARGIN + 2 * mm, 9 * mm, 0),
    (MARGIN - 4 * mm, MARGIN + 6 * mm, 22 * mm, 1),
)
_RADIUS = 7 * mm


def _paint_volunteering(c: Canvas, p: Palette) -> None:
    x, y, w, h = MARGIN, MARGIN, PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN
    c.saveState()
    c.setFillColor(p.paper)
    c.setStrokeColor(p.accent)
    c.setLineWidth(1.2)
    c.roundRect(x, y, w, h, _RADIUS, stroke=0, fill=1)
    clip = c.beginPath()
    clip.roundRect(x, y, w, h, _RADIUS)
    c.clipPath(clip, stroke=0, fill=0)
    tints = (mix(p.accent, p.paper, 0.82), mix(HexColor(WARM), p.paper, 0.75))
    for cx, cy, r, tint in _BUBBLES:
        c.setFillColor(tints[tint])
        c.circle(cx, cy, r, stroke=0, fill=1)
    c.restoreState()
    c.setStrokeColor(p.accent)
    c.setLineWidth(1.2)
    c.roundRect(x, y, w, h, _RADIUS, stroke=1, fill=0)


WARM = "#f2a65a"

DESIGNS: dict[str, Design] = {
    "formal": Design(
        name="formal",
        heading_font=SERIF,
        heading_size=34,
        heading_upper=True,
        heading_char_space=5,
        name_font=SERIF,
        name_max=44,
        title_font=SERIF_BOLD,
        body_font=SANS,
        body_bold=SANS_BOLD,
        paper_hex="#ffffff",
        ink_hex="#1c2230",
        warm_hex="",
        painter=_paint_formal,
        rule="diamond",
    ),
    "volunteering": Design(
        name="volunteering",
        heading_font=SANS_BOLD,
        heading_size=30,
        heading_upper=False,
        heading_char_space=0.5,
        name_font=SERIF,
        name_max=44,
        title_font=SANS_BOLD,
        body_font=SANS,
        body_bold=SANS_BOLD,
        paper_hex="#fffaf2",
        ink_hex="#2b2622",
        warm_hex=WARM,
        painter=_paint_volunteering,
        rule="dots",
    ),
}


def design(name: str) -> Design:
    """The built-in design called `name`; ValueError for an unknown one."""
    try:
        return DESIGNS[name]
    except KeyError:
        raise ValueError(f"unknown certificate template {name!r}; built in: {', '.join(DESIGNS)}") from None
