"""Reading embedded files is lazy and bounded: a small PDF of highly compressed files cannot fill the memory."""

from __future__ import annotations

import time
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any

import pytest

from microcred_desktop.domain.errors import UserError
from microcred_desktop.formats.pdf.attachments import MAX_ATTACHMENTS, embedded_files, read_attachments

from .crafted import Embedded, pdf_with_files, zeros

MB = 1024 * 1024


def measured(call: Callable[[], Any]) -> tuple[Any, float, int]:
    """(result, seconds, peak bytes allocated by Python while it ran)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = call()
        return result, time.perf_counter() - start, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_bomb_of_many_files_is_refused_without_inflating_them_whole() -> None:
    pdf = pdf_with_files([Embedded(f"credential-{i}.edc.jsonld", zeros(70)) for i in range(12)])
    assert len(pdf) < MB  # 12 files of 70 MB each in under 1 MB
    found, seconds, peak = measured(lambda: read_attachments(pdf, max_bytes=10 * MB))
    assert found.too_many and found.listed == MAX_ATTACHMENTS and not found.files  # none read at all
    assert peak < 5 * MB and seconds < 1, (peak, seconds)
    fewer = pdf_with_files([Embedded(f"credential-{i}.edc.jsonld", zeros(70)) for i in range(MAX_ATTACHMENTS)])
    found, seconds, peak = measured(lambda: read_attachments(fewer, max_bytes=10 * MB))
    assert not found.too_many and not found.files
    assert found.oversized == [f"credential-{i}.edc.jsonld" for i in range(MAX_ATTACHMENTS)]
    assert peak < 40 * MB and seconds < 3, (peak, seconds)


def test_a_declared_size_over_the_cap_is_refused_before_inflating() -> None:
    pdf = pdf_with_files([Embedded("credential.edc.jsonld", zeros(70), declared_size=70 * MB)])
    found, _seconds, peak = measured(lambda: read_attachments(pdf, max_bytes=10 * MB))
    assert found.oversized == ["credential.edc.jsonld"] and peak < 5 * MB


def test_a_lying_declared_size_does_not_help() -> None:
    pdf = pdf_with_files([Embedded("credential.edc.jsonld", zeros(70), declared_size=100)])
    found, _seconds, peak = measured(lambda: read_attachments(pdf, max_bytes=10 * MB))
    assert found.oversized == ["credential.edc.jsonld"] and peak < 30 * MB


def test_names_are_checked_first_and_unwanted_files_are_never_inflated() -> None:
    pdf = pdf_with_files([Embedded(f"photo-{i}.png", zeros(70)) for i in range(4)]
                         + [Embedded("badge.ob3.json", zlib.compress(b'{"a": 1}'))])
    found, _seconds, peak = measured(lambda: read_attachments(pdf, wanted=lambda n: n.endswith(".json")))
    assert found.files == {"badge.ob3.json": b'{"a": 1}'} and not found.oversized and found.listed == 5
    assert peak < 5 * MB


def test_the_total_is_capped_too() -> None:
    files = [Embedded(f"f{i}.json", zlib.compress(bytes(3 * MB))) for i in range(3)]
    found = read_attachments(pdf_with_files(files), max_bytes=4 * MB, max_total=7 * MB)
    assert list(found.files) == ["f0.json", "f1.json"] and found.oversized == ["f2.json"]


def test_unfiltered_and_undecodable_files() -> None:
    pdf = pdf_with_files([Embedded("plain.json", b"[1]", flate=False), Embedded("broken.json", b"not flate")])
    found = read_attachments(pdf)
    assert found.files == {"plain.json": b"[1]"} and found.damaged == ["broken.json"]
    with pytest.raises(UserError):
        embedded_files(pdf)


def test_embedded_files_keeps_its_answer_and_refuses_bombs() -> None:
    files = {"a.json": b'{"x": 1}', "b.txt": "Žydrūnė".encode()}
    pdf = pdf_with_files([Embedded(name, zlib.compress(data), declared_size=len(data)) for name, data in files.items()])
    assert embedded_files(pdf) == files
    bomb = pdf_with_files([Embedded("big.json", zeros(70))])

    def refused() -> None:
        with pytest.raises(UserError, match="larger attached files"):
            embedded_files(bomb)

    _result, _seconds, peak = measured(refused)
    assert peak < 50 * MB
