"""Baking: an Open Badge carried inside its image (OB 3.0 §5.3, after the OB 2.0 baking spec).

PNG: one uncompressed `iTXt` chunk with keyword `openbadgecredential` holding the JSON or the JWT.
SVG: an `<openbadges:credential>` element (namespace https://purl.imsglobal.org/ob/v3p0) holding the
JSON in its text, or the JWT in its `verify` attribute.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any
from xml.etree import ElementTree

from ..json_bytes import compact

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
OB3_SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
MAX_TEXT = 10 * 1024 * 1024


class NotAPng(ValueError):
    """The bytes are not a well-formed PNG."""


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, CRCs checked; raises NotAPng on anything malformed."""
    if not png.startswith(PNG_SIGNATURE):
        raise NotAPng("no PNG signature")
    chunks: list[tuple[bytes, bytes]] = []
    pos = len(PNG_SIGNATURE)
    while pos < len(png):
        if pos + 12 > len(png):
            raise NotAPng("truncated chunk")
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        end = pos + 8 + length
        if end + 4 > len(png):
            raise NotAPng("chunk runs past the end")
        data = png[pos + 8 : end]
        if zlib.crc32(kind + data) != struct.unpack(">I", png[end : end + 4])[0]:
            raise NotAPng("bad CRC")
        chunks.append((kind, data))
        pos = end + 4
        if kind == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise NotAPng("IHDR or IEND missing")
    return chunks


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _itxt_text(data: bytes) -> str | None:
    """The text of an `openbadgecredential` iTXt chunk, else None."""
    keyword, sep, rest = data.partition(b"\x00")
    if not sep or keyword != KEYWORD or len(rest) < 2:
        return None
    compressed, method, rest = rest[0], rest[1], rest[2:]
    _language, _, rest = rest.partition(b"\x00")
    _translated, _, text = rest.partition(b"\x00")
    if compressed:
        if method != 0:
            return None
        inflater = zlib.decompressobj()
        try:
            text = inflater.decompress(text, MAX_TEXT)
        except zlib.error:
            return None
        if inflater.unconsumed_tail:
            return None
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return None


def bake_png(png: bytes, credential: dict[str, Any] | str) -> bytes:
    """The PNG with `credential` (a dict, or a JWT string) in its one `openbadgecredential` chunk."""
    text = credential if isinstance(credential, str) else compact(credential).decode("utf-8")
    chunks = [
        (kind, data) for kind, data in _chunks(png)
        if not (kind in (b"iTXt", b"zTXt", b"tEXt") and data.partition(b"\x00")[0] == KEYWORD)
    ]
    itxt = KEYWORD + b"\x00\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8")
    out = [PNG_SIGNATURE, _chunk(*chunks[0]), _chunk(b"iTXt", itxt)]
    out.extend(_chunk(kind, data) for kind, data in chunks[1:])
    return b"".join(out)


def unbake_png(png: bytes) -> str | None:
    """The credential text (JSON or JWT) baked into a PNG; None when there is none or it is no PNG."""
    try:
        chunks = _chunks(png)
    except NotAPng:
        return None
    for kind, data in chunks:
        if kind == b"iTXt":
            text = _itxt_text(data)
            if text is not None:
                return text
    return None


def unbake_svg(svg: bytes) -> str | None:
    """The credential text baked into an SVG (the JWT of `verify`, else the element's text); else None."""
    if b"<!ENTITY" in svg:  # entity expansion is how XML bombs work; no badge needs it
        return None
    try:
        root = ElementTree.fromstring(svg)  # noqa: S314 - entities refused above; expat fetches nothing
    except (ElementTree.ParseError, ValueError):
        return None
    for element in root.iter(f"{{{OB3_SVG_NAMESPACE}}}credential"):
        verify = element.get("verify")
        if verify and verify.strip():
            return verify.strip()
        text = "".join(element.itertext()).strip()
        if text:
            return text
    return None
