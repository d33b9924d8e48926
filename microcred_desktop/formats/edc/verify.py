"""Verify a European Digital Credential offline: the JAdES seal, its certificate, dates and vocabulary.

Who the seal belongs to (this organisation, a trusted issuer, someone unknown) and whether the
credential was revoked are for the caller to decide (services/verify_any): this module only says
what the file itself proves, and hands back the seal certificate and the credential for that.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ...crypto.certificates import seal_subject
from ...crypto.jades import JadesResult, SealInvalid, verify_jades
from ...domain.verdict import Verdict
from ...i18n import _, current_language
from ..ob3.unpack import parse_json, shape_problem
from .shapes import dropped_terms, shape_report

log = logging.getLogger(__name__)
JSON = dict[str, Any]
MAX_BYTES = 10 * 1024 * 1024
EDC_TYPE = "EuropeanDigitalCredential"
CLOCK_SKEW = timedelta(days=1)  # a seal "made tomorrow" by a computer in another time zone is fine
# Members a JWS JSON object may have (RFC 7515 §7.2); anything else was added after sealing.
_JWS_GENERAL = frozenset({"payload", "signatures"})
_JWS_FLAT = frozenset({"payload", "protected", "header", "signature"})
_SIGNATURE_ENTRY = frozenset({"protected", "header", "signature"})
_UNPROTECTED = frozenset({"etsiU"})  # JAdES unsigned properties (the samples' archive timestamps)


@dataclass
class EdcVerification:
    """The verdict plus what trust decisions need: the credential, and the seal when it verified."""

    verdict: Verdict
    credential: JSON | None = None
    seal: JadesResult | None = None

    @property
    def credential_id(self) -> str:
        value = self.credential.get("id") if self.credential else None
        return value if isinstance(value, str) else ""


def looks_like_edc(value: object) -> bool:
    """True for a sealed EDC (a JWS object), an uploadable one ({"credential": …}) or a bare one."""
    if not isinstance(value, dict):
        return False
    if "payload" in value and ("signatures" in value or "signature" in value):
        return True
    inner = value.get("credential") if set(value) == {"credential"} else value
    types = inner.get("type") if isinstance(inner, dict) else None
    return EDC_TYPE in (types if isinstance(types, list) else [types])


def verify_edc(data: bytes | JSON, now: datetime, source: str = "", *, strict: bool = False) -> EdcVerification:
    """Every check of one EDC file, each with one plain sentence; never raises on bad input."""
    result = EdcVerification(Verdict(source=source, kind="edc"))
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    try:
        _verify(result, data, now, strict)
    except Exception:  # a bug, not the user's doing; hostile input must still get an answer
        log.exception("verifying an EDC failed")
        result.verdict.add("internal", False, _("The credential could not be checked completely because of an "
                                                "error."))
    return result


def _read(data: bytes | JSON) -> JSON | str:
    if isinstance(data, dict):
        return shape_problem(data) or data
    if len(data) > MAX_BYTES:
        return _("The file is larger than 10 MB, too large to be a credential.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _("The file is not a European Digital Credential (it is not text).")
    return parse_json(text)


def _verify(result: EdcVerification, data: bytes | JSON, now: datetime, strict: bool) -> None:
    verdict = result.verdict
    document = _read(data)
    if isinstance(document, str):
        verdict.unreadable_reason = document
        return
    if not looks_like_edc(document):
        verdict.unreadable_reason = _("The file is not a European Digital Credential.")
        return
    if "payload" in document:
        credential = _check_seal(result, document, now)
    else:
        credential = document.get("credential") if set(document) == {"credential"} else document
        verdict.add("seal", False, _("The credential is not sealed, so nobody can confirm who issued it or that "
                                     "it is unchanged."))
    if credential is None:
        return
    if not isinstance(credential, dict):
        verdict.unreadable_reason = _("The file does not contain a credential.")
        return
    result.credential = credential
    verdict.content.update(content_of(credential))
    _check_type(verdict, credential)
    _check_dates(verdict, credential, now)
    _check_terms(verdict, credential)
    _check_shapes(verdict, credential, strict)


def _unsealed_parts(jws: JSON) -> set[str]:
    """Members of the JWS object that its seal does not cover and no seal needs (added afterwards)."""
    if "signatures" in jws:
        extra = set(jws) - _JWS_GENERAL
        signatures = jws["signatures"]
        entries = [e for e in signatures if isinstance(e, dict)] if isinstance(signatures, list) else []
        for entry in entries:
            extra |= set(entry) - _SIGNATURE_ENTRY
    else:
        extra, entries = set(jws) - _JWS_FLAT, [jws]
    for entry in entries:
        header = entry.get("header")
        if isinstance(header, dict):
            extra |= set(header) - _UNPROTECTED
    return extra


def _check_seal(result: EdcVerification, jws: JSON, now: datetime) -> JSON | None:
    verdict = result.verdict
    extra = _unsealed_parts(jws)
    try:
        if extra:
            raise SealInvalid(_("The sealed file has parts that are not covered by its seal ({names}).").format(
                names=", ".join(sorted(str(k)[:40] for k in extra))[:200]))
        sealed = verify_jades(jws)
    except SealInvalid as error:
        verdict.add("seal", False, error.reason)
        _read_unsealed_content(verdict, jws)
        return None
    result.seal = sealed
    subject = seal_subject(sealed.certificate)
    sealer = subject.legal_name or subject.common_name or "?"
    verdict.add("seal", True, _("The seal is intact: nothing was changed after {name} sealed it.").format(
        name=sealer))
    _check_certificate(verdict, sealed, now)
    document = _read(sealed.payload)
    if isinstance(document, str):
        verdict.unreadable_reason = _("The sealed content is not a credential: {reason}").format(reason=document)
        return None
    return document


def _read_unsealed_content(verdict: Verdict, jws: JSON) -> None:
    """What a broken seal's content claims, so the person sees what was forged (never trusted)."""
    payload = jws.get("payload")
    if isinstance(payload, str) and len(payload) <= MAX_BYTES:
        document = parse_json(payload)
        if isinstance(document, dict):
            verdict.content.update(content_of(document))


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d")


