"""The tamper suite: every change to one of our artefacts is rejected, and the count of cases is shown.

For each artefact: every JSON leaf changed, a field added to every object, every field removed; the
PDF's embedded files swapped between two learners; every character of the QR text changed or
deleted; signatures moved from one learner's file to another's. "Rejected" means the verdict is not
VALID (INVALID or UNREADABLE), with a reason.
"""

from __future__ import annotations

import base64
import copy
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from microcred_desktop.domain.verdict import Outcome, Verdict
from microcred_desktop.formats.edc.seal import payload_bytes, sealed_file_bytes
from microcred_desktop.formats.ob3.bake import bake_png
from microcred_desktop.formats.ob3.image import default_badge_png
from microcred_desktop.formats.pdf.render import render_certificate
from microcred_desktop.formats.qr.base45 import ALPHABET, b45encode
from microcred_desktop.formats.qr.payload import PREFIX, SIGNATURE_SIZE, read_qr_text
from microcred_desktop.services.trust import TrustBook
from microcred_desktop.services.verify_any import verify_bytes, verify_qr_text
from microcred_desktop.storage.catalogue import Catalogue
from tests.verify.conftest import NOW, Kit

Path = tuple[str | int, ...]
TALLY: Counter[str] = Counter()
REJECTED: Counter[str] = Counter()
RAN: set[str] = set()  # the tamper tests that ran in this process (under xdist, each worker has its own)
# The cases each test must try (it tried 1009, 151, 1563 and 8 when written).
AT_LEAST = {"EDC": 900, "Open Badge": 120, "QR text": 1200, "PDF": 8}


