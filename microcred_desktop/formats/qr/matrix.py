"""QR symbols built from the `qrcode` library's encoding, with its two slow steps done faster.

`qrcode` places the data bit by bit and scores each of the eight masks in pure-Python loops: about
40 ms for a version-15 symbol, most of a certificate's render time. Segmenting, function patterns and
format information stay the library's own; version choice and codewords are in `codewords`. Placement is a
string gather through a per-version index, and the mask penalty (ISO/IEC 18004 §7.8.3, computed
exactly as `qrcode.util.lost_point` does, on a symbol with blank format information as the library
does) is bit arithmetic on the symbol held as one integer per reading direction. The symbol is
identical to the library's, and so is each mask's score: tests compare them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from operator import itemgetter

import qrcode
from qrcode import util

from .codewords import best_version, codewords

Gather = Callable[[str], tuple[str, ...]]  # picks a symbol's cells, in order, out of one string
_FINDER_LIKE = ("10111010000", "00001011101")


def _function_grid(version: int, test: bool, mask: int) -> list[list[bool | None]]:
    """Function patterns and format/version information; None where data goes."""
    count = version * 4 + 17
    code = qrcode.QRCode(version=version)
    code.modules_count = count
    code.modules = [[None] * count for _ in range(count)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(count - 7, 0)
    code.setup_position_probe_pattern(0, count - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(test, mask)
    if version >= 7:
        code.setup_type_number(test)
    return code.modules


@cache
def _layout(version: int) -> tuple[Gather, Gather, int, tuple[tuple[int, int], ...]]:
    """(gather for rows, gather for columns, number of function modules, data positions in placement
    order) for `version`. A symbol is gathered from `function modules + data bits`."""
    grid = _function_grid(version, True, 0)  # which cells are free does not depend on the mask
    count = len(grid)
    positions: list[tuple[int, int]] = []
    row, step = count - 1, -1
    for col in range(count - 1, 0, -2):
        if col <= 6:
            col -= 1
        while True:
            positions.extend((row, c) for c in (col, col - 1) if grid[row][c] is None)
            row += step
            if row < 0 or row >= count:
                row -= step
                step = -step
                break
    fixed = [(r, c) for r in range(count) for c in range(count) if grid[r][c] is not None]
    index = {cell: i for i, cell in enumerate(fixed)}
    index.update({cell: len(fixed) + i for i, cell in enumerate(positions)})
    by_rows = itemgetter(*(index[(r, c)] for r in range(count) for c in range(count)))
    by_cols = itemgetter(*(index[(r, c)] for c in range(count) for r in range(count)))
    return by_rows, by_cols, len(fixed), tuple(positions)


@cache
def _fixed_bits(version: int, test: bool, mask: int) -> str:
    grid = _function_grid(version, test, mask)
    return "".join("1" if m else "0" for row in grid for m in row if m is not None)


@cache
def _mask_int(version: int, mask: int) -> int:
    flip = util.mask_func(mask)
    bits = "".join("1" if flip(r, c) else "0" for r, c in _layout(version)[3])
    return int(bits, 2)


@cache
def _placed_mask(version: int, mask: int) -> tuple[int, int]:
    """Mask pattern `mask` over the data modules only, placed in the symbol: (row by row, column by
    column) integers. Placement only moves bits, so placing data XOR mask is placing each and XOR-ing."""
    by_rows, by_cols, fixed, positions = _layout(version)
    source = "0" * fixed + format(_mask_int(version, mask), f"0{len(positions)}b")
    return int("".join(by_rows(source)), 2), int("".join(by_cols(source)), 2)


@cache
def _masks(count: int) -> tuple[int, int, int]:
    """Bit masks over a symbol flattened row by row into one integer (first module = highest bit), for
    the bit positions p whose module k = count² - 1 - p has: a left neighbour in its row, a module
    above it, and ten modules to its left in its row (where a finder-like pattern can end)."""
    size = count * count
    left = above = ten = 0
    for k in range(size):
        bit = 1 << (size - 1 - k)
        if k % count:
            left |= bit
        if k >= count:
            above |= bit
        if k % count >= 10:
            ten |= bit
    return left, above, ten


def _finder_like(x: int, mask: int) -> int:
    """How many times either finder-like pattern (11 modules) ends at a bit of `mask` in the flattened
    symbol `x`. The two patterns are each other's mirror image, so both are tested on the same shifts."""
    forward = backward = mask
    for i in range(11):
        shifted = x >> i
        inverse = ~shifted
        forward &= shifted if _FINDER_LIKE[0][10 - i] == "1" else inverse
        backward &= shifted if _FINDER_LIKE[1][10 - i] == "1" else inverse
    return forward.bit_count() + backward.bit_count()


