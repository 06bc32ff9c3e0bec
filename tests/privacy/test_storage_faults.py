"""Faults under a running companion: disk full, a file system gone read-only, a database locked for a
while, PostgreSQL connections dropped mid-session. Each gives one clear sentence or a safe retry, and no
turn is ever half-written.

Disk-full and read-only use a small tmpfs mounted by the test (root only; skipped where mount is not
permitted). PostgreSQL restarts are simulated by terminating this test database's backends, which drops
connections exactly as a restart does without disturbing other databases on the server.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from steadyheart.errors import StorageError
from steadyheart.responders.base import RenderRequest


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(directory: Path) -> Path:
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 1 << 16, 1 << 12, 1 << 8, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler


def _user_texts(home: Path) -> list[str]:
    from steadyheart import Companion

    companion = Companion.open(home)
    try:
        return [t.user_text for c in companion.conversations() for t in companion.turns(c.id)]
    finally:
        companion.close()


def test_disk_full_is_one_clear_sentence_and_nothing_half_written(small_disk: Path) -> None:
    from steadyheart import Companion

    home = small_disk / "home"
    companion = Companion.open(home)
    conversation = companion.reply("before the disk filled up").conversation_id
    filler = _fill(small_disk)
    saved, refused = ["before the disk filled up"], []
    for i in range(40):  # SQLite may reuse free WAL space for a while; keep going until the disk says no
        try:
            companion.reply(f"written on a full disk {i}", conversation)
            saved.append(f"written on a full disk {i}")
        except StorageError as exc:
            refused.append(str(exc))
            if len(refused) == 3:
                break
    assert refused, "the disk never filled up"
    assert all(message == "The disk is full, so nothing new could be saved; free some space and try again."
               for message in refused), refused
    companion.close()
    filler.unlink()
    with sqlite3.connect(home / "steadyheart.db") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _user_texts(home) == saved
    again = Companion.open(home)
    again.reply("space again", conversation)
    again.close()
    assert _user_texts(home) == [*saved, "space again"]


def test_file_system_gone_read_only_is_clear_and_keeps_everything(small_disk: Path) -> None:
    from steadyheart import Companion

    home = small_disk / "home"
    companion = Companion.open(home)
    conversation = companion.reply("kept safe").conversation_id
    companion.close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(StorageError, match="read-only"):
            Companion.open(home).reply("cannot be saved", conversation)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert _user_texts(home) == ["kept safe"]


def test_database_locked_for_a_moment_waits_and_then_saves(home: Path) -> None:
    from steadyheart import Companion

    companion = Companion.open(home)
    conversation = companion.reply("first").conversation_id
    holder = sqlite3.connect(home / "steadyheart.db", timeout=0, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(1.0, holder.rollback)
    release.start()
    try:
        reply = companion.reply("sent while another program held the lock", conversation)
    finally:
        release.join()
        holder.close()
    assert reply.turn_index == 1
    assert _user_texts(home) == ["first", "sent while another program held the lock"]
    companion.close()


class _DropConnectionsResponder:
    """A responder that, while it streams, drops every connection to the test database (as a restart would)."""

    name = "drop-connections"

    def __init__(self, admin_url: str, database: str) -> None:
        self.admin_url, self.database, self.armed = admin_url, database, True

    def stream(self, request: RenderRequest) -> Iterator[str]:
        yield "I'm here with you. "
        if self.armed:
            self.armed = False
            _terminate_backends(self.admin_url, self.database)
        yield "Let's take this one step at a time."


def _terminate_backends(admin_url: str, database: str) -> int:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return len(connection.execute(sa.text(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = :d and pid <> pg_backend_pid()"),
                {"d": database}).all())
    finally:
        admin.dispose()


@pytest.mark.postgres
def test_postgresql_connections_dropped_between_and_during_turns(pg_url: str, home: Path) -> None:
    from steadyheart import Companion

    url = sa.engine.make_url(pg_url)
    name = url.database
    assert name
    admin_url = url.set(database="postgres").render_as_string(hide_password=False)
    companion = Companion.open(home, database_url=pg_url)
    conversation = companion.reply("before the restart").conversation_id
    assert _terminate_backends(admin_url, name) >= 1  # the pool's idle connection
    companion.reply("after the restart: the pool notices and reconnects", conversation)
    dropper = Companion(companion.database, responder=_DropConnectionsResponder(admin_url, name))
    with pytest.raises(StorageError, match="could not reach the database server"):
        dropper.reply("the server went away while this reply was being written", conversation)
    dropper.reply("and the next message simply works", conversation)
    texts = [t.user_text for t in companion.turns(conversation)]
    assert texts == ["before the restart", "after the restart: the pool notices and reconnects",
                     "and the next message simply works"]
    assert [t.index for t in companion.turns(conversation)] == [0, 1, 2]
    companion.close()
