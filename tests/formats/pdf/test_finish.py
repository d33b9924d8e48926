"""Finishing a draft certificate: the pages drawn once stay as they are, only the QR code changes, the files
are attached, and the result is a PDF of one revision that any reader takes."""

from __future__ import annotations

import hashlib
import io
import logging
import re
from datetime import UTC, datetime

import pytest
import zxingcpp
from PIL import Image, ImageChops
from pypdf import PdfReader

from microcred_desktop.formats.pdf.attachments import embedded_files
from microcred_desktop.formats.pdf.finish import DraftUnreadable, _read_draft, finish_certificate
from microcred_desktop.formats.pdf.page_image import page_image
from microcred_desktop.formats.pdf.render import draft_certificate, render_certificate
from microcred_desktop.formats.qr import make_qr_text
from tests.formats.qr.support import issuer

from .support import BADGE, EDC, formal_document

MOMENT = datetime(2026, 11, 20, 9, 30, 5, tzinfo=UTC)
FILES = {"credential.edc.jsonld": EDC, "badge.ob3.json": BADGE}


@pytest.fixture(scope="module")
def made() -> tuple[bytes, bytes, str]:
    """(draft, finished certificate, the signed QR text)."""
    doc = formal_document()
    qr_text = make_qr_text(doc, issuer(), hashlib.sha256(EDC).digest())
    draft = draft_certificate(doc, template="formal", issuer=issuer().did, has_edc=True)
    return draft, finish_certificate(draft, qr_text, FILES, MOMENT), qr_text


