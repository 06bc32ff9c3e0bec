"""Encryption at rest: message text never reaches the database file or a PostgreSQL dump in the clear."""

from __future__ import annotations

import base64
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from steadyheart.errors import StorageError
from steadyheart.privacy import crypto
from steadyheart.privacy.crypto import DataKey, KeyChain
from steadyheart.privacy.encryption import (
    EncryptedText,
    bind_person_key,
    data_key_scope,
    person_scope,
)
from steadyheart.store import conversations as repo
from steadyheart.store.db import Database
from steadyheart.store.models.conversations import Turn

SECRETS = [
    "Jordan-Quill hasn't answered since 11pm and I checked his location four times",
    "I read Mireille's messages while she slept and I feel sick about it",
    "my boyfriend Tavish said he needs space and I cannot breathe",
]


def _say_all(companion: object, texts: list[str], user_id: int | None = None) -> int:
    conversation = None
    for text in texts:
        reply = companion.reply(text, conversation, user_id=user_id)  # type: ignore[attr-defined]
        conversation = reply.conversation_id
    assert conversation is not None
    return conversation


def _raw_bytes(directory: Path) -> bytes:
    return b"".join(p.read_bytes() for p in directory.iterdir() if p.name.startswith("steadyheart.db"))


NAMES = [b"Jordan-Quill", b"Mireille", b"Tavish"]


def _fragments(text: str) -> list[bytes]:
    """The whole message, every run of three words, and the names in it (single common words may
    legitimately appear in the schema, e.g. "answered")."""
    words = text.split()
    return [text.encode(), *(" ".join(words[i:i + 3]).encode() for i in range(len(words) - 2)),
            *(n for n in NAMES if n in text.encode())]


def test_seal_round_trip_and_tamper_detection() -> None:
    key = DataKey.generate()
    sealed = crypto.seal(key, "je t'aime, 💔")
    assert sealed.startswith("shenc1:") and "aime" not in sealed
    assert crypto.open_sealed(KeyChain(key), sealed) == "je t'aime, 💔"
    assert crypto.seal(key, "same") != crypto.seal(key, "same")  # fresh nonce each time
    raw = bytearray(base64.urlsafe_b64decode(sealed[7:]))
    raw[-1] ^= 1
    with pytest.raises(StorageError, match="damaged or was altered"):
        crypto.open_sealed(KeyChain(key), "shenc1:" + base64.urlsafe_b64encode(bytes(raw)).decode())
    with pytest.raises(StorageError, match=key.hex_id):
        crypto.open_sealed(KeyChain(DataKey.generate()), sealed)


def test_sealed_columns_hold_no_message_text(home: Path) -> None:
    from steadyheart import Companion

    companion = Companion.open(home)
    conversation = _say_all(companion, SECRETS)
    assert [t.user_text for t in companion.turns(conversation)] == SECRETS
    companion.close()
    with sqlite3.connect(home / "steadyheart.db") as raw_db:
        stored = raw_db.execute("select user_text, reply_text from turns").fetchall()
    assert len(stored) == len(SECRETS) and all(v.startswith("shenc1:") for row in stored for v in row)
    for secret in SECRETS:
        for fragment in _fragments(secret):
            assert all(fragment.decode() not in v for row in stored for v in row)


def test_raw_sqlite_file_holds_no_message_text(home: Path) -> None:
    from steadyheart import Companion

    companion = Companion.open(home)
    conversation = _say_all(companion, SECRETS)
    assert [t.user_text for t in companion.turns(conversation)] == SECRETS
    companion.close()
    raw = _raw_bytes(home)
    assert len(raw) > 10_000
    for secret in SECRETS:
        for fragment in _fragments(secret):
            assert fragment not in raw, fragment
    key_file = home / "steadyheart.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(home / "steadyheart.db") as raw_db:
        stored = [v for row in raw_db.execute("select user_text, plan, analysis from turns") for v in row]
        stored += [r[0] for r in raw_db.execute("select state from conversations")]
    assert len(stored) == 3 * len(SECRETS) + 1 and all(v.lstrip('"').startswith("shenc1:") for v in stored)


