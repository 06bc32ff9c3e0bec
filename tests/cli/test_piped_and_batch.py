"""The non-terminal interfaces scripts and evaluation rely on: piped chat and JSON-lines batches."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

STEADYHEART = shutil.which("steadyheart") or str(Path(sys.executable).with_name("steadyheart"))


def _run(home: Path, args: list[str], data: bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "STEADYHEART_HOME": str(home)}
    env.pop("STEADYHEART_DATABASE_URL", None)
    return subprocess.run([STEADYHEART, *args], input=data, capture_output=True, env=env, timeout=180, check=False)


def test_piped_chat_one_json_reply_per_message(tmp_path: Path) -> None:
    lines = ["He left me on read", "", "\xff\xfe not utf8", "I want to check her phone", "x" * 5000]
    data = b"\n".join(line.encode("latin-1") if "\xff" in line else line.encode() for line in lines) + b"\n"
    result = _run(tmp_path, ["chat", "--json"], data)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(out) == 5
    assert set(out[0]) == {"reply", "tier", "plan", "conversation_id", "disclosure"}
    assert "AI" in out[0]["disclosure"] and out[3]["disclosure"] is None  # once, at the start of the session
    assert "error" in out[1] and "empty" in out[1]["error"]
    assert "UTF-8" in out[2]["error"]
    assert out[3]["conversation_id"] == out[0]["conversation_id"]
    assert "4,000" in out[4]["error"]
    assert b"Traceback" not in result.stderr


def test_piped_chat_plain_text(tmp_path: Path) -> None:
    result = _run(tmp_path, ["chat"], b"I feel jealous when she talks about her ex\nIt makes my stomach knot\n")
    assert result.returncode == 0
    assert len(result.stdout.decode().strip().splitlines()) == 2


def test_piped_chat_knows_quit_crisis_and_why(tmp_path: Path) -> None:
    data = b"He hasn't answered all day\n/why\n/crisis\n/memory\n/quit\nthis line is never read\n"
    result = _run(tmp_path, ["chat", "--json"], data)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [next(iter(row)) for row in out] == ["reply", "why", "resources", "error"]
    assert "988" in out[2]["resources"] or "112" in out[2]["resources"]
    assert "interactive chat only" in out[3]["error"]
    plain = _run(tmp_path / "plain", ["chat"], b"I feel shaky\n/quit\n")
    assert len(plain.stdout.decode().strip().splitlines()) == 1
    assert "AI" in plain.stderr.decode()  # the disclosure, kept off the one-reply-per-line output


def test_triage_json_lines_with_errors(tmp_path: Path) -> None:
    data = b"\n".join([
        json.dumps({"text": "I am going to kill myself tonight, I have the pills"}).encode(),
        b"{not json",
        json.dumps({"text": "this traffic is killing me"}).encode(),
        json.dumps({"text": "what is the tallest bridge nearby", "context": ["I can't go on anymore"]}).encode(),
        json.dumps({"nope": 1}).encode(),
    ]) + b"\n"
    result = _run(tmp_path, ["triage"], data)
    assert result.returncode == 0
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(out) == 5
    assert out[0]["tier"] == "imminent" and "suicide" in out[0]["categories"]
    assert "error" in out[1]
    assert out[2]["tier"] == "none"
    assert out[3]["tier"] == "imminent"
    assert "error" in out[4]
    assert "2 line(s)" in result.stderr.decode()


def test_analyze_json_lines_shape(tmp_path: Path) -> None:
    data = json.dumps({"text": "He will definitely leave me, my heart is racing and I checked his phone"}).encode()
    result = _run(tmp_path, ["analyze"], data + b"\n")
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout)
    assert set(row) >= {"emotions", "body", "traps", "triggers", "urges", "tier"}
    assert all(0 <= e["score"] <= 1 for e in row["emotions"])
    assert {"name", "score", "evidence", "why"} <= set(row["traps"][0])
    assert any(b["name"] == "racing_heart" for b in row["body"])
    assert any(u["status"] == "acted" for u in row["urges"])


def test_thousands_of_lines_stream(tmp_path: Path) -> None:
    data = b"".join(json.dumps({"text": f"message number {i} about missing him"}).encode() + b"\n"
                    for i in range(2000))
    result = _run(tmp_path, ["triage"], data)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 2000


def test_every_command_has_help() -> None:
    from click.testing import CliRunner

    from steadyheart.cli.main import cli

    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help, f"{name} has no help text"
