"""Hostile input: random and truncated bytes, JSON, PDF, PNG and QR text never crash or hang verification,
and the answer is UNREADABLE or INVALID with a reason; huge inputs are refused quickly."""

from __future__ import annotations

import io
import json
import struct
import time
import tracemalloc
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from microcred_desktop.domain.verdict import CheckStatus, Outcome, Verdict
from microcred_desktop.formats.qr.base45 import ALPHABET
from microcred_desktop.services.trust import TrustBook
from microcred_desktop.services.verify_any import verify_bytes, verify_path, verify_qr_text
from tests.formats.pdf.crafted import Embedded, pdf_with_files, zeros
from tests.verify.conftest import NOW, Kit

BOOK = TrustBook()
FAST = settings(max_examples=40, deadline=3000, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])
HEADS = [b"", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"{", b'{"payload":', b"MC1:", b"MC1Z:",
         b"<svg xmlns='http://www.w3.org/2000/svg'>", b"eyJhbGciOiJFZERTQSJ9.", b"GIF89a", b"BM"]


def assert_refused_with_reason(verdict: Verdict) -> None:
    assert verdict.outcome is not Outcome.VALID, verdict.to_json()
    assert not any(c.name == "internal" for c in verdict.checks), verdict.to_json()
    assert verdict.unreadable_reason or any(c.status is CheckStatus.FAILED and c.message for c in verdict.checks)


def timed(fn: Any, *args: Any, **kwargs: Any) -> Verdict:
    start = time.monotonic()
    verdict: Verdict = fn(*args, **kwargs)
    assert time.monotonic() - start < 3, "verification took too long"
    return verdict


@FAST
@given(head=st.sampled_from(HEADS), body=st.binary(max_size=3000))
def test_random_bytes(head: bytes, body: bytes) -> None:
    assert_refused_with_reason(timed(verify_bytes, head + body, "random", BOOK, now=NOW))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["payload", "signatures", "protected", "signature", "type", "credential", "@context",
                         "proof", "credentialSubject", "issuer", "id", "header", "x"]) | st.text(max_size=8),
        children, max_size=4),
    max_leaves=25,
)


@FAST
@given(value=JSON_VALUES)
def test_random_json(value: Any) -> None:
    assert_refused_with_reason(timed(verify_bytes, json.dumps(value).encode(), "random.json", BOOK, now=NOW))


@FAST
@given(prefix=st.sampled_from(["MC1:", "MC1Z:", "https://x.example/v#MC1:", ""]),
       body=st.text(alphabet=ALPHABET + "%#/:", max_size=600))
def test_random_qr_text(prefix: str, body: str) -> None:
    assert_refused_with_reason(timed(verify_qr_text, prefix + body, BOOK, now=NOW))


@FAST
@given(kind=st.sampled_from(["pdf", "edc", "ob3", "edc_unsigned"]), fraction=st.floats(0, 0.995))
def test_truncated_artefacts(kit: Kit, kind: str, fraction: float) -> None:
    data = kit.files["a"].contents[kind]
    assert_refused_with_reason(timed(verify_bytes, data[: int(len(data) * fraction)], kind, BOOK, now=NOW))


@FAST
@given(fraction=st.floats(0, 0.995))
def test_truncated_badge_image_never_crashes(kit: Kit, fraction: float) -> None:
    data = kit.files["a"].contents["ob3_png"]
    verdict = timed(verify_bytes, data[: int(len(data) * fraction)], "badge.png", BOOK, now=NOW)
    assert not any(c.name == "internal" for c in verdict.checks)
    if verdict.outcome is not Outcome.VALID:  # the credential chunk may survive a cut in the picture
        assert_refused_with_reason(verdict)


@FAST
@given(kind=st.sampled_from(["pdf", "ob3_png"]), flips=st.lists(st.tuples(st.floats(0, 0.9999),
                                                                              st.integers(1, 255)), min_size=1,
                                                                    max_size=8))
def test_corrupted_bytes_never_crash(kit: Kit, kind: str, flips: list[tuple[float, int]]) -> None:
    data = bytearray(kit.files["a"].contents[kind])
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    verdict = timed(verify_bytes, bytes(data), kind, BOOK, now=NOW)
    assert not any(c.name == "internal" for c in verdict.checks), verdict.to_json()


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(50 * 1024 * 1024)
    verdict = timed(verify_path, path, BOOK, now=NOW)
    assert verdict.outcome is Outcome.UNREADABLE and "larger than 30 MB" in verdict.unreadable_reason
    assert "larger than" in timed(verify_bytes, bytes(50 * 1024 * 1024), "huge", BOOK, now=NOW).unreadable_reason


@pytest.mark.parametrize("data", [
    b"[" * 200_000 + b"]" * 200_000,
    b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    json.dumps({"payload": '{"a":' * 50_000 + "1" + "}" * 50_000, "signatures": []}).encode(),
    json.dumps({"@context": [], "type": ["EuropeanDigitalCredential"],
                "x": [{"a": i} for i in range(80_000)]}).encode(),
    b"{" + b" " * (9 * 1024 * 1024) + b"}",
])
def test_deep_wide_and_large_json_is_refused_quickly(data: bytes) -> None:
    verdict = timed(verify_bytes, data, "nested.json", BOOK, now=NOW)
    assert_refused_with_reason(verdict)


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims to be `width` × `height` pixels (what a decompression bomb looks like at first)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    idat = zlib.compress(b"\x00" * 1024)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


@pytest.mark.parametrize("size", [(20_000, 20_000), (9_000, 8_000)])
def test_a_decompression_bomb_picture_is_refused(size: tuple[int, int]) -> None:
    verdict = timed(verify_bytes, _png_header(*size), "bomb.png", BOOK, now=NOW)
    assert verdict.outcome is Outcome.UNREADABLE and "too large" in verdict.unreadable_reason


def test_a_broken_picture_is_unreadable() -> None:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(out, format="JPEG")
    verdict = timed(verify_bytes, out.getvalue()[:400], "cut.jpg", BOOK, now=NOW)
    assert_refused_with_reason(verdict)


@pytest.mark.parametrize(("count", "reason"), [(12, "more than 8 attached files"), (6, "oversized attachments")])
def test_a_decompression_bomb_pdf_is_refused_in_little_memory(count: int, reason: str) -> None:
    """Files of 70 MB of zeros each, about 70 KB compressed: the PDF is under 1 MB."""
    pdf = pdf_with_files([Embedded(f"credential-{i}.edc.jsonld", zeros(70)) for i in range(count)])
    assert len(pdf) < 1024 * 1024
    tracemalloc.start()
    try:
        verdict = timed(verify_bytes, pdf, "bomb.pdf", BOOK, now=NOW)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert verdict.outcome is Outcome.UNREADABLE and reason in verdict.unreadable_reason, verdict.to_json()
    assert peak < 64 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"
