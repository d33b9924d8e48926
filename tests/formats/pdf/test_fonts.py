"""The shipped fonts carry no TrueType hinting (see tools/unhint_fonts.py), and so neither do the subsets
embedded in a certificate: hinting made each certificate a third larger and its picture slower to draw,
for nothing on paper. Read with the TrueType table layout itself, not with the code under test."""

from __future__ import annotations

import io
import itertools
import struct

import pytest
from microcred_desktop.resources import resource
from pypdf import PdfReader

from microcred_desktop.formats.pdf.fonts import _FILES

from .support import Rendered

HINTING = {"fpgm", "prep", "cvt "}
COMPOSITE_MORE = 0x0020  # MORE_COMPONENTS
COMPOSITE_INSTRUCTIONS = 0x0100  # WE_HAVE_INSTRUCTIONS
ARGS_ARE_WORDS, HAS_SCALE, HAS_XY_SCALE, HAS_2X2 = 0x0001, 0x0008, 0x0040, 0x0080


def tables(font: bytes) -> dict[str, bytes]:
    count = struct.unpack_from(">H", font, 4)[0]
    found = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * i)
        found[tag.decode("latin-1")] = font[offset:offset + length]
    return found


def glyph_instruction_lengths(font: bytes) -> list[int]:
    """The length of each glyph's instructions."""
    table = tables(font)
    long_offsets = struct.unpack_from(">h", table["head"], 50)[0] == 1
    glyphs = struct.unpack_from(">H", table["maxp"], 4)[0]
    loca = (struct.unpack_from(f">{glyphs + 1}I", table["loca"]) if long_offsets
            else [2 * x for x in struct.unpack_from(f">{glyphs + 1}H", table["loca"])])
    glyf, lengths = table["glyf"], []
    for start, end in itertools.pairwise(loca):
        if start == end:
            continue  # an empty glyph (a space)
        contours = struct.unpack_from(">h", glyf, start)[0]
        if contours >= 0:
            lengths.append(struct.unpack_from(">H", glyf, start + 10 + 2 * contours)[0])
            continue
        at, flags = start + 10, COMPOSITE_MORE
        while flags & COMPOSITE_MORE:
            flags = struct.unpack_from(">H", glyf, at)[0]
            at += 4 + (4 if flags & ARGS_ARE_WORDS else 2)
            at += 2 if flags & HAS_SCALE else 4 if flags & HAS_XY_SCALE else 8 if flags & HAS_2X2 else 0
        lengths.append(struct.unpack_from(">H", glyf, at)[0] if flags & COMPOSITE_INSTRUCTIONS else 0)
    return lengths


@pytest.mark.parametrize("filename", sorted(_FILES.values()))
def test_shipped_fonts_have_outlines_but_no_hinting(filename: str) -> None:
    font = resource("fonts", filename).read_bytes()
    assert not HINTING & set(tables(font)), filename
    lengths = glyph_instruction_lengths(font)
    assert len(lengths) > 2000  # Latin, Greek and Cyrillic, every one with its outline
    assert not any(lengths), filename


def test_embedded_subsets_have_no_hinting(formal: Rendered) -> None:
    reader = PdfReader(io.BytesIO(formal.pdf))
    subsets = 0
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        assert "glyf" in tables(data) and not HINTING & set(tables(data)), font["/BaseFont"]
        assert not any(glyph_instruction_lengths(data)), font["/BaseFont"]
        subsets += 1
    assert subsets >= 2
