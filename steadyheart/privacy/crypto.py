"""The cryptography itself: data keys, AES-GCM text sealing, key wrapping and passphrase protection.

Pure functions over bytes and strings; no database, no files. Imports only `cryptography` and errors.

- A value is stored as "shenc1:" + urlsafe-base64(key id (8) | nonce (12) | ciphertext | tag (16)); the
  key id says which data key sealed it, so a rotation can find every value and a wrong key is named.
- Data keys are wrapped (AES-GCM) by a master key on servers, or by a key derived from a passphrase
  with scrypt on a locked terminal; the associated data binds a wrapped key to its owner.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from steadyheart.errors import StorageError

PREFIX = "shenc1:"
KEY_BYTES = 32
KEY_ID_BYTES = 8
NONCE_BYTES = 12
_VALUE_AAD = b"steadyheart-value-v1:"
#: scrypt cost: about 32 MiB and 0.1-0.3 s here; slow enough to make guessing expensive.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


@dataclass(frozen=True)
class DataKey:
    """A 256-bit AES key with a short random id that is stored next to everything it seals."""

    key_id: bytes
    secret: bytes = field(repr=False)

    @classmethod
    def generate(cls) -> DataKey:
        return cls(os.urandom(KEY_ID_BYTES), AESGCM.generate_key(bit_length=256))

    @property
    def hex_id(self) -> str:
        return self.key_id.hex()


@dataclass(frozen=True)
class KeyChain:
    """The key that seals new values, plus every older key that may still open existing ones."""

    current: DataKey
    older: tuple[DataKey, ...] = ()

    @property
    def by_id(self) -> Mapping[bytes, DataKey]:
        return {k.key_id: k for k in (self.current, *self.older)}

    def all_keys(self) -> Iterable[DataKey]:
        return (self.current, *self.older)


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(key: DataKey, text: str) -> str:
    """Encrypt text with a fresh random nonce."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key.secret).encrypt(nonce, text.encode("utf-8"), _VALUE_AAD + key.key_id)
    return PREFIX + base64.urlsafe_b64encode(key.key_id + nonce + sealed).decode("ascii")


def sealed_key_id(value: str) -> bytes:
    """The id of the key that sealed a value (without decrypting it)."""
    return _decode(value)[:KEY_ID_BYTES]


def open_sealed(keys: KeyChain, value: str) -> str:
    """Decrypt a sealed value with whichever key in the chain sealed it."""
    raw = _decode(value)
    key_id, nonce, sealed = raw[:KEY_ID_BYTES], raw[KEY_ID_BYTES:KEY_ID_BYTES + NONCE_BYTES], raw[KEY_ID_BYTES + NONCE_BYTES:]
    key = keys.by_id.get(key_id)
    if key is None:
        raise StorageError(
            f"This text was encrypted with a data key that is not available here (key {key_id.hex()}); "
            "without that key it cannot be read."
        )
    try:
        return AESGCM(key.secret).decrypt(nonce, sealed, _VALUE_AAD + key_id).decode("utf-8")
    except InvalidTag as exc:
        raise StorageError("An encrypted value in the database is damaged or was altered, so it cannot be read.") from exc


def _decode(value: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(value[len(PREFIX):].encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise StorageError("An encrypted value in the database is damaged, so it cannot be read.") from exc
    if len(raw) < KEY_ID_BYTES + NONCE_BYTES + 16:
        raise StorageError("An encrypted value in the database is damaged, so it cannot be read.")
    return raw


# -- wrapping keys ----------------------------------------------------------------------------------
def wrap(wrapping_key: bytes, secret: bytes, context: str) -> str:
    """Seal a key (or any small secret) under another key; `context` must match when unwrapping."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(wrapping_key).encrypt(nonce, secret, context.encode("utf-8"))
    return base64.b64encode(nonce + sealed).decode("ascii")


def unwrap(wrapping_key: bytes, wrapped: str, context: str) -> bytes | None:
    """The secret, or None when the wrapping key (or the context) is wrong."""
    try:
        raw = base64.b64decode(wrapped.encode("ascii"), validate=True)
        return AESGCM(wrapping_key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode("utf-8"))
    except (InvalidTag, ValueError):
        return None


def fingerprint(secret: bytes, purpose: str = "master") -> str:
    """A short public id for a key (which master wrapped this?); reveals nothing usable about it."""
    return hashlib.sha256(f"steadyheart-{purpose}:".encode() + secret).hexdigest()[:16]


def passphrase_key(passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    if not passphrase:
        raise StorageError("The passphrase is empty.")
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
