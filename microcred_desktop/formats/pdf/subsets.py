"""Font subsets made and compressed once per distinct subset, not once per certificate.

reportlab embeds, for every document, a subset of each TrueType font holding the characters it drew,
in the order it first drew them, then Flate-compresses it: a few milliseconds a certificate. The
certificates of a course draw the same texts, so their subsets mostly repeat (only a font that draws
the learner's name changes with names that bring new letters). `remember_subsets` keeps a font's
last subsets and their compressed bytes; the PDF is byte-for-byte what reportlab writes without it
(a test compares).
"""

from __future__ import annotations

import zlib
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFStream, PDFStreamFilterZCompress, PDFZCompress
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


def remember_subsets(font: TTFont) -> TTFont:
    """`font`, making each distinct subset (and its compressed font program) once."""
    face = font.face
    make_subset, add_subset_objects = face.makeSubset, face.addSubsetObjects
    subsets, packed = Memo[bytes](KEPT), Memo[bytes](KEPT)
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

    face.makeSubset = remembered_subset
    face.addSubsetObjects = add_objects
    font.subset_memos = (subsets, packed)  # for tests and the benchmark
    return font
