"""Font subsets made and compressed once per distinct subset, not once per certificate.

reportlab embeds, for every document, a subset of each TrueType font holding the characters it drew,
in the order it first drew them, then Flate-compresses it: a few milliseconds a certificate. The
certificates of a course draw the same texts, so their subsets mostly repeat (only a font that draws
the learner's name changes with names that bring new letters). `remember_subsets` keeps a font's
last subsets and their compressed bytes; the PDF is byte-for-byte what reportlab writes without it
(a test compares).
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFStream, PDFStreamFilterZCompress, PDFZCompress
from reportlab.pdfbase.ttfonts import TTFont

KEPT = 12  # subsets kept per font (a few tens of kilobytes each, raw and compressed)


class _Memo:
    """The last `size` results of a function, by key; safe across threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self.hits += 1
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self.misses += 1
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


class _RememberingFlate(PDFStreamFilterZCompress):  # type: ignore[misc]
    """reportlab's Flate filter (same zlib level) for font programs, remembering its outputs."""

    def __init__(self, memo: _Memo) -> None:
        self.memo = memo

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        return self.memo.get(data, lambda: zlib.compress(data))  # type: ignore[no-any-return]


def remember_subsets(font: TTFont) -> TTFont:
    """`font`, making each distinct subset (and its compressed font program) once."""
    face = font.face
    make_subset, add_subset_objects = face.makeSubset, face.addSubsetObjects
    subsets, packed = _Memo(KEPT), _Memo(KEPT)
    flate = _RememberingFlate(packed)

    def remembered_subset(subset: list[int]) -> bytes:
        return subsets.get(tuple(subset), lambda: make_subset(subset))  # type: ignore[no-any-return]

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