def _line_penalty(x: int, count: int) -> tuple[int, int, int]:
    """(N1, N3, equal-left-neighbour bits) for the lines of `x`, a symbol flattened line by line."""
    left, _, ten = _masks(count)
    same = ~(x ^ (x >> 1)) & left  # module equals its left neighbour
    five = same & (same >> 1) & (same >> 2) & (same >> 3)  # ends a run of five equal modules
    # A run of n >= 5 costs n - 2: (n - 4) five-module windows plus 2 for the run itself.
    n1 = five.bit_count() + 2 * (five & ~(five >> 1)).bit_count()
    n3 = 40 * _finder_like(x, ten)
    return n1, n3, same


def penalty(rows: int, cols: int, count: int) -> int:
    """The mask penalty (rules N1-N4, as `qrcode.util.lost_point` scores them) of a symbol of `count`
    modules a side, given as integers of a bit per module (dark = 1, first module = highest bit) read
    row by row and column by column. Each rule is a few operations on those integers."""
    n1_rows, n3_rows, same_left = _line_penalty(rows, count)
    n1_cols, n3_cols, _ = _line_penalty(cols, count)
    same_above = ~(rows ^ (rows >> count)) & _masks(count)[1]
    n2 = 3 * (same_left & (same_left >> count) & same_above).bit_count()  # 2x2 blocks of one colour
    dark = rows.bit_count()
    n4 = 10 * int(abs(dark / count**2 * 100 - 50) / 5)
    return n1_rows + n1_cols + n2 + n3_rows + n3_cols + n4


def build_symbol(code: qrcode.QRCode) -> list[list[bool]]:
    """The modules of `code` (data added, error correction set) at its best-fitting version and best mask."""
    return [[bit == "1" for bit in row] for row in build_rows(code)]


def build_rows(code: qrcode.QRCode) -> list[str]:
    """`build_symbol` as one '0'/'1' string a row (1 = dark)."""
    version = best_version(code.error_correction, code.data_list)
    words = codewords(version, code.error_correction, code.data_list)
    by_rows, by_cols, _, positions = _layout(version)
    size = len(positions)
    count = version * 4 + 17
    data = int.from_bytes(bytes(words), "big") << (size - 8 * len(words))

    def placed(fixed_bits: str, data_bits: int, getter: Gather) -> str:
        return "".join(getter(fixed_bits + format(data_bits, f"0{size}b")))

    # Masks are scored on symbols with blank format and version information (as the library does),
    # the same for every mask, and placing only moves bits: place the unmasked data once per reading
    # direction, then XOR each placed mask onto it.
    blank = _fixed_bits(version, True, 0)
    rows, cols = (int(placed(blank, data, getter), 2) for getter in (by_rows, by_cols))
    scores = []
    for mask in range(8):
        mask_rows, mask_cols = _placed_mask(version, mask)
        scores.append(penalty(rows ^ mask_rows, cols ^ mask_cols, count))
    best = scores.index(min(scores))
    symbol = placed(_fixed_bits(version, False, best), data ^ _mask_int(version, best), by_rows)
    return [symbol[i : i + count] for i in range(0, count * count, count)]
