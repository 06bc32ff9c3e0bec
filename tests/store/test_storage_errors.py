"""A read-only or missing data folder and a locked database: one clear sentence, nothing lost.

Permissions mean nothing to root, so the read-only cases put the data folder on a read-only bind mount.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from steadyheart import Companion, StorageError

STEADYHEART = shutil.which("steadyheart") or str(Path(sys.executable).with_name("steadyheart"))


def _chat(home: Path, text: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STEADYHEART_HOME": str(home)}
    env.pop("STEADYHEART_DATABASE_URL", None)
    return subprocess.run([STEADYHEART, "chat"], input=text, capture_output=True, text=True, env=env,
                          timeout=120, check=False)


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` a read-only mount, as a full or write-protected disk would be."""
    if os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root (CI runs as root)")
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_read_only_home_is_one_clear_sentence_and_keeps_the_data(tmp_path: Path) -> None:
    home = tmp_path / "ro"
    companion = Companion.open(home)
    kept = companion.reply("something I said")
    companion.close()
    with read_only(home):
        result = _chat(home, "this cannot be saved\n")
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert "read-only" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert [t.user_text for t in Companion.open(home).turns(kept.conversation_id)] == ["something I said"]


def test_missing_home_is_created(tmp_path: Path) -> None:
    home = tmp_path / "not" / "yet" / "there"
    assert Companion.open(home).reply("hello").text
    assert (home / "steadyheart.db").exists()


def test_home_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    with read_only(parent):
        result = _chat(parent / "home", "hello\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot create its data folder" in result.stderr


def test_locked_database_is_a_clear_error_and_loses_nothing(tmp_path: Path) -> None:
    companion = Companion.open(tmp_path)
    kept = companion.reply("an earlier message")
    holder = sqlite3.connect(tmp_path / "steadyheart.db", timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError) as caught:
            companion.reply("while another program holds the lock", kept.conversation_id)
        assert "locked" in str(caught.value)
    finally:
        holder.rollback()
        holder.close()
    assert [t.user_text for t in companion.turns(kept.conversation_id)] == ["an earlier message"]
    assert companion.reply("after the lock is gone", kept.conversation_id).turn_index == 1
