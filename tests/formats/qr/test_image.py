from __future__ import annotations

import io
import random
import string

import pytest
import qrcode
import zxingcpp
from PIL import Image
from qrcode import util
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError

from microcred_desktop.formats.qr import qr_matrix, qr_png, qr_version
from microcred_desktop.formats.qr.codewords import best_version, codewords
from microcred_desktop.formats.qr.image import qr_overflow_bits

ALNUM = string.ascii_uppercase + string.digits + " $%*+-./:"


def _texts() -> list[str]:
    rnd = random.Random(7)
    texts = ["A", "urn:uuid:6e9c1a7e-2f4b-4d39-8c1e-5b7a9d0c3e21", "Žydrūnė Ąžuolaitė-Šimkienė"]
    for n in (30, 150, 400, 560, 900):
        body = "".join(rnd.choice(ALNUM) for _ in range(n))
        texts += ["MC1:" + body, "https://verify.example.lt/c#MC1:" + body]
    texts.append("MC1:" + "".join(rnd.choice(string.digits) for _ in range(301)) + "Ž")  # numeric segments
    return texts


@pytest.mark.parametrize("text", _texts())
def test_symbol_is_identical_to_the_qrcode_library(text: str) -> None:
    reference = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    reference.add_data(text)
    reference.make(fit=True)
    assert qr_matrix(text, border=4) == reference.get_matrix()
    assert qr_version(text) == reference.version
    assert len(qr_matrix(text)) == reference.version * 4 + 17


def test_overflow_bits_agree_with_the_version() -> None:
    rnd = random.Random(3)
    for n in (100, 590, 600, 610, 620, 700):
        text = "MC1:" + "".join(rnd.choice(ALNUM) for _ in range(n))
        assert (qr_overflow_bits(text) <= 0) == (qr_version(text) <= 15)


@pytest.mark.parametrize("text", _texts())
@pytest.mark.parametrize("version", [1, 9, 10, 15, 26, 27, 40])
def test_overflow_bits_equal_the_qrcode_library_bit_stream(text: str, version: int) -> None:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
    code.add_data(text)
    buffer = util.BitBuffer()
    for segment in code.data_list:
        buffer.put(segment.mode, 4)
        buffer.put(len(segment), util.length_in_bits(segment.mode, version))
        segment.write(buffer)
    assert qr_overflow_bits(text, version) == len(buffer) - util.BIT_LIMIT_TABLE[ERROR_CORRECT_M][version]


def test_png_decodes_to_the_text() -> None:
    text = "https://verify.example.lt/c#MC1:" + "".join(random.Random(1).choice(ALNUM) for _ in range(400))
    png = qr_png(text, box_size=4)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == ((qr_version(text) * 4 + 17 + 8) * 4,) * 2
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [text]
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    assert results[0].ec_level == "M"


@pytest.mark.parametrize("level", [ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H])
def test_version_and_codewords_equal_the_qrcode_library_at_every_version(level: int) -> None:
    rnd = random.Random(level)
    for version in range(1, 41):
        capacity = sum(b.data_count for b in qrcode.base.rs_blocks(version, level))
        for text in (
            "".join(rnd.choice(ALNUM) for _ in range(rnd.randrange(1, capacity))),
            "".join(rnd.choice(string.digits) for _ in range(rnd.randrange(1, capacity))),
            "https://x.lt/#" + "".join(rnd.choice(string.ascii_letters) for _ in range(rnd.randrange(1, capacity))),
        ):
            code = qrcode.QRCode(error_correction=level)
            code.add_data(text)
            assert best_version(level, code.data_list) == code.best_fit()
            fits = code.best_fit() <= version
            if not fits:
                with pytest.raises(DataOverflowError):
                    codewords(version, level, code.data_list)
                continue
            assert codewords(version, level, code.data_list) == util.create_data(version, level, code.data_list)


@pytest.mark.parametrize("text", _texts()[::3])
def test_mask_penalty_equals_the_qrcode_library_for_every_mask(text: str) -> None:
    """Not just the chosen mask: all eight scores, so an error that happens to keep the winner still fails."""
    from microcred_desktop.formats.qr.matrix import penalty

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    for mask in range(8):
        code.makeImpl(True, mask)  # as the library scores masks: format and version information blank
        grid = code.modules
        rows = int("".join("1" if m else "0" for row in grid for m in row), 2)
        cols = int("".join("1" if grid[r][c] else "0" for c in range(len(grid)) for r in range(len(grid))), 2)
        assert penalty(rows, cols, len(grid)) == util.lost_point(grid), mask
