"""One credential's five files, built from its document and two signers: a pure function, no I/O.

Order matters: the certificate's first page (with a QR of the credential id only) is rendered for the
EDC's display image; the EDC is built and sealed; its digest is signed into the QR text; then the final
PDF is rendered with that QR and with the sealed EDC and the Open Badge attached.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import datetime

from ..crypto.signer import IssuerSigner, SealSigner
from ..domain.credential import CredentialDocument
from ..formats.edc.build import build_edc, uploadable
from ..formats.edc.seal import seal_edc, sealed_file_bytes
from ..formats.ob3.bake import bake_png
from ..formats.ob3.build import build_ob3, sign_ob3
from ..formats.ob3.image import default_badge_png
from ..formats.pdf.page_image import page_png
from ..formats.pdf.render import render_certificate
from ..formats.qr.payload import make_qr_text
from ..storage.convert import fold

EXTENSIONS = {
    "pdf": ".pdf",
    "edc": ".edc.jsonld",
    "edc_unsigned": ".edc-unsigned.json",
    "ob3": ".ob3.json",
    "ob3_png": ".ob3.png",
}
IMAGE_DPI = 90  # about 1050 × 740 pixels: sharp in a wallet, light in the file


def slug(text: str, most: int = 40) -> str:
    """A file-name-safe form of a name: "Žydrūnė Ąžuolaitė" -> "zydrune-azuolaite"."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return cleaned[:most].rstrip("-") or "learner"


def base_name(doc: CredentialDocument) -> str:
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", doc.course.code).strip("-") or "course"
    return f"{code}-{slug(doc.learner.full_name)}-{str(doc.uuid)[:8]}"


def _json_bytes(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


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


def display_images(doc: CredentialDocument, template: str) -> dict[str, bytes]:
    """A picture of the certificate's first page in each course language (the EDC's display images)."""
    images: dict[str, bytes] = {}
    for lang in doc.languages:
        single = replace(doc, course=replace(doc.course, languages=(lang,)))
        images[lang] = page_png(render_certificate(single, None, template=template, cover_only=True), 0, IMAGE_DPI)
    return images


def badge_salt(doc: CredentialDocument) -> str:
    """A per-credential salt for the learner's hashed e-mail in the Open Badge (deterministic per id)."""
    return hashlib.sha256(f"microcred-salt:{doc.uuid}".encode()).hexdigest()[:16]


def make_credential_files(doc: CredentialDocument, issuer: IssuerSigner, seal: SealSigner, template: str,
                          now: datetime, images: dict[str, bytes] | None = None) -> CredentialFiles:
    base = base_name(doc)
    images = images if images is not None else display_images(doc, template)
    edc = build_edc(doc, images)
    sealed = sealed_file_bytes(seal_edc(edc, seal, now))
    badge = default_badge_png(doc.course.title_in(doc.course.main_language), doc.organisation.accent_colour)
    ob3 = sign_ob3(build_ob3(doc, issuer.did, badge, badge_salt(doc)), issuer, now)
    ob3_bytes = _json_bytes(ob3)
    qr_text = make_qr_text(doc, issuer, hashlib.sha256(sealed).digest())
    pdf = render_certificate(doc, qr_text, template=template, attachments={
        base + EXTENSIONS["edc"]: sealed,
        base + EXTENSIONS["ob3"]: ob3_bytes,
    })
    return CredentialFiles(base, {
        "pdf": pdf,
        "edc": sealed,
        "edc_unsigned": _json_bytes(uploadable(edc)),
        "ob3": ob3_bytes,
        "ob3_png": bake_png(badge, ob3),
    }, qr_text)
