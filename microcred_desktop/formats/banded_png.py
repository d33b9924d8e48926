"""PNGs of pictures that share a background, with the background's rows compressed once.

The EDC pictures of a course are one page but for a few stripes of rows (the learner's name, the date line,
the QR code: `services/display_image.py`). A PNG's pixels are one zlib stream of its rows, so the rows outside
those stripes compress to the same bytes in every picture of the course. `BandedPng` cuts the background
into bands of rows and compresses each on its own, ended by a full flush (the next band starts on a byte
boundary with nothing to refer back to); a picture's PNG then compresses only the bands its stripes touch and
copies the others. The stream's adler32 is combined from the bands' as zlib's `adler32_combine` does.

The PNG is standard (8-bit palette colour, filter type None on every row, as recommended for palette
pictures) and decodes to exactly the picture's pixels (tested with PIL and zlib's own checks).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable

from PIL import Image

BAND_ROWS = 16
_ADLER_BASE = 65521
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x5e"  # deflate, 32 KB window, "fast" compression level; the check bits make it 0 mod 31
_LAST_BLOCK = b"\x03\x00"  # an empty final block with fixed codes: what zlib ends a stream with after a flush


def adler32_combine(adler1: int, adler2: int, length2: int) -> int:
    """The adler32 of A + B from adler32(A), adler32(B) and len(B) (zlib's adler32_combine)."""
    rem = length2 % _ADLER_BASE
    sum1 = adler1 & 0xFFFF
    sum2 = (rem * sum1) % _ADLER_BASE
    sum1 = (sum1 + (adler2 & 0xFFFF) + _ADLER_BASE - 1) % _ADLER_BASE
    sum2 = (sum2 + (adler1 >> 16) + (adler2 >> 16) + _ADLER_BASE - rem) % _ADLER_BASE
    return sum1 | (sum2 << 16)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


class BandedPng:
    """PNGs of palette pictures the size and colours of `background`, which differ from it only in some rows."""

    def __init__(self, background: Image.Image, level: int = 3) -> None:
        if background.mode != "P":
            raise ValueError("a palette picture is needed")
        self.size, self.level = background.size, level
        palette = background.getpalette() or []
        self.colours = bytes(palette)
        width, height = background.size
        self._head = _SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)) + _chunk(
            b"PLTE", self.colours)
        pixels = background.tobytes()
        self._bands = [self._band(pixels, top) for top in range(0, height, BAND_ROWS)]

    def _band(self, pixels: bytes, top: int) -> tuple[bytes, int, int]:
        """Rows top.. of `pixels` as PNG scanlines (filter byte 0 before each), compressed and flushed; their
        adler32 and length."""
        width, height = self.size
        raw = b"".join(b"\0" + pixels[row * width:(row + 1) * width]
                       for row in range(top, min(top + BAND_ROWS, height)))
        packer = zlib.compressobj(self.level, zlib.DEFLATED, -15)
        return packer.compress(raw) + packer.flush(zlib.Z_FULL_FLUSH), zlib.adler32(raw), len(raw)

    def png(self, picture: Image.Image, changed: Iterable[tuple[int, int]]) -> bytes:
        """`picture` as PNG: the background but in rows `changed` ((top, bottom) each, bottom excluded)."""
        if picture.mode != "P" or picture.size != self.size or bytes(picture.getpalette() or []) != self.colours:
            raise ValueError("the picture is not the background's size and colours")
        redo = {band for top, bottom in changed for band in range(max(top, 0) // BAND_ROWS,
                                                                   (min(bottom, self.size[1]) - 1) // BAND_ROWS + 1)}
        pixels = picture.tobytes() if redo else b""
        parts = [_ZLIB_HEADER]
        adler = 1  # of nothing
        for index, band in enumerate(self._bands):
            packed, band_adler, length = self._band(pixels, index * BAND_ROWS) if index in redo else band
            parts.append(packed)
            adler = adler32_combine(adler, band_adler, length)
        parts += [_LAST_BLOCK, struct.pack(">I", adler)]
        return self._head + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")
