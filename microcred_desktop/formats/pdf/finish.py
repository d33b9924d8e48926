"""Finishing a drafted certificate: the signed QR code and the attached files put into the draft, so the
pages drawn once for the EDC's picture are not drawn again.

The draft's objects are copied as they are, except its QR form (`qr_form.py`), replaced by the QR code of
the signed text, and its document catalog, which gains the embedded files (PDF 1.7 §7.11.4); the file is
written anew with its cross-reference table, as one revision. The draft is our own reportlab output, so it
is read strictly: anything unexpected is an error, never a guess.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from microcred_desktop.memo import Memo

from .mime import mime_type
from .qr_form import QR_FORM, qr_operators

COMPRESSION = 6  # zlib level of the QR form's operators
SMALL = 16384  # a stream this short goes into the file's ID whole (the QR code's); longer ones by their checksum
_PICTURE = b"iVBORw0KGgo"  # a PNG's signature in base64: where a picture starts inside a JSON file
_ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KB window, "fastest" (as zlib marks the run-length strategy)
_LAST_BLOCK = b"\x03\x00"  # an empty final block: what zlib ends a stream with after a flush
# Pictures packed lately, by their base64: an EDC holds its picture once per language, and every badge of a
# course the same badge image.
_pictures: Memo[bytes] = Memo(8)


def _pack_piece(data: bytes) -> bytes:
    """`data` as raw deflate blocks by run lengths and Huffman codes only, ended on a byte boundary with
    nothing to refer back to, so that pieces packed apart follow each other in one stream."""
    packer = zlib.compressobj(COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS, 8, zlib.Z_RLE)
    return packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)


def _pack_file(data: bytes) -> bytes:
    """An attached file as one zlib stream (any Flate reader reads it), made by run lengths and Huffman codes
    only: most of a credential file is the base64 of PNG pictures, where searching for repeats finds next to
    nothing (a quarter of the time of the default strategy for about 15 % more bytes). Each picture is its own
    piece, packed once however often it appears (twice in an EDC, in every badge of a course); a repeat is
    a run-length matter only within a piece, so cutting there loses nothing."""
    parts, done = [_ZLIB_HEADER], 0
    start = data.find(_PICTURE)
    while start >= 0:
        ends = [i for i in (data.find(b'"', start), data.find(b"\\", start)) if i >= 0]
        end = min(ends) if ends else len(data)
        picture = data[start:end]
        parts += [_pack_piece(data[done:start]), _pictures.get(picture, partial(_pack_piece, picture))]
        done, start = end, data.find(_PICTURE, end)
    parts += [_pack_piece(data[done:]), _LAST_BLOCK, struct.pack(">I", zlib.adler32(data))]
    return b"".join(parts)


class DraftUnreadable(ValueError):
    """The bytes are not a draft certificate made by `draft_certificate`."""


@dataclass(frozen=True)
class _Draft:
    size: int  # the trailer's /Size: the next free object number
    root: int
    info: int
    startxref: int
    offsets: dict[int, int]  # object number -> byte offset


_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*\Z", re.S)


def _number(trailer: bytes, key: bytes) -> int:
    found = re.search(rb"/" + key + rb"\s+(\d+)", trailer)
    if found is None:
        raise DraftUnreadable(f"the draft's trailer has no /{key.decode()}")
    return int(found.group(1))


def _read_draft(pdf: bytes) -> _Draft:
    trailer = _TRAILER.search(pdf, max(0, len(pdf) - 4096))
    if trailer is None:
        raise DraftUnreadable("the draft does not end in a trailer")
    body, startxref = trailer.group(1), int(trailer.group(2))
    if not pdf.startswith(b"xref", startxref):
        raise DraftUnreadable("the draft's cross-reference table is missing")
    offsets: dict[int, int] = {}
    lines = iter(pdf[startxref:trailer.start()].split(b"\n")[1:])
    for header in lines:
        if not header.strip():
            continue
        first, count = (int(x) for x in header.split())
        for number in range(first, first + count):
            entry = next(lines)
            if entry[17:18] == b"n":
                offsets[number] = int(entry[:10])
    return _Draft(_number(body, b"Size"), _number(body, b"Root"), _number(body, b"Info"), startxref, offsets)


def _object_body(pdf: bytes, draft: _Draft, number: int) -> bytes:
    """The text of object `number` between `obj` and `endobj` (or `stream`)."""
    start = draft.offsets.get(number)
    head = b"%d 0 obj\n" % number
    if start is None or not pdf.startswith(head, start):
        raise DraftUnreadable(f"object {number} is not where the draft says")
    start += len(head)
    ends = [i for i in (pdf.find(b"\nstream\n", start), pdf.find(b"\nendobj", start)) if i >= 0]
    if not ends:
        raise DraftUnreadable(f"object {number} does not end")
    return pdf[start:min(ends)]


def _text(value: str) -> bytes:
    """A PDF text string: literal when printable ASCII, else UTF-16BE with its byte order mark."""
    if value.isascii() and value.isprintable():
        return b"(" + value.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _mime_name(mime: str) -> bytes:
    """A MIME type as a PDF name, its "/" written as #2F (§7.3.5)."""
    return ("/" + "".join(ch if ch.isalnum() or ch in "+-." else f"#{ord(ch):02X}" for ch in mime)).encode("ascii")


