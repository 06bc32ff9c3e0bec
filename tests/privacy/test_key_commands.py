"""`steadyheart lock`, `unlock`, `rotate-key` and `backup`, run as a person would run them."""

from __future__ import annotations

import base64
import json
import os
import re
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from steadyheart.cli.main import cli
from steadyheart.errors import InputError, StorageError
from steadyheart.privacy.keystore import KeyStore
from steadyheart.store.models.conversations import Turn

WORDS = ["Noor went quiet after our fight and I keep refreshing the chat", "I want to ask again if we are okay"]


def _chat(home: Path, texts: list[str], user_id: int | None = None) -> int:
    from steadyheart import Companion

    companion = Companion.open(home)
    conversation = None
    for text in texts:
        conversation = companion.reply(text, conversation, user_id=user_id).conversation_id
    companion.close()
    assert conversation is not None
    return conversation


def _read(home: Path, conversation: int, user_id: int | None = None) -> list[str]:
    from steadyheart import Companion

    companion = Companion.open(home)
    try:
        return [t.user_text for t in companion.turns(conversation, user_id)]
    finally:
        companion.close()


def _run(args: list[str], input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _forget_passphrases() -> None:
    from steadyheart.privacy import keystore

    keystore._remembered.clear()


def test_lock_warns_plainly_and_then_the_passphrase_is_needed(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conversation = _chat(home, WORDS)
    code, output = _run(["lock", "--home", str(home)], input="correct horse battery\ncorrect horse battery\n")
    assert code == 0, output
    assert "nobody can open them again" in output and "no reset" in output.lower()
    stored = json.loads((home / "steadyheart.key").read_text())
    assert "locked" in stored and "keys" not in stored and stored["locked"]["kdf"] == "scrypt"
    _forget_passphrases()
    with pytest.raises(StorageError, match="locked with a passphrase"):
        _read(home, conversation)
    monkeypatch.setenv("STEADYHEART_PASSPHRASE", "wrong guess")
    with pytest.raises(StorageError, match="does not open"):
        _read(home, conversation)
    monkeypatch.setenv("STEADYHEART_PASSPHRASE", "correct horse battery")
    assert _read(home, conversation) == WORDS
    code, output = _run(["unlock", "--home", str(home)], input="correct horse battery\n")
    assert code == 0 and "Unlocked" in output
    monkeypatch.delenv("STEADYHEART_PASSPHRASE")
    _forget_passphrases()
    assert _read(home, conversation) == WORDS


def test_lock_refuses_a_short_passphrase_and_changes_nothing(home: Path) -> None:
    _chat(home, WORDS[:1])
    before = (home / "steadyheart.key").read_text()
    result = CliRunner().invoke(cli, ["lock", "--home", str(home)], input="short\nshort\n")
    assert isinstance(result.exception, InputError)
    assert (home / "steadyheart.key").read_text() == before


def test_rotate_key_reseals_everything_and_drops_the_old_key(home: Path) -> None:
    conversation = _chat(home, WORDS)
    old = KeyStore(home).load()
    assert old is not None
    code, output = _run(["rotate-key", "--home", str(home)])
    assert code == 0, output
    resealed = int(re.search(r"(\d+) values re-sealed", output).group(1))  # type: ignore[union-attr]
    assert resealed >= 4  # at least two messages and two replies (more when JSON columns are sealed too)
    new = KeyStore(home).load()
    assert new is not None and new.current.key_id != old.current.key_id and new.older == ()
    assert _read(home, conversation) == WORDS
    with sqlite3.connect(home / "steadyheart.db") as raw:
        ids = {base64.urlsafe_b64decode(v[7:])[:8] for (v,) in raw.execute("select user_text from turns")}
    assert ids == {new.current.key_id}


def test_rotate_key_on_a_locked_home_keeps_it_locked(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conversation = _chat(home, WORDS[:1])
    _run(["lock", "--home", str(home)], input="a long passphrase\na long passphrase\n")
    _forget_passphrases()
    code, output = _run(["rotate-key", "--home", str(home)], input="a long passphrase\n")
    assert code == 0, output
    assert KeyStore(home).is_locked()
    monkeypatch.setenv("STEADYHEART_PASSPHRASE", "a long passphrase")
    _forget_passphrases()
    assert _read(home, conversation) == WORDS[:1]


def test_server_rotation_rewraps_under_a_new_master_and_renews_data_keys(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from steadyheart import Companion

    monkeypatch.setenv("STEADYHEART_MASTER_KEY", base64.b64encode(os.urandom(32)).decode())
    companion = Companion.open(home)
    people = [companion.create_user(f"p{i}@example.org") for i in range(3)]
    companion.close()
    conversations = {p: _chat(home, [f"{w} ({p})" for w in WORDS], p) for p in people}
    with sqlite3.connect(home / "steadyheart.db") as raw:
        before = dict(raw.execute("select user_id, key_id from data_keys"))
    new_master = tmp_path / "master.key"
    code, output = _run(["rotate-key", "--home", str(home), "--new-master-key-file", str(new_master), "--data-keys"])
    assert code == 0, output
    assert "3 data keys re-wrapped" in output
    assert int(re.search(r"(\d+) values re-sealed", output).group(1)) >= 12  # type: ignore[union-attr]
    assert new_master.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(home / "steadyheart.db") as raw:
        after = dict(raw.execute("select user_id, key_id from data_keys"))
    assert set(after) == set(before) and all(after[p] != before[p] for p in people)
    with pytest.raises(StorageError, match="another master key"):
        _read(home, conversations[people[0]], people[0])
    monkeypatch.delenv("STEADYHEART_MASTER_KEY")
    monkeypatch.setenv("STEADYHEART_MASTER_KEY_FILE", str(new_master))
    for person, conversation in conversations.items():
        assert _read(home, conversation, person) == [f"{w} ({person})" for w in WORDS]


def test_backup_while_the_app_keeps_writing(home: Path, tmp_path: Path) -> None:
    from steadyheart import Companion

    conversation = _chat(home, WORDS)
    writer = Companion.open(home)
    stop = threading.Event()
    written: list[int] = []

    def keep_writing() -> None:
        while not stop.is_set():
            written.append(writer.reply(f"message {len(written)} while the backup runs", conversation).turn_index)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while len(written) < 3:
            threading.Event().wait(0.05)
        code, output = _run(["backup", str(tmp_path / "copy.db"), "--home", str(home), "--with-key"])
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert code == 0, output
    assert "integrity check: ok" in output
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copied = copy.execute("select count(*) from turns").fetchone()[0]
    assert len(WORDS) + 3 <= copied <= len(WORDS) + len(written)
    restored = tmp_path / "restored"
    restored.mkdir()
    (tmp_path / "copy.db").rename(restored / "steadyheart.db")
    (tmp_path / "copy.db.key").rename(restored / "steadyheart.key")
    assert _read(restored, conversation)[:2] == WORDS
    assert not (tmp_path / "copy.db.partial").exists()


def test_backup_refuses_to_overwrite_and_points_postgres_to_pg_dump(home: Path, tmp_path: Path) -> None:
    from steadyheart.privacy.backup import backup_sqlite

    _chat(home, WORDS[:1])
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    result = CliRunner().invoke(cli, ["backup", str(target), "--home", str(home)])
    assert isinstance(result.exception, InputError) and target.read_text() == "keep me"
    with pytest.raises(InputError, match="pg_dump"):
        backup_sqlite("postgresql+psycopg://u@127.0.0.1/db", tmp_path / "x.db")


def test_key_file_permissions_are_tightened(home: Path) -> None:
    _chat(home, WORDS[:1])
    key = home / "steadyheart.key"
    key.chmod(0o644)
    KeyStore(home).load()
    assert key.stat().st_mode & 0o777 == 0o600


def test_keys_table_matches_its_migration(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from steadyheart.store.db import Database
    from steadyheart.store.models import Base

    database = Database(f"sqlite:///{tmp_path / 'm.db'}")
    database.migrate()
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diff if "data_keys" in str(d) or "turns" in str(d)] == []
    assert isinstance(Turn.__table__.c.reply_text.type, sa.types.TypeDecorator)


def test_processes_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = ("import sys; from steadyheart.privacy.keystore import KeyStore; "
              "print(KeyStore(__import__('pathlib').Path(sys.argv[1])).load_or_create().current.hex_id)")
    children = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True)
                for _ in range(6)]
    ids = {child.communicate(timeout=60)[0].strip() for child in children}
    stored = KeyStore(tmp_path).load()
    assert stored is not None and ids == {stored.current.hex_id}


def _locked_home(home: Path) -> None:
    _chat(home, WORDS[:1])
    code, output = _run(["lock", "--home", str(home)], input="a long passphrase\na long passphrase\n")
    assert code == 0, output


def _steadyheart() -> str:
    import shutil
    import sys

    found = shutil.which("steadyheart") or str(Path(sys.executable).with_name("steadyheart"))
    assert Path(found).exists(), "the steadyheart command is not installed"
    return found


def _env_without_passphrase() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "STEADYHEART_PASSPHRASE"}


def test_locked_home_asks_for_the_passphrase_in_a_real_terminal(home: Path) -> None:
    import subprocess

    import pexpect

    _locked_home(home)
    child = pexpect.spawn(_steadyheart(), ["chat", "--home", str(home)], env=_env_without_passphrase(),
                          encoding="utf-8", timeout=90)
    asked = 0
    sent = False
    while True:  # the passphrase is asked once: at start-up, or at the first message that needs the key
        seen = child.expect(["you> ", r"\(optional[^)]*\) ", "passphrase: "])
        if seen == 2:
            asked += 1
            child.sendline("a long passphrase")
        elif seen == 1:  # first-run name and country questions
            child.sendline("")
        elif not sent:
            child.sendline("I keep checking if she is online")
            sent = True
        else:
            break
    assert asked == 1
    child.sendeof()
    child.expect(pexpect.EOF)
    env = {**_env_without_passphrase(), "STEADYHEART_PASSPHRASE": "a long passphrase"}
    history = subprocess.run([_steadyheart(), "history", "--home", str(home)], capture_output=True, text=True,
                             env=env, timeout=90, check=True).stdout
    assert "2 turns" in history


def test_locked_home_without_a_terminal_is_one_sentence(home: Path) -> None:
    import subprocess

    _locked_home(home)
    result = subprocess.run([_steadyheart(), "chat", "--home", str(home)], input="hello\n", capture_output=True,
                            text=True, env=_env_without_passphrase(), timeout=90, check=False)
    assert "Traceback" not in result.stderr  # piped chat reports the sentence and goes on to the next line
    assert result.stderr.strip() == ("steadyheart: Your Steadyheart data is locked with a passphrase; "
                                     "set STEADYHEART_PASSPHRASE or run it in a terminal.")


def test_rotation_interrupted_before_commit_leaves_everything_readable(home: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from steadyheart.privacy import rotation

    conversation = _chat(home, WORDS)
    old = KeyStore(home).load()
    assert old is not None

    def crash(*_args: object, **_kwargs: object) -> tuple[int, int, int]:
        raise RuntimeError("the process died mid re-sealing")

    monkeypatch.setattr(rotation, "reseal_all", crash)
    with pytest.raises(RuntimeError, match="died"):
        _run(["rotate-key", "--home", str(home)])
    both = KeyStore(home).load()
    assert both is not None and old.current in both.older  # the old key is kept until the commit
    assert _read(home, conversation) == WORDS
    monkeypatch.undo()
    code, output = _run(["rotate-key", "--home", str(home)])
    assert code == 0, output
    assert _read(home, conversation) == WORDS
