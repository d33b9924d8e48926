"""Page 1: the certificate itself.

Hierarchy, top to bottom: organisation (logo, name) → "Certificate" → learner's name (largest) → "has
successfully completed" → course title → one line of facts → signatory (left) and QR code (right).
The middle block is measured first and shrunk as a whole when a long name or title needs the room.

`draw_cover` returns the page's `CoverLayout`: where the learner's own texts and the QR code are, and a key
for everything else. Two certificates of a course with equal keys differ only inside those stamps, which is
what lets the EDC's picture of a course be drawn once and only the stamps be drawn for each learner.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.domain.langmap import pick
from microcred_desktop.formats.qr.image import QUIET_ZONE

from .fonts import fit_line, fit_lines, width
from .images import picture
from .qr_form import draw_qr
from .templates import MARGIN, PAGE_H, PAGE_W, Design, Palette
from .wording import Wording

INSET = MARGIN + 12 * mm  # text keeps clear of the border drawn at the margin
LEFT, RIGHT, TOP, BOTTOM = INSET, PAGE_W - INSET, PAGE_H - MARGIN - 10 * mm, MARGIN + 9 * mm
QR_SIZE = 30 * mm
SMALLEST_QR = 21  # modules a side of a version 1 symbol: the widest quiet zone for its size

Rect = tuple[float, float, float, float]  # (x0, y0, x1, y1) in points, from the page's lower left corner


@dataclass(frozen=True)
class Line:
    text: str
    font: str
    size: float
    colour: Color
    space_before: float = 0.0
    char_space: float = 0.0
    own: bool = False  # the learner's own text (name, date): not the same on every certificate of a course
    slot: float = 0.0  # the size whose room the line takes, when more than `size` (a shrunk one-line name)

    @property
    def height(self) -> float:
        return max(self.size, self.slot) * 1.22

    @property
    def ascent(self) -> float:
        """From the line's top to its baseline."""
        return max(self.size, self.slot) * 0.98

    def shape(self) -> tuple[object, ...]:
        """What places this line and everything after it: its text only when that is not the learner's own."""
        return (self.font, self.height, self.colour.hexval(), self.space_before, self.char_space,
                None if self.own else (self.text, self.size))


@dataclass(frozen=True)
class Ornament:
    kind: str
    space_before: float
    height: float = 5 * mm

    def shape(self) -> tuple[object, ...]:
        return (self.kind, self.space_before, self.height)


Item = Line | Ornament


@dataclass(frozen=True)
class CoverLayout:
    """Where page 1 shows what is the learner's own, and what places everything else. Certificates of a course
    (same design, organisation and texts) with equal keys are the same page outside `stamps`."""

    key: tuple[object, ...]
    stamps: tuple[Rect, ...]
    shows: tuple[object, ...] = ()  # what each stamp shows: two stamps that show the same draw the same pixels


def _lines(texts: tuple[str, ...], font: str, size: float, colour: Color, space_before: float,
           own: bool = False, slot: float = 0.0) -> list[Line]:
    return [Line(t, font, size, colour, space_before if i == 0 else 0.0, own=own, slot=slot)
            for i, t in enumerate(texts)]


def _ink(font: str, size: float) -> tuple[float, float]:
    """How far below and above its baseline any text in `font` at `size` can reach: the font's bounding box
    (every glyph's ink) or its ascent and descent (the line's box, as text extraction reports), the wider."""
    face = pdfmetrics.getFont(font).face
    return min(face.bbox[1], face.descent) * size / 1000, max(face.bbox[3], face.ascent) * size / 1000


def _second(first: str, second: str | None) -> str | None:
    """The second-language text when there is one that differs from the first (no English twice)."""
    return second if second and second != first else None