def test_a_database_without_its_key_cannot_be_read(home: Path, tmp_path: Path) -> None:
    from steadyheart import Companion

    companion = Companion.open(home)
    conversation = _say_all(companion, SECRETS[:1])
    companion.close()
    stolen = tmp_path / "stolen"
    stolen.mkdir()
    shutil.copy(home / "steadyheart.db", stolen / "steadyheart.db")
    thief = Companion.open(stolen)  # a fresh key is made for the copy; it opens nothing
    with pytest.raises(StorageError, match="not available here"):
        thief.turns(conversation)
    thief.close()


def test_plain_text_written_before_encryption_still_reads(home: Path) -> None:
    database = Database(f"sqlite:///{home}/steadyheart.db")
    home.mkdir()
    database.migrate()
    with database.session() as session:
        user = repo.ensure_local_user(session)
        conversation = repo.new_conversation(session, user.id)
        uid, cid = user.id, conversation.id
    with database.engine.begin() as connection:  # as an older version would have stored it
        connection.execute(sa.text(
            'insert into turns (conversation_id, "index", created_at, user_text, reply_text, tier, triage, '
            "analysis, plan, responder) values (:c, 0, '2026-01-01 00:00:00', 'older plain words', "
            "'older plain reply', 'none', '{}', '{}', '{}', 'embedded')"), {"c": cid})
    with database.session() as session:
        assert repo.list_turns(session, cid, uid)[0].user_text == "older plain words"


def test_reading_encrypted_text_with_no_key_in_force_is_a_clear_error(home: Path) -> None:
    from steadyheart import Companion

    companion = Companion.open(home)
    _say_all(companion, SECRETS[:1])
    with companion.database.engine.connect() as connection:  # Core: no session, so no key is bound
        with pytest.raises(StorageError, match="no data key is in force"):
            connection.execute(sa.select(Turn.user_text)).all()
        chain = _home_chain(home)
        with data_key_scope(chain):
            assert connection.execute(sa.select(Turn.user_text)).scalar_one() == SECRETS[0]
    companion.close()


def _home_chain(home: Path) -> KeyChain:
    from steadyheart.privacy.keystore import KeyStore

    chain = KeyStore(home).load()
    assert chain is not None
    return chain


@pytest.fixture
def master_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    key = os.urandom(32)
    monkeypatch.setenv("STEADYHEART_MASTER_KEY", base64.b64encode(key).decode())
    return key


def test_server_gives_each_person_their_own_wrapped_key(home: Path, master_key: bytes) -> None:
    from steadyheart import Companion

    companion = Companion.open(home)
    alice, bea = companion.create_user("alice@example.org"), companion.create_user("bea@example.org")
    a_conv = _say_all(companion, SECRETS[:2], alice)
    b_conv = _say_all(companion, SECRETS[2:], bea)
    assert [t.user_text for t in companion.turns(a_conv, alice)] == SECRETS[:2]
    assert not (home / "steadyheart.key").exists()  # servers keep no key file
    with companion.database.engine.connect() as connection:
        records = connection.execute(sa.text("select user_id, key_id, wrapped from data_keys order by user_id")).all()
        raw_a = connection.execute(sa.select(sa.type_coerce(Turn.user_text, sa.Text))
                                   .where(Turn.conversation_id == a_conv)).scalars().all()
    assert [r.user_id for r in records] == [alice, bea]
    assert records[0].key_id != records[1].key_id
    assert master_key not in _raw_bytes(home)
    # bea's key cannot open alice's words
    from steadyheart.privacy.keys import provider_for

    bea_keys = provider_for(companion.database.engine).chain_for(bea)
    with pytest.raises(StorageError, match="not available here"):
        crypto.open_sealed(bea_keys, raw_a[0])
    # work that names nobody cannot guess whose key to use
    with pytest.raises(StorageError, match="every person has their own data key"), \
            companion.database.session() as session:
        session.scalars(sa.select(Turn)).all()[0].user_text  # noqa: B018
    with person_scope(bea), companion.database.session() as session:
        assert session.scalars(sa.select(Turn.user_text).where(Turn.conversation_id == b_conv)).all() == SECRETS[2:]
    companion.close()