def _containers(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    yield path, value
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(item, dict | list):
            yield from _containers(item, (*path, key))


def _leaves(value: Any, path: Path = ()) -> Iterator[Path]:
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(item, dict | list):
            yield from _leaves(item, (*path, key))
        else:
            yield (*path, key)


def _changed(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value + 0.5
    if isinstance(value, str):
        return value + "x" if value else "x"
    return "x"


def _at(document: Any, path: Path) -> Any:
    for key in path:
        document = document[key]
    return document


def mutations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(what, changed copy) for every leaf changed, a field added to every object, every field removed."""
    for path in _leaves(document):
        copied = copy.deepcopy(document)
        parent = _at(copied, path[:-1])
        parent[path[-1]] = _changed(parent[path[-1]])
        yield "leaf changed", copied
    for path, node in _containers(document):
        if isinstance(node, dict):
            copied = copy.deepcopy(document)
            _at(copied, path)["x-tamper"] = "added"
            yield "field added", copied
            for key in node:
                copied = copy.deepcopy(document)
                del _at(copied, path)[key]
                yield "field removed", copied
        else:
            for index in range(len(node)):
                copied = copy.deepcopy(document)
                del _at(copied, path)[index]
                yield "item removed", copied


def finished(name: str, start: int, at_least: int) -> None:
    """A tamper test tried at least `at_least` cases since the tally stood at `start` (a mutation generator
    that yields nothing fails here)."""
    tried = sum(TALLY.values()) - start
    assert tried >= at_least, f"{name}: only {tried} cases tried"
    RAN.add(name)


def expect_rejected(artefact: str, case: str, verdict: Verdict) -> None:
    TALLY[f"{artefact}: {case}"] += 1
    assert verdict.outcome is not Outcome.VALID, (artefact, case, verdict.to_json())
    assert verdict.unreadable_reason or any(c.status.value == "failed" for c in verdict.checks)
    REJECTED[f"{artefact}: {case}"] += 1


@pytest.fixture
def ours(catalogue: Catalogue, kit: Kit) -> TrustBook:
    kit.install(catalogue)
    return TrustBook.from_catalogue(catalogue)


def _check(book: TrustBook) -> Callable[[str, str, bytes], None]:
    def run(artefact: str, case: str, data: bytes) -> None:
        expect_rejected(artefact, case, verify_bytes(data, artefact, book, now=NOW))
    return run


def test_sealed_edc(kit: Kit, ours: TrustBook) -> None:
    start = sum(TALLY.values())
    check = _check(ours)
    sealed = json.loads(kit.files["a"].contents["edc"])
    assert verify_bytes(sealed_file_bytes(sealed), "edc", ours, now=NOW).outcome is Outcome.VALID
    credential = json.loads(sealed["payload"])
    for case, changed in mutations(credential):
        check("EDC credential", case, sealed_file_bytes({**sealed, "payload": payload_bytes(changed).decode()}))
    for case, changed in mutations(sealed):
        check("EDC seal structure", case, sealed_file_bytes(changed))
    entry = sealed["signatures"][0]
    header = json.loads(base64.urlsafe_b64decode(entry["protected"] + "=="))
    for case, changed in mutations(header):
        protected = base64.urlsafe_b64encode(json.dumps(changed).encode()).rstrip(b"=").decode()
        check("EDC seal header", case, sealed_file_bytes({**sealed, "signatures": [{**entry, "protected": protected}]}))
    other = json.loads(kit.files["b"].contents["edc"])
    check("EDC", "seal moved from another learner's file", sealed_file_bytes({**other,
                                                                              "signatures": sealed["signatures"]}))
    check("EDC", "payload moved under another learner's seal", sealed_file_bytes({**sealed,
                                                                                   "payload": other["payload"]}))
    finished("EDC", start, AT_LEAST["EDC"])


def test_open_badge(kit: Kit, ours: TrustBook) -> None:
    start = sum(TALLY.values())
    check = _check(ours)
    badge = json.loads(kit.files["a"].contents["ob3"])
    image = default_badge_png("Web accessibility basics", "#1f5fa8")
    for number, (case, changed) in enumerate(mutations(badge)):
        check("Open Badge", case, json.dumps(changed).encode())
        if number % 7 == 0:  # the same path through a baked image, for a sample of the cases
            check("Open Badge (baked PNG)", case, bake_png(image, changed))
    other = json.loads(kit.files["b"].contents["ob3"])
    check("Open Badge", "proof moved from another learner's badge", json.dumps({**other,
                                                                                "proof": badge["proof"]}).encode())
    finished("Open Badge", start, AT_LEAST["Open Badge"])


def _qr_cases(text: str) -> Iterator[tuple[str, str]]:
    for index, char in enumerate(text):
        position = ALPHABET.find(char)
        replacement = ALPHABET[(position + 1) % len(ALPHABET)] if position >= 0 else chr(ord(char) + 1)
        yield "character changed", text[:index] + replacement + text[index + 1:]
        yield "character deleted", text[:index] + text[index + 1:]


def test_qr_text(kit: Kit, ours: TrustBook) -> None:
    start = sum(TALLY.values())
    for which, artefact in (("a", "QR text"), ("url", "QR text with web address")):
        text = kit.files[which].qr_text
        assert verify_qr_text(text, ours, now=NOW).outcome is Outcome.VALID
        for case, changed in _qr_cases(text):
            expect_rejected(artefact, case, verify_qr_text(changed, ours, now=NOW))
    mine, theirs = (read_qr_text(kit.files[w].qr_text) for w in ("a", "b"))
    moved = PREFIX + b45encode(theirs.signed_bytes.removeprefix(b"microcred-qr/1\x00") + mine.signature)
    assert len(mine.signature) == SIGNATURE_SIZE
    expect_rejected("QR text", "signature moved from another learner's code", verify_qr_text(moved, ours, now=NOW))
    finished("QR text", start, AT_LEAST["QR text"])


def test_pdf_with_files_swapped_between_learners(kit: Kit, ours: TrustBook) -> None:
    start = sum(TALLY.values())
    check = _check(ours)
    a, b = kit.files["a"], kit.files["b"]
    doc_a, doc_b = kit.docs["a"], kit.docs["b"]
    edc_a, ob3_a = {a.name("edc"): a.contents["edc"]}, {a.name("ob3"): a.contents["ob3"]}
    edc_b, ob3_b = {b.name("edc"): b.contents["edc"]}, {b.name("ob3"): b.contents["ob3"]}
    cases = {
        "both files of another learner": (doc_a, a.qr_text, edc_b | ob3_b),
        "EDC of another learner": (doc_a, a.qr_text, edc_b | ob3_a),
        "Open Badge of another learner": (doc_a, a.qr_text, edc_a | ob3_b),
        "another learner's page and QR code around these files": (doc_b, b.qr_text, edc_a | ob3_a),
        # the renderer insists that a page and its QR code have the same id, so the id is borrowed
        "this page with another learner's QR code": (replace(doc_a, uuid=doc_b.uuid), b.qr_text, edc_a | ob3_a),
        "another learner's name printed, this QR code and files": (replace(doc_b, uuid=doc_a.uuid), a.qr_text,
                                                                   edc_a | ob3_a),
        "EDC removed, Open Badge kept": (doc_a, a.qr_text, ob3_a),
        "a second EDC added": (doc_a, a.qr_text, edc_a | ob3_a | {"extra.edc.jsonld": b.contents["edc"]}),
    }
    assert verify_bytes(render_certificate(doc_a, a.qr_text, attachments=edc_a | ob3_a), "pdf", ours,
                        now=NOW).outcome is Outcome.VALID
    for case, (doc, qr_text, files) in cases.items():
        check("PDF", case, render_certificate(doc, qr_text, attachments=files))
    finished("PDF", start, AT_LEAST["PDF"])


def test_zz_every_case_was_rejected() -> None:
    """Runs last (by name): the counts of the suite, printed with -s. Each test above asserts its own
    cases; the whole table needs all of them in one process (`pytest tests/verify/test_tamper.py -s`)."""
    if RAN != set(AT_LEAST):
        pytest.skip("the tamper tests ran on several workers: run this file alone for the whole table")
    width = max(len(k) for k in TALLY)
    lines = [f"{k.ljust(width)}  {REJECTED[k]:5d} / {TALLY[k]:5d} rejected" for k in sorted(TALLY)]
    total, rejected = sum(TALLY.values()), sum(REJECTED.values())
    print("\nTamper suite\n" + "\n".join(lines) + f"\n{'TOTAL'.ljust(width)}  {rejected:5d} / {total:5d} rejected "
          f"({100 * rejected / total:.0f}%)")
    assert rejected == total and total > 1000