def middle_items(doc: CredentialDocument, d: Design, p: Palette, words: list[Wording], scale: float) -> list[Item]:
    """The centred block from "Certificate" to the facts line, at `scale` (1.0 = design sizes)."""
    kind = doc.course.kind
    w1 = words[0]
    w2 = words[1] if len(words) > 1 else None
    text_w = RIGHT - LEFT
    items: list[Item] = []

    heading = w1.heading(kind)
    heading = heading.upper() if d.heading_upper else heading
    space = d.heading_char_space * scale
    room = text_w - space * max(len(heading) - 1, 0)
    size = min(d.heading_size * scale, room / max(width(heading, d.heading_font, 1), 1e-6))
    items.append(Line(heading, d.heading_font, size, p.accent_text, 0.0, space))
    if w2 and (second := _second(w1.heading(kind), w2.heading(kind))):
        items.append(Line(second, d.heading_font, 13 * scale, p.faint, 1 * scale))
    items.append(Ornament(d.rule, 5 * scale))

    name = fit_line(doc.learner.full_name, d.name_font, max_size=d.name_max * scale, min_size=24 * scale,
                    max_width=text_w, max_lines=3, floor_size=14)
    # A name on one line keeps the room of the largest size, however much it shrank: the page around it
    # stays where it is for every learner of the course.
    slot = d.name_max * scale if len(name.lines) == 1 else 0.0
    items += _lines(name.lines, d.name_font, name.size, p.ink, 8 * scale, own=True, slot=slot)

    phrase = w1.phrase(kind)
    items.append(Line(phrase, d.body_font, 12.5 * scale, p.muted, 9 * scale))
    if w2 and (second := _second(phrase, w2.phrase(kind))):
        items.append(Line(second, d.body_font, 10 * scale, p.faint, 0.5 * scale))

    title_w = min(text_w, 215 * mm)
    first_title = doc.course.title_in(w1.lang)
    title = fit_lines(first_title, d.title_font, max_size=23 * scale, min_size=12 * scale, max_width=title_w)
    items += _lines(title.lines, d.title_font, title.size, p.ink, 9 * scale)
    if w2 and (second := _second(first_title, doc.course.title.get(w2.lang))):
        sub = fit_lines(second, d.title_font, max_size=14 * scale, min_size=9 * scale, max_width=title_w)
        items += _lines(sub.lines, d.title_font, sub.size, p.faint, 2 * scale)

    facts = w1.facts(doc.course, doc.completion_date)
    items.append(Line(facts, d.body_font, 10.5 * scale, p.muted, 12 * scale, own=True))
    if w2 and (second := _second(facts, w2.facts(doc.course, doc.completion_date))):
        items.append(Line(second, d.body_font, 8.5 * scale, p.faint, 1 * scale, own=True))
    return items


def _height(items: list[Item]) -> float:
    return sum(i.space_before + i.height for i in items)


def _draw_ornament(c: Canvas, kind: str, x: float, y: float, p: Palette, warm: Color | None) -> None:
    if kind == "dots":
        for i, dx in enumerate((-7 * mm, 0.0, 7 * mm)):
            c.setFillColor(warm if warm is not None and i != 1 else p.accent)
            c.circle(x + dx, y, 1.5 * mm if i == 1 else 1.1 * mm, stroke=0, fill=1)
        return
    c.setStrokeColor(p.accent)
    c.setLineWidth(0.6)
    c.line(x - 42 * mm, y, x - 4 * mm, y)
    c.line(x + 4 * mm, y, x + 42 * mm, y)
    c.setFillColor(p.accent)
    path = c.beginPath()
    path.moveTo(x, y - 1.8 * mm)
    path.lineTo(x + 2 * mm, y)
    path.lineTo(x, y + 1.8 * mm)
    path.lineTo(x - 2 * mm, y)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def _draw_items(c: Canvas, items: list[Item], top: float, p: Palette,
                warm: Color | None) -> list[tuple[Rect, object]]:
    """The items centred from `top` down; returns the stripes across the page where the learner's own lines
    may draw (any of the font's glyphs at the room's size), each with what it shows."""
    x = (LEFT + RIGHT) / 2
    y = top
    stamps: list[tuple[Rect, object]] = []
    for item in items:
        y -= item.space_before
        if isinstance(item, Ornament):
            _draw_ornament(c, item.kind, x, y - item.height / 2, p, warm)
        else:
            c.setFillColor(item.colour)
            c.setFont(item.font, item.size)
            baseline = y - item.ascent
            if item.char_space:
                text_w = width(item.text, item.font, item.size, item.char_space)
                c.drawString(x - text_w / 2, baseline, item.text, charSpace=item.char_space)
            else:
                c.drawCentredString(x, baseline, item.text)
            if item.own:
                below, above = _ink(item.font, max(item.size, item.slot))
                stamps.append(((0.0, baseline + below, PAGE_W, baseline + above), item))
        y -= item.height
    return stamps


def _header(c: Canvas, doc: CredentialDocument, d: Design, p: Palette, lang: str) -> float:
    """Logo and organisation name at the top; returns the y below them."""
    y = TOP
    logo = picture(doc.organisation.logo_png)
    if logo is not None:
        w, h = logo.fit(80 * mm, 17 * mm)
        logo.draw(c, (PAGE_W - w) / 2, y - h, w, h)
        y -= h + 3.5 * mm
    name = doc.organisation.name_in(lang).upper()
    size, space = 10.0, 1.6
    while size > 6 and width(name, d.body_bold, size, space) > RIGHT - LEFT:
        size -= 0.5
    c.setFillColor(p.muted)
    c.setFont(d.body_bold, size)
    text_w = width(name, d.body_bold, size, space)
    c.drawString((PAGE_W - text_w) / 2, y - size, name, charSpace=space)
    return y - size * 1.3


