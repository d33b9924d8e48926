"""Baking credentials into PNG and SVG badge images, and reading them back out of anyone's badges."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from PIL import Image

from microcred_desktop.domain.verdict import Outcome
from microcred_desktop.formats.ob3.bake import KEYWORD, bake_png, unbake_png, unbake_svg
from microcred_desktop.formats.ob3.build import build_ob3, sign_ob3
from microcred_desktop.formats.ob3.image import default_badge_png, initials
from microcred_desktop.formats.ob3.verify import verify_ob3
from tests import factories
from tests.formats.ob3.support import NOW, SIGNED_AT, VALIDATOR, issuer_signer

PNG = default_badge_png("Web accessibility basics", "#1f5fa8")


def _chunk_types(png: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        out.append((png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return out


def _credential() -> dict[str, object]:
    signer = issuer_signer()
    return sign_ob3(build_ob3(factories.document(), signer.did, PNG, "salt"), signer, SIGNED_AT)


def test_baked_png_round_trips_and_verifies() -> None:
    credential = _credential()
    baked = bake_png(PNG, credential)
    text = unbake_png(baked)
    assert text is not None and json.loads(text) == credential
    assert verify_ob3(baked, NOW, "badge.png").outcome is Outcome.VALID


def test_baked_png_is_still_a_valid_image_with_one_uncompressed_itxt() -> None:
    baked = bake_png(PNG, _credential())
    image = Image.open(io.BytesIO(baked))
    image.load()
    assert image.size == (512, 512)
    itxt = [data for kind, data in _chunk_types(baked) if kind == b"iTXt"]
    assert len(itxt) == 1
    assert itxt[0].startswith(KEYWORD + b"\x00\x00\x00")  # separator, not compressed, method 0


def test_baking_again_replaces_the_credential() -> None:
    first = bake_png(PNG, {"first": True})
    second = bake_png(first, {"second": True})
    assert json.loads(unbake_png(second) or "") == {"second": True}
    assert sum(1 for kind, _ in _chunk_types(second) if kind == b"iTXt") == 1


def test_a_jwt_can_be_baked_as_text() -> None:
    assert unbake_png(bake_png(PNG, "aaa.bbb.ccc")) == "aaa.bbb.ccc"


def test_compressed_itxt_from_other_bakers_is_read() -> None:
    text = json.dumps({"hello": "world"}).encode()
    data = KEYWORD + b"\x00\x01\x00\x00\x00" + zlib.compress(text)
    chunk = struct.pack(">I", len(data)) + b"iTXt" + data + struct.pack(">I", zlib.crc32(b"iTXt" + data))
    png = PNG[:33] + chunk + PNG[33:]  # after the signature and IHDR
    assert unbake_png(png) == text.decode()


@pytest.mark.parametrize(
    "data",
    [b"", b"not a png", PNG, PNG[:50], PNG[:-1] + b"\x00", b"\x89PNG\r\n\x1a\n" + b"\xff" * 20],
    ids=["empty", "text", "plain-badge", "truncated", "bad-crc", "garbage-chunk"],
)
def test_unbake_png_returns_none_for_anything_without_a_credential(data: bytes) -> None:
    assert unbake_png(data) is None


def test_bake_refuses_what_is_not_a_png() -> None:
    with pytest.raises(ValueError, match="PNG"):
        bake_png(b"GIF89a", {"a": 1})


def test_validator_badges_unbake() -> None:
    json_png = unbake_png((VALIDATOR / "simple-json.png").read_bytes())
    assert json_png is not None and json.loads(json_png)["name"] == "Teamwork Badge"
    jwt_png = unbake_png((VALIDATOR / "simple-jwt.png").read_bytes())
    assert jwt_png is not None and jwt_png.count(".") == 2
    json_svg = unbake_svg((VALIDATOR / "simple-json.svg").read_bytes())
    assert json_svg is not None and json.loads(json_svg)["name"] == "Teamwork Badge"
    jwt_svg = unbake_svg((VALIDATOR / "simple-jwt.svg").read_bytes())
    assert jwt_svg is not None and jwt_svg.startswith("eyJ") and jwt_svg.count(".") == 2


SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"'


@pytest.mark.parametrize(
    "svg",
    [
        b"",
        b"<svg xmlns='http://www.w3.org/2000/svg'><circle r='1'/></svg>",
        b"<svg><unclosed></svg>",
        f'<svg {SVG_NS}><openbadges:credential>   </openbadges:credential></svg>'.encode(),
        # the OB 2.0 element in its own namespace is not an OB 3.0 credential
        b"<svg xmlns:openbadges='http://openbadges.org'><openbadges:assertion verify='a.b.c'/></svg>",
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<svg>&b;</svg>",
    ],
    ids=["empty", "plain", "broken", "blank", "ob2", "entities"],
)
def test_unbake_svg_returns_none_without_a_credential(svg: bytes) -> None:
    assert unbake_svg(svg) is None


def test_svg_with_cdata_json() -> None:
    svg = f'<svg {SVG_NS}><openbadges:credential><![CDATA[{{"a": 1}}]]></openbadges:credential></svg>'
    assert unbake_svg(svg.encode()) == '{"a": 1}'


def test_default_badge_is_deterministic_and_follows_the_colour() -> None:
    a = default_badge_png("Web accessibility basics", "#1f5fa8")
    assert a == default_badge_png("Web accessibility basics", "#1f5fa8")
    assert a != default_badge_png("Web accessibility basics", "#a81f1f")
    pixel = Image.open(io.BytesIO(a)).getpixel((256, 20))
    assert isinstance(pixel, tuple) and pixel[:3] == (0x1F, 0x5F, 0xA8)
    assert default_badge_png("X", "not a colour") == default_badge_png("X", "#1f5fa8")
    assert initials("Web accessibility basics") == "WAB" and initials("") == "?"
