"""Issuer profiles: export, import, and what verification says afterwards; tampered profiles are refused."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring
from microcred_desktop.domain.errors import UserError
from microcred_desktop.domain.verdict import CheckStatus, Outcome, Verdict
from microcred_desktop.services.demo import load_demo
from microcred_desktop.services.issue import issue_batch
from microcred_desktop.services.keys import KeyService
from microcred_desktop.services.trust import (
    TrustBook,
    export_profile,
    import_profile,
    read_profile,
    trust_repository,
)
from microcred_desktop.services.verify_any import verify_bytes, verify_path, verify_qr_text
from microcred_desktop.storage.catalogue import Catalogue
from tests.verify.conftest import NOW, Kit

THEM = "Rīgas jauniešu centrs"


def checks(verdict: Verdict) -> dict[str, tuple[CheckStatus, str]]:
    return {c.name: (c.status, c.message) for c in verdict.checks}


@pytest.fixture
def them(tmp_path: Path) -> Iterator[Catalogue]:
    catalogue = Catalogue.open(tmp_path / "them")
    yield catalogue
    catalogue.close()


@pytest.fixture
def profile(them: Catalogue, other_kit: Kit) -> bytes:
    return export_profile(other_kit.key_service(them), NOW - timedelta(days=1)).data


def test_an_imported_issuer_is_named_and_trusted(catalogue: Catalogue, other_kit: Kit, profile: bytes) -> None:
    before = TrustBook.from_catalogue(catalogue)
    unknown = verify_bytes(other_kit.files["a"].contents["ob3"], "badge", before, now=NOW)
    assert checks(unknown)["issued-by"] == (
        CheckStatus.WARNING,
        f"Valid signature by an unknown issuer ({other_kit.issuer.did}). To trust this issuer, import its issuer "
        "profile.")
    imported = import_profile(catalogue, profile, NOW)
    assert imported.issuer.name == THEM and not imported.updated
    assert imported.issuer.dids == (other_kit.issuer.did,) and len(imported.issuer.seal_certificates) == 1
    book = TrustBook.from_catalogue(catalogue)
    files = other_kit.files["a"]
    for kind in ("pdf", "edc", "ob3", "ob3_png"):
        verdict = verify_bytes(files.contents[kind], kind, book, now=NOW)
        assert verdict.outcome is Outcome.VALID, verdict.to_json()
        assert checks(verdict)["issued-by"] == (CheckStatus.PASSED, f"Issued by {THEM} (trusted).")
        assert checks(verdict)["revocation"][0] is CheckStatus.PASSED
        assert verdict.content["issuer"] == THEM
    qr = verify_qr_text(files.qr_text, book, now=NOW)
    assert checks(qr)["issued-by"] == (CheckStatus.PASSED, f"Issued by {THEM} (trusted).")


def test_the_profile_is_readable_json_signed_by_every_key(profile: bytes, other_kit: Kit) -> None:
    jws = json.loads(profile)
    assert set(jws) == {"payload", "signatures"} and len(jws["signatures"]) == 2
    payload = json.loads(jws["payload"])
    assert payload["organisation"]["name"] == THEM and payload["dids"] == [other_kit.issuer.did]
    headers = [json.loads(base64.urlsafe_b64decode(s["protected"] + "==")) for s in jws["signatures"]]
    assert sorted(h["alg"] for h in headers) == ["ES256", "EdDSA"]
    assert all(h["b64"] is False and h["crit"] == ["b64"] for h in headers)


def _edited(profile: bytes, change: Any) -> bytes:
    jws = json.loads(profile)
    change(jws)
    return json.dumps(jws).encode()


def _payload(jws: dict[str, Any], change: Any) -> None:
    payload = json.loads(jws["payload"])
    change(payload)
    jws["payload"] = json.dumps(payload, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("change", [
    lambda j: _payload(j, lambda p: p["organisation"].update(name="Evil Corp")),
    lambda j: _payload(j, lambda p: p.update(issued="2027-01-14T00:00:01Z")),
    lambda j: _payload(j, lambda p: p["revoked"].update({"6e9c1a7e-2f4b-4d39-8c1e-5b7a9d0c3e21": "forged"})),
    lambda j: _payload(j, lambda p: p["dids"].append("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")),
    lambda j: j["signatures"].pop(),
    lambda j: j["signatures"].append(j["signatures"][0]),
    lambda j: j["signatures"][0].update(signature=j["signatures"][1]["signature"]),
    lambda j: j.update(extra=1),
    lambda j: j.update(payload=j["payload"] + " "),
])
def test_a_changed_profile_is_refused(catalogue: Catalogue, profile: bytes, change: Any) -> None:
    with pytest.raises(UserError, match="not a valid issuer profile"):
        import_profile(catalogue, _edited(profile, change), NOW)
    assert trust_repository(catalogue).all() == []


@pytest.mark.parametrize("data", [b"", b"{}", b"not json", b"[1]", b'{"payload": 1, "signatures": []}',
                                  b"x" * (6 * 1024 * 1024)])
def test_garbage_is_not_a_profile(data: bytes) -> None:
    with pytest.raises(UserError):
        read_profile(data, NOW)


def test_our_own_profile_is_not_imported(them: Catalogue, profile: bytes) -> None:
    with pytest.raises(UserError, match="your own organisation"):
        import_profile(them, profile, NOW)


def test_a_profile_is_no_credential(profile: bytes) -> None:
    verdict = verify_bytes(profile, "profile.json", TrustBook(), now=NOW)
    assert verdict.outcome is Outcome.UNREADABLE and "issuer profile" in verdict.unreadable_reason


@pytest.fixture
def issuing(tmp_path: Path) -> Iterator[tuple[Catalogue, KeyService, Path]]:
    """Another install that issues with the demo catalogue and keys in an in-memory keychain."""
    catalogue = Catalogue.open(tmp_path / "issuer")
    load_demo(catalogue)
    keys = KeyService(catalogue, Keystore(MemoryKeyring()))
    keys.generate(NOW - timedelta(days=30))
    course = catalogue.courses.require("FIRST-AID")
    out = tmp_path / "out"
    issue_batch(catalogue, keys, course, catalogue.completions.for_course(course.id)[:2], out,  # type: ignore[arg-type]
                now=NOW - timedelta(days=20))
    yield catalogue, keys, out
    catalogue.close()


def _pdfs(out: Path) -> list[Path]:
    return sorted(out.glob("*.pdf"))


def test_revocations_travel_with_the_profile_and_updates_replace_it(
        catalogue: Catalogue, issuing: tuple[Catalogue, KeyService, Path]) -> None:
    theirs, keys, out = issuing
    first, second = _pdfs(out)
    old_profile = export_profile(keys, NOW - timedelta(days=10)).data
    import_profile(catalogue, old_profile, NOW)
    assert verify_path(first, TrustBook.from_catalogue(catalogue), now=NOW).outcome is Outcome.VALID

    record = theirs.issued.search()[-1]  # the first issued
    revoked_pdf = out / record.files["pdf"]["name"]
    theirs.issued.revoke(record.uuid, "Issued to the wrong person")
    assert verify_path(revoked_pdf, TrustBook.from_catalogue(theirs), now=NOW).outcome is Outcome.INVALID
    new = import_profile(catalogue, export_profile(keys, NOW - timedelta(days=5)).data, NOW)
    assert new.updated and len(trust_repository(catalogue).all()) == 1
    verdict = verify_path(revoked_pdf, TrustBook.from_catalogue(catalogue), now=NOW)
    assert verdict.outcome is Outcome.INVALID
    assert checks(verdict)["revocation"] == (
        CheckStatus.FAILED, "VšĮ Šiaurės mokymo centras revoked this credential. Reason: Issued to the wrong person")
    other = next(p for p in (first, second) if p != revoked_pdf)
    assert verify_path(other, TrustBook.from_catalogue(catalogue), now=NOW).outcome is Outcome.VALID
    with pytest.raises(UserError, match="older than the one already imported"):
        import_profile(catalogue, old_profile, NOW)


def test_after_key_rotation_old_credentials_verify_with_an_earlier_key(
        catalogue: Catalogue, issuing: tuple[Catalogue, KeyService, Path]) -> None:
    theirs, keys, out = issuing
    keys.rotate(new_seal=True, now=NOW - timedelta(days=3))
    exported = export_profile(keys, NOW - timedelta(days=2))
    assert len(exported.dids) == 2 and exported.seal_count == 2 and not exported.left_out
    import_profile(catalogue, exported.data, NOW)
    book = TrustBook.from_catalogue(catalogue)
    verdict = verify_path(_pdfs(out)[0], book, now=NOW)
    assert verdict.outcome is Outcome.VALID
    assert checks(verdict)["issued-by"][1] == ("Issued by VšĮ Šiaurės mokymo centras (trusted), signed with one of "
                                              "its earlier keys.")
    own = verify_path(_pdfs(out)[0], TrustBook.from_catalogue(theirs), now=NOW)
    assert "signed with a retired key of this organisation" in checks(own)["issued-by"][1]


def test_a_profile_from_the_future_is_refused(them: Catalogue, other_kit: Kit) -> None:
    data = export_profile(other_kit.key_service(them), datetime.now(UTC) + timedelta(days=3)).data
    with pytest.raises(UserError):
        read_profile(data)


def test_remove(catalogue: Catalogue, profile: bytes) -> None:
    stored = import_profile(catalogue, profile, NOW).issuer
    assert stored.id is not None
    assert trust_repository(catalogue).remove(stored.id).name == THEM
    assert trust_repository(catalogue).all() == []
    with pytest.raises(UserError):
        trust_repository(catalogue).remove(stored.id)
