"""Backing up and restoring the signing keys: one encrypted file with every key and its metadata."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509

from ..crypto.certificates import seal_subject
from ..crypto.didkey import did_key
from ..crypto.key_backup import BackedUpKey, read_key_backup, write_key_backup
from ..crypto.signers import KeySigner
from ..domain.errors import UserError
from ..domain.keys import KeyKind, KeyRecord, KeyStatus
from ..domain.organisation import Organisation
from ..i18n import _
from ..storage.atomic import write_atomic

if TYPE_CHECKING:
    from .keys import KeyService

_SCHEME = re.compile(r"^(VAT|NTR|PSD|LEI)")


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def same_identifier(certificate_id: str, legal_identifier: str, country: str) -> bool:
    """Whether a seal's organizationIdentifier ("VATLT-100001234") names this legal identifier."""

    def plain(value: str) -> str:
        value = re.sub(r"[^A-Z0-9]", "", value.upper())
        value = _SCHEME.sub("", value)
        return value[2:] if value.startswith(country.upper()) and len(value) > 2 else value

    return bool(certificate_id) and plain(certificate_id) == plain(legal_identifier)


def backup_bytes(service: KeyService, passphrase: str) -> tuple[bytes, list[str]]:
    records = service.catalogue.keys.all()
    if not records:
        raise UserError(_("There are no keys to back up yet."))
    entries = [
        BackedUpKey(
            key_id=r.key_id, kind=r.kind.value, pkcs8_der=service.keystore.load_pkcs8(r.key_id),
            certificate_chain_der=r.certificate_chain,
            metadata={"algorithm": r.algorithm, "did": r.did, "status": r.status.value, "origin": r.origin,
                      "created_at": r.created_at.isoformat(),
                      "retired_at": r.retired_at.isoformat() if r.retired_at else None},
        )
        for r in records
    ]
    return write_key_backup(entries, passphrase), [r.key_id for r in records]


def backup_to(service: KeyService, path: Path, passphrase: str, now: datetime | None = None) -> None:
    """Write the backup file; only once it is safely on disk do the keys count as backed up."""
    data, key_ids = backup_bytes(service, passphrase)
    try:
        write_atomic(Path(path), data, mode=0o600)
    except OSError as exc:
        raise UserError(_("The key backup could not be written to {path}: {reason}").format(
            path=path, reason=exc.strerror or exc), _("Choose another folder or drive.")) from exc
    service.catalogue.set_setting("keys_backup", {"at": _stamp(now or datetime.now(UTC)), "key_ids": key_ids})
    service.catalogue.audit.log("keys.backup", str(path), keys=len(key_ids))


def _check_owner(entries: list[BackedUpKey], org: Organisation | None) -> None:
    """Refuse another organisation's keys: new credentials would carry its name."""
    if org is None:
        return
    for entry in entries:
        if entry.kind != KeyKind.SEAL.value or not entry.certificate_chain_der:
            continue
        subject = seal_subject(x509.load_der_x509_certificate(entry.certificate_chain_der[0]))
        if not same_identifier(subject.organisation_identifier, org.legal_identifier, org.country):
            raise UserError(
                _("This key backup belongs to {name} ({id}), not to {org} ({org_id}). Nothing was changed.").format(
                    name=subject.legal_name or "?", id=subject.organisation_identifier or "?",
                    org=org.name_in(org.default_language), org_id=org.legal_identifier),
                _("Restore it in that organisation's own installation."))


def restore(service: KeyService, data: bytes, passphrase: str, now: datetime | None = None) -> list[KeyRecord]:
    """Put every key of a backup into this keystore and catalogue: the same did:key, the same seal.

    Keys already here that are newer than the backup's stay the active ones; the restored keys then
    come back as retired (still verifying what they signed)."""
    from .keys import seal_record, spki_of

    now = now or datetime.now(UTC)
    entries = read_key_backup(data, passphrase)  # wrong passphrase / damaged: raises, nothing changed
    _check_owner(entries, service.catalogue.organisation())
    restored: list[KeyRecord] = []
    for entry in entries:
        signer = KeySigner.from_pkcs8(entry.key_id, entry.pkcs8_der)
        meta = entry.metadata
        created = datetime.fromisoformat(meta.get("created_at") or now.isoformat())
        retired = datetime.fromisoformat(meta["retired_at"]) if meta.get("retired_at") else None
        status = KeyStatus(meta.get("status", "active"))
        if entry.kind == KeyKind.SEAL.value:
            base = seal_record(entry.key_id, entry.certificate_chain_der, "restored", service.storage, created)
        else:
            public = signer.public_key()
            spki = spki_of(public)
            base = KeyRecord(key_id=entry.key_id, kind=KeyKind.ISSUER, algorithm="EdDSA", public_key_der=spki,
                             fingerprint=hashlib.sha256(spki).hexdigest(), created_at=created,
                             did=did_key(public), origin="restored", storage=service.storage)  # type: ignore[arg-type]
        current = service.catalogue.keys.active(base.kind)
        if status is KeyStatus.ACTIVE and current is not None and current.key_id != base.key_id \
                and current.created_at > created:
            status, retired = KeyStatus.RETIRED, now
        restored.append(KeyRecord(**{**base.__dict__, "status": status, "retired_at": retired}))
    for entry in entries:
        service.keystore.store(entry.key_id, entry.pkcs8_der, replace=True)
    for record in sorted(restored, key=lambda r: r.active):  # retired first, so the active ones win
        service.catalogue.keys.add(record, retire_others=record.active, action="key.restore")
    covered = set((service.catalogue.setting("keys_backup") or {}).get("key_ids", []))
    service.catalogue.set_setting("keys_backup", {"at": _stamp(now),
                                                  "key_ids": sorted(covered | {r.key_id for r in restored})})
    return restored
