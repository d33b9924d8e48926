"""One credential's five files, built from its document and two signers: a pure function, no I/O.

Order matters: the certificate is drawn as a draft (its QR code of the credential id only) and its first
page pictured for the EDC's display image; the EDC is built and sealed; its digest is signed into the QR
text; then the draft is finished with that QR code and with the sealed EDC and the Open Badge attached.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from ..crypto.signer import IssuerSigner, SealSigner
from ..domain.credential import CredentialDocument
from ..formats.edc.build import build_edc, uploadable
from ..formats.edc.seal import seal_edc, sealed_file_bytes
from ..formats.json_bytes import pretty
from ..formats.ob3.bake import bake_png
from ..formats.ob3.build import build_ob3, sign_ob3
from ..formats.ob3.image import default_badge_png
from ..formats.pdf.finish import finish_certificate
from ..formats.qr.payload import make_qr_text
from ..storage.convert import fold
from .display_image import draw_credential
from .stopwatch import Stopwatch

EXTENSIONS = {
    "pdf": ".pdf",
    "edc": ".edc.jsonld",
    "edc_unsigned": ".edc-unsigned.json",
    "ob3": ".ob3.json",
    "ob3_png": ".ob3.png",
}


def slug(text: str, most: int = 40) -> str:
    """A file-name-safe form of a name: "Žydrūnė Ąžuolaitė" -> "zydrune-azuolaite"."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return cleaned[:most].rstrip("-") or "learner"


def base_name(doc: CredentialDocument) -> str:
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", doc.course.code).strip("-") or "course"
    return f"{code}-{slug(doc.learner.full_name)}-{str(doc.uuid)[:8]}"


@dataclass(frozen=True)
class CredentialFiles:
    base: str
    contents: dict[str, bytes]  # kind -> bytes
    qr_text: str

    def name(self, kind: str) -> str:
        return self.base + EXTENSIONS[kind]

    def digests(self) -> dict[str, dict[str, str]]:
        return {kind: {"name": self.name(kind), "sha256": hashlib.sha256(data).hexdigest()}
                for kind, data in self.contents.items()}


def badge_salt(doc: CredentialDocument) -> str:
    """A per-credential salt for the learner's hashed e-mail in the Open Badge (deterministic per id)."""
    return hashlib.sha256(f"microcred-salt:{doc.uuid}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SignedParts:
    """Everything of a credential but its PDF: what the signing half makes from the display images."""

    base: str
    contents: dict[str, bytes]
    qr_text: str

    def attachments(self) -> dict[str, bytes]:
        return {self.base + EXTENSIONS[kind]: self.contents[kind] for kind in ("edc", "ob3")}

    def with_pdf(self, pdf: bytes) -> CredentialFiles:
        return CredentialFiles(self.base, {"pdf": pdf, **self.contents}, self.qr_text)


def finish_pdf(doc: CredentialDocument, draft: bytes, parts: SignedParts) -> bytes:
    """The certificate: the draft with the signed QR code and the sealed EDC and the badge attached."""
    return finish_certificate(draft, parts.qr_text, parts.attachments(), doc.issued_at)


def make_credential_files(doc: CredentialDocument, issuer: IssuerSigner, seal: SealSigner, template: str,
                          now: datetime, clock: Stopwatch | None = None) -> CredentialFiles:
    clock = clock or Stopwatch()
    drawn = draw_credential(doc, template, issuer.did, clock)
    parts = sign_parts(doc, drawn.images, issuer, seal, now, clock)
    with clock.stage("pdf"):
        pdf = finish_pdf(doc, drawn.draft, parts)
    return parts.with_pdf(pdf)


def sign_parts(doc: CredentialDocument, images: dict[str, bytes], issuer: IssuerSigner, seal: SealSigner,
               now: datetime, clock: Stopwatch | None = None) -> SignedParts:
    """The EDC (sealed and unsigned), the signed Open Badge and the signed QR text: the half that needs keys."""
    clock = clock or Stopwatch()
    base = base_name(doc)
    with clock.stage("build"):
        edc = build_edc(doc, images)
        badge = default_badge_png(doc.course.title_in(doc.course.main_language), doc.organisation.accent_colour)
        unsigned_ob3 = build_ob3(doc, issuer.did, badge, badge_salt(doc))
        unsigned_edc = pretty(uploadable(edc))
    with clock.stage("seal"):
        sealed = sealed_file_bytes(seal_edc(edc, seal, now))
    with clock.stage("proof"):
        ob3 = sign_ob3(unsigned_ob3, issuer, now)
        ob3_bytes = pretty(ob3)
        baked = bake_png(badge, ob3)
    with clock.stage("qr"):
        qr_text = make_qr_text(doc, issuer, hashlib.sha256(sealed).digest())
    return SignedParts(base, {"edc": sealed, "edc_unsigned": unsigned_edc, "ob3": ob3_bytes, "ob3_png": baked},
                       qr_text)