def _signatory(c: Canvas, doc: CredentialDocument, d: Design, p: Palette, words: list[Wording]) -> float:
    """Signature image over a line, then name and title, bottom left; returns the block's top."""
    org = doc.organisation
    if not org.signatory_name:
        return BOTTOM
    line_y = BOTTOM + 14 * mm
    line_w = 70 * mm
    top = line_y + 2 * mm
    signature = picture(org.signature_png)
    if signature is not None:
        w, h = signature.fit(60 * mm, 18 * mm)
        signature.draw(c, LEFT + (line_w - w) / 2, line_y + 1 * mm, w, h)
        top = line_y + 1 * mm + h
    c.setStrokeColor(p.faint)
    c.setLineWidth(0.5)
    c.line(LEFT, line_y, LEFT + line_w, line_y)
    cx = LEFT + line_w / 2
    c.setFillColor(p.ink)
    c.setFont(d.body_bold, 10.5)
    c.drawCentredString(cx, line_y - 14, org.signatory_name)
    langs = [w.lang for w in words]
    title = pick(org.signatory_title, langs)
    if title:
        c.setFillColor(p.muted)
        c.setFont(d.body_font, 9)
        c.drawCentredString(cx, line_y - 26, title)
        second = org.signatory_title.get(langs[1]) if len(langs) > 1 else None
        if second and second != title:
            c.setFillColor(p.faint)
            c.setFont(d.body_font, 8)
            c.drawCentredString(cx, line_y - 36, second)
    return top


@cache
def _widest_id(font: str, size: float) -> float:
    """The width of the widest credential id (a UUID: 32 hex digits and 4 hyphens) in `font` at `size`."""
    return 32 * max(width(ch, font, size) for ch in "0123456789abcdef") + 4 * width("-", font, size)


def _qr_block(c: Canvas, doc: CredentialDocument, d: Design, p: Palette, qr_text: str,
              w1: Wording) -> tuple[float, list[tuple[Rect, object]]]:
    """QR code bottom right with "Scan to verify" and the credential id under it; returns its top and the
    stamps of the id and of the QR code with its quiet zone (the caption between them is the same on every
    certificate). The block stands where the widest id would put it, so it is in the same place on every
    certificate."""
    id_size, label_size = 6.5, 8.0
    ident = str(doc.uuid)
    caption_w = max(_widest_id(d.body_font, id_size), QR_SIZE)
    centre = RIGHT - caption_w / 2
    c.setFillColor(p.faint)
    c.setFont(d.body_font, id_size)
    c.drawCentredString(centre, BOTTOM, ident)
    c.setFillColor(p.muted)
    c.setFont(d.body_bold, label_size)
    c.drawCentredString(centre, BOTTOM + id_size * 1.5, w1.gettext("Scan to verify"))
    qr_y = BOTTOM + id_size * 1.5 + label_size * 1.2 + 2.5 * mm
    draw_qr(c, qr_text, centre - QR_SIZE / 2, qr_y, QR_SIZE)
    quiet = QR_SIZE * QUIET_ZONE / SMALLEST_QR
    below, above = _ink(d.body_font, id_size)
    margin = id_size  # a glyph's ink may reach past its advance, never by an em
    id_stamp = (centre - caption_w / 2 - margin, BOTTOM + below, centre + caption_w / 2 + margin, BOTTOM + above)
    qr_stamp = (centre - QR_SIZE / 2 - quiet, qr_y - quiet, centre + QR_SIZE / 2 + quiet, qr_y + QR_SIZE + quiet)
    return qr_y + QR_SIZE, [(id_stamp, ident), (qr_stamp, qr_text)]


def draw_cover(c: Canvas, doc: CredentialDocument, d: Design, p: Palette, words: list[Wording],
               qr_text: str) -> CoverLayout:
    d.painter(c, p)
    header_bottom = _header(c, doc, d, p, words[0].lang)
    qr_top, qr_stamps = _qr_block(c, doc, d, p, qr_text, words[0])
    footer_top = max(_signatory(c, doc, d, p, words), qr_top)
    band_top, band_bottom = header_bottom - 5 * mm, footer_top - 3 * mm
    scale = 1.0
    items = middle_items(doc, d, p, words, scale)
    while _height(items) > band_top - band_bottom and scale > 0.55:
        scale -= 0.05
        items = middle_items(doc, d, p, words, scale)
    slack = max(0.0, (band_top - band_bottom) - _height(items))
    warm = HexColor(d.warm_hex) if d.warm_hex else None
    top = band_top - slack * 0.45
    stamped = [*_draw_items(c, items, top, p, warm), *qr_stamps]
    stamps = tuple(rect for rect, _shows in stamped)
    return CoverLayout((d.name, top, tuple(item.shape() for item in items), stamps), stamps,
                       tuple(shows for _rect, shows in stamped))
