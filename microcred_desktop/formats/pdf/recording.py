"""Page content recorded once and replayed, with the learner's own texts drawn live.

Page 2 of the certificates of a course is one table that differs only in the learner's name and the
credential id. Laying it out and writing its operators is about half the time reportlab takes for a
certificate. So the first certificate of a course (and layout) records the table's part of the page's
content stream, with the learner's own paragraphs (`Stamp`) cut out of it; the next ones replay the
recording (`Replay`) and draw only their stamps, with the same paragraph code at the same place.

A content stream names each glyph by a code that reportlab gives a character of a font in the order the
document first draws it, and names each font in the order the document first uses it. For a recording
to be valid in another certificate, every certificate of the course must give the table's characters
the same codes and its fonts the same names, whatever its learner's name brings. So every certificate
first *primes* its fonts with the table's characters (`Prime`), in a fixed order, before it draws
anything; the learner's own characters come after and are only drawn live.

The replayed certificate is byte-for-byte the one drawn whole with the same priming (tested), and
looks exactly like the one drawn without (tested against pdfium's pictures and pdftotext).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

# A font's characters: (font name, characters in the order they are given codes).
Prime = tuple[tuple[str, str], ...]


def prime_for(texts: Sequence[tuple[str, str]]) -> Prime:
    """The priming of `texts` ((font name, text) each): per font, sorted by name, its characters in the order
    they first appear, and the space (which word spacing needs)."""
    chars: dict[str, dict[str, None]] = {}
    for font, text in texts:
        chars.setdefault(font, {" ": None}).update(dict.fromkeys(text.replace("\n", "")))
    return tuple((font, "".join(chars[font])) for font in sorted(chars))


def prime_fonts(c: Canvas, prime: Prime) -> None:
    """Give `prime`'s characters their codes and its fonts their names in `c`'s document, in order; call it
    before anything is drawn."""
    for name, chars in prime:
        font = pdfmetrics.getFont(name)
        font.splitString(chars, c._doc)
        font.getSubsetInternalName(0, c._doc)


@dataclass(frozen=True)
class Spot:
    """Where a stamp was drawn: which of the learner's texts (`slot`), where, how wide, in what style."""

    slot: int
    x: float
    y: float
    width: float
    style: ParagraphStyle


Segment = str | Spot


@dataclass(frozen=True)
class Recording:
    """The recorded content: operators and spots in page order. `signature`: the heights of the stamps at each
    scale the layout tried; a certificate whose stamps have the same heights there gets the same layout."""

    segments: tuple[Segment, ...]
    prime: Prime
    scales: tuple[float, ...]
    signature: tuple[tuple[float, ...], ...]
    widths: tuple[float, ...]  # each stamp's width, by slot


class Recorder:
    """Collects one page's content between `begin` and `end`, cutting out the stamps."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self._pos: int | None = None
        self.ended = False
        self.spoiled = False  # the content ran past one page: nothing to replay

    def begin(self, c: Canvas) -> None:
        if self._pos is not None or self.ended:
            self.spoiled = True
            return
        self._pos = len(c._code)

    def cut(self, c: Canvas) -> None:
        """The operators since the last cut are constant: kept (a stamp starts here)."""
        if self._pos is None or self.ended:
            self.spoiled = True
            return
        if code := c._code[self._pos:]:
            self.segments.append("\n".join(code))  # the canvas joins a page's operators with newlines

    def resume(self, c: Canvas, spot: Spot) -> None:
        if self._pos is None or self.ended:
            return
        self.segments.append(spot)
        self._pos = len(c._code)

    def end(self, c: Canvas) -> None:
        self.cut(c)
        self.ended = True

    def spots(self) -> list[Spot]:
        return [s for s in self.segments if isinstance(s, Spot)]


def markup(text: str) -> str:
    """Plain `text` as paragraph markup: no tags, its line breaks kept."""
    return escape(text).replace("\n", "<br/>")


class Stamp(Paragraph):
    """A paragraph of the learner's own plain `text` (`slot`: which one), cut out of a recording when drawn."""

    def __init__(self, text: str, style: ParagraphStyle, slot: int, recorder: Recorder | None = None) -> None:
        super().__init__(markup(text), style)
        self.slot, self.recorder = slot, recorder

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if self.recorder is not None:
            self.recorder.cut(canvas)
        super().drawOn(canvas, x, y, _sW)
        if self.recorder is not None:
            self.recorder.resume(canvas, Spot(self.slot, x, y, self.width, self.style))


class Replay(Flowable):
    """A recording put back where it was, with `texts` (by slot) in its stamps. It takes no room in its frame:
    the recorded operators place themselves."""

    def __init__(self, recording: Recording, texts: Sequence[str]) -> None:
        super().__init__()
        self.recording, self.texts = recording, texts

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        code: list[str] = canvas._code
        for segment in self.recording.segments:
            if isinstance(segment, str):
                code.append(segment)
            else:
                stamp = Stamp(self.texts[segment.slot], segment.style, segment.slot)
                stamp.wrap(segment.width, 1e6)
                stamp.drawOn(canvas, segment.x, segment.y)


def stamp_height(text: str, style: ParagraphStyle, width: float) -> float:
    """The height of `text` set as a stamp in `style`, `width` wide."""
    return float(Stamp(text, style, 0).wrap(width, 1e6)[1])

