"""Which data key belongs to whom: one key per terminal home, or per-person keys wrapped by a master key.

- Terminal (no master key configured): `HomeKeys`: one key for the home, kept by keystore.KeyStore in
  the OS keyring or in a 0600 file beside the SQLite database (for PostgreSQL: in the Steadyheart home).
- Server (STEADYHEART_MASTER_KEY or STEADYHEART_MASTER_KEY_FILE set): `MasterKeys`: each person gets a
  random data key on first use, stored in `data_keys` wrapped by the master key (AES-GCM, bound to the
  person's id), unwrapped in memory only.
`provider_for(engine)` picks one per engine; `use_provider(engine, provider)` overrides it (tests, servers
with their own secret store). Imports crypto, keystore, config, errors and the store's keys table.
"""

from __future__ import annotations

import os
import threading
import weakref
from pathlib import Path
from typing import Protocol

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError

from steadyheart import config
from steadyheart.errors import StorageError
from steadyheart.privacy import crypto
from steadyheart.privacy.crypto import DataKey, KeyChain
from steadyheart.privacy.keystore import KeyStore
from steadyheart.store.base import utcnow
from steadyheart.store.models.keys import DataKeyRecord

MASTER_KEY_ENV = "STEADYHEART_MASTER_KEY"
MASTER_KEY_FILE_ENV = "STEADYHEART_MASTER_KEY_FILE"


class KeyProvider(Protocol):
    def default_chain(self) -> KeyChain:
        """The keys to use when no person is named (a terminal home), or StorageError."""
        ...

    def chain_for(self, user_id: int) -> KeyChain:
        """The keys of one person."""
        ...


class HomeKeys:
    """A terminal home: one person, one key chain, created on first use."""

    def __init__(self, store: KeyStore) -> None:
        self.store = store
        self._chain: KeyChain | None = None
        self._lock = threading.Lock()

    def default_chain(self) -> KeyChain:
        with self._lock:
            if self._chain is None:
                self._chain = self.store.load_or_create()
            return self._chain

    def chain_for(self, user_id: int) -> KeyChain:
        return self.default_chain()

    def forget(self) -> None:
        """Drop the cached keys (after a rotation or a lock change)."""
        with self._lock:
            self._chain = None


def unlock_if_needed(engine: Engine) -> None:
    """Ask for a locked home's passphrase now (at start-up) rather than at the first message."""
    provider = provider_for(engine)
    if isinstance(provider, HomeKeys) and provider.store.is_locked():
        provider.default_chain()


def wrap_context(user_id: int, key_id: str) -> str:
    return f"steadyheart-data-key:{user_id}:{key_id}"


class MasterKeys:
    """A server: per-person data keys in the `data_keys` table, wrapped by the master key."""

    def __init__(self, engine: Engine, master: bytes) -> None:
        self.engine = engine
        self.master = master
        self.master_id = crypto.fingerprint(master)
        self._chains: dict[int, KeyChain] = {}
        self._lock = threading.Lock()

    def default_chain(self) -> KeyChain:
        raise StorageError(
            "On a server every person has their own data key, and none was named for this work; "
            "bind one with person_scope(user_id) or bind_person_key(session, user_id)."
        )

    def chain_for(self, user_id: int) -> KeyChain:
        with self._lock:
            chain = self._chains.get(user_id)
        if chain is None:
            chain = self._load(user_id) or self._create(user_id)
            with self._lock:
                self._chains[user_id] = chain
        return chain

    def forget(self) -> None:
        with self._lock:
            self._chains.clear()

    def _load(self, user_id: int) -> KeyChain | None:
        # Core, not the ORM: this runs inside an ORM session's key lookup and must not re-enter it
        with self.engine.connect() as connection:
            row = connection.execute(select(DataKeyRecord.key_id, DataKeyRecord.wrapped, DataKeyRecord.master_id)
                                     .where(DataKeyRecord.user_id == user_id)).first()
        if row is None:
            return None
        return KeyChain(self.unwrap(user_id, row.key_id, row.wrapped, row.master_id))

    def unwrap(self, user_id: int, key_id: str, wrapped: str, master_id: str) -> DataKey:
        if master_id != self.master_id:
            raise StorageError(
                f"Person {user_id}'s data key was wrapped by another master key (id {master_id}; the one "
                f"configured is {self.master_id}); configure that master key to read their data."
            )
        secret = crypto.unwrap(self.master, wrapped, wrap_context(user_id, key_id))
        if secret is None:
            raise StorageError(f"Person {user_id}'s data key is damaged or was altered, so their data cannot be read.")
        return DataKey(bytes.fromhex(key_id), secret)

    def _create(self, user_id: int) -> KeyChain:
        key = DataKey.generate()
        wrapped = crypto.wrap(self.master, key.secret, wrap_context(user_id, key.hex_id))
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(DataKeyRecord).values(
                    user_id=user_id, key_id=key.hex_id, wrapped=wrapped, master_id=self.master_id,
                    created_at=utcnow()))
        except IntegrityError:
            # another worker created it first (or the person does not exist): use what is there
            existing = self._load(user_id)
            if existing is None:
                raise StorageError(f"There is no person with id {user_id} to hold a data key.") from None
            return existing
        return KeyChain(key)


def master_key_from_env() -> bytes | None:
    """The master key from STEADYHEART_MASTER_KEY (base64) or the file STEADYHEART_MASTER_KEY_FILE names."""
    text = os.environ.get(MASTER_KEY_ENV)
    source = MASTER_KEY_ENV
    path = os.environ.get(MASTER_KEY_FILE_ENV)
    if not text and path:
        source = path
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise StorageError(f"Steadyheart cannot read the master key file {path} ({exc.strerror}).") from exc
    if not text:
        return None
    return parse_master_key(text, source)


def parse_master_key(text: str, source: str) -> bytes:
    try:
        key = crypto.unb64(text.strip())
    except ValueError:
        key = b""
    if len(key) != crypto.KEY_BYTES:
        raise StorageError(f"The master key in {source} must be 32 random bytes in base64 (44 characters).")
    return key


def new_master_key_text() -> str:
    return crypto.b64(os.urandom(crypto.KEY_BYTES))


def key_directory(url: str) -> Path:
    """Where a terminal key lives: beside the SQLite file, or in the Steadyheart home for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:" \
            and not parsed.database.startswith("file:"):
        return Path(parsed.database).expanduser().resolve().parent
    return config.resolve_home()


_providers: weakref.WeakKeyDictionary[Engine, KeyProvider] = weakref.WeakKeyDictionary()
_providers_lock = threading.Lock()


def provider_for(engine: Engine) -> KeyProvider:
    with _providers_lock:
        provider = _providers.get(engine)
        if provider is None:
            master = master_key_from_env()
            provider = (MasterKeys(engine, master) if master is not None
                        else HomeKeys(KeyStore(key_directory(engine.url.render_as_string(hide_password=False)))))
            _providers[engine] = provider
        return provider


def use_provider(engine: Engine, provider: KeyProvider) -> None:
    with _providers_lock:
        _providers[engine] = provider
