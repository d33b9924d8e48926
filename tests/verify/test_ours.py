"""Our own credentials verify as valid in every form; what this install knows shows in the verdict."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image

from microcred_desktop.domain.keys import KeyStatus
from microcred_desktop.domain.verdict import CheckStatus, Outcome, Verdict
from microcred_desktop.formats.pdf.page_image import page_png
from microcred_desktop.services.trust import TrustBook
from microcred_desktop.services.verify_any import is_unsealed_copy, verify_bytes, verify_path, verify_qr_text
from microcred_desktop.storage.catalogue import Catalogue
from tests.verify.conftest import NOW, Kit

STANDARDS = Path(__file__).resolve().parents[2].parent / "shared" / "standards"
OFFICIAL = STANDARDS / "edc" / "official-samples"
KINDS = {"pdf": "pdf", "edc": "edc", "ob3": "ob3", "ob3_png": "ob3"}


def status(verdict: Verdict) -> dict[str, CheckStatus]:
    return {c.name: c.status for c in verdict.checks}


def message(verdict: Verdict, name: str) -> str:
    return next(c.message for c in verdict.checks if c.name == name)


@pytest.fixture
def ours(catalogue: Catalogue, kit: Kit) -> TrustBook:
    kit.install(catalogue)
    return TrustBook.from_catalogue(catalogue)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_of_our_files_is_valid_and_ours(kind: str, kit: Kit, ours: TrustBook) -> None:
    verdict = verify_bytes(kit.files["a"].contents[kind], kit.files["a"].name(kind), ours, now=NOW)
    assert verdict.outcome is Outcome.VALID, verdict.to_json()
    assert verdict.kind == KINDS[kind]
    assert status(verdict)["issued-by"] is CheckStatus.PASSED
    assert message(verdict, "issued-by") == "Issued by Kauno profesinio mokymo centras (this organisation)."
    assert status(verdict)["revocation"] is CheckStatus.PASSED
    assert verdict.content["learner"] == "Žydrūnė Ąžuolaitė-Šimkienė"
    assert verdict.content["credential_id"] == "6e9c1a7e-2f4b-4d39-8c1e-5b7a9d0c3e21"
    warned = {c.name for c in verdict.checks if c.status is CheckStatus.WARNING}
    assert warned == ({"printed-name"} if kind == "pdf" else set())  # the printed page is signed by nobody


def test_the_unsigned_edc_is_an_unsealed_copy_with_nothing_to_verify(kit: Kit, ours: TrustBook) -> None:
    verdict = verify_bytes(kit.files["a"].contents["edc_unsigned"], "x.edc-unsigned.json", ours, now=NOW)
    assert verdict.outcome is Outcome.UNREADABLE and verdict.kind == "edc" and is_unsealed_copy(verdict)
    assert "unsealed copy made for the EU issuer" in verdict.unreadable_reason
    assert "nothing to verify" in verdict.unreadable_reason


def test_the_pdf_checks_everything_inside_and_agrees_quickly(kit: Kit, ours: TrustBook) -> None:
    pdf = kit.files["a"].contents["pdf"]
    verify_bytes(pdf, "warm-up.pdf", ours, now=NOW)
    start = time.perf_counter()
    verdict = verify_bytes(pdf, "a.pdf", ours, now=NOW)
    elapsed = time.perf_counter() - start
    print(f"\nverifying one of our PDFs took {elapsed * 1000:.0f} ms")
    assert elapsed < 1.0
    checks = status(verdict)
    for name in ("qr", "edc.seal", "edc.certificate", "badge.proof", "badge.issuer", "same-credential", "qr-edc",
                 "same-issuer", "issued-by", "revocation"):
        assert checks[name] is CheckStatus.PASSED, (name, verdict.to_json())
    assert checks["printed-name"] is CheckStatus.WARNING  # compared, but the page is covered by no signature
    assert checks["edc.shapes"] is CheckStatus.NOT_APPLICABLE  # SHACL only with strict


def test_strict_runs_the_edc_shapes(kit: Kit, ours: TrustBook) -> None:
    verdict = verify_bytes(kit.files["a"].contents["edc"], "a.edc.jsonld", ours, now=NOW, strict=True)
    assert status(verdict)["shapes"] is CheckStatus.PASSED


def test_qr_text_with_and_without_address(kit: Kit, ours: TrustBook) -> None:
    plain = verify_qr_text(kit.files["a"].qr_text, ours, now=NOW)
    assert plain.outcome is Outcome.VALID and plain.kind == "qr" and "qr-address" not in status(plain)
    with_url = verify_qr_text("  " + kit.files["url"].qr_text + "\n", ours, now=NOW)
    assert with_url.outcome is Outcome.VALID, with_url.to_json()
    assert status(with_url)["qr-address"] is CheckStatus.PASSED


def _photo(pdf: bytes, angle: float, scale: float, fmt: str) -> bytes:
    page = Image.open(io.BytesIO(page_png(pdf, 0, 150))).convert("RGB")
    page = page.rotate(angle, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC)
    page = page.resize((int(page.width * scale), int(page.height * scale)), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    page.save(out, format=fmt, **({"quality": 80} if fmt == "JPEG" else {}))
    return out.getvalue()


@pytest.mark.parametrize(("angle", "scale", "fmt"), [(0, 1.0, "PNG"), (3, 0.9, "JPEG"), (-6, 1.4, "JPEG"),
                                                     (90, 1.0, "PNG"), (1.5, 0.75, "JPEG")])
def test_a_photo_or_scan_of_the_certificate(angle: float, scale: float, fmt: str, kit: Kit, ours: TrustBook,
                                            tmp_path: Path) -> None:
    path = tmp_path / f"photo.{fmt.lower()}"
    path.write_bytes(_photo(kit.files["url"].contents["pdf"], angle, scale, fmt))
    verdict = verify_path(path, ours, now=NOW)
    assert verdict.kind == "qr" and verdict.outcome is Outcome.VALID, verdict.to_json()
    assert verdict.content["credential_id"] == "5b6c7d8e-9fa0-4b1c-8d2e-3f405162a7b8"
    assert status(verdict)["issued-by"] is CheckStatus.PASSED


def test_a_picture_without_a_qr_code_is_unreadable(tmp_path: Path, ours: TrustBook) -> None:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(out, format="JPEG")
    verdict = verify_bytes(out.getvalue(), "blank.jpg", ours, now=NOW)
    assert verdict.outcome is Outcome.UNREADABLE and "No QR code" in verdict.unreadable_reason


def test_a_retired_key_still_verifies_and_says_so(catalogue: Catalogue, kit: Kit) -> None:
    kit.install(catalogue, status=KeyStatus.RETIRED)
    book = TrustBook.from_catalogue(catalogue)
    for kind in ("pdf", "edc", "ob3"):
        verdict = verify_bytes(kit.files["a"].contents[kind], kind, book, now=NOW)
        assert verdict.outcome is Outcome.VALID
        assert "signed with a retired key of this organisation" in message(verdict, "issued-by")


def test_without_knowing_the_issuer_the_signature_is_valid_but_unknown(kit: Kit) -> None:
    for kind in ("pdf", "edc", "ob3"):
        verdict = verify_bytes(kit.files["a"].contents[kind], kind, TrustBook(), now=NOW)
        assert verdict.outcome is Outcome.VALID
        assert status(verdict)["issued-by"] is CheckStatus.WARNING
        assert message(verdict, "issued-by").startswith("Valid signature by an unknown issuer (")
        assert status(verdict)["revocation"] is CheckStatus.NOT_APPLICABLE
    badge = verify_bytes(kit.files["a"].contents["ob3"], "b", TrustBook(), now=NOW)
    assert kit.issuer.did in message(badge, "issued-by")


def test_a_qr_pointed_at_another_address_breaks_its_signature(kit: Kit) -> None:
    text = kit.files["url"].qr_text.replace("kpmc.example.lt", "evil.example.com")
    for book in (TrustBook(), TrustBook(our_dids={kit.issuer.did: True},
                                        our_verify_url="https://kpmc.example.lt/verify")):
        verdict = verify_qr_text(text, book, now=NOW)
        assert verdict.outcome is Outcome.INVALID
        assert status(verdict)["qr"] is CheckStatus.FAILED


def test_an_older_signed_address_of_ours_is_only_a_warning(kit: Kit) -> None:
    book = TrustBook(our_dids={kit.issuer.did: True}, our_verify_url="https://kpmc.example.lt/new-verify")
    verdict = verify_qr_text(kit.files["url"].qr_text, book, now=NOW)
    assert verdict.outcome is Outcome.VALID and status(verdict)["qr-address"] is CheckStatus.WARNING


@pytest.mark.parametrize("name", ["Sample-MC-Annex1-signed.jsonld", "Sample-CertOfPart-signed.jsonld"])
def test_the_official_sealed_samples_verify_with_the_issuer_unknown(name: str, ours: TrustBook) -> None:
    verdict = verify_path(OFFICIAL / name, ours, now=NOW, strict=True)
    assert verdict.outcome is Outcome.VALID, verdict.to_json()
    checks = status(verdict)
    assert checks["seal"] is checks["certificate"] is checks["shapes"] is CheckStatus.PASSED
    assert checks["issued-by"] is CheckStatus.WARNING
    assert "unknown issuer" in message(verdict, "issued-by") and "ORGANIZACION TEST" in message(verdict, "issued-by")
    assert verdict.content["learner"] == "Ana Andromeda"


def test_the_official_unsigned_samples(ours: TrustBook) -> None:
    uploadable = verify_path(OFFICIAL / "Sample-MC-Annex1-unsigned-uploadable.json", ours, now=NOW)
    assert uploadable.outcome is Outcome.UNREADABLE and is_unsealed_copy(uploadable)
    bare = verify_path(OFFICIAL / "Sample-MC-Annex1-unsigned.jsonld", ours, now=NOW)  # not the upload form
    assert bare.outcome is Outcome.INVALID and status(bare)["seal"] is CheckStatus.FAILED


def test_expired_and_not_yet_valid(kit: Kit, ours: TrustBook) -> None:
    from datetime import UTC, datetime

    late = datetime(2030, 1, 1, tzinfo=UTC)
    for kind, check in (("edc", "valid-until"), ("ob3", "valid-until"), ("pdf", "edc.valid-until")):
        verdict = verify_bytes(kit.files["a"].contents[kind], kind, ours, now=late)
        assert verdict.outcome is Outcome.INVALID and status(verdict)[check] is CheckStatus.FAILED
    qr = verify_qr_text(kit.files["a"].qr_text, ours, now=late)
    assert status(qr)["valid-until"] is CheckStatus.FAILED and "2029-11-20" in message(qr, "valid-until")
    early = verify_bytes(kit.files["a"].contents["edc"], "e", ours, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert status(early)["valid-from"] is CheckStatus.FAILED
