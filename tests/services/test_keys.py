"""The key lifecycle on the real OS keychain: generate, sign, back up, restore, rotate, import an eSeal."""

from __future__ import annotations

import base64
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from microcred_desktop.crypto.didkey import public_key_from_did
from microcred_desktop.crypto.keystore import KeychainUnavailable, Keystore
from microcred_desktop.domain.errors import UserError
from microcred_desktop.domain.keys import KeyKind
from microcred_desktop.services.keys import KeyService
from microcred_desktop.storage.catalogue import Catalogue

from .. import factories

PASS = "correct horse battery staple"


def service(root: Path, keystore: Keystore) -> KeyService:
    catalogue = Catalogue.open(root)
    if catalogue.organisation() is None:
        catalogue.save_organisation(factories.organisation())
    return KeyService(catalogue, keystore)


def make_p12(key: object, passphrase: bytes | None, days: int = 365, with_key: bool = True) -> bytes:
    now = datetime.now(UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kauno centras"),
                         x509.NameAttribute(NameOID.COUNTRY_NAME, "LT"),
                         x509.NameAttribute(NameOID.COMMON_NAME, "KPMC eSeal")])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())  # type: ignore[attr-defined]
            .not_valid_before(now - timedelta(days=400)).not_valid_after(now + timedelta(days=days))
            .sign(key, hashes.SHA256()))  # type: ignore[arg-type]
    encryption = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    return pkcs12.serialize_key_and_certificates(b"seal", key if with_key else None, cert, None, encryption)  # type: ignore[arg-type]


def private_material(keystore: Keystore, key_ids: list[str]) -> list[bytes]:
    """Every form a private key could leak in: PKCS#8 DER, its base64, raw key bytes."""
    needles = [b"PRIVATE KEY-----"]
    for key_id in key_ids:
        der = keystore.load_pkcs8(key_id)
        needles += [der, base64.b64encode(der)]
        key = serialization.load_der_private_key(der, None)
        if isinstance(key, ed25519.Ed25519PrivateKey):
            needles.append(key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                             serialization.NoEncryption()))
        elif isinstance(key, ec.EllipticCurvePrivateKey):
            needles.append(key.private_numbers().private_value.to_bytes(32, "big"))
        elif isinstance(key, rsa.RSAPrivateKey):
            needles.append(key.private_numbers().d.to_bytes(256, "big"))
    return needles


def scan(folders: list[Path], needles: list[bytes], since: float) -> list[str]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                if not path.is_file() or path.stat().st_mtime < since - 1 or path.stat().st_size > 50_000_000:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            found += [f"{path}: {needle[:12]!r}" for needle in needles if needle in data]
    return found