def _qr(image: Image.Image) -> str:
    (barcode,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return barcode.text


def test_only_the_qr_code_changes_and_it_reads_as_the_signed_text(made: tuple[bytes, bytes, str]) -> None:
    draft, final, qr_text = made
    assert ImageChops.difference(page_image(draft, 1, 72), page_image(final, 1, 72)).getbbox() is None
    before, after = page_image(draft, 0, 150), page_image(final, 0, 150)
    changed = ImageChops.difference(before, after).getbbox()
    assert changed is not None
    left, top, right, bottom = changed
    qr_px = 30 / 25.4 * 150  # the QR code is 30 mm wide
    assert right - left < 1.5 * qr_px and bottom - top < 1.5 * qr_px  # the symbol and its quiet zone only
    assert left > before.width / 2 and top > before.height / 2  # bottom right, where the QR code is
    assert _qr(before) == formal_document().urn
    assert _qr(after) == qr_text


def test_the_finished_file_is_one_revision_that_readers_take_without_complaint(
        made: tuple[bytes, bytes, str], caplog: pytest.LogCaptureFixture) -> None:
    _draft, final, _qr_text = made
    assert final.count(b"%%EOF") == 1 and final.count(b"startxref") == 1  # no update appended
    parsed = _read_draft(final)  # every cross-reference entry points at its object
    assert sorted(parsed.offsets) == list(range(1, parsed.size))
    assert all(final.startswith(b"%d 0 obj\n" % n, at) for n, at in parsed.offsets.items())
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        reader = PdfReader(io.BytesIO(final), strict=True)
        assert len(reader.pages) == 2 and reader.metadata is not None and reader.metadata.title
    assert not caplog.records
    assert embedded_files(final) == FILES


def test_each_attachment_carries_its_size_checksum_and_date(made: tuple[bytes, bytes, str]) -> None:
    _draft, final, _qr_text = made
    tree = PdfReader(io.BytesIO(final)).trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    assert [str(tree[i]) for i in range(0, len(tree), 2)] == sorted(FILES)  # a name tree is sorted
    for i in range(0, len(tree), 2):
        spec = tree[i + 1].get_object()
        assert spec["/Type"] == "/Filespec" and spec["/AFRelationship"] == "/Data" and spec["/UF"] == tree[i]
        params = spec["/EF"]["/F"].get_object()["/Params"]
        data = FILES[str(tree[i])]
        assert params["/Size"] == len(data)
        checksum = params["/CheckSum"]  # pypdf gives a text string when the 16 bytes happen to decode as one
        assert bytes(getattr(checksum, "original_bytes", checksum)) == hashlib.md5(data, usedforsecurity=False).digest()
        assert params["/ModDate"] == "D:20261120093005+00'00'"


def test_names_outside_ascii_and_with_brackets_survive() -> None:
    files = {"Žydrūnė (kopija).txt": "Žydrūnė\n".encode(), "a\\b).json": b"{}"}
    pdf = render_certificate(formal_document(), None, attachments=files)
    assert embedded_files(pdf) == files


def test_issuing_and_rendering_make_the_same_file(made: tuple[bytes, bytes, str]) -> None:
    """The app's preview and re-export (`render_certificate`) and a batch (draft, then finish) agree."""
    qr_text = made[2]
    doc = formal_document()
    assert render_certificate(doc, qr_text, template="formal", attachments=FILES) == finish_certificate(
        draft_certificate(doc, template="formal", issuer=issuer().did, has_edc=True), qr_text, FILES, doc.issued_at)


def test_what_is_not_a_draft_of_ours_is_refused(made: tuple[bytes, bytes, str]) -> None:
    draft, final, qr_text = made
    with pytest.raises(DraftUnreadable):
        finish_certificate(b"%PDF-1.4\n%%EOF\n", qr_text, FILES, MOMENT)
    with pytest.raises(DraftUnreadable):  # already finished: its catalog has the files
        finish_certificate(final, qr_text, FILES, MOMENT)
    without_qr = draft.replace(b"/FormXob.qr", b"/FormXob.xx")
    with pytest.raises(DraftUnreadable):
        finish_certificate(without_qr, qr_text, {}, MOMENT)
    assert finish_certificate(draft, None, {}, MOMENT) == draft  # nothing to put in


def test_the_file_id_follows_what_the_file_holds(made: tuple[bytes, bytes, str]) -> None:
    draft, _final, qr_text = made

    def file_id(pdf: bytes) -> list[object]:
        return list(PdfReader(io.BytesIO(pdf)).trailer["/ID"])

    same = finish_certificate(draft, qr_text, FILES, MOMENT)
    assert file_id(same) == file_id(finish_certificate(draft, qr_text, FILES, MOMENT))
    edc = EDC.replace(b"VerifiableCredential", b"VerifiableCredentiaX")  # another file of the same size
    others = [
        finish_certificate(draft, qr_text, {**FILES, "credential.edc.jsonld": edc}, MOMENT),
        finish_certificate(draft, qr_text + "A", FILES, MOMENT),
        finish_certificate(draft, qr_text, FILES, MOMENT.replace(second=6)),
        finish_certificate(draft_certificate(formal_document(), template="volunteering"), qr_text, FILES, MOMENT),
    ]
    ids = [file_id(same), *(file_id(pdf) for pdf in others)]
    assert len({str(i[0]) for i in ids}) == len(ids)


def _picture_json(seed: int) -> bytes:
    """A PNG picture's base64, as a JSON file holds it: random pixels, so it does not compress by itself."""
    import base64
    import random

    noise = Image.frombytes("L", (64, 64), random.Random(seed).randbytes(64 * 64))
    out = io.BytesIO()
    noise.save(out, format="PNG")
    return base64.b64encode(out.getvalue())


@pytest.mark.parametrize("data", [
    b"",
    b'{"no": "picture"}',
    b'{"a": "' + _picture_json(1) + b'", "b": "' + _picture_json(1) + b'"}',  # an EDC's picture, per language
    b'{"payload": "{\\"image\\": \\"' + _picture_json(2) + b'\\"}"}',  # inside a JAdES payload's string
    b'{"id": "data:image/png;base64,' + _picture_json(3),  # a picture the file ends in
    b"iVBORw0KGgo" * 3 + b'"iVBORw0KGgo\\',  # the marker alone, repeated, at both ends of a piece
])
def test_attached_files_unpack_to_their_bytes_with_repeated_pictures_packed_once(data: bytes) -> None:
    import zlib

    from microcred_desktop.formats.pdf import finish

    before = finish._pictures.misses
    packed = finish._pack_file(data)
    assert zlib.decompress(packed) == data  # one zlib stream: header, blocks, checksum all as zlib reads them
    assert zlib.decompressobj().decompress(packed + b"tail") == data  # and it ends where it says
    pictures = {data[m.start():].split(b'"')[0].split(b"\\")[0] for m in re.finditer(b"iVBORw0KGgo", data)}
    assert finish._pictures.misses - before <= len(pictures)
    if b'"b": "' in data:  # the same picture twice: packed once, the same blocks in both places
        assert finish._pictures.misses - before == 1
        assert packed.count(finish._pack_piece(_picture_json(1))) == 2


def test_an_edc_attached_twice_over_reads_back_from_the_pdf() -> None:
    edc = b'{"displayParameter": [{"content": "' + _picture_json(4) + b'"}, {"content": "' + _picture_json(4) + b'"}]}'
    pdf = render_certificate(formal_document(), None, attachments={"c.edc.jsonld": edc, "b.ob3.json": BADGE})
    assert embedded_files(pdf) == {"c.edc.jsonld": edc, "b.ob3.json": BADGE}
