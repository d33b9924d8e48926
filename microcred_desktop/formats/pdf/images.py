"""Logo and signature images, decoded and scaled once per distinct picture (a batch reuses them)."""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from reportlab.lib.utils import ImageReader

MAX_PIXELS = 900  # longest side kept: about 300 dpi at the largest size a logo is printed (75 mm)
_CACHE_SIZE = 16
_cache: OrderedDict[str, Picture | None] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Picture:
    reader: ImageReader
    aspect: float  # width / height

    def fit(self, max_w: float, max_h: float) -> tuple[float, float]:
        """The largest (width, height) with this aspect inside max_w × max_h."""
        w = min(max_w, max_h * self.aspect)
        return w, w / self.aspect


def _decode(data: bytes) -> Picture | None:
    try:
        with Image.open(io.BytesIO(data)) as source:
            image = source.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None  # a broken picture must not stop a certificate: it is left out
    image.thumbnail((MAX_PIXELS, MAX_PIXELS), Image.Resampling.LANCZOS)
    if image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # no transparency: skip the soft mask
    return Picture(ImageReader(image), image.width / image.height)


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
