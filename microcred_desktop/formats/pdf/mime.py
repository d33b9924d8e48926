"""The MIME type of a file attached to a certificate, from its name (no PDF library: render workers use it)."""

from __future__ import annotations

_MIME_BY_SUFFIX = {
    ".edc.jsonld": "application/ld+json",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xml": "application/xml",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


def mime_type(name: str) -> str:
    """The MIME type of an attachment, from its file name."""
    lower = name.lower()
    for suffix, mime in _MIME_BY_SUFFIX.items():
        if lower.endswith(suffix):
            return mime
    return "application/octet-stream"
