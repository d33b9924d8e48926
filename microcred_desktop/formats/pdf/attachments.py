"""Files embedded in the certificate PDF (the sealed EDC, the Open Badge…) and reading them back, bounded."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject
from pypdf.generic import PdfObject as PypdfObject

from microcred_desktop.domain.errors import UserError
from microcred_desktop.i18n import _

MAX_ATTACHMENTS = 8  # a certificate carries two; more is not a certificate of ours
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024  # per file, once inflated
_MAX_TREE_NODES = 64
_MAX_TREE_DEPTH = 8


@dataclass
class Attachments:
    """What a bounded read of the embedded files found. Only wanted files are inflated, one at a time,
    each with an output cap, so a small PDF of highly compressed files cannot fill the memory."""

    files: dict[str, bytes] = field(default_factory=dict)  # wanted files, by name (the first, when a name repeats)
    listed: int = 0  # entries of the EmbeddedFiles tree that were looked at
    too_many: bool = False  # the tree lists more than `max_files` entries (the rest were not looked at)
    oversized: list[str] = field(default_factory=list)  # wanted files over the size cap (declared or inflated)
    damaged: list[str] = field(default_factory=list)  # wanted files that could not be read or inflated


def _limits(max_bytes: int) -> AbstractContextManager[object]:
    """pypdf's own inflate cap (object streams) lowered to ours while we read, where pypdf allows it."""
    try:
        from pypdf import apply_configuration  # newer pypdf only
    except ImportError:  # pragma: no cover - older pypdf keeps its 75 MB cap
        return nullcontext()
    return apply_configuration(zlib_maximum_output_length=max_bytes)


def _resolved(value: Any) -> Any:
    """An indirect object followed to what it points at (anything else as it is)."""
    return value.get_object() if isinstance(value, PypdfObject) else value


def _tree_entries(root: Any, most: int) -> tuple[list[tuple[str, Any]], bool]:
    """(name, file specification) pairs of a name tree, at most `most` of them; True when there are more."""
    entries: list[tuple[str, Any]] = []
    pending: list[tuple[Any, int]] = [(root, 0)]
    seen = 0
    while pending:
        node, depth = pending.pop()
        node = _resolved(node)
        seen += 1
        if not isinstance(node, DictionaryObject) or seen > _MAX_TREE_NODES or depth > _MAX_TREE_DEPTH:
            continue
        names = _resolved(node.get("/Names"))
        if isinstance(names, ArrayObject):
            for index in range(0, len(names) - 1, 2):
                if len(entries) >= most:
                    return entries, True
                key = _resolved(names[index])
                entries.append((str(key) if isinstance(key, str) else "", names[index + 1]))
        kids = _resolved(node.get("/Kids"))
        if isinstance(kids, ArrayObject):
            pending.extend((kid, depth + 1) for kid in reversed(kids[:_MAX_TREE_NODES]))
    return entries, False


def _spec_name(key: str, spec: DictionaryObject) -> str:
    for entry in ("/UF", "/F"):
        value = _resolved(spec.get(entry))
        if isinstance(value, str) and value:
            return str(value)
    return key


def _declared_size(stream: DictionaryObject) -> int | None:
    params = _resolved(stream.get("/Params"))
    size = params.get("/Size") if isinstance(params, DictionaryObject) else None
    return int(size) if isinstance(size, int) else None


def _inflate(stream: StreamObject, cap: int) -> bytes | None:
    """The stream's content, at most `cap` bytes; None when it is larger. Flate (or no filter) only.

    Raises ValueError when the stream uses another filter or is not valid Flate data."""
    raw: bytes = stream._data  # the encoded bytes as stored; get_data() would inflate without our cap
    filters = _resolved(stream.get("/Filter"))
    names = [str(f) for f in filters] if isinstance(filters, ArrayObject) else [str(filters)] if filters else []
    if _resolved(stream.get("/DecodeParms")):
        raise ValueError("decode parameters")
    if not names:
        return raw if len(raw) <= cap else None
    if names != ["/FlateDecode"]:
        raise ValueError(f"filter {names[:3]}")
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(raw, cap + 1)
    except zlib.error as exc:
        raise ValueError(str(exc)) from None
    if len(data) > cap or inflater.unconsumed_tail:
        return None
    return data


def read_attachments(pdf: bytes, *, wanted: Callable[[str], bool] = lambda _name: True,
                     max_files: int = MAX_ATTACHMENTS, max_bytes: int = MAX_ATTACHMENT_BYTES,
                     max_total: int | None = None) -> Attachments:
    """The embedded files of `pdf`, read lazily and bounded.

    At most `max_files` entries of the EmbeddedFiles tree are looked at (`too_many` says there were more,
    and then no file is read);
    names come first, and only files whose name `wanted` accepts are read at all; a declared /Params /Size
    over `max_bytes` is refused before inflating, and inflating stops at `max_bytes` (and at `max_total`
    for all files together). Raises UserError when the PDF itself cannot be read.
    """
    found = Attachments()
    total = 0
    try:
        with _limits(max_bytes):
            reader = PdfReader(io.BytesIO(pdf))
            root = _resolved(reader.trailer["/Root"])
            names = _resolved(root.get("/Names")) if isinstance(root, DictionaryObject) else None
            tree = names.get("/EmbeddedFiles") if isinstance(names, DictionaryObject) else None
            if tree is None:
                return found
            entries, found.too_many = _tree_entries(tree, max_files)
            found.listed = len(entries)
            if found.too_many:
                return found  # not a certificate: nothing is read
            for key, spec_ref in entries:
                spec = _resolved(spec_ref)
                if not isinstance(spec, DictionaryObject):
                    continue
                name = _spec_name(key, spec)
                if name in found.files or not wanted(name):
                    continue
                room = max_bytes if max_total is None else max(0, min(max_bytes, max_total - total))
                total += _read_one(found, name, spec, room)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise UserError(_("This PDF file is damaged or is not a PDF."), str(exc)[:200]) from None
    return found


def _read_one(found: Attachments, name: str, spec: DictionaryObject, cap: int) -> int:
    """Read one wanted file of at most `cap` bytes into `found`; the number of bytes it added."""
    files = _resolved(spec.get("/EF"))
    stream = (files.get("/F") or files.get("/UF")) if isinstance(files, DictionaryObject) else None
    stream = _resolved(stream)
    if not isinstance(stream, StreamObject):
        found.damaged.append(name)
        return 0
    declared = _declared_size(stream)
    if declared is not None and declared > cap:
        found.oversized.append(name)
        return 0
    try:
        data = _inflate(stream, cap)
    except (ValueError, PyPdfError):
        found.damaged.append(name)
        return 0
    if data is None:
        found.oversized.append(name)
        return 0
    found.files[name] = data
    return len(data)


def embedded_files(pdf: bytes) -> dict[str, bytes]:
    """The files embedded in `pdf`, by name (the first, when a name repeats).

    Bounded like `read_attachments` (64 files, 20 MB each); a PDF over those limits, or with a file
    that cannot be read, is a UserError."""
    found = read_attachments(pdf, max_files=64)
    if found.too_many or found.oversized:
        raise UserError(_("This PDF carries more or larger attached files than a certificate can have."))
    if found.damaged:
        raise UserError(_("This PDF file is damaged or is not a PDF."), ", ".join(found.damaged)[:200])
    return found.files
