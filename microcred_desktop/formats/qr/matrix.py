"""QR symbols built from the `qrcode` library's encoding, with its two slow steps done faster.

`qrcode` places the data bit by bit and scores each of the eight masks in pure-Python loops: about
40 ms for a version-15 symbol, most of a certificate's render time. Segmenting, function patterns and
format information stay the library's own; version choice and codewords are in `codewords`. Placement is a
string gather through a per-version index, and the mask penalty (ISO/IEC 18004 §7.8.3, computed
exactly as `qrcode.util.lost_point` does, on a symbol with blank format information as the library
does) runs on row and column strings with regular expressions. The symbol is identical to the
library's: tests compare them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from itertools import pairwise
from operator import itemgetter

import qrcode
from qrcode import util

from .codewords import best_version, codewords

Gather = Callable[[str], tuple[str, ...]]  # picks a symbol's cells, in order, out of one string
_RUN = re.compile(r"0{5,}|1{5,}")
# Neither finder-like pattern can overlap itself, so counting non-overlapping occurrences counts them all.
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


def _lines(flat: str, count: int) -> list[str]:
    return [flat[i : i + count] for i in range(0, count * count, count)]


def penalty(rows: list[str], cols: list[str]) -> int:
    """The mask penalty (rules N1-N4) of a symbol given as '0'/'1' rows and columns."""
    count = len(rows)
    lines = "2".join((*rows, *cols))  # a separator no pattern matches: one regex pass for all lines
    runs = _RUN.findall(lines)
    score = sum(map(len, runs)) - 2 * len(runs)
    score += 40 * sum(lines.count(pattern) for pattern in _FINDER_LIKE)
    full = (1 << count) - 1
    ints = [int(row, 2) for row in rows]
    for upper, lower in pairwise(ints):
        same = ~(upper ^ lower) & ~(upper ^ (upper >> 1)) & ~(lower ^ (lower >> 1)) & (full >> 1)
        score += 3 * same.bit_count()
    dark = lines.count("1") // 2  # each module is in a row and a column
    score += 10 * int(abs(dark / count**2 * 100 - 50) / 5)
    return score


def build_symbol(code: qrcode.QRCode) -> list[list[bool]]:
    """The modules of `code` (data added, error correction set) at its best-fitting version and best mask."""
    version = best_version(code.error_correction, code.data_list)
    words = codewords(version, code.error_correction, code.data_list)
    by_rows, by_cols, _, positions = _layout(version)
    size = len(positions)
    count = version * 4 + 17
    data = int.from_bytes(bytes(words), "big") << (size - 8 * len(words))

    def flat(mask: int, test: bool, getter: Gather) -> str:
        source = _fixed_bits(version, test, mask) + format(data ^ _mask_int(version, mask), f"0{size}b")
        return "".join(getter(source))

    scores = [
        penalty(_lines(flat(m, True, by_rows), count), _lines(flat(m, True, by_cols), count)) for m in range(8)
    ]
    best = scores.index(min(scores))
    return [[bit == "1" for bit in row] for row in _lines(flat(best, False, by_rows), count)]
