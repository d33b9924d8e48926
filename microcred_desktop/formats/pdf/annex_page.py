"""Page 2's layout: a heading, then the Annex I table in two balanced columns (more pages if it must)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, FrameBreak

from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.i18n import N_

from .annex import COLUMN_W, COLUMNS, GUTTER, annex_rows, annex_table, own_texts, value_style
from .recording import Recorder, stamp_height
from .templates import MARGIN, PAGE_H, PAGE_W, Design, Palette
from .wording import Wording

HEADING = N_("Details of the micro-credential")
COLUMN_BOTTOM = MARGIN + 7 * mm  # above the footer line
COLUMN_H = PAGE_H - MARGIN - 19 * mm - COLUMN_BOTTOM  # below the heading
SCALES = (1.0, 0.94, 0.87, 0.8)  # smaller text rather than a third page, but never below 80 %


def _balanced_split(heights: list[float]) -> int | None:
    """The row before which the right column starts, so both columns are as even as can be;
    None when the rows do not fit two columns."""
    total = sum(heights)
    best: tuple[float, int] | None = None
    left = 0.0
    for split in range(1, len(heights)):
        left += heights[split - 1]
        if left <= COLUMN_H and total - left <= COLUMN_H:
            candidate = (max(left, total - left), split)
            best = candidate if best is None or candidate < best else best
    if best is None and len(heights) == 1 and total <= COLUMN_H:
        return 1
    return best[1] if best else None


@dataclass(frozen=True)
class AnnexStory:
    """Page 2's flowables; the scales tried (the last one used); the texts drawn but the learner's own
    ((font, text) each)."""

    flowables: list[Flowable]
    scales: tuple[float, ...]
    texts: list[tuple[str, str]]


def annex_story(
    doc: CredentialDocument, d: Design, p: Palette, words: list[Wording], issuer: str, has_edc: bool,
    recorder: Recorder | None = None,
) -> AnnexStory:
    """The flowables of page 2: two tables side by side, balanced; set smaller (to 80 %) if that makes
    them fit. A course with very long texts flows on to further pages instead. The learner's own texts
    are stamps cut out of what `recorder` records."""
    for n, scale in enumerate(SCALES, start=1):
        content = annex_rows(doc, d, p, words, issuer, has_edc, scale, recorder)
        rows = content.rows
        whole = annex_table(rows, d, p, scale)
        whole.wrap(COLUMN_W, COLUMN_H)
        split = _balanced_split(list(whole._rowHeights))
        if split is not None:
            if split == len(rows):
                return AnnexStory([whole], SCALES[:n], content.texts)
            return AnnexStory(
                [annex_table(rows[:split], d, p, scale), FrameBreak(), annex_table(rows[split:], d, p, scale)],
                SCALES[:n], content.texts)
    return AnnexStory([whole], SCALES, content.texts)


def stamp_signature(doc: CredentialDocument, d: Design, p: Palette, scales: tuple[float, ...],
                    widths: tuple[float, ...]) -> tuple[tuple[float, ...], ...]:
    """The heights of the learner's own texts (set `widths` wide, by slot) at each of `scales`: what, besides
    the course, decides the page's layout."""
    return tuple(tuple(stamp_height(text, value_style(d, p, scale), w) for text, w in zip(own_texts(doc), widths,
                                                                                           strict=True))
                 for scale in scales)


def annex_frames() -> list[Frame]:
    """Two columns under the heading, GUTTER apart."""
    return [
        Frame(MARGIN + i * (COLUMN_W + GUTTER), COLUMN_BOTTOM, COLUMN_W, COLUMN_H,
              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"column{i}")
        for i in range(COLUMNS)
    ]


def paint_annex_page(c: Canvas, doc: CredentialDocument, d: Design, p: Palette, words: list[Wording]) -> None:
    """Accent bar and heading at the top; organisation, credential id and page number at the foot."""
    c.saveState()
    top = PAGE_H - MARGIN
    c.setFillColor(p.accent)
    if d.rule == "dots":  # the friendlier design: a rounded bar
        c.roundRect(MARGIN, top - 1.6 * mm, 24 * mm, 1.6 * mm, 0.8 * mm, stroke=0, fill=1)
    else:
        c.rect(MARGIN, top - 1.2 * mm, 24 * mm, 1.2 * mm, stroke=0, fill=1)
    first = words[0].gettext(HEADING)
    c.setFont(d.title_font if d.heading_upper else d.heading_font, 17)
    c.setFillColor(p.accent_text)
    c.drawString(MARGIN, top - 9 * mm, first)
    if len(words) > 1 and (second := words[1].gettext(HEADING)) != first:
        c.setFont(d.body_font, 10)
        c.setFillColor(p.faint)
        c.drawString(MARGIN, top - 14 * mm, second)
    c.setFont(d.body_font, 7.5)
    c.setFillColor(p.faint)
    footer = f"{doc.organisation.name_in(words[0].lang)}  ·  {doc.uuid}  ·  {c.getPageNumber()}"
    c.drawRightString(PAGE_W - MARGIN, MARGIN + 3, footer)  # descenders stay inside the margin
    c.restoreState()
