"""The `qrcode` library's QR encoder with its two slow steps done faster, for batches of certificates.

`qrcode` places the data and scores each of the eight masks with pure-Python loops: about 40 ms for a
version-15 symbol, most of a certificate's render time. Here module placement uses a per-version list
of data positions, and the mask penalty (ISO/IEC 18004 §7.8.3, exactly as `qrcode.util.lost_point`
computes it) runs on row and column strings with regular expressions. Segmenting, error correction,
function patterns and format information are the library's own; the symbol is identical
(tests compare it with plain `qrcode`).
"""

from __future__ import annotations

import re
import threading
from functools import cache

import qrcode
from qrcode import util

_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")
_lock = threading.Lock()


@cache
def _positions(version: int) -> tuple[tuple[int, int], ...]:
    """The data modules of `version` in placement order (the zig-zag of ISO/IEC 18004 §7.7.3)."""
    count = version * 4 + 17
    free: list[tuple[int, int]] = []
    reference = qrcode.QRCode(version=version)
    reference.modules_count = count
    reference.modules = [[None] * count for _ in range(count)]
    reference.setup_position_probe_pattern(0, 0)
    reference.setup_position_probe_pattern(count - 7, 0)
    reference.setup_position_probe_pattern(0, count - 7)
    reference.setup_position_adjust_pattern()
    reference.setup_timing_pattern()
    reference.setup_type_info(True, 0)  # any mask: only which cells are taken matters
    if version >= 7:
        reference.setup_type_number(True)
    row, step = count - 1, -1
    for col in range(count - 1, 0, -2):
        if col <= 6:
            col -= 1
        while True:
            for c in (col, col - 1):
                if reference.modules[row][c] is None:
                    free.append((row, c))
            row += step
            if row < 0 or row >= count:
                row -= step
                step = -step
                break
    return tuple(free)


@cache
def _mask_bits(version: int, mask: int) -> tuple[bool, ...]:
    flip = util.mask_func(mask)
    return tuple(bool(flip(r, c)) for r, c in _positions(version))


def penalty(modules: list[list[bool]]) -> int:
    """The mask penalty score of a symbol (rules N1-N4), equal to `qrcode.util.lost_point`."""
    count = len(modules)
    rows = ["".join("1" if m else "0" for m in row) for row in modules]
    cols = ["".join(column) for column in zip(*rows, strict=True)]
    score = 0
    for line in (*rows, *cols):
        score += sum(len(run) - 2 for run in _RUN.findall(line))
        score += 40 * len(_FINDER_LIKE.findall(line))
    full = (1 << count) - 1
    ints = [int(row, 2) for row in rows]
    for upper, lower in zip(ints, ints[1:], strict=False):
        same = ~(upper ^ lower) & ~(upper ^ (upper >> 1)) & ~(lower ^ (lower >> 1)) & (full >> 1)
        score += 3 * same.bit_count()
    dark = sum(row.count("1") for row in rows)
    score += 10 * int(abs(dark / count**2 * 100 - 50) / 5)
    return score


class FastQRCode(qrcode.QRCode):  # type: ignore[type-arg]
    """`qrcode.QRCode` with table-driven placement and a string-based mask penalty."""

    def map_data(self, data: bytes | list[int], mask_pattern: int) -> None:
        positions = _positions(self.version)
        masks = _mask_bits(self.version, mask_pattern)
        bits = [(byte >> shift) & 1 == 1 for byte in data for shift in range(7, -1, -1)]
        bits += [False] * (len(positions) - len(bits))
        modules = self.modules
        for (r, c), bit, flip in zip(positions, bits, masks, strict=False):
            modules[r][c] = bit != flip

    def best_mask_pattern(self) -> int:
        best, best_score = 0, -1
        for mask in range(8):
            self.makeImpl(True, mask)
            score = penalty(self.modules)
            if best_score < 0 or score < best_score:
                best, best_score = mask, score
        return best


def symbol(code: FastQRCode) -> list[list[bool]]:
    """Make `code` (data already added) and return its modules; thread-safe."""
    with _lock:  # qrcode caches blank symbols in a shared dict
        code.make(fit=True)
    return code.get_matrix()
