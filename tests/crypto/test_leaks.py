"""After storing, signing, sealing and backing up, no key material is on disk or in the logs."""

from __future__ import annotations

import base64
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from microcred_desktop.crypto.certificates import generate_seal_certificate, generate_seal_key, load_pkcs12
from microcred_desktop.crypto.jades import seal_json, verify_jades
from microcred_desktop.crypto.key_backup import BackedUpKey, read_key_backup, write_key_backup
from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.crypto.memory_keyring import MemoryKeyring
from microcred_desktop.crypto.protected_file import ProtectedFileKeystore, atomic_write
from microcred_desktop.crypto.signer import SealSigner
from tests import factories

from .conftest import NOW, make_p12, pkcs8

PASS = "a long enough passphrase"


def secrets_of(key: object) -> list[bytes]:
    """Byte strings that would betray `key`: PKCS#8 DER in several encodings, and the raw secret."""
    der = pkcs8(key)
    found = [der, base64.b64encode(der), base64.urlsafe_b64encode(der).rstrip(b"="), der.hex().encode()]
    if isinstance(key, ec.EllipticCurvePrivateKey):
        raw = key.private_numbers().private_value.to_bytes(32, "big")
    elif isinstance(key, ed25519.Ed25519PrivateKey):
        raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    else:
        assert isinstance(key, rsa.RSAPrivateKey)
        d = key.private_numbers().d
        raw = d.to_bytes((d.bit_length() + 7) // 8, "big")
    found += [raw, base64.b64encode(raw), base64.urlsafe_b64encode(raw).rstrip(b"="), raw.hex().encode()]
    return found


def files_under(*roots: Path) -> Iterable[Path]:
    for root in roots:
        for dirpath, _dirs, names in os.walk(root):
            for n in names:
                yield Path(dirpath) / n


def assert_no_leak(texts: Iterable[bytes], keys: list[object]) -> None:
    needles = [s for k in keys for s in secrets_of(k)]
    for blob in texts:
        assert b"-----BEGIN" not in blob and b"PRIVATE KEY" not in blob
        for needle in needles:
            assert needle not in blob


def test_no_key_material_on_disk_or_in_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    data, tmp = tmp_path / "data", tmp_path / "tmp"
    data.mkdir()
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    caplog.set_level(logging.DEBUG)

    issuer_key = ed25519.Ed25519PrivateKey.generate()
    seal_key = generate_seal_key()
    imported_key = ec.generate_private_key(ec.SECP256R1())
    keys: list[object] = [issuer_key, seal_key, imported_key]

    keychain = Keystore(MemoryKeyring())
    keychain.store("issuer", pkcs8(issuer_key))
    seal_cert = generate_seal_certificate(factories.organisation(), seal_key, NOW)
    keychain.store("seal", pkcs8(seal_key))
    imported = load_pkcs12(make_p12(imported_key, generate_seal_certificate(
        factories.organisation(), imported_key, NOW), [], b"pw"), b"pw", now=NOW)
    keychain.store("imported", imported.pkcs8_der())

    file_store = ProtectedFileKeystore(data / "keys.mckeys", PASS)
    for key_id in ("issuer", "seal", "imported"):
        file_store.store(key_id, keychain.load_pkcs8(key_id))
    chain = (seal_cert.public_bytes(serialization.Encoding.DER),)
    for store in (keychain, file_store):
        jws = seal_json(b'{"id": "urn:x"}', SealSigner(store.load_signer("seal"), chain), NOW)
        assert verify_jades(jws).payload == b'{"id": "urn:x"}'
        store.load_signer("issuer").sign(b"qr payload")
    backup = write_key_backup(
        [BackedUpKey(k, "seal" if k != "issuer" else "issuer", keychain.load_pkcs8(k)) for k in
         ("issuer", "seal", "imported")], PASS)
    atomic_write(data / "keys.mcbackup", backup)
    assert len(read_key_backup((data / "keys.mcbackup").read_bytes(), PASS)) == 3

    written = list(files_under(data, tmp))
    assert {p.name for p in written} == {"keys.mckeys", "keys.mcbackup"}  # no stray temp files either
    assert_no_leak((p.read_bytes() for p in written), keys)
    assert_no_leak([caplog.text.encode()], keys)
    reprs = [repr(keychain), repr(file_store), repr(imported), repr(keychain.load_signer("seal"))]
    assert_no_leak([" ".join(reprs).encode()], keys)


def test_the_scan_finds_a_leak(tmp_path: Path) -> None:
    """The scan itself works: a key written in clear, in any of the encodings, is found."""
    key = ec.generate_private_key(ec.SECP256R1())
    for i, needle in enumerate(secrets_of(key)):
        (tmp_path / f"f{i}").write_bytes(b"prefix " + needle + b" suffix")
    for path in files_under(tmp_path):
        with pytest.raises(AssertionError):
            assert_no_leak([path.read_bytes()], [key])
