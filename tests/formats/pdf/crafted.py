"""Hand-made PDFs with embedded files of any size, without compressing them here (a decompression bomb
is its compressed bytes repeated)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Embedded:
    name: str
    packed: bytes  # the stream as stored
    declared_size: int | None = None  # /Params /Size, when given
    flate: bool = True


@cache
def zeros(megabytes: int) -> bytes:
    """`megabytes` MB of zero bytes, Flate-compressed (about 1 KB per MB)."""
    packer = zlib.compressobj(9)
    chunk = bytes(1024 * 1024)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def _string(text: str) -> bytes:
    return b"(" + text.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_with_files(files: list[Embedded]) -> bytes:
    """A one-page PDF whose EmbeddedFiles name tree lists `files`, in order."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    entries = []
    for item in files:
        params = b"" if item.declared_size is None else b" /Params << /Size %d >>" % item.declared_size
        flt = b" /Filter /FlateDecode" if item.flate else b""
        stream = add(b"<< /Type /EmbeddedFile%s%s /Length %d >>\nstream\n%s\nendstream" % (
            flt, params, len(item.packed), item.packed))
        spec = add(b"<< /Type /Filespec /F %s /UF %s /EF << /F %d 0 R >> >>" % (
            _string(item.name), _string(item.name), stream))
        entries.append(b"%s %d 0 R" % (_string(item.name), spec))
    content = add(b"<< /Length 0 >>\nstream\n\nendstream")
    pages = len(objects) + 2
    page = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents %d 0 R >>" % (
        pages, content))
    add(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R /Names << /EmbeddedFiles << /Names [%s] >> >> >>" % (
        pages, b" ".join(entries)))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)
