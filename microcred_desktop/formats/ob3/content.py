"""What an Open Badge says (learner, achievement, issuer, dates), read defensively from untrusted JSON."""

from __future__ import annotations

from typing import Any

MAX_SHOWN = 500


def _text(value: object) -> str:
    return " ".join(value.split())[:MAX_SHOWN] if isinstance(value, str) else ""


def _first_dict(value: object) -> dict[str, Any]:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else {}


def issuer_id(credential: dict[str, Any]) -> str:
    """The issuer's id (a DID or URL), whether `issuer` is an object or a bare string; '' if none."""
    issuer = credential.get("issuer")
    value = issuer.get("id") if isinstance(issuer, dict) else issuer
    return value if isinstance(value, str) else ""


def learner_name(subject: dict[str, Any]) -> str:
    """The unhashed `name` identity of the subject (how we and others write it), else its `name`."""
    identifiers = subject.get("identifier")
    for entry in identifiers if isinstance(identifiers, list) else []:
        if isinstance(entry, dict) and entry.get("identityType") == "name" and entry.get("hashed") is False:
            name = _text(entry.get("identityHash"))
            if name:
                return name
    return _text(subject.get("name"))


def content_of(credential: dict[str, Any]) -> dict[str, str]:
    """The facts a person wants to see, as short strings; absent facts are left out."""
    subject = _first_dict(credential.get("credentialSubject"))
    achievement = _first_dict(subject.get("achievement"))
    issuer = credential.get("issuer")
    found = {
        "learner": learner_name(subject),
        "achievement": _text(achievement.get("name")) or _text(credential.get("name")),
        "issuer": _text(issuer.get("name")) if isinstance(issuer, dict) else "",
        "valid_from": _text(credential.get("validFrom", credential.get("issuanceDate"))),
        "valid_until": _text(credential.get("validUntil", credential.get("expirationDate"))),
    }
    if not found["issuer"]:
        found["issuer"] = _text(issuer_id(credential))
    return {key: value for key, value in found.items() if value}
