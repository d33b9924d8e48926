"""did:key for Ed25519 public keys (multicodec ed25519-pub 0xed01, multibase base58btc 'z')."""

from __future__ import annotations

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

_ED25519_PUB = b"\xed\x01"


class DidKeyError(ValueError):
    """Not a did:key we can read."""


def multibase_ed25519(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58.b58encode(_ED25519_PUB + raw).decode("ascii")


def did_key(public_key: Ed25519PublicKey) -> str:
    """The did:key of an Ed25519 public key: did:key:z6Mk..."""
    return "did:key:" + multibase_ed25519(public_key)


def verification_method(did: str) -> str:
    return f"{did}#{did.removeprefix('did:key:')}"


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise DidKeyError("not base58btc multibase")
    try:
        data = base58.b58decode(value[1:])
    except ValueError as exc:
        raise DidKeyError("bad base58") from exc
    if len(data) != 34 or not data.startswith(_ED25519_PUB):
        raise DidKeyError("not an Ed25519 multikey")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def public_key_from_did(did_or_method: str) -> Ed25519PublicKey:
    """The Ed25519 key of `did:key:z6Mk…` or of its verification method `did:key:z6Mk…#z6Mk…`."""
    did, _, fragment = did_or_method.partition("#")
    if not did.startswith("did:key:"):
        raise DidKeyError("not a did:key")
    value = did.removeprefix("did:key:")
    if fragment and fragment != value:
        raise DidKeyError("fragment does not match the key")
    return public_key_from_multibase(value)
