"""The organisation's signing keys: generate, import an eSeal, back up, restore, rotate.

Private keys go only to the keystore (the OS keychain, or a passphrase-protected file the user chose);
the catalogue holds public keys, certificates and status. Retired keys stay, so what they signed
still verifies.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from ..crypto.certificates import (
    fingerprint_sha256,
    generate_seal_certificate,
    generate_seal_key,
    load_pkcs12,
    seal_subject,
)
from ..crypto.didkey import did_key
from ..crypto.keystore import BackendInfo, Keystore
from ..crypto.protected_file import ProtectedFileKeystore
from ..crypto.signer import IssuerSigner, SealSigner
from ..crypto.signers import KeySigner
from ..domain.errors import UserError
from ..domain.keys import KeyKind, KeyRecord
from ..i18n import _
from ..storage.catalogue import Catalogue

PROTECTED_FILE = "keys.protected"


class KeyStore(Protocol):
    def backend_info(self) -> BackendInfo: ...
    def store(self, key_id: str, pkcs8_der: bytes, *, replace: bool = False) -> None: ...
    def load_signer(self, key_id: str) -> KeySigner: ...
    def load_pkcs8(self, key_id: str) -> bytes: ...
    def has(self, key_id: str) -> bool: ...
    def delete(self, key_id: str) -> None: ...


def spki_of(public_key: Any) -> bytes:
    return bytes(public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))


def _pkcs8(private_key: Any) -> bytes:
    return bytes(private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))


def new_key_id(kind: KeyKind, now: datetime) -> str:
    return f"{kind.value}-{now.strftime('%Y%m%d')}-{secrets.token_hex(4)}"


def open_keystore(catalogue: Catalogue, passphrase: str | None = None) -> KeyStore:
    """The keystore this install chose: the OS keychain (default) or the protected key file."""
    if catalogue.setting("key_storage", "keychain") == "protected-file":
        if not passphrase:
            raise UserError(
                _("This installation keeps its keys in a protected file, which needs its passphrase."),
                _("In the app you are asked for it; on the command line add --key-file-passphrase-file FILE "
                  "(for key commands: microcred keys --key-file-passphrase-file FILE …)."),
            )
        return ProtectedFileKeystore(catalogue.folder.root / PROTECTED_FILE, passphrase)
    return Keystore()


def use_protected_file(catalogue: Catalogue, passphrase: str) -> KeyStore:
    """Keep keys in a passphrase-protected file from now on (the user's explicit choice, when there is no
    usable OS keychain). Refused while keys exist: they would be stranded in the keychain."""
    if catalogue.keys.all():
        raise UserError(_("Keys already exist in the keychain; they cannot be moved to a file this way."),
                        _("Back them up, then restore the backup after switching on a fresh installation."))
    store = ProtectedFileKeystore(catalogue.folder.root / PROTECTED_FILE, passphrase)
    catalogue.set_setting("key_storage", "protected-file")
    catalogue.audit.log("keys.storage", "protected-file")
    return store


@dataclass(frozen=True)
class KeysOverview:
    backend: BackendInfo
    issuer: KeyRecord | None
    seal: KeyRecord | None
    retired: list[KeyRecord]
    backup_needed: bool
    last_backup: str | None
    storage: str


def seal_record(key_id: str, chain: tuple[bytes, ...], origin: str, storage: str, now: datetime) -> KeyRecord:
    cert = x509.load_der_x509_certificate(chain[0])
    subject = seal_subject(cert)
    algorithm = "ES256" if isinstance(cert.public_key(), ec.EllipticCurvePublicKey) else "RS256"
    return KeyRecord(
        key_id=key_id, kind=KeyKind.SEAL, algorithm=algorithm, public_key_der=spki_of(cert.public_key()),
        fingerprint=fingerprint_sha256(cert), created_at=now, certificate_chain=chain,
        subject=", ".join(x for x in (subject.legal_name, subject.organisation_identifier, subject.country) if x),
        not_after=cert.not_valid_after_utc, origin=origin, storage=storage,
    )


class KeyService:
    def __init__(self, catalogue: Catalogue, keystore: KeyStore) -> None:
        self.catalogue = catalogue
        self.keystore = keystore
        self.storage = "keychain" if isinstance(keystore, Keystore) else "protected-file"

    # reading ----------------------------------------------------------------------------------
    def overview(self) -> KeysOverview:
        keys = self.catalogue.keys.all()
        backup = self.catalogue.setting("keys_backup") or {}
        return KeysOverview(
            backend=self.keystore.backend_info(),
            issuer=self.catalogue.keys.active(KeyKind.ISSUER),
            seal=self.catalogue.keys.active(KeyKind.SEAL),
            retired=[k for k in keys if not k.active],
            backup_needed=self.backup_needed(),
            last_backup=backup.get("at"),
            storage=self.storage,
        )

    def backup_needed(self) -> bool:
        """True while some active key is in no backup made by this install."""
        active = {k.key_id for k in self.catalogue.keys.all() if k.active}
        covered = set((self.catalogue.setting("keys_backup") or {}).get("key_ids", []))
        return bool(active - covered)

    def issuer_signer(self) -> IssuerSigner:
        record = self.catalogue.keys.active(KeyKind.ISSUER)
        if record is None or record.did is None:
            raise UserError(_("There is no issuer key yet."), _("Create the keys in Settings → Keys and backup, "
                                                                "or with: microcred keys generate"))
        return IssuerSigner(self.keystore.load_signer(record.key_id), record.did)

    def seal_signer(self) -> SealSigner:
        record = self.catalogue.keys.active(KeyKind.SEAL)
        if record is None:
            raise UserError(_("There is no seal yet."), _("Create the keys in Settings → Keys and backup, "
                                                          "or with: microcred keys generate"))
        return SealSigner(self.keystore.load_signer(record.key_id), record.certificate_chain)

    def signers_for(self, issuer_key_id: str, seal_key_id: str) -> tuple[IssuerSigner, SealSigner]:
        """The keys that signed a credential (retired ones too, while the keystore still has them)."""
        issuer = self.catalogue.keys.get(issuer_key_id)
        seal = self.catalogue.keys.get(seal_key_id)
        if issuer is None or seal is None or issuer.did is None:
            raise UserError(_("The keys that signed this credential are not in this catalogue."),
                            _("Restore them from your key backup (Settings → Keys and backup)."))
        return (IssuerSigner(self.keystore.load_signer(issuer.key_id), issuer.did),
                SealSigner(self.keystore.load_signer(seal.key_id), seal.certificate_chain))

    # changing ---------------------------------------------------------------------------------
    def _require_org(self) -> Any:
        org = self.catalogue.organisation()
        if org is None:
            raise UserError(_("Set up the organisation first."), _("Run: microcred init --name … --country … "
                                                                   "--identifier …"))
        return org

    def _store(self, key_id: str, pkcs8: bytes, record: KeyRecord, action: str) -> KeyRecord:
        self.keystore.store(key_id, pkcs8)
        try:
            self.catalogue.keys.add(record, action=action)
        except BaseException:
            self.keystore.delete(key_id)  # no orphan private key in the keychain
            raise
        return record

    def _new_issuer(self, now: datetime) -> KeyRecord:
        key = ed25519.Ed25519PrivateKey.generate()
        key_id = new_key_id(KeyKind.ISSUER, now)
        spki = spki_of(key.public_key())
        record = KeyRecord(key_id=key_id, kind=KeyKind.ISSUER, algorithm="EdDSA", public_key_der=spki,
                           fingerprint=hashlib.sha256(spki).hexdigest(), created_at=now,
                           did=did_key(key.public_key()), storage=self.storage)
        return self._store(key_id, _pkcs8(key), record, "key.create")

    def _new_seal(self, now: datetime) -> KeyRecord:
        org = self._require_org()
        key = generate_seal_key()
        cert = generate_seal_certificate(org, key, now)
        key_id = new_key_id(KeyKind.SEAL, now)
        chain = (cert.public_bytes(serialization.Encoding.DER),)
        return self._store(key_id, _pkcs8(key), seal_record(key_id, chain, "generated", self.storage, now),
                           "key.create")

    def generate(self, now: datetime | None = None) -> tuple[KeyRecord, KeyRecord]:
        """The first issuer key and a self-made seal. Refuses when keys exist (use rotate)."""
        now = now or datetime.now(UTC)
        self._require_org()
        if self.catalogue.keys.active(KeyKind.ISSUER) or self.catalogue.keys.active(KeyKind.SEAL):
            raise UserError(_("This organisation already has keys."),
                            _("To replace them, rotate the keys (the old ones keep verifying what they signed)."))
        return self._new_issuer(now), self._new_seal(now)

    def rotate(self, new_seal: bool = False, now: datetime | None = None) -> list[KeyRecord]:
        """A new issuer key (and optionally a new self-made seal); the old ones become retired."""
        now = now or datetime.now(UTC)
        self._require_org()
        made = [self._new_issuer(now)]
        if new_seal:
            made.append(self._new_seal(now))
        return made

    def import_p12(self, data: bytes, passphrase: bytes | None, now: datetime | None = None) -> KeyRecord:
        """Use an eSeal bought from a trust service provider (PKCS#12); the previous seal is retired."""
        now = now or datetime.now(UTC)
        imported = load_pkcs12(data, passphrase, now)
        key_id = new_key_id(KeyKind.SEAL, now)
        record = seal_record(key_id, imported.chain_der, "imported", self.storage, now)
        return self._store(key_id, imported.pkcs8_der(), record, "key.import")

    def backup(self, passphrase: str) -> bytes:
        """One encrypted file's bytes with every key, active and retired (see backup_to to keep it)."""
        from .key_backups import backup_bytes

        return backup_bytes(self, passphrase)[0]

    def backup_to(self, path: Path, passphrase: str, now: datetime | None = None) -> None:
        """Write the key backup to `path`; the reminder goes away only once the file is written."""
        from .key_backups import backup_to

        backup_to(self, path, passphrase, now)

    def restore(self, data: bytes, passphrase: str, now: datetime | None = None) -> list[KeyRecord]:
        """Put every key of a backup into this keystore and catalogue: the same did:key, the same seal."""
        from .key_backups import restore

        return restore(self, data, passphrase, now)
