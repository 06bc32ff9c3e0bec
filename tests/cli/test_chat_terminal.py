"""`steadyheart chat` driven through a real pseudo-terminal with pexpect, in a temporary home."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pexpect

STEADYHEART = shutil.which("steadyheart") or str(Path(sys.executable).with_name("steadyheart"))


def _default_ctrl_c() -> None:
    """Ctrl-C as a person's terminal delivers it: a shell running these tests in the background (`cmd &`)
    starts them with SIGINT ignored, and a child would inherit that and never see the key."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _spawn(home: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "STEADYHEART_HOME": str(home), "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("STEADYHEART_DATABASE_URL", None)
    child = pexpect.spawn(STEADYHEART, ["chat", *args], env=env, encoding="utf-8", timeout=60,
                          dimensions=(40, 100), preexec_fn=_default_ctrl_c)
    child.logfile_read = sys.stdout if os.environ.get("SHOW_PTY") else None
    return child


def test_first_run_welcome_talk_commands_and_ctrl_d(tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = _spawn(home)
    child.expect("AI companion")
    child.expect("not therapy")
    child.expect(str(home)[:20])
    child.expect("/crisis")
    child.expect("What name")
    child.sendline("Sam")
    child.expect("country")
    child.sendline("GB")
    child.expect("you> ")
    child.sendline("/help")
    child.expect("/why")
    child.expect("you> ")
    child.sendline("He hasn't replied for five hours and my chest is tight")
    child.expect("you> ")
    reply = child.before
    assert reply.strip()
    child.sendline("/why")
    child.expect("What I noticed")
    child.expect("What I did and why")
    child.expect("you> ")
    child.sendline("/crisis")
    child.expect("999|116 123")  # the UK emergency number or Samaritans
    child.expect("you> ")
    child.sendeof()
    child.expect("Everything is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_second_run_continues_and_ctrl_c_leaves_cleanly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = _spawn(home)
    first.expect("What name")
    first.sendline("")
    first.expect("country")
    first.sendline("")
    first.expect("you> ")
    first.sendline("I keep thinking she'll leave me")
    first.expect("you> ")
    first.sendline("/quit")
    first.expect(pexpect.EOF)

    second = _spawn(home)
    second.expect("Welcome back")
    second.expect("you> ")
    second.sendline("It's the same worry as yesterday")
    second.expect("you> ")
    second.sendintr()
    second.expect("Everything is saved")
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 0

    history = pexpect.run(f"{STEADYHEART} history", env={**os.environ, "STEADYHEART_HOME": str(home)},
                          encoding="utf-8")
    assert "2 turns" in history
    conversation_id = history.split()[0]
    shown = pexpect.run(f"{STEADYHEART} history {conversation_id}",
                        env={**os.environ, "STEADYHEART_HOME": str(home)}, encoding="utf-8")
    assert "I keep thinking she'll leave me" in shown
    assert "It's the same worry as yesterday" in shown


def test_new_flag_and_new_command_start_new_conversations(tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = _spawn(home)
    child.expect("What name")
    child.sendline("")
    child.expect("country")
    child.sendline("")
    child.expect("you> ")
    child.sendline("first conversation")
    child.expect("you> ")
    child.sendline("/new")
    child.expect("Started a new conversation")
    child.expect("you> ")
    child.sendline("second conversation")
    child.expect("you> ")
    child.sendline("/quit")
    child.expect(pexpect.EOF)
    third = _spawn(home, "--new")
    third.expect("you> ")
    third.sendline("third conversation")
    third.expect("you> ")
    third.sendline("/quit")
    third.expect(pexpect.EOF)
    history = pexpect.run(f"{STEADYHEART} history", env={**os.environ, "STEADYHEART_HOME": str(home)},
                          encoding="utf-8")
    assert history.count("1 turns") == 3