def _check_certificate(verdict: Verdict, sealed: JadesResult, now: datetime) -> None:
    cert, when = sealed.certificate, sealed.signing_time
    if when > now + CLOCK_SKEW:
        verdict.add("certificate", False, _("The seal says it was made on {date}, which is in the future.").format(
            date=_day(when)))
    elif sealed.certificate_valid_at_signing_time:
        verdict.add("certificate", True, _("The seal certificate was valid when the credential was sealed "
                                           "({date}).").format(date=_day(when)))
    else:
        verdict.add("certificate", False, _("The seal certificate was not valid when the credential was sealed "
                                            "({date}); it is valid from {start} to {end}.").format(
            date=_day(when), start=_day(cert.not_valid_before_utc), end=_day(cert.not_valid_after_utc)))


def _types(credential: JSON) -> list[str]:
    types = credential.get("type")
    return [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]


def _check_type(verdict: Verdict, credential: JSON) -> None:
    names = _types(credential)
    if "VerifiableCredential" in names and EDC_TYPE in names:
        verdict.add("type", True, _("It is a European Digital Credential."))
    else:
        shown = ", ".join(names)[:200] or "-"
        verdict.add("type", False, _("This is not a European Digital Credential: its type is {types}.").format(
            types=shown))


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_dates(verdict: Verdict, credential: JSON, now: datetime) -> None:
    start_value = credential.get("validFrom", credential.get("issuanceDate"))
    start = _moment(start_value)
    if start_value is None:
        verdict.add("valid-from", False, _("The credential does not say from when it is valid."))
    elif start is None:
        verdict.add("valid-from", False, _("The credential's start of validity is not a date."))
    elif start > now:
        verdict.add("valid-from", False, _("The credential is not valid yet: it becomes valid on {date}.").format(
            date=_day(start)))
    else:
        verdict.add("valid-from", True, _("The credential is valid since {date}.").format(date=_day(start)))
    end_value = credential.get("expirationDate", credential.get("validUntil"))
    end = _moment(end_value)
    if end_value is None:
        verdict.add("valid-until", None, _("The credential does not expire."))
    elif end is None:
        verdict.add("valid-until", False, _("The credential's end of validity is not a date."))
    elif end < now:
        verdict.add("valid-until", False, _("The credential expired on {date}.").format(date=_day(end)))
    else:
        verdict.add("valid-until", True, _("The credential is valid until {date}.").format(date=_day(end)))


