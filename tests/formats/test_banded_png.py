"""PNGs made from a background's bands: standard PNGs that decode to exactly the picture, wherever it changed."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from PIL import Image, ImageDraw

from microcred_desktop.formats.banded_png import BAND_ROWS, BandedPng, adler32_combine


def background(width: int = 333, height: int = 7 * BAND_ROWS + 5) -> Image.Image:
    picture = Image.new("RGB", (width, height), (250, 247, 240))
    draw = ImageDraw.Draw(picture)
    for i in range(0, height, 9):
        draw.line((0, i, width, height - i), fill=(30 + i % 200, 90, 160), width=2)
    draw.rectangle((10, 10, width - 10, height - 10), outline=(20, 40, 90), width=3)
    return picture.quantize(64, dither=Image.Dither.NONE)


def changed(picture: Image.Image, rows: list[tuple[int, int]], seed: int) -> Image.Image:
    rng = random.Random(seed)
    out = picture.copy()
    draw = ImageDraw.Draw(out)
    for top, bottom in rows:
        for _ in range(40):
            y = rng.randrange(top, bottom)
            x = rng.randrange(0, picture.width - 20)
            draw.rectangle((x, y, x + rng.randrange(1, 20), min(y + 3, bottom - 1)), fill=rng.randrange(64))
    return out


def idat(png: bytes) -> bytes:
    data, at = b"", 8
    while at < len(png):
        (length,), kind = struct.unpack(">I", png[at:at + 4]), png[at + 4:at + 8]
        body = png[at + 8:at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body)
        if kind == b"IDAT":
            data += body
        at += 12 + length
    return data


@pytest.mark.parametrize("rows", [
    [],  # nothing changed: every band copied
    [(0, 3)],  # the first rows
    [(40, 61), (58, 70)],  # overlapping stripes across a band boundary
    [(7 * BAND_ROWS, 7 * BAND_ROWS + 5)],  # the short last band
    [(0, 7 * BAND_ROWS + 5)],  # everything
])
def test_the_png_decodes_to_exactly_the_picture(rows: list[tuple[int, int]]) -> None:
    base = background()
    banded = BandedPng(base)
    picture = changed(base, rows, seed=len(rows))
    png = banded.png(picture, rows)
    decoded = Image.open(io.BytesIO(png))
    decoded.load()
    assert decoded.mode == "P" and decoded.size == picture.size
    assert decoded.tobytes() == picture.tobytes()
    assert decoded.getpalette() == picture.getpalette()
    # zlib checks the stream's adler32 (PIL does not); the rows are PNG scanlines with filter type None
    width = picture.width
    pixels = picture.tobytes()
    assert zlib.decompress(idat(png)) == b"".join(
        b"\0" + pixels[r * width:(r + 1) * width] for r in range(picture.height))


def test_rows_left_out_of_the_changed_ones_keep_the_background() -> None:
    """The caller names the rows it changed; a band nobody named is copied from the background."""
    base = background()
    picture = changed(base, [(50, 52)], seed=3)
    png = BandedPng(base).png(picture, [])
    decoded = Image.open(io.BytesIO(png))
    assert decoded.tobytes() == base.tobytes() != picture.tobytes()


def test_about_as_small_as_pil_makes_it() -> None:
    base = background(1000, 700)
    ours = len(BandedPng(base).png(base, []))
    out = io.BytesIO()
    base.save(out, format="PNG", compress_level=3)
    assert ours < 1.25 * len(out.getvalue())


def test_a_picture_of_another_size_or_colours_is_refused() -> None:
    banded = BandedPng(background())
    with pytest.raises(ValueError):
        banded.png(background(300), [])
    other = background()
    other.putpalette([255 - v for v in other.getpalette() or []])
    with pytest.raises(ValueError):
        banded.png(other, [])
    with pytest.raises(ValueError):
        BandedPng(background().convert("RGB"))


@pytest.mark.parametrize("split", [0, 1, 100, 65520, 65521, 65522, 200_000])
def test_adler32_combine_is_zlibs(split: int) -> None:
    data = random.Random(split).randbytes(250_000)
    first, second = data[:split], data[split:]
    assert adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(data)
