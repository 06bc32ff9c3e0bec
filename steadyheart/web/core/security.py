"""Passwords (argon2id), random tokens stored as SHA-256, and CSRF tokens bound to a browser.

Comparisons are constant-time; an unknown email still costs one argon2 verification so response
times do not tell which emails have accounts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

TOKEN_BYTES = 32


class Passwords:
    """argon2id hashing, at most `max_parallel` at a time per worker.

    Each hash takes `memory_kib` of memory; without a bound, a burst of sign-ins on a 40-thread pool
    would need gigabytes and starve every chat turn. Extra sign-ins wait their turn instead.
    """

    def __init__(self, time_cost: int, memory_kib: int, max_parallel: int = 2) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        self._slots = threading.BoundedSemaphore(max_parallel)
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        with self._slots:
            return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True when the password matches; with no hash, burn the same time and say no."""
        try:
            with self._slots:
                matches = self._hasher.verify(password_hash or self._dummy, password)
            return matches and password_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def csrf_token(secret: str, binding: str) -> str:
    """The form token for one browser: an HMAC of its session (or anonymous) cookie."""
    return hmac.new(secret.encode(), b"csrf:" + binding.encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret: str, binding: str | None, submitted: str | None) -> bool:
    if not binding or not submitted:
        return False
    return hmac.compare_digest(csrf_token(secret, binding), submitted)


def hashed_identifier(secret: str, value: str) -> str:
    """A keyed hash so rate-limit keys never hold an email address in clear."""
    return hmac.new(secret.encode(), value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:32]
