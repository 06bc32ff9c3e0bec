"""`steadyheart llm check` against a local OpenAI-compatible server that works, and one that does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from steadyheart.cli.main import cli


def test_check_says_it_answers_and_streams(fake_llm: Any, home: Path) -> None:
    result = CliRunner().invoke(cli, ["llm", "check", "--llm", fake_llm.base_url, "--model", "fake"])
    assert result.exit_code == 0, result.output
    assert "It answers: yes" in result.output and "It streams: yes (5 chunks" in result.output
    assert "nothing you write leaves it" in result.output
    assert fake_llm.requests[0]["stream"] is True


def test_check_reads_the_settings_file_in_the_home(fake_llm: Any, home: Path) -> None:
    home.mkdir(parents=True)
    (home / "llm.toml").write_text(f'base_url = "{fake_llm.base_url}"\nmodel = "from-file"\n')
    result = CliRunner().invoke(cli, ["llm", "check"])
    assert result.exit_code == 0, result.output
    assert fake_llm.requests[0]["model"] == "from-file"


def test_check_says_when_the_whole_reply_comes_at_once(fake_llm: Any, home: Path) -> None:
    fake_llm.script.mode = "json"
    result = CliRunner().invoke(cli, ["llm", "check", "--llm", fake_llm.base_url, "--model", "m"])
    assert result.exit_code == 0 and "It streams: no" in result.output


def test_a_dead_endpoint_is_one_sentence_and_exit_1(fake_llm: Any, home: Path) -> None:
    fake_llm.script.mode = "http500"
    done = subprocess.run([sys.executable, "-c", "from steadyheart.cli.main import main; main()", "llm", "check", "--llm", fake_llm.base_url,
                           "--model", "m"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"steadyheart: No usable answer from {fake_llm.base_url}: "
                                                "The model's server answered with HTTP 500."]
    assert "Traceback" not in done.stderr


def test_no_configuration_is_a_clear_error(home: Path) -> None:
    result = CliRunner().invoke(cli, ["llm", "check"], standalone_mode=False)
    assert "No LLM is configured" in str(result.exception)


@pytest.mark.slow
def test_chat_with_llm_options_is_answered_by_the_llm_and_saved(fake_llm: Any, home: Path) -> None:
    from steadyheart.companion import Companion

    fake_llm.script.chunks = ["That silence sounds ", "hard to sit with. ", "What is it like right now?"]
    done = subprocess.run([sys.executable, "-c", "from steadyheart.cli.main import main; main()", "chat", "--llm",
                           fake_llm.base_url, "--model", "fake"], input="He still hasn't called me back.\n",
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "That silence sounds hard to sit with. What is it like right now?" in done.stdout
    assert fake_llm.requests[0]["messages"][-1]["content"] == "He still hasn't called me back."
    companion = Companion.open(home)
    conversation = companion.conversations()[0]
    assert [t.responder for t in companion.turns(conversation.id)] == ["llm"]
