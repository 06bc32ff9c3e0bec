"""Encrypted text columns: `EncryptedText`, and which person's data key is in force while it is read or written.

A column typed `EncryptedText` stores "shenc1:…" (see crypto.py) in an ordinary TEXT column, so adopting it
needs no schema change; values written before adoption (plain text) still read back as they are.

Which key? Every query is scoped to one person, so the key is bound around the work, in this order:
1. `bind_person_key(session, user_id)` (or `bind_session_keys(session, chain)`): for one ORM session;
   robust when a generator's steps run in different threads or contexts (streamed web replies).
2. `data_key_scope(chain)` / `person_scope(user_id)`: a context manager around any code (web middleware).
3. Otherwise the engine's key provider decides: a terminal home has one key for everything in it; a server
   (master key configured) refuses, because it cannot guess whose data this is.
Session events put the chosen key in force for each query and flush, so ORM code needs nothing more.
Reading an encrypted value with no key raises StorageError. Imports crypto, errors and SQLAlchemy; the
key providers (keys.py) are imported lazily.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from sqlalchemy import JSON, Text, event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.types import TypeDecorator

from steadyheart.errors import StorageError
from steadyheart.privacy.crypto import DataKey, KeyChain, is_sealed, open_sealed, seal

_SESSION_CHAIN = "steadyheart_key_chain"
_SESSION_PERSON = "steadyheart_key_person"
_SESSION_RESOLVERS = "steadyheart_key_resolvers"
_SESSION_TOKENS = "steadyheart_key_tokens"


class _Resolver:
    """Finds a key chain the first time an encrypted value needs it, then remembers it."""

    def __init__(self, find: Callable[[], KeyChain]) -> None:
        self._find = find
        self._chain: KeyChain | None = None

    def __call__(self) -> KeyChain:
        if self._chain is None:
            self._chain = self._find()
        return self._chain


_active: ContextVar[_Resolver | None] = ContextVar("steadyheart_data_key", default=None)
_person: ContextVar[int | None] = ContextVar("steadyheart_person", default=None)


def _as_chain(keys: KeyChain | DataKey) -> KeyChain:
    return keys if isinstance(keys, KeyChain) else KeyChain(keys)


@contextmanager
def data_key_scope(keys: KeyChain | DataKey) -> Iterator[None]:
    """Seal and open encrypted values with these keys inside the block (this thread/task only)."""
    chain = _as_chain(keys)
    token = _active.set(_Resolver(lambda: chain))
    try:
        yield
    finally:
        _reset(_active, token)


@contextmanager
def person_scope(user_id: int) -> Iterator[None]:
    """Inside the block, ORM sessions use this person's data key (looked up when first needed)."""
    token = _person.set(user_id)
    try:
        yield
    finally:
        _reset(_person, token)


def bind_person_key(session: Session, user_id: int) -> None:
    """Use this person's data key for everything this session reads and writes.

    Call it before the session writes anything: the key is looked up (on a server, created on first use
    in its own short transaction) now, so that SQLite's single writer is never waited on by itself.
    """
    from steadyheart.privacy.keys import provider_for

    bind_session_keys(session, provider_for(_engine_of(session)).chain_for(user_id))
    session.info[_SESSION_PERSON] = user_id


def bind_session_keys(session: Session, keys: KeyChain | DataKey) -> None:
    """Use exactly these keys for everything this session reads and writes."""
    session.info[_SESSION_CHAIN] = _as_chain(keys)
    session.info.pop(_SESSION_PERSON, None)
    session.info.pop(_SESSION_RESOLVERS, None)


def current_keys() -> KeyChain:
    """The key chain in force here, or StorageError saying how to bind one."""
    resolver = _active.get()
    if resolver is None:
        raise StorageError(
            "This text is encrypted and no data key is in force; open it through the Companion, or bind the "
            "person's key with bind_person_key(session, user_id) or data_key_scope(keys)."
        )
    return resolver()


class EncryptedText(TypeDecorator[str]):
    """Text sealed with AES-GCM under the owner's data key; the column itself stays TEXT."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return seal(current_keys().current, value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        if value is None or not is_sealed(value):
            return value  # plain text written before this column was encrypted
        return open_sealed(current_keys(), value)


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON document sealed whole (it is stored as one JSON string "shenc1:…"); the column stays JSON.

    For JSON that may quote what a person wrote: evidence spans, an echo of their words, flow answers.
    """

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return seal(current_keys().current, json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, str) and is_sealed(value):
            return json.loads(open_sealed(current_keys(), value))
        return value  # plain JSON written before this column was encrypted


# -- session events: put the right key in force for each query and each flush ------------------------
def _engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


def _session_resolver(session: Session) -> _Resolver | None:
    """The resolver this session's work should use, or None to leave an outer data_key_scope in force."""
    chain: KeyChain | None = session.info.get(_SESSION_CHAIN)
    if chain is not None:
        return _Resolver(lambda: chain)
    person: int | None = session.info.get(_SESSION_PERSON)
    if person is None:
        if _active.get() is not None:
            return None
        person = _person.get()
    resolvers: dict[int | None, _Resolver] = session.info.setdefault(_SESSION_RESOLVERS, {})
    if person not in resolvers:
        from steadyheart.privacy.keys import provider_for

        engine = _engine_of(session)
        who = person
        resolvers[person] = _Resolver(
            lambda: provider_for(engine).default_chain() if who is None else provider_for(engine).chain_for(who)
        )
    return resolvers[person]


@event.listens_for(Session, "do_orm_execute")
def _execute_with_key(state: ORMExecuteState) -> Any:
    resolver = _session_resolver(state.session)
    if resolver is None:
        return None
    token = _active.set(resolver)
    try:
        result = state.invoke_statement()
        # rows are decrypted as they are fetched, so fetch them while the key is in force
        return result.freeze()() if state.is_select and not state.execution_options.get("yield_per") else result
    finally:
        _reset(_active, token)


@event.listens_for(Session, "before_flush")
def _flush_with_key(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    if not any(_has_encrypted_columns(type(obj)) for obj in (*session.new, *session.dirty)):
        return
    resolver = _session_resolver(session)
    if resolver is None:
        current_keys()  # raises StorageError now, before SQLAlchemy wraps it mid-statement
        return
    resolver()  # same: a missing or locked key is one clear error, raised before anything is written
    session.info.setdefault(_SESSION_TOKENS, []).append(_active.set(resolver))


@event.listens_for(Session, "after_flush_postexec")
def _flush_done(session: Session, _flush: UOWTransaction) -> None:
    _release(session)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, _previous: object) -> None:
    _release(session)


def _release(session: Session) -> None:
    tokens: list[Token[_Resolver | None]] = session.info.get(_SESSION_TOKENS, [])
    while tokens:
        _reset(_active, tokens.pop())


_encrypted_classes: dict[type, bool] = {}


def _has_encrypted_columns(cls: type) -> bool:
    if cls not in _encrypted_classes:
        mapper: Any = inspect(cls, raiseerr=False)
        columns = getattr(mapper, "columns", [])
        _encrypted_classes[cls] = any(isinstance(c.type, EncryptedText | EncryptedJSON) for c in columns)
    return _encrypted_classes[cls]


def _reset(var: ContextVar[Any], token: Token[Any]) -> None:
    try:
        var.reset(token)
    except ValueError:  # the token was made in another context (a generator resumed elsewhere)
        var.set(None)
