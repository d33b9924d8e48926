"""Three learners' certificates made by the real pipeline, for the printing tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from microcred_desktop.crypto.certificates import generate_seal_certificate, generate_seal_key
from microcred_desktop.crypto.didkey import did_key
from microcred_desktop.crypto.signer import IssuerSigner, SealSigner
from microcred_desktop.crypto.signers import KeySigner
from microcred_desktop.services.credential_files import make_credential_files
from tests.factories import FIXED_NOW, document, learner, organisation

NAMES = [("Andris", "Ābele"), ("Žydrūnė", "Ąžuolaitė-Šimkienė"), ("Jānis", "Bērziņš")]


@dataclass(frozen=True)
class Certificate:
    path: Path
    qr_text: str


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Certificate]:
    """Three learners' certificates, made by the real pipeline (sealed EDC, signed QR), in roster order."""
    folder = tmp_path_factory.mktemp("certificates")
    key = ed25519.Ed25519PrivateKey.generate()
    issuer = IssuerSigner(KeySigner("issuer-print", key), did_key(key.public_key()))
    seal_key = generate_seal_key()
    cert = generate_seal_certificate(organisation(), seal_key, FIXED_NOW)
    seal = SealSigner(KeySigner("seal-print", seal_key), (cert.public_bytes(serialization.Encoding.DER),))
    made = []
    for index, (given, family) in enumerate(NAMES, start=1):
        doc = document(uuid=UUID(int=index), learner=learner(given_name=given, family_name=family, id=index,
                                                            uuid=str(UUID(int=100 + index))))
        files = make_credential_files(doc, issuer, seal, "formal", FIXED_NOW)
        path = folder / files.name("pdf")
        path.write_bytes(files.contents["pdf"])
        made.append(Certificate(path, files.qr_text))
    return made
