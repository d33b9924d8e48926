"""An intact credential of an unknown issuer is valid but says "issuer unknown"; one that claims to be
ours, or a trusted issuer's, without being signed by their keys is not genuine."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from microcred_desktop import cli
from microcred_desktop.cli import verify_cmds
from microcred_desktop.domain.verdict import CheckStatus, Outcome, Verdict
from microcred_desktop.services.credential_files import make_credential_files
from microcred_desktop.services.trust import TrustBook, export_profile, import_profile
from microcred_desktop.services.verify_any import (
    issuer_confirmed,
    normalised_identifier,
    trust_book,
    verify_bytes,
    verify_qr_text,
)
from microcred_desktop.storage.catalogue import Catalogue
from tests import factories
from tests.verify.conftest import NOW, Kit, make_kit

KINDS = ("pdf", "edc", "ob3", "ob3_png")


def issued_by(verdict: Verdict) -> tuple[CheckStatus, str]:
    (check,) = [c for c in verdict.checks if c.name == "issued-by"]
    return check.status, check.message


@pytest.fixture(scope="session")
def impostor(kit: Kit) -> Kit:
    """Someone else's keys (and a seal certificate they made themselves) with our organisation's details."""
    return make_kit(kit.org, "impostor", {"a": factories.document()})


@pytest.fixture(scope="session")
def same_identifier(kit: Kit) -> Kit:
    """Another name, but our legal identifier written the ETSI way ("VATLT-100001234")."""
    org = replace(kit.org, legal_name={"en": "Totally Different Academy"}, short_name="TDA",
                  legal_identifier="VATLT-100001234", default_language="en")
    return make_kit(org, "same-id", {"a": factories.document(organisation=org)})


@pytest.fixture(scope="session")
def false_friend(other_kit: Kit) -> Kit:
    """Keys of nobody we know, with the details of the Latvian youth centre (a trusted issuer below)."""
    return make_kit(other_kit.org, "false-friend", {"a": other_kit.docs["a"]})


@pytest.fixture
def ours(catalogue: Catalogue, kit: Kit) -> TrustBook:
    kit.install(catalogue)
    return trust_book(catalogue)


def test_identifiers_are_compared_without_scheme_country_or_punctuation() -> None:
    assert normalised_identifier("VATLT-100001234") == ("LT", "100001234")
    assert normalised_identifier("lt 100 001 234") == ("LT", "100001234")
    assert normalised_identifier("NTRLV-40003000001") == ("LV", "40003000001")
    assert normalised_identifier("100001234", "LT") == ("LT", "100001234")
    assert normalised_identifier("ABC123456") == ("", "ABC123456")
    assert normalised_identifier("1-2") is None  # too short to mean anything


@pytest.mark.parametrize("kind", KINDS)
def test_an_intact_credential_of_an_unknown_issuer_is_valid_but_not_confirmed(kind: str, other_kit: Kit,
                                                                               ours: TrustBook) -> None:
    verdict = verify_bytes(other_kit.files["a"].contents[kind], kind, ours, now=NOW)
    assert verdict.outcome is Outcome.VALID and not issuer_confirmed(verdict)
    assert issued_by(verdict)[0] is CheckStatus.WARNING


@pytest.mark.parametrize("kind", KINDS)
def test_our_identity_claimed_by_another_key_is_not_genuine(kind: str, impostor: Kit, ours: TrustBook) -> None:
    verdict = verify_bytes(impostor.files["a"].contents[kind], kind, ours, now=NOW)
    assert verdict.outcome is Outcome.INVALID, verdict.to_json()
    status, message = issued_by(verdict)
    assert status is CheckStatus.FAILED
    assert message.startswith("This credential claims to be issued by Kauno profesinio mokymo centras (this "
                              "organisation), but it was signed by ")
    assert "not with a key of this organisation" in message


@pytest.mark.parametrize("kind", ["edc", "ob3"])
def test_our_legal_identifier_alone_is_enough_to_claim_our_identity(kind: str, same_identifier: Kit,
                                                                     ours: TrustBook) -> None:
    verdict = verify_bytes(same_identifier.files["a"].contents[kind], kind, ours, now=NOW)
    assert verdict.outcome is Outcome.INVALID and issued_by(verdict)[0] is CheckStatus.FAILED


def test_a_plain_trust_book_still_catches_our_name(catalogue: Catalogue, kit: Kit, impostor: Kit) -> None:
    kit.install(catalogue)
    verdict = verify_bytes(impostor.files["a"].contents["edc"], "edc", TrustBook.from_catalogue(catalogue), now=NOW)
    assert verdict.outcome is Outcome.INVALID


def test_our_own_credentials_still_pass(kit: Kit, ours: TrustBook) -> None:
    for kind in KINDS:
        verdict = verify_bytes(kit.files["a"].contents[kind], kind, ours, now=NOW)
        assert verdict.outcome is Outcome.VALID and issuer_confirmed(verdict), verdict.to_json()


def test_a_qr_code_claims_no_issuer_name_so_an_unknown_key_is_only_unknown(impostor: Kit, ours: TrustBook) -> None:
    verdict = verify_qr_text(impostor.files["a"].qr_text, ours, now=NOW)
    assert verdict.outcome is Outcome.VALID and not issuer_confirmed(verdict)


def test_a_trusted_issuers_identity_claimed_by_an_unknown_key(tmp_path: Path, catalogue: Catalogue, kit: Kit,
                                                               other_kit: Kit, false_friend: Kit) -> None:
    them = Catalogue.open(tmp_path / "them")
    try:
        profile = export_profile(other_kit.key_service(them), NOW - timedelta(days=1)).data
    finally:
        them.close()
    kit.install(catalogue)
    import_profile(catalogue, profile, NOW)
    book = trust_book(catalogue)
    for kind in KINDS:
        genuine = verify_bytes(other_kit.files["a"].contents[kind], kind, book, now=NOW)
        assert genuine.outcome is Outcome.VALID and issuer_confirmed(genuine)
        forged = verify_bytes(false_friend.files["a"].contents[kind], kind, book, now=NOW)
        assert forged.outcome is Outcome.INVALID, forged.to_json()
        status, message = issued_by(forged)
        assert status is CheckStatus.FAILED and "claims to be issued by Rīgas jauniešu centrs (a trusted issuer)" in (
            message)
    # a trusted issuer's own key cannot speak for us either (its EDC names its sealer; its badge can name anyone)
    files = make_credential_files(factories.document(), other_kit.issuer, other_kit.seal, "formal", NOW)
    for kind in ("ob3", "ob3_png"):
        verdict = verify_bytes(files.contents[kind], kind, book, now=NOW)
        assert verdict.outcome is Outcome.INVALID
        assert "(this organisation), but it was signed by Rīgas jauniešu centrs" in issued_by(verdict)[1]


@pytest.fixture
def data(tmp_path: Path, kit: Kit, monkeypatch: pytest.MonkeyPatch) -> Path:
    if verify_cmds not in cli.MODULES:
        monkeypatch.setattr(cli, "MODULES", [*cli.MODULES, verify_cmds])
    folder = tmp_path / "data"
    catalogue = Catalogue.open(folder)
    kit.install(catalogue)
    catalogue.close()
    return folder


def test_the_cli_says_issuer_unknown_and_not_genuine(data: Path, other_kit: Kit, impostor: Kit, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    unknown = other_kit.write("a", "pdf", tmp_path)
    assert cli.run(["--data-dir", str(data), "verify", str(unknown)]) == 0
    out = capsys.readouterr().out
    assert "VALID — signature intact, issuer unknown" in out and "VALID — genuine" not in out
    (tmp_path / "fake").mkdir()
    fake = impostor.write("a", "pdf", tmp_path / "fake")
    assert cli.run(["--data-dir", str(data), "verify", str(fake)]) == 1
    out = capsys.readouterr().out
    assert "INVALID — not genuine" in out and "claims to be issued by Kauno profesinio mokymo centras" in out
