"""Font subsets made and compressed once per distinct subset, not once per certificate.

reportlab embeds, for every document, a subset of each TrueType font holding the characters it drew,
in the order it first drew them, then Flate-compresses it, and writes out each subset's widths and
character map: a few milliseconds a certificate. The certificates of a course draw the same texts, so
their subsets mostly repeat (only a font that draws the learner's name changes with names that bring new
letters). `remember_subsets` keeps a font's last subsets, their compressed font programs and character
maps and their written widths; the PDF is byte-for-byte what reportlab writes without it (a test compares).
"""

from __future__ import annotations

import zlib
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFStream, PDFStreamFilterZCompress, PDFTrueTypeFont, PDFZCompress
from reportlab.pdfbase.ttfonts import TTFont

from microcred_desktop.memo import Memo

KEPT = 12  # subsets kept per font (a few tens of kilobytes each, raw and compressed)


class _RememberingFlate(PDFStreamFilterZCompress):  # type: ignore[misc]
    """reportlab's Flate filter (same zlib level) for font programs, remembering its outputs."""

    def __init__(self, memo: Memo[bytes]) -> None:
        self.memo = memo

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        return self.memo.get(data, lambda: zlib.compress(data))


class _WrittenArray(PDFArray):
    """A PDF array of numbers written once per distinct content (reportlab formats each number in Python)."""

    def __init__(self, memo: Memo[bytes], sequence: list[Any]) -> None:
        super().__init__(sequence)
        self.memo = memo

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        return self.memo.get((tuple(self.sequence), IND), lambda: PDFArray.format(self, document, IND))


def remember_subsets(font: TTFont) -> TTFont:
    """`font`, making each distinct subset (and its compressed font program, character map and widths) once."""
    face = font.face
    make_subset, add_subset_objects, add_font = face.makeSubset, face.addSubsetObjects, font.addObjects
    subsets, packed, widths = Memo[bytes](KEPT), Memo[bytes](4 * KEPT), Memo[bytes](KEPT)
    flate = _RememberingFlate(packed)

    def remembered_subset(subset: list[int]) -> bytes:
        return subsets.get(tuple(subset), lambda: make_subset(subset))

    def add_objects(doc: Any, fontname: str, subset: list[int]) -> Any:
        reference = add_subset_objects(doc, fontname, subset)
        # The font program's stream, under the name reportlab gives it; left alone if that changes.
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if isinstance(stream, PDFStream) and stream.filters == [PDFZCompress]:
            stream.filters = [flate]
        return reference

    def add_font_objects(doc: Any) -> None:
        state = font.state.get(doc)
        prefix, count = (state.internalName, len(state.subsets)) if state is not None else (None, 0)
        add_font(doc)
        for n in range(count if prefix else 0):
            # Each subset's font dictionary and its character map, under the names reportlab gives them.
            pdf_font = doc.idToObject.get(f"{prefix}+{n}")
            if not isinstance(pdf_font, PDFTrueTypeFont) or type(pdf_font.Widths) is not PDFArray:
                continue
            pdf_font.Widths = _WrittenArray(widths, pdf_font.Widths.sequence)
            cmap = doc.idToObject.get(f"toUnicodeCMap:{pdf_font.BaseFont}")
            if isinstance(cmap, PDFStream) and cmap.filters == [PDFZCompress]:
                cmap.filters = [flate]

    face.makeSubset = remembered_subset
    face.addSubsetObjects = add_objects
    font.addObjects = add_font_objects
    font.subset_memos = (subsets, packed, widths)  # for tests and the benchmark
    return font
