"""Key rotation: re-seal every encrypted value under new keys, or re-wrap server data keys under a new master.

Every `EncryptedText` column of every table is found through the metadata, so a table added later is
rotated too. Values carry their key id, so rotation needs no knowledge of who owns which row. Each
rotation runs in one transaction: it finishes, or nothing changes. Imports crypto, keys, keystore, the
encryption type and the store.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import JSON, Text, and_, select, type_coerce, update
from sqlalchemy.engine import Connection, Engine

from steadyheart.errors import StorageError
from steadyheart.privacy import crypto
from steadyheart.privacy.crypto import DataKey, KeyChain
from steadyheart.privacy.encryption import EncryptedJSON, EncryptedText
from steadyheart.privacy.keys import HomeKeys, MasterKeys, provider_for, wrap_context
from steadyheart.privacy.keystore import KeyStore
from steadyheart.store.models import Base
from steadyheart.store.models.keys import DataKeyRecord


@dataclass(frozen=True)
class RotationReport:
    resealed: int  # values moved to a new key
    sealed_plain: int  # values that were still plain text and are now encrypted
    skipped_plain: int  # plain values left as they are (a server cannot tell whose they are)
    keys: int  # data keys replaced or re-wrapped


def reseal_all(connection: Connection, old: KeyChain, new_for: Callable[[bytes], DataKey | None],
               plain_key: DataKey | None) -> tuple[int, int, int]:
    """Re-seal values whose key `new_for` maps to a new key; seal plain text under `plain_key` if given."""
    resealed = sealed_plain = skipped_plain = 0
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, EncryptedText | EncryptedJSON)]
        primary = list(table.primary_key.columns)
        if not columns or not primary:
            continue
        # read and write the stored form: TEXT as it is, JSON as the document (a sealed string or plain JSON)
        stored = {c.name: JSON() if isinstance(c.type, EncryptedJSON) else Text() for c in columns}
        raw = [type_coerce(c, stored[c.name]).label(c.name) for c in columns]
        for row in connection.execute(select(*primary, *raw)).all():
            changes: dict[str, str] = {}
            for column in columns:
                value = row._mapping[column.name]
                if value is None:
                    continue
                if isinstance(value, str) and crypto.is_sealed(value):
                    target = new_for(crypto.sealed_key_id(value))
                    if target is not None:
                        changes[column.name] = crypto.seal(target, crypto.open_sealed(old, value))
                        resealed += 1
                elif plain_key is not None:
                    plain = json.dumps(value, ensure_ascii=False) if isinstance(column.type, EncryptedJSON) else value
                    changes[column.name] = crypto.seal(plain_key, plain)
                    sealed_plain += 1
                else:
                    skipped_plain += 1
            if changes:
                where = and_(*(c == row._mapping[c.name] for c in primary))
                connection.execute(update(table).where(where).values(
                    {name: type_coerce(value, stored[name]) for name, value in changes.items()}))
    return resealed, sealed_plain, skipped_plain


def rotate_home_key(engine: Engine, store: KeyStore, passphrase: str | None = None) -> RotationReport:
    """A terminal home: a fresh data key; every value re-sealed under it; the old key then discarded.

    The new key is saved beside the old one first, so a crash at any point leaves every value readable.
    """
    locked = store.is_locked()
    if locked and passphrase is None:
        raise StorageError("This home is locked; give its passphrase to rotate the key.")
    old = store.load(passphrase)
    if old is None:
        raise StorageError("This home has no data key yet, so there is nothing to rotate.")
    new = DataKey.generate()
    store.save(KeyChain(new, tuple(old.all_keys())), passphrase if locked else None)
    with engine.begin() as connection:
        resealed, sealed_plain, _ = reseal_all(connection, old, lambda _key_id: new, new)
    store.save(KeyChain(new), passphrase if locked else None)
    provider = provider_for(engine)
    if isinstance(provider, HomeKeys):
        provider.forget()
    return RotationReport(resealed, sealed_plain, 0, 1)


def rotate_server_keys(engine: Engine, master: bytes, new_master: bytes | None, *,
                       new_data_keys: bool) -> RotationReport:
    """A server: re-wrap every person's data key under `new_master`, and with `new_data_keys` also give
    each person a fresh data key and re-seal their values under it. One transaction."""
    current = MasterKeys(engine, master)
    target_master = new_master or master
    target_id = crypto.fingerprint(target_master)
    with engine.begin() as connection:
        records = connection.execute(select(DataKeyRecord)).all()
        old_keys = {r.user_id: current.unwrap(r.user_id, r.key_id, r.wrapped, r.master_id) for r in records}
        replacement = {uid: DataKey.generate() if new_data_keys else key for uid, key in old_keys.items()}
        resealed = skipped = 0
        if new_data_keys and old_keys:
            by_old_id = {old_keys[uid].key_id: replacement[uid] for uid in old_keys}
            old_chain = KeyChain(next(iter(old_keys.values())), tuple(old_keys.values()))
            resealed, _, skipped = reseal_all(connection, old_chain, by_old_id.get, None)
        for uid, key in replacement.items():
            connection.execute(update(DataKeyRecord).where(DataKeyRecord.user_id == uid).values(
                key_id=key.hex_id, master_id=target_id,
                wrapped=crypto.wrap(target_master, key.secret, wrap_context(uid, key.hex_id))))
    provider = provider_for(engine)
    if isinstance(provider, MasterKeys):
        provider.forget()
    return RotationReport(resealed, 0, skipped, len(replacement))
