"""Detecting the kind of input, folders with progress and cancel, and signers that disagree."""

from __future__ import annotations

from pathlib import Path

import pytest

from microcred_desktop.domain.verdict import CheckStatus, Outcome
from microcred_desktop.formats.pdf.render import render_certificate
from microcred_desktop.services.trust import TrustBook
from microcred_desktop.services.verify_any import files_to_verify, verify_bytes, verify_many
from microcred_desktop.storage.catalogue import Catalogue
from tests.verify.conftest import NOW, Kit

VALIDATOR = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "ob3" / "validator-testdata" / "ob30"


@pytest.mark.parametrize(("kind", "expected"), [("pdf", "pdf"), ("edc", "edc"), ("edc_unsigned", "edc"),
                                                ("ob3", "ob3"), ("ob3_png", "ob3")])
def test_the_kind_comes_from_the_content_not_the_name(kit: Kit, kind: str, expected: str) -> None:
    verdict = verify_bytes(kit.files["a"].contents[kind], "no-extension", TrustBook(), now=NOW)
    assert verdict.kind == expected


@pytest.mark.parametrize("name", ["simple.json", "simple-jwt.png", "simple-json.svg", "simple.jwt",
                                  "simple-err-proof-value.json", "simple-did-key-method.json"])
def test_other_issuers_badges_go_through_the_badge_verifier(name: str) -> None:
    verdict = verify_bytes((VALIDATOR / name).read_bytes(), name, TrustBook(), now=NOW)
    assert verdict.kind == "ob3"
    expected = Outcome.VALID if name in ("simple.json", "simple-jwt.png", "simple-json.svg") else Outcome.INVALID
    assert verdict.outcome is expected, verdict.to_json()
    if expected is Outcome.VALID:  # an https issuer: intact, but its key only confirmable online
        assert {c.name: c.status for c in verdict.checks}["issuer"] is CheckStatus.WARNING
        assert "issued-by" not in {c.name for c in verdict.checks}


def test_a_qr_text_file(kit: Kit) -> None:
    verdict = verify_bytes((kit.files["a"].qr_text + "\n").encode(), "code.txt", TrustBook(), now=NOW)
    assert verdict.kind == "qr" and verdict.outcome is Outcome.VALID


def test_a_folder_with_progress_and_cancel(kit: Kit, tmp_path: Path) -> None:
    for kind in ("pdf", "edc", "ob3"):
        kit.write("a", kind, tmp_path)
    (tmp_path / "photo.heic").write_bytes(b"x")
    chosen, skipped = files_to_verify([tmp_path])
    assert len(chosen) == 3 and [p.name for p in skipped] == ["photo.heic"]
    seen: list[tuple[int, int, str]] = []
    run = verify_many([tmp_path], TrustBook(), now=NOW, progress=lambda d, t, n: seen.append((d, t, n)))
    assert [v.outcome for v in run.verdicts] == [Outcome.VALID] * 3 and not run.cancelled
    assert seen[0][:2] == (0, 3) and seen[-1] == (3, 3, "")
    calls = iter([False, True])
    stopped = verify_many([tmp_path], TrustBook(), now=NOW, cancel=lambda: next(calls))
    assert stopped.cancelled and len(stopped.verdicts) == 1


def test_a_pdf_whose_parts_come_from_two_organisations(catalogue: Catalogue, kit: Kit, other_kit: Kit) -> None:
    kit.install(catalogue)
    book = TrustBook.from_catalogue(catalogue)
    theirs = other_kit.files["a"]
    pdf = render_certificate(other_kit.docs["a"], theirs.qr_text,
                             attachments={"x.edc.jsonld": kit.files["a"].contents["edc"],
                                          "x.ob3.json": theirs.contents["ob3"]})
    verdict = verify_bytes(pdf, "mixed.pdf", book, now=NOW)
    assert verdict.outcome is Outcome.INVALID
    status = {c.name: c.status for c in verdict.checks}
    assert status["qr-edc"] is CheckStatus.FAILED and status["same-credential"] is CheckStatus.FAILED


def test_a_scanned_pdf_is_checked_by_its_qr_code(catalogue: Catalogue, kit: Kit) -> None:
    kit.install(catalogue)
    pdf = render_certificate(kit.docs["a"], kit.files["a"].qr_text)  # printed and scanned: no files inside
    verdict = verify_bytes(pdf, "scan.pdf", TrustBook.from_catalogue(catalogue), now=NOW)
    assert verdict.outcome is Outcome.VALID
    status = {c.name: c.status for c in verdict.checks}
    assert status["files"] is CheckStatus.WARNING and status["qr"] is CheckStatus.PASSED
    assert status["printed-name"] is CheckStatus.WARNING and status["issued-by"] is CheckStatus.PASSED


def test_the_revocation_of_our_own_credential(catalogue: Catalogue, kit: Kit) -> None:
    kit.install(catalogue)
    book = TrustBook.from_catalogue(catalogue)
    revoked = TrustBook(book.our_name, book.our_verify_url, book.our_dids, book.our_seals,
                        {str(kit.docs["a"].uuid): "Awarded by mistake"})
    for kind in ("pdf", "edc", "ob3"):
        verdict = verify_bytes(kit.files["a"].contents[kind], kind, revoked, now=NOW)
        assert verdict.outcome is Outcome.INVALID
        assert ("revocation", CheckStatus.FAILED, "Kauno profesinio mokymo centras revoked this credential. "
                "Reason: Awarded by mistake") in [(c.name, c.status, c.message) for c in verdict.checks]