def _pdf_date(moment: datetime) -> bytes:
    return moment.astimezone(UTC).strftime("(D:%Y%m%d%H%M%S+00'00')").encode("ascii")


class _Rewrite:
    """The draft's objects, a few replaced and some added, written out as a new file of one revision: a
    finished certificate is a PDF saved once, as verification expects (an update appended to a file is a
    sign of later editing)."""

    def __init__(self, pdf: bytes, draft: _Draft) -> None:
        self.pdf, self.draft = pdf, draft
        self.next = draft.size
        self.objects: dict[int, bytes] = {}  # replaced or added: number -> the whole object
        # The file's ID (§14.4): from the draft's (reportlab's digest of the pages), and what is replaced or
        # added (an attached file by its /CheckSum, a small stream whole), not from every byte again.
        self.fingerprint = hashlib.md5(pdf[draft.startxref:], usedforsecurity=False)

    def new_number(self) -> int:
        self.next += 1
        return self.next - 1

    def write(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self.fingerprint.update(b"%d|%s|%s" % (number, body, stream if stream and len(stream) < SMALL else b""))
        text = b"%d 0 obj\n" % number + body
        if stream is not None:
            text += b"\nstream\n" + stream + b"\nendstream"
        self.objects[number] = text + b"\nendobj\n"

    def close(self) -> bytes:
        """The file: the draft's header, every object (the draft's, replaced or kept, then the added ones), a
        cross-reference table and the trailer."""
        starts = sorted(self.draft.offsets.items(), key=lambda item: item[1])
        ends = [offset for _number, offset in starts[1:]] + [self.draft.startxref]
        out = bytearray(self.pdf[:starts[0][1]])
        offsets: dict[int, int] = {}
        for (number, start), end in zip(starts, ends, strict=True):
            offsets[number] = len(out)
            out += self.objects.pop(number, None) or self.pdf[start:end]
        for number in sorted(self.objects):
            offsets[number] = len(out)
            out += self.objects[number]
        if sorted(offsets) != list(range(1, self.next)):
            raise DraftUnreadable("the draft's objects are not numbered from 1 without gaps")
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % self.next
        out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, self.next))
        ident = self.fingerprint.hexdigest().encode("ascii")
        out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                % (self.next, self.draft.root, self.draft.info, ident, ident, xref))
        return bytes(out)


def _replace_qr(pdf: bytes, draft: _Draft, update: _Rewrite, qr_text: str) -> None:
    refs = re.findall(rb"/FormXob\." + QR_FORM.encode("ascii") + rb" (\d+) 0 R", pdf)
    if len(set(refs)) != 1:
        raise DraftUnreadable("the draft has no single QR form")
    number = int(refs[0])
    dictionary = _object_body(pdf, draft, number)
    content = zlib.compress(qr_operators(qr_text).encode("ascii"), COMPRESSION)
    dictionary, found = re.subn(rb"/Length \d+", b"/Length %d" % len(content), dictionary)
    if found != 1 or b"/FlateDecode" not in dictionary:
        raise DraftUnreadable("the draft's QR form is not a compressed stream")
    update.write(number, dictionary, content)


def _attach(pdf: bytes, draft: _Draft, update: _Rewrite, files: Mapping[str, bytes], moment: datetime) -> None:
    catalog = _object_body(pdf, draft, draft.root).rstrip()
    if not catalog.endswith(b">>") or b"/Names" in catalog or b"/Type /Catalog" not in catalog:
        raise DraftUnreadable("the draft's catalog is not as expected")
    names: list[bytes] = []
    for name in sorted(files):  # a name tree's names are sorted
        data = files[name]
        packed = _pack_file(data)
        stream, spec = update.new_number(), update.new_number()
        update.write(stream, b"<< /Type /EmbeddedFile /Subtype %s /Params << /Size %d /CheckSum <%s> /ModDate %s >> "
                     b"/Filter /FlateDecode /Length %d >>"
                     % (_mime_name(mime_type(name)), len(data), hashlib.md5(data, usedforsecurity=False)
                        .hexdigest().encode("ascii"), _pdf_date(moment), len(packed)), packed)
        label = _text(name)
        update.write(spec, b"<< /Type /Filespec /F %s /UF %s /EF << /F %d 0 R /UF %d 0 R >> /AFRelationship /Data "
                     b"/Desc %s >>" % (label, label, stream, stream, label))
        names.append(b"%s %d 0 R" % (label, spec))
    tree = b"/Names << /EmbeddedFiles << /Names [ " + b" ".join(names) + b" ] >> >>"
    update.write(draft.root, catalog[:-2].rstrip() + b" " + tree + b"\n>>")


def finish_certificate(draft: bytes, qr_text: str | None, files: Mapping[str, bytes], moment: datetime) -> bytes:
    """The certificate: `draft` with the QR code of `qr_text` (None: the draft's stays) and `files`
    (name -> bytes) attached, dated `moment`. The draft's pages are kept as they are."""
    if qr_text is None and not files:
        return draft
    parsed = _read_draft(draft)
    update = _Rewrite(draft, parsed)
    if qr_text is not None:
        _replace_qr(draft, parsed, update, qr_text)
    if files:
        _attach(draft, parsed, update, files, moment)
    return update.close()