@pytest.mark.keychain
def test_whole_lifecycle_on_the_real_keychain(tmp_path: Path, os_keychain: Keystore) -> None:
    started = time.time()
    first = service(tmp_path / "a", os_keychain)
    issuer, seal = first.generate()
    assert issuer.did and issuer.did.startswith("did:key:z6Mk")
    assert "VATLT-100001234" in seal.subject or "LT100001234" in seal.subject
    assert (issuer.algorithm, seal.algorithm) == ("EdDSA", "ES256")
    assert first.backup_needed()

    # sign with both keys, through the keychain
    message = b"credential bytes"
    signature = first.issuer_signer().signer.sign(message)
    public_key_from_did(issuer.did).verify(signature, message)
    seal_signer = first.seal_signer()
    cert = x509.load_der_x509_certificate(seal_signer.chain[0])
    raw = seal_signer.signer.sign(message)
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    der_sig = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    cert.public_key().verify(der_sig, message, ec.ECDSA(hashes.SHA256()))  # type: ignore[call-arg, arg-type]

    first.backup_to(tmp_path / "keys.backup", PASS)
    assert not first.backup_needed()
    backup = (tmp_path / "keys.backup").read_bytes()
    all_ids = [k.key_id for k in first.catalogue.keys.all()]
    needles = private_material(os_keychain, all_ids)

    # a fresh data folder and a keychain without these entries
    for key_id in all_ids:
        os_keychain.delete(key_id)
    assert not any(os_keychain.has(k) for k in all_ids)
    second = service(tmp_path / "b", os_keychain)
    restored = second.restore(backup, PASS)
    assert {r.key_id for r in restored} == set(all_ids)
    assert second.catalogue.keys.active(KeyKind.ISSUER).did == issuer.did  # type: ignore[union-attr]
    assert second.catalogue.keys.active(KeyKind.SEAL).fingerprint == seal.fingerprint  # type: ignore[union-attr]
    public_key_from_did(issuer.did).verify(second.issuer_signer().signer.sign(message), message)

    # rotate: the old key is retired and its earlier signature still verifies by its record
    new = second.rotate(new_seal=True)
    assert [r.kind for r in new] == [KeyKind.ISSUER, KeyKind.SEAL]
    old = second.catalogue.keys.get(issuer.key_id)
    assert old is not None and not old.active and old.retired_at is not None
    public_key_from_did(old.did).verify(signature, message)  # type: ignore[arg-type]
    assert second.issuer_signer().did != issuer.did
    assert second.backup_needed()

    # import a PKCS#12 eSeal (RSA) made here
    p12 = make_p12(rsa.generate_private_key(public_exponent=65537, key_size=2048), b"p12-pass")
    imported = second.import_p12(p12, b"p12-pass")
    assert imported.origin == "imported" and imported.algorithm == "RS256"
    assert second.catalogue.keys.active(KeyKind.SEAL).key_id == imported.key_id  # type: ignore[union-attr]

    # nothing private on disk: data folders, logs, temp files
    needles += private_material(os_keychain, [k.key_id for k in second.catalogue.keys.all()])
    leaks = scan([tmp_path, Path(tempfile.gettempdir())], needles, started)
    assert leaks == []
    for key_id in [k.key_id for k in second.catalogue.keys.all()]:
        os_keychain.delete(key_id)


def _state(svc: KeyService) -> tuple:
    return tuple((k.key_id, k.status, k.fingerprint) for k in svc.catalogue.keys.all())


