"""Credentials made once per session with keys made here, and ways to make this install know them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from microcred_desktop.crypto.certificates import generate_seal_certificate, generate_seal_key
from microcred_desktop.crypto.didkey import did_key
from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring
from microcred_desktop.crypto.signer import IssuerSigner, SealSigner
from microcred_desktop.crypto.signers import KeySigner
from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.domain.keys import KeyKind, KeyRecord, KeyStatus
from microcred_desktop.domain.organisation import Organisation
from microcred_desktop.services.credential_files import CredentialFiles, make_credential_files
from microcred_desktop.services.keys import KeyService, seal_record
from microcred_desktop.storage.catalogue import Catalogue
from tests import factories

NOW = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
SIGNED_AT = factories.FIXED_NOW
VERIFY_URL = "https://kpmc.example.lt/verify"


def _pkcs8(key: object) -> bytes:
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,  # type: ignore[attr-defined]
                             serialization.NoEncryption())


@dataclass
class Kit:
    """One organisation's keys and some credentials it issued (files as written to disk)."""

    org: Organisation
    issuer_key: Ed25519PrivateKey
    seal_key: ec.EllipticCurvePrivateKey
    issuer: IssuerSigner
    seal: SealSigner
    tag: str
    files: dict[str, CredentialFiles]
    docs: dict[str, CredentialDocument]

    def issuer_record(self, status: KeyStatus = KeyStatus.ACTIVE) -> KeyRecord:
        spki = self.issuer_key.public_key().public_bytes(serialization.Encoding.DER,
                                                         serialization.PublicFormat.SubjectPublicKeyInfo)
        return KeyRecord(key_id=f"issuer-{self.tag}", kind=KeyKind.ISSUER, algorithm="EdDSA", public_key_der=spki,
                         fingerprint=hashlib.sha256(spki).hexdigest(), created_at=SIGNED_AT, did=self.issuer.did,
                         status=status)

    def seal_record(self, status: KeyStatus = KeyStatus.ACTIVE) -> KeyRecord:
        return replace(seal_record(f"seal-{self.tag}", self.seal.chain, "generated", "keychain", SIGNED_AT),
                       status=status)

    def install(self, catalogue: Catalogue, status: KeyStatus = KeyStatus.ACTIVE,
                keystore: Keystore | None = None) -> None:
        """Make `catalogue` this kit's organisation: its organisation record and its keys."""
        if catalogue.organisation() is None:
            catalogue.save_organisation(self.org)
        for record in (self.issuer_record(status), self.seal_record(status)):
            catalogue.keys.add(record, retire_others=False)
        if keystore is not None:
            keystore.store(f"issuer-{self.tag}", _pkcs8(self.issuer_key))
            keystore.store(f"seal-{self.tag}", _pkcs8(self.seal_key))

    def key_service(self, catalogue: Catalogue) -> KeyService:
        keystore = Keystore(MemoryKeyring())
        self.install(catalogue, keystore=keystore)
        return KeyService(catalogue, keystore)

    def write(self, which: str, kind: str, folder: Path) -> Path:
        files = self.files[which]
        path = folder / files.name(kind)
        path.write_bytes(files.contents[kind])
        return path


def make_kit(org: Organisation, tag: str, docs: dict[str, CredentialDocument]) -> Kit:
    issuer_key = Ed25519PrivateKey.generate()
    seal_key = generate_seal_key()
    certificate = generate_seal_certificate(org, seal_key, SIGNED_AT)
    issuer = IssuerSigner(KeySigner(f"issuer-{tag}", issuer_key), did_key(issuer_key.public_key()))
    seal = SealSigner(KeySigner(f"seal-{tag}", seal_key), (certificate.public_bytes(serialization.Encoding.DER),))
    files = {name: make_credential_files(doc, issuer, seal, "formal", SIGNED_AT) for name, doc in docs.items()}
    return Kit(org, issuer_key, seal_key, issuer, seal, tag, files, docs)


def second_learner_document() -> CredentialDocument:
    learner = factories.learner(given_name="Jonas", family_name="Petrauskas", email="jonas@example.lt", id=2,
                                uuid="9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d")
    return factories.document(uuid=UUID("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"),
                              learner_uuid=UUID("9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"), learner=learner)


@pytest.fixture(scope="session")
def kit() -> Kit:
    """Our organisation: credentials for two learners, and one whose QR code carries a web address."""
    with_url = factories.organisation(verify_url=VERIFY_URL)
    return make_kit(factories.organisation(verify_url=VERIFY_URL), "ours", {
        "a": factories.document(organisation=factories.organisation()),
        "b": second_learner_document(),
        "url": factories.document(uuid=UUID("5b6c7d8e-9fa0-4b1c-8d2e-3f405162a7b8"), organisation=with_url),
    })


@pytest.fixture(scope="session")
def other_kit() -> Kit:
    """Another organisation (a Latvian youth centre) with one credential of its own."""
    org = factories.organisation(legal_name={"lv": "Rīgas jauniešu centrs", "en": "Riga Youth Centre"},
                                 short_name="RJC", legal_identifier="LV40003000001", country="LV",
                                 default_language="lv", verify_url="https://rjc.example.lv/verify")
    doc = factories.document(uuid=UUID("7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f"), organisation=org)
    return make_kit(org, "other", {"a": doc})
