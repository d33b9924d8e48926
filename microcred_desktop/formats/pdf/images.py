"""Logo and signature images, decoded, scaled and compressed once per distinct picture (a batch reuses them).

reportlab's `drawImage` reads and Flate-compresses an image again for every document: about 3 ms a
page for a logo and a signature, more than the rest of the page. `Picture.draw` registers a copy of the
image XObject prepared once instead, writing exactly what `drawImage` writes (a test compares the bytes).
"""

from __future__ import annotations

import copy
import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.pdfgen.canvas import Canvas

MAX_PIXELS = 900  # longest side kept: about 300 dpi at the largest size a logo is printed (75 mm)
_CACHE_SIZE = 16
_cache: OrderedDict[str, Picture | None] = OrderedDict()
_lock = threading.Lock()


def _xobject(reader: ImageReader) -> PDFImageXObject:
    """The image XObject `drawImage(reader, ..., mask="auto")` makes, with its soft mask, named as it names it."""
    raw = reader.getRGBData()  # sets _dataA, the alpha channel, as in drawImage
    smask = reader._dataA
    mask_data = smask.getRGBData() if smask else b"auto"
    name = hashlib.md5(raw + mask_data, usedforsecurity=False).hexdigest()  # reportlab's _digester
    xobject = PDFImageXObject(name, reader, mask="auto")
    xobject.name = name
    return xobject


@dataclass(frozen=True)
class Picture:
    reader: ImageReader
    aspect: float  # width / height
    xobject: PDFImageXObject  # a prototype: each document registers a copy

    def fit(self, max_w: float, max_h: float) -> tuple[float, float]:
        """The largest (width, height) with this aspect inside max_w × max_h."""
        w = min(max_w, max_h * self.aspect)
        return w, w / self.aspect

    def draw(self, c: Canvas, x: float, y: float, width: float, height: float) -> None:
        """What `c.drawImage(self.reader, x, y, width, height, mask="auto")` draws, without compressing
        the image again (reportlab keeps no such cache across documents)."""
        doc = c._doc
        name = self.xobject.name
        registered = doc.getXObjectName(name)
        if registered not in doc.idToObject:
            image = copy.copy(self.xobject)  # the prototype is never registered, so it stays reusable
            smask = image.__dict__.pop("_smask", None)
            c._setXObjects(image)
            doc.Reference(image, registered)
            doc.addForm(name, image)
            if smask is not None:
                mask_name = doc.getXObjectName(smask.name)
                if mask_name in doc.idToObject:
                    image.smask = PDFObjectReference(mask_name)
                else:
                    mask = copy.copy(smask)
                    c._setXObjects(mask)
                    image.smask = doc.Reference(mask, mask_name)
        c._currentPageHasImages = 1
        c.saveState()
        c.translate(x, y)
        c.scale(width, height)
        c._code.append(f"/{registered} Do")
        c.restoreState()
        c._formsinuse.append(name)


def _decode(data: bytes) -> Picture | None:
    try:
        with Image.open(io.BytesIO(data)) as source:
            image = source.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None  # a broken picture must not stop a certificate: it is left out
    image.thumbnail((MAX_PIXELS, MAX_PIXELS), Image.Resampling.LANCZOS)
    if image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # no transparency: skip the soft mask
    reader = ImageReader(image)
    return Picture(reader, image.width / image.height, _xobject(reader))


def picture(data: bytes | None) -> Picture | None:
    """The decoded picture of PNG/JPEG `data` (None when absent or unreadable), cached by content."""
    if not data:
        return None
    key = hashlib.sha256(data).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    result = _decode(data)
    with _lock:
        _cache[key] = result
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result