def test_server_with_the_wrong_master_key_names_the_problem(home: Path, master_key: bytes,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from steadyheart import Companion

    companion = Companion.open(home)
    person = companion.create_user("c@example.org")
    conversation = _say_all(companion, SECRETS[:1], person)
    companion.close()
    monkeypatch.setenv("STEADYHEART_MASTER_KEY", base64.b64encode(os.urandom(32)).decode())
    reopened = Companion.open(home)
    with pytest.raises(StorageError, match="another master key"):
        reopened.turns(conversation, person)
    monkeypatch.setenv("STEADYHEART_MASTER_KEY", "too-short")
    with pytest.raises(StorageError, match="32 random bytes"):
        Companion.open(home).turns(conversation, person)


def test_flush_without_a_key_is_refused_before_anything_is_written(home: Path, master_key: bytes) -> None:
    from steadyheart import Companion

    companion = Companion.open(home)
    person = companion.create_user("d@example.org")
    with companion.database.session() as session:
        bind_person_key(session, person)
        cid = repo.new_conversation(session, person).id
    with pytest.raises(StorageError, match="every person has their own data key"), \
            companion.database.session() as session:
        session.add(Turn(conversation_id=cid, index=0, user_text="unbound words", reply_text="r", tier="none",
                         triage={}, analysis={}, plan={}, responder="embedded"))
    with companion.database.session() as session:
        bind_person_key(session, person)
        assert session.scalars(sa.select(Turn)).all() == []


def test_keyring_is_used_when_one_is_available(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1.0  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.items: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.items.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.items[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.items.pop((service, username), None)

    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        from steadyheart import Companion

        companion = Companion.open(home)
        conversation = _say_all(companion, SECRETS[:1])
        companion.close()
        assert not (home / "steadyheart.key").exists()
        assert list(backend.items) == [("steadyheart", str(home.resolve()))]
        assert Companion.open(home).turns(conversation)[0].user_text == SECRETS[0]
    finally:
        keyring.set_keyring(previous)


def test_encrypted_text_keeps_the_column_a_plain_text_column() -> None:
    assert isinstance(EncryptedText().impl_instance, sa.Text)
    assert isinstance(Turn.__table__.c.user_text.type, EncryptedText)


@pytest.mark.postgres
def test_postgresql_dump_holds_no_message_text(pg_url: str, home: Path) -> None:
    from steadyheart import Companion

    pg_dump = shutil.which("pg_dump") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), None)
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    companion = Companion.open(home, database_url=pg_url)
    conversation = _say_all(companion, SECRETS)
    assert [t.user_text for t in companion.turns(conversation)] == SECRETS
    companion.close()
    plain_url = sa.engine.make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    dump = subprocess.run([str(pg_dump), "--data-only", plain_url], capture_output=True, check=True, timeout=120).stdout
    assert b"COPY public.turns" in dump
    for secret in SECRETS:
        for fragment in _fragments(secret):
            assert fragment not in dump, fragment
    assert dump.count(b"shenc1:") >= 2 * len(SECRETS)


def test_memory_is_sealed_at_rest(home: Path) -> None:
    from steadyheart import Companion
    from steadyheart.dialogue.memory import list_memory, remember

    companion = Companion.open(home)
    uid = companion.local_user_id()
    with companion.database.session() as session:
        bind_person_key(session, uid)
        remember(session, uid, "partner_name", "Quillon Ashgrove")
        remember(session, uid, "what_helps", "walking the long loop by the Saltmarsh canal")
    with companion.database.session() as session:
        bind_person_key(session, uid)
        assert list_memory(session, uid)["partner_name"] == "Quillon Ashgrove"
    companion.close()
    raw = _raw_bytes(home)
    assert b"Quillon" not in raw and b"Saltmarsh" not in raw
