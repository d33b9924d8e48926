"""Signers over private keys held in memory only for the length of a signing session."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


class KeySigner:
    """A `Signer` over a private key object; the algorithm follows from the key type."""

    def __init__(self, key_id: str, private_key: PrivateKey) -> None:
        self._key_id = key_id
        self._key = private_key
        if isinstance(private_key, ed25519.Ed25519PrivateKey):
            self._alg = "EdDSA"
        elif isinstance(private_key, ec.EllipticCurvePrivateKey):
            if private_key.curve.name != "secp256r1":
                raise ValueError("only P-256 EC keys are supported")
            self._alg = "ES256"
        elif isinstance(private_key, rsa.RSAPrivateKey):
            self._alg = "RS256"
        else:  # pragma: no cover - the type says it cannot be
            raise TypeError(type(private_key).__name__)

    @property
    def key_id(self) -> str:
        return self._key_id

    @property
    def algorithm(self) -> str:
        return self._alg

    def public_key(self) -> ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey:
        return self._key.public_key()

    def sign(self, data: bytes) -> bytes:
        key = self._key
        if isinstance(key, ed25519.Ed25519PrivateKey):
            return key.sign(data)
        if isinstance(key, ec.EllipticCurvePrivateKey):
            r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
            return r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    @classmethod
    def from_pkcs8(cls, key_id: str, der: bytes) -> KeySigner:
        key = serialization.load_der_private_key(der, password=None)
        if not isinstance(key, ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
            raise ValueError("unsupported key type")
        return cls(key_id, key)

    def __repr__(self) -> str:  # never print key material
        return f"KeySigner({self._key_id!r}, {self._alg})"
