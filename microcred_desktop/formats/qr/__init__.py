"""The signed QR code: a compact payload (CBOR, Ed25519, base45) verified offline, and its image."""

from .image import MAX_VERSION, qr_matrix, qr_png, qr_version
from .payload import (
    QrClaims,
    QrUnreadable,
    QrVerification,
    make_qr_text,
    read_qr_text,
    verify_qr_claims,
)

__all__ = [
    "MAX_VERSION",
    "QrClaims",
    "QrUnreadable",
    "QrVerification",
    "make_qr_text",
    "qr_matrix",
    "qr_png",
    "qr_version",
    "read_qr_text",
    "verify_qr_claims",
]
