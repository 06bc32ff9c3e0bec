"""What leaves the process: logs never carry what a person wrote, and nothing goes on the network unless
an LLM endpoint is configured (and then only there)."""

from __future__ import annotations

import io
import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from steadyheart.cli.main import cli
from steadyheart.privacy.logs import JsonFormatter, configure_logging, safe_value

SESSION = [
    "hi, it's late and I can't sleep",
    "Orlaith hasn't replied in six hours and I keep opening the chat to see if she's online",
    "I want to text her again just to ask if we're okay",
    "last time I asked she said I was being too much and I felt like dirt",
    "my chest is tight and my hands are shaking",
    "maybe she's with her ex Bartholomew, that's what my brain keeps saying",
    "I looked at her location twice already tonight",
    "ok I'll try to wait before sending anything",
    "are we okay? are we okay? I just need her to say it",
    "sometimes I think everyone would be better off without me",
    "thank you for staying with me tonight",
]
DISPLAY_NAME = "Wilhelmina"
PRIVATE = [b"Orlaith", b"Bartholomew", DISPLAY_NAME.encode()]


def _leaks(text: str) -> list[str]:
    found = [n.decode() for n in PRIVATE if n.decode() in text]
    for message in SESSION:
        words = message.split()
        found += [" ".join(words[i:i + 3]) for i in range(len(words) - 2) if " ".join(words[i:i + 3]) in text]
    return found


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = configure_logging("DEBUG", stream)
    try:
        yield stream
    finally:
        logging.getLogger("steadyheart").removeHandler(handler)
        logging.getLogger("steadyheart").setLevel(logging.NOTSET)


def _full_session(home: Path) -> int:
    """Every turn through the library and again through `steadyheart chat`; returns turns saved."""
    from steadyheart import Companion

    companion = Companion.open(home)
    companion.update_profile(display_name=DISPLAY_NAME, country="GB")
    conversation = None
    for text in SESSION:
        conversation = companion.reply(text, conversation).conversation_id
    assert conversation is not None
    saved = len(companion.turns(conversation))
    companion.close()
    result = CliRunner().invoke(cli, ["chat", "--home", str(home), "--new", "--json"],
                                input="\n".join(SESSION) + "\n")
    assert result.exit_code == 0, result.output
    replies = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert len(replies) >= len(SESSION) - 1, result.output
    return saved + len(replies)


def test_a_full_session_logs_no_message_text_names_or_notes(home: Path, caplog: pytest.LogCaptureFixture,
                                                            json_log: io.StringIO,
                                                            network_attempts: list[str]) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, every level, raw records before any formatting
    turns = _full_session(home)
    assert turns >= 2 * len(SESSION) - 1
    # and a stretch with a failing remote LLM, so the fallback paths log too
    result = CliRunner().invoke(cli, ["chat", "--home", str(home), "--json", "--llm", "http://203.0.113.7:8080/v1",
                                      "--model", "m"], input="\n".join(SESSION[:4]) + "\n")
    assert result.exit_code == 0, result.output
    assert any(r.name.startswith("steadyheart") for r in caplog.records)
    records = caplog.records
    raw_leaks = [(r.name, _leaks(r.getMessage())) for r in records if _leaks(r.getMessage())]
    raw_leaks += [(r.name, _leaks(repr(vars(r)))) for r in records if _leaks(repr(vars(r)))]
    assert raw_leaks == []
    lines = json_log.getvalue().splitlines()
    assert lines and all(json.loads(line)["logger"].startswith("steadyheart") for line in lines)
    assert _leaks(json_log.getvalue()) == []
    print(f"records captured at DEBUG: {len(records)}; JSON lines: {len(lines)}; turns: {turns}")


def test_the_json_formatter_drops_text_even_from_a_careless_log_call() -> None:
    record = logging.LogRecord("steadyheart.test", logging.INFO, __file__, 1, "got message %s (%d chars)",
                               ("Orlaith never answers me anymore", 33), None)
    record.tier = "elevated"
    record.note = "I feel like Bartholomew is hiding something"
    try:
        raise ValueError("bad input: Orlaith never answers me")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["event"] == "got message %s (%d chars)"
    assert entry["args"] == ["[text, 32 chars]", 33]
    assert entry["tier"] == "elevated" and entry["note"] == "[text, 43 chars]"
    assert entry["error"] == "ValueError" and "Orlaith" not in line and "Bartholomew" not in line
    assert safe_value(["ok", "two words"]) == ["ok", "[text, 9 chars]"]


class _NetworkBlocked(OSError):
    pass


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Block (and record) every connection or name lookup that is not local."""
    attempts: list[str] = []
    real_connect, real_connect_ex, real_getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def local(address: object) -> bool:
        if isinstance(address, str | bytes):  # AF_UNIX path
            return True
        host = str(address[0]) if isinstance(address, tuple) else ""
        return host in {"localhost", "::1"} or host.startswith("127.")

    def connect(self: socket.socket, address: object) -> None:
        if not local(address):
            attempts.append(f"connect {address}")
            raise _NetworkBlocked(f"network blocked by the test: {address}")
        real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        if not local(address):
            attempts.append(f"connect_ex {address}")
            return 111
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host is not None and not local((host,)):
            attempts.append(f"getaddrinfo {host}")
            raise socket.gaierror(f"name lookup blocked by the test: {host}")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for name in ("STEADYHEART_LLM_URL", "STEADYHEART_LLM_MODEL", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return attempts


def test_a_full_chat_session_makes_no_network_call(home: Path, network_attempts: list[str]) -> None:
    turns = _full_session(home)
    assert turns >= 2 * len(SESSION) - 1
    assert network_attempts == []


def test_the_blocker_sees_a_configured_remote_llm(home: Path, network_attempts: list[str]) -> None:
    """Control: with a remote endpoint configured, the attempt is seen (and blocked), and the embedded
    responder still answers, so the test above would have caught a stray call."""
    result = CliRunner().invoke(cli, ["chat", "--home", str(home), "--json", "--llm", "http://203.0.113.7:8080/v1",
                                      "--model", "m"], input=SESSION[1] + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(next(line for line in result.output.splitlines() if line.startswith("{")))
    assert any("203.0.113.7" in attempt for attempt in network_attempts), network_attempts


def test_web_pages_load_nothing_from_other_hosts() -> None:
    """No CDN font, script, style or image: a page view makes no request beyond the app itself."""
    import re

    import steadyheart.web

    root = Path(steadyheart.web.__file__).parent
    external = re.compile(r"(?:src|href|url\()\s*=?\s*[\"']?(?:https?:)?//", re.IGNORECASE)
    files = [p for p in root.rglob("*") if p.suffix in {".html", ".css", ".js"}]
    assert files
    offending = [str(p.relative_to(root)) for p in files if external.search(p.read_text("utf-8", "replace"))]
    assert offending == []
