"""The QR code on page 1 as a form XObject drawn in a unit square.

The draft certificate carries the QR code of the credential id in this form; finishing the certificate
(`finish.py`) replaces that one object with the QR code of the signed text. The form's content does not
depend on where the page shows it: the page places and scales it.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from microcred_desktop.formats.qr.image import QUIET_ZONE, qr_rows

QR_FORM = "qr"
QR_BBOX = (-0.5, -0.5, 1.5, 1.5)  # form space: the symbol fills the unit square, its quiet zone around it


def qr_operators(text: str) -> str:
    """PDF operators drawing the QR symbol of `text` over the unit square, black on a white rounded quiet
    zone: one path of integer rectangles (a run of dark modules each) in module units."""
    rows = qr_rows(text)
    module = 1 / len(rows)
    quiet = QUIET_ZONE * module
    zone = PDFPathObject()
    zone.roundRect(-quiet, -quiet, 1 + 2 * quiet, 1 + 2 * quiet, quiet / 2)
    runs = "\n".join(_dark_runs(rows))
    return f"q\n1 g\n{zone.getCode()} f\n0 g\n{module:.8f} 0 0 {-module:.8f} 0 1 cm\n{runs}\nf\nQ"


def _dark_runs(rows: list[str]) -> list[str]:
    """A rectangle `x y width 1 re` for each run of dark modules, row by row. A row split at its light modules
    gives the runs and, by their lengths, where each starts: a quarter quicker than finding them by regex
    (a certificate's QR code has about a thousand)."""
    runs: list[str] = []
    for y, row in enumerate(rows):
        middle, x = f" {y} ", 0
        for run in row.split("0"):
            if run:
                runs.append(f"{x}{middle}{len(run)} 1 re")
            x += len(run) + 1
    return runs


def draw_qr(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR symbol of `text`, `size` wide with its lower-left corner at (x, y), as the page's QR form."""
    c.beginForm(QR_FORM, *QR_BBOX)
    c.addLiteral(qr_operators(text))
    c.endForm()
    c.saveState()
    c.transform(size, 0, 0, size, x, y)
    c.doForm(QR_FORM)
    c.restoreState()