@pytest.mark.keychain
def test_wrong_passphrase_and_damaged_backup_change_nothing(tmp_path: Path, os_keychain: Keystore) -> None:
    first = service(tmp_path / "a", os_keychain)
    first.generate()
    backup = first.backup(PASS)
    target = service(tmp_path / "b", os_keychain)
    before = _state(target)
    with pytest.raises(UserError, match="passphrase is wrong"):
        target.restore(backup, "not the right passphrase")
    damaged = bytearray(backup)
    damaged[len(damaged) // 2] ^= 0x01
    with pytest.raises(UserError, match="damaged"):
        target.restore(bytes(damaged), PASS)
    with pytest.raises(UserError, match=r"damaged|not a"):
        target.restore(backup[: len(backup) // 3], PASS)
    assert _state(target) == before == ()
    with pytest.raises(UserError, match="12"):
        first.backup("short")
    for key in first.catalogue.keys.all():
        os_keychain.delete(key.key_id)


@pytest.mark.keychain
@pytest.mark.parametrize("case", ["no-key", "expired", "wrong-pass"])
def test_bad_pkcs12_is_refused_and_changes_nothing(tmp_path: Path, os_keychain: Keystore, case: str) -> None:
    svc = service(tmp_path, os_keychain)
    svc.generate()
    before = _state(svc)
    key = ec.generate_private_key(ec.SECP256R1())
    if case == "no-key":
        data, pw, expected = make_p12(key, b"pw", with_key=False), b"pw", "no private key"
    elif case == "expired":
        data, pw, expected = make_p12(key, b"pw", days=-1), b"pw", "expired"
    else:
        data, pw, expected = make_p12(key, b"pw"), b"nope", "passphrase"
    with pytest.raises(UserError) as err:
        svc.import_p12(data, pw)
    assert expected in str(err.value).lower()
    assert _state(svc) == before
    for key_record in svc.catalogue.keys.all():
        os_keychain.delete(key_record.key_id)


def test_no_keychain_stops_with_a_message_and_changes_nothing(tmp_path: Path) -> None:
    from keyring.backends import fail

    svc = service(tmp_path, Keystore(fail.Keyring()))
    with pytest.raises(KeychainUnavailable) as err:
        svc.generate()
    assert "keychain" in err.value.message.lower() and err.value.hint
    assert svc.catalogue.keys.all() == []


def test_keys_need_an_organisation(tmp_path: Path) -> None:
    from microcred_desktop.crypto.memory_keyring import MemoryKeyring

    svc = KeyService(Catalogue.open(tmp_path), Keystore(MemoryKeyring()))
    with pytest.raises(UserError, match="organisation first"):
        svc.generate()


def test_protected_file_needs_its_passphrase(tmp_path: Path) -> None:
    from microcred_desktop.services.keys import open_keystore

    catalogue = Catalogue.open(tmp_path)
    catalogue.set_setting("key_storage", "protected-file")
    with pytest.raises(UserError, match="protected file"):
        open_keystore(catalogue)
    store = open_keystore(catalogue, PASS)
    assert not store.backend_info().is_os_keychain
    assert os.path.basename(str(store.path)) == "keys.protected"  # type: ignore[attr-defined]


def test_choosing_a_protected_file_is_explicit_and_works(tmp_path: Path) -> None:
    from microcred_desktop.services.keys import open_keystore, use_protected_file

    catalogue = Catalogue.open(tmp_path)
    catalogue.save_organisation(factories.organisation())
    store = use_protected_file(catalogue, PASS)
    svc = KeyService(catalogue, store)
    issuer, _seal = svc.generate()
    assert issuer.storage == "protected-file"
    again = KeyService(catalogue, open_keystore(catalogue, PASS))  # as after a restart
    message = b"x"
    public_key_from_did(issuer.did).verify(again.issuer_signer().signer.sign(message), message)  # type: ignore[arg-type]
    data = (tmp_path / "keys.protected").read_bytes()
    assert b"PRIVATE KEY" not in data and again.keystore.load_pkcs8(issuer.key_id) not in data
    with pytest.raises(UserError, match="already exist"):
        use_protected_file(catalogue, PASS)


def test_a_backup_that_could_not_be_written_does_not_count(tmp_path: Path) -> None:
    from microcred_desktop.crypto.memory_keyring import MemoryKeyring

    svc = service(tmp_path, Keystore(MemoryKeyring()))
    svc.generate()
    with pytest.raises(UserError, match="could not be written"):
        svc.backup_to(tmp_path / "no-such-folder" / "k.mckeys", PASS)
    assert svc.backup_needed()


def test_another_organisations_key_backup_is_refused(tmp_path: Path) -> None:
    from microcred_desktop.crypto.memory_keyring import MemoryKeyring

    other = KeyService(Catalogue.open(tmp_path / "other"), Keystore(MemoryKeyring()))
    other.catalogue.save_organisation(factories.organisation(legal_identifier="LT999999999",
                                                             legal_name={"lt": "Kita įstaiga"}))
    other.generate()
    data = other.backup(PASS)
    ours = service(tmp_path / "ours", Keystore(MemoryKeyring()))
    ours.generate()
    before = _state(ours)
    with pytest.raises(UserError, match="belongs to"):
        ours.restore(data, PASS)
    assert _state(ours) == before


def test_keys_newer_than_the_backup_stay_active(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from microcred_desktop.crypto.memory_keyring import MemoryKeyring

    svc = service(tmp_path, Keystore(MemoryKeyring()))
    old_issuer, _seal = svc.generate(now=datetime(2026, 1, 1, tzinfo=UTC))
    data = svc.backup(PASS)
    new = svc.rotate(new_seal=True, now=datetime(2026, 6, 1, tzinfo=UTC))
    svc.restore(data, PASS)
    assert svc.catalogue.keys.active(KeyKind.ISSUER).key_id == new[0].key_id  # type: ignore[union-attr]
    assert not svc.catalogue.keys.get(old_issuer.key_id).active  # type: ignore[union-attr]
