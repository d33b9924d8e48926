"""QR symbols of a text: version, module matrix and PNG, with the `qrcode` library at error correction M."""

from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from .codewords import best_version, capacity_bits, stream_bits
from .matrix import build_rows, build_symbol

MAX_VERSION = 15  # 77 modules: at 30 mm a module is 0.39 mm, still easy for phone cameras
QUIET_ZONE = 4  # modules of white around the symbol, as ISO/IEC 18004 asks


def _code(text: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
    code.add_data(text)  # optimised segments: a URL in byte mode, the base45 payload alphanumeric
    return code


def qr_version(text: str) -> int:
    """The smallest QR version that holds `text` at level M (no matrix is built)."""
    code = _code(text)
    return best_version(code.error_correction, code.data_list)


def qr_overflow_bits(text: str, version: int = MAX_VERSION) -> int:
    """How many bits `text` needs beyond the capacity of `version` at level M (<= 0 when it fits)."""
    return stream_bits(version, _code(text).data_list) - capacity_bits(version, ERROR_CORRECT_M)


def qr_rows(text: str) -> list[str]:
    """The QR symbol's rows top to bottom as '0'/'1' strings (1 = dark), without a quiet zone."""
    return build_rows(_code(text))


def qr_matrix(text: str, *, border: int = 0) -> list[list[bool]]:
    """The dark (True) and light modules of the QR symbol, rows top to bottom, `border` light modules around."""
    symbol = build_symbol(_code(text))
    if not border:
        return symbol
    light = [False] * (len(symbol) + 2 * border)
    edge = [False] * border
    return [light[:] for _ in range(border)] + [edge + row + edge for row in symbol] + [light[:] for _ in range(border)]


def qr_png(text: str, *, box_size: int = 8, border: int = QUIET_ZONE) -> bytes:
    """A black-on-white PNG of the QR symbol, `box_size` pixels per module."""
    from PIL import Image  # local: only needed for PNG output

    matrix = qr_matrix(text, border=border)
    size = len(matrix)
    small = Image.new("1", (size, size), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    image = small.resize((size * box_size, size * box_size), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
