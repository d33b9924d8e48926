"""Sample pictures, rendered certificates and poppler helpers for the PDF tests."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from PIL import Image, ImageDraw

from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.formats.pdf import render_certificate
from microcred_desktop.formats.qr import make_qr_text
from tests.factories import document, learner, organisation, volunteering_course
from tests.formats.qr.support import issuer

EDC = b'{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential"}\n'
BADGE = b'{"type": ["VerifiableCredential", "OpenBadgeCredential"]}'


def png(size: tuple[int, int], colour: tuple[int, int, int], *, transparent: bool = True) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0) if transparent else (255, 255, 255, 255))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((4, 4, h - 4, h - 4), fill=(*colour, 255))
    draw.rectangle((h + 10, h // 3, w - 10, h * 2 // 3), fill=(*colour, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


LOGO = png((600, 200), (31, 95, 168))
SIGNATURE = png((500, 160), (20, 30, 80))


@dataclass(frozen=True)
class Rendered:
    doc: CredentialDocument
    qr_text: str
    pdf: bytes
    attachments: dict[str, bytes]


def render(doc: CredentialDocument, template: str, attachments: dict[str, bytes] | None = None) -> Rendered:
    files = {"credential.edc.jsonld": EDC, "badge.ob3.json": BADGE} if attachments is None else attachments
    qr_text = make_qr_text(doc, issuer(), hashlib.sha256(EDC).digest())
    return Rendered(doc, qr_text, render_certificate(doc, qr_text, template=template, attachments=files), files)


def formal_document() -> CredentialDocument:
    """The bilingual (lt, en) sample with logo, signature and a verification address."""
    org = organisation(logo_png=LOGO, signature_png=SIGNATURE, verify_url="https://verify.kpmc.example.lt/c")
    return document(organisation=org)


def volunteering_document() -> CredentialDocument:
    org = organisation(
        legal_name={"lv": "Jauniešu centrs „Kopā”", "en": "Youth centre Together"},
        country="LV",
        accent_colour="#c0562a",
        logo_png=png((400, 200), (192, 86, 42)),
        signature_png=SIGNATURE,
        signatory_name="Ilze Kalniņa",
        signatory_title={"lv": "Vadītāja"},
    )
    return document(organisation=org, course=volunteering_course(),
                    learner=learner(given_name="Jānis", family_name="Bērziņš"))


def pdftotext(pdf: bytes, tmp: Path, *args: str) -> str:
    path = tmp / f"{hashlib.sha256(pdf).hexdigest()[:12]}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def words_by_page(pdf: bytes, tmp: Path) -> list[tuple[float, float, list[Word]]]:
    """(width, height, words with their boxes in points from the top left) for each page."""
    html = pdftotext(pdf, tmp, "-bbox")
    pages = []
    for chunk in html.split("</page>")[:-1]:
        size = _PAGE.search(chunk)
        assert size
        words = [Word(unescape(m[4]), *map(float, m[:4])) for m in _WORD.findall(chunk)]
        pages.append((float(size[1]), float(size[2]), words))
    return pages
