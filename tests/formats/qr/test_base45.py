from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred_desktop.formats.qr.base45 import ALPHABET, Base45Error, b45decode, b45encode

# RFC 9285 §4.3 and §4.4
VECTORS = [(b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"), (b"ietf!", "QED8WEX0")]


@pytest.mark.parametrize(("raw", "text"), VECTORS)
def test_rfc_examples(raw: bytes, text: str) -> None:
    assert b45encode(raw) == text
    assert b45decode(text) == raw


def test_empty() -> None:
    assert b45encode(b"") == "" and b45decode("") == b""


@given(st.binary(max_size=200))
def test_round_trip_uses_only_the_qr_alphanumeric_set(data: bytes) -> None:
    text = b45encode(data)
    assert set(text) <= set(ALPHABET)
    assert len(text) == len(data) // 2 * 3 + len(data) % 2 * 2
    assert b45decode(text) == data


@pytest.mark.parametrize(
    "bad",
    [
        "GGW",  # 65536: triplet out of range (RFC 9285 §4.4)
        ":::",  # 44 + 44·45 + 44·2025 > 65535
        "A",  # length 3n+1
        "ABCD",
        "::",  # 44 + 44·45 > 255
        "ab",  # lower case is not base45
        "AB#",
    ],
)
def test_invalid_text_is_refused(bad: str) -> None:
    with pytest.raises(Base45Error):
        b45decode(bad)
