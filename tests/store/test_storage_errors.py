"""A read-only or missing data folder and a locked database: one clear sentence, nothing lost.

Permissions mean nothing to root, so the read-only cases run the real command as the user `nobody`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from steadyheart import Companion, StorageError

STEADYHEART = shutil.which("steadyheart")


def _as_nobody(home: Path, text: str) -> subprocess.CompletedProcess[str]:
    assert STEADYHEART, "the steadyheart command is not installed"
    env = {"PATH": os.environ["PATH"], "STEADYHEART_HOME": str(home), "HOME": "/tmp"}
    kwargs: dict[str, object] = {"user": "nobody"} if os.geteuid() == 0 else {}
    return subprocess.run([STEADYHEART, "chat"], input=text, capture_output=True, text=True, env=env,
                          timeout=120, check=False, **kwargs)  # type: ignore[call-overload]


def _open_to_all(path: Path) -> None:
    # nobody must be able to reach the temporary folder to find out that the home is read-only
    for parent in [path, *path.parents]:
        if parent == Path("/"):
            break
        parent.chmod(parent.stat().st_mode | 0o011)


def test_read_only_home_is_one_clear_sentence_and_keeps_the_data(tmp_path: Path) -> None:
    home = tmp_path / "ro"
    companion = Companion.open(home)
    kept = companion.reply("something I said")
    companion.close()
    _open_to_all(tmp_path)
    for p in [home, *home.iterdir()]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    result = _as_nobody(home, "this cannot be saved\n")
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert "read-only" in result.stderr or "writable" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    for p in [home, *home.iterdir()]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    assert [t.user_text for t in Companion.open(home).turns(kept.conversation_id)] == ["something I said"]


def test_missing_home_is_created(tmp_path: Path) -> None:
    home = tmp_path / "not" / "yet" / "there"
    assert Companion.open(home).reply("hello").text
    assert (home / "steadyheart.db").exists()


def test_home_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    _open_to_all(tmp_path)
    result = _as_nobody(locked / "home", "hello\n")
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
