"""The EDC's display image: a picture of the certificate's first page, drawn in the render workers.

Only what drawing needs is imported here, so a worker process starts quickly and stays small.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from uuid import UUID

from PIL import Image

from ..domain.credential import CredentialDocument
from ..domain.learner import Learner
from ..formats.pdf.page_image import page_image, palette_of, png_bytes
from ..formats.pdf.render import draft_certificate
from .stopwatch import Stopwatch

IMAGE_DPI = 90  # about 1050 × 740 pixels: sharp in a wallet, light in the file
IMAGE_COMPRESSION = 3  # zlib level: 6 makes the picture 20 % smaller but takes twice as long


@dataclass(frozen=True)
class Drawn:
    """A credential's certificate drawn once: the draft PDF (finished when the EDC is sealed) and the EDC's
    display image for each course language."""

    draft: bytes
    images: dict[str, bytes]


def draw_credential(doc: CredentialDocument, template: str, issuer: str, clock: Stopwatch | None = None) -> Drawn:
    """The draft certificate (`issuer`: the did:key page 2 names) and the picture of its first page, which
    shows the certificate's languages side by side, so one picture serves them all."""
    clock = clock or Stopwatch()
    with clock.stage("pdf"):
        draft = draft_certificate(doc, template=template, issuer=issuer, has_edc=True)
    with clock.stage("page image"):
        image = png_bytes(page_image(draft, 0, IMAGE_DPI), course_palette(doc, template), IMAGE_COMPRESSION)
    return Drawn(draft, dict.fromkeys(doc.languages, image))


SPECIMEN = Learner(given_name="Specimen", family_name="Learner")
SPECIMEN_DAY = datetime(2000, 1, 1, tzinfo=UTC)


def course_palette(doc: CredentialDocument, template: str) -> Image.Image:
    """The 256 colours of a course's certificates, found once per process in a specimen certificate of the
    course (same design, organisation, logo and texts; a fixed learner), so that the same credential always
    gets the same picture, whichever process draws it."""
    org = doc.organisation
    key = hashlib.sha256(repr((template, replace(org, logo_png=None, signature_png=None), doc.course)).encode()
                         + (org.logo_png or b"") + b"|" + (org.signature_png or b"")).digest()
    with _palettes_lock:
        if key in _palettes:
            _palettes.move_to_end(key)
            return _palettes[key]
    specimen = replace(doc, uuid=UUID(int=0), learner=SPECIMEN, grade=None, completion_date=SPECIMEN_DAY.date(),
                       issued_at=SPECIMEN_DAY, valid_until=SPECIMEN_DAY if doc.valid_until else None)
    palette = palette_of(page_image(draft_certificate(specimen, template=template), 0, IMAGE_DPI))
    with _palettes_lock:
        _palettes[key] = palette
        while len(_palettes) > 8:
            _palettes.popitem(last=False)
    return palette


_palettes: OrderedDict[bytes, Image.Image] = OrderedDict()
_palettes_lock = threading.Lock()

