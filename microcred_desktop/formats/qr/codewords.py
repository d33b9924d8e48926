"""A QR symbol's codewords (data, padding, Reed-Solomon error correction, interleaved), fast.

The same result as `qrcode.util.create_data`, which writes the bit stream one bit at a time and divides
polynomials through Python objects: a third of a certificate's QR time. Here the bit stream is one
integer and the error correction a shift register over GF(256), one XOR per data byte from a
per-generator product table (ISO/IEC 18004 §7.5.2),
with the library's own RS block table, generator polynomials and log/antilog tables. Tests compare the
finished symbols with the library's.
"""

from __future__ import annotations

from functools import cache

from qrcode import base, util
from qrcode.exceptions import DataOverflowError

_ALPHA = {c: i for i, c in enumerate(util.ALPHA_NUM.decode())}
_PADS = (util.PAD0, util.PAD1)


def _bits(version: int, segments: list[util.QRData]) -> tuple[int, int]:
    """The data bit stream as (value, length)."""
    value = length = 0

    def put(number: int, width: int) -> None:
        nonlocal value, length
        value = (value << width) | number
        length += width

    for segment in segments:
        put(segment.mode, 4)
        put(len(segment), util.length_in_bits(segment.mode, version))
        data = segment.data
        if segment.mode == util.MODE_NUMBER:
            for i in range(0, len(data), 3):
                chunk = data[i:i + 3]
                put(int(chunk), util.NUMBER_LENGTH[len(chunk)])
        elif segment.mode == util.MODE_ALPHA_NUM:
            text = data.decode()
            for i in range(0, len(text) - 1, 2):
                put(_ALPHA[text[i]] * 45 + _ALPHA[text[i + 1]], 11)
            if len(text) % 2:
                put(_ALPHA[text[-1]], 6)
        elif segment.mode == util.MODE_8BIT_BYTE:
            put(int.from_bytes(data, "big"), 8 * len(data))
        else:  # Kanji: the library's own writer (never made from our texts)
            buffer = util.BitBuffer()
            segment.write(buffer)
            for i in range(len(buffer)):
                put(int(buffer.get(i)), 1)
    return value, length


def _data_bits(segment: util.QRData) -> int:
    n = len(segment)
    if segment.mode == util.MODE_NUMBER:
        return 10 * (n // 3) + (0, 4, 7)[n % 3]
    if segment.mode == util.MODE_ALPHA_NUM:
        return 11 * (n // 2) + 6 * (n % 2)
    return (8 if segment.mode == util.MODE_8BIT_BYTE else 13) * n


def stream_bits(version: int, segments: list[util.QRData]) -> int:
    """How many bits `segments` take at `version` (mode indicators, lengths, data; no terminator)."""
    return sum(4 + util.length_in_bits(s.mode, version) + _data_bits(s) for s in segments)


def capacity_bits(version: int, error_correction: int) -> int:
    """The data bits a symbol of `version` holds at `error_correction`."""
    return 8 * sum(b.data_count for b in base.rs_blocks(version, error_correction))


def best_version(error_correction: int, segments: list[util.QRData]) -> int:
    """The smallest version (1–40) that holds `segments`, as `QRCode.best_fit` finds it; DataOverflowError
    when none does."""
    for version in range(1, 41):
        if stream_bits(version, segments) <= capacity_bits(version, error_correction):
            return version
    raise DataOverflowError("the text is too long for any QR code")


@cache
def _generator(ec_count: int) -> tuple[int, ...]:
    """The generator polynomial's coefficients after the leading 1, as logs."""
    poly = util.LUT.rsPoly_LUT.get(ec_count)
    if poly is None:
        poly_obj = base.Polynomial([1], 0)
        for i in range(ec_count):
            poly_obj = poly_obj * base.Polynomial([1, base.gexp(i)], 0)
        poly = list(poly_obj)
    return tuple(base.LOG_TABLE[c] if c else -1 for c in poly[1:])


@cache
def _products(ec_count: int) -> tuple[int, ...]:
    """For each byte f, f times the generator (after its leading 1) over GF(256), as one big-endian
    integer of `ec_count` bytes: a whole step of the division in one XOR."""
    gen = _generator(ec_count)
    log, exp = base.LOG_TABLE, base.EXP_TABLE
    table = [0]
    for factor in range(1, 256):
        f = log[factor]
        row = bytes(exp[(f + g) % 255] if g >= 0 else 0 for g in gen)
        table.append(int.from_bytes(row, "big"))
    return tuple(table)


def _error_correction(block: bytes, ec_count: int) -> list[int]:
    """The remainder of `block` times x^ec_count divided by the generator: the block's EC codewords."""
    products = _products(ec_count)
    shift = 8 * (ec_count - 1)
    keep = (1 << shift) - 1  # the remainder without its leading byte
    remainder = 0
    for byte in block:
        remainder = ((remainder & keep) << 8) ^ products[byte ^ (remainder >> shift)]
    return list(remainder.to_bytes(ec_count, "big"))


def codewords(version: int, error_correction: int, segments: list[util.QRData]) -> list[int]:
    """The symbol's codewords in placement order, as `qrcode.util.create_data` gives them."""
    blocks = base.rs_blocks(version, error_correction)
    limit = sum(block.data_count * 8 for block in blocks)
    value, length = _bits(version, segments)
    if length > limit:
        raise DataOverflowError(f"Code length overflow. Data size ({length}) > size available ({limit})")
    terminator = min(limit - length, 4)
    value, length = value << terminator, length + terminator
    if length % 8:
        value, length = value << (8 - length % 8), length + 8 - length % 8
    data = bytearray(value.to_bytes(length // 8, "big"))
    data += bytes(_PADS[i % 2] for i in range((limit - length) // 8))
    dc: list[bytes] = []
    ec: list[list[int]] = []
    offset = 0
    for block in blocks:
        chunk = bytes(data[offset:offset + block.data_count])
        offset += block.data_count
        dc.append(chunk)
        ec.append(_error_correction(chunk, block.total_count - block.data_count))
    out = [c[i] for i in range(max(map(len, dc))) for c in dc if i < len(c)]
    out += [e[i] for i in range(max(map(len, ec))) for e in ec if i < len(e)]
    return out