def _check_terms(verdict: Verdict, credential: JSON) -> None:
    try:
        lost = dropped_terms(credential)
    except Exception as exc:  # pyld fails on malformed JSON-LD, or an unknown context, in many ways
        log.debug("JSON-LD expansion of an EDC failed: %s", exc)
        verdict.add("terms", False, _("The credential's data is not valid JSON-LD, or uses a vocabulary this app "
                                      "does not have offline."))
        return
    if lost:
        verdict.add("terms", False, _("Some properties of the credential are not defined by its vocabulary, so "
                                      "other verifiers ignore them: {names}.").format(names=", ".join(lost[:8])[:300]))
    else:
        verdict.add("terms", True, _("Every property of the credential is defined by its vocabulary."))


def _check_shapes(verdict: Verdict, credential: JSON, strict: bool) -> None:
    if not strict:
        verdict.add("shapes", None, _("The credential was not checked against every rule of the EDC profile "
                                      "(strict checking is off)."))
        return
    try:
        problems = shape_report(credential)
    except Exception as exc:
        log.debug("SHACL validation of an EDC failed: %s", exc)
        verdict.add("shapes", False, _("The credential could not be checked against the rules of the EDC profile."))
        return
    if problems:
        verdict.add("shapes", False, _("The credential breaks {n} rule(s) of the EDC profile, e.g. {first}").format(
            n=len(problems), first="; ".join(problems[:3])[:400]))
    else:
        verdict.add("shapes", True, _("The credential follows every rule of the EDC profile."))


def pick_text(value: object) -> str:
    """One string of a language map ({"en": …}), in the app's language when it has one; "" otherwise."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict | str)), None)
    if isinstance(value, str):
        return " ".join(value.split())[:500]
    if not isinstance(value, dict) or not value:
        return ""
    chosen = value.get(current_language())
    if not isinstance(chosen, str):
        chosen = next((v for v in value.values() if isinstance(v, str)), "")
    return " ".join(chosen.split())[:500]


def _first(value: object) -> JSON:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else {}


def content_of(credential: JSON) -> dict[str, str]:
    """The learner, what was achieved, the issuer and the dates, as short strings; absent ones left out."""
    subject = _first(credential.get("credentialSubject"))
    learner = pick_text(subject.get("fullName")) or " ".join(
        x for x in (pick_text(subject.get("givenName")), pick_text(subject.get("familyName"))) if x)
    claim = _first(subject.get("hasClaim"))
    display = _first(credential.get("displayParameter"))
    issuer = _first(credential.get("issuer"))
    found = {
        "learner": learner,
        "achievement": pick_text(claim.get("title")) or pick_text(display.get("title")),
        "issuer": pick_text(issuer.get("legalName")) or pick_text(issuer.get("altLabel")),
        "valid_from": _text(credential.get("validFrom", credential.get("issuanceDate"))),
        "valid_until": _text(credential.get("expirationDate", credential.get("validUntil"))),
    }
    return {key: value for key, value in found.items() if value}


def _text(value: object) -> str:
    return value[:40] if isinstance(value, str) else ""

