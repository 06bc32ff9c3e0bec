"""Balanced workers (steadyheart/web/workers.py): one listening socket per worker on Linux, a clear error when
the port is taken or a worker cannot start, and every worker stopped with the server."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from steadyheart.web.workers import (
    WorkersFailed,
    can_balance,
    check_port_free,
    listening_socket,
    serve_balanced,
)

from .server import SERVE, free_port, running_server

pytestmark = pytest.mark.skipif(not can_balance(), reason="SO_REUSEPORT balancing is Linux-only; elsewhere serve "
                                                          "keeps uvicorn's workers")


def _listeners(port: int) -> int:
    """Listening IPv4 sockets on this port, from /proc/net/tcp (state 0A is LISTEN)."""
    hex_port = f"{port:04X}"
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for line in lines if line.split()[1].endswith(f":{hex_port}") and line.split()[3] == "0A")


def test_two_sockets_share_a_port_and_a_plain_bind_is_refused() -> None:
    port = free_port()
    first, second = listening_socket("127.0.0.1", port), listening_socket("127.0.0.1", port)
    try:
        assert _listeners(port) == 2
        with pytest.raises(OSError):
            check_port_free("127.0.0.1", port)
    finally:
        first.close()
        second.close()
    check_port_free("127.0.0.1", port)  # free again once they close


def test_a_worker_that_cannot_start_stops_the_server() -> None:
    started = time.monotonic()
    with pytest.raises(WorkersFailed, match="right after starting"):
        serve_balanced("127.0.0.1", free_port(), 2, {"app": "steadyheart_no_such_module:app", "log_level": "critical"})
    assert time.monotonic() - started < 30


@pytest.mark.slow
def test_each_worker_listens_and_a_second_server_on_the_port_is_refused(tmp_path: Path) -> None:
    with running_server(tmp_path / "home", workers=2) as base:
        port = int(base.rsplit(":", 1)[1])
        assert _listeners(port) == 2
        for _ in range(6):  # new connections each time: the kernel spreads them, every one is answered
            assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
        second = subprocess.run([*SERVE, "--port", str(port), "--workers", "2", "--home", str(tmp_path / "other")],
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 1
        assert f"Could not listen on 127.0.0.1:{port}" in second.stderr and "Traceback" not in second.stderr


def _start_two_workers(home: Path, port: int) -> subprocess.Popen[bytes]:
    """`serve --workers 2` in its own session, returned once both workers listen."""
    env = {**os.environ, "STEADYHEART_ARGON2_TIME_COST": "1", "STEADYHEART_ARGON2_MEMORY_KIB": "1024"}
    env.pop("STEADYHEART_DATABASE_URL", None)
    process = subprocess.Popen([*SERVE, "--port", str(port), "--workers", "2", "--home", str(home)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 90
    while _listeners(port) < 2:
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError("the workers did not start")
        time.sleep(0.2)
    return process


@pytest.mark.slow
def test_sigterm_to_the_server_alone_stops_every_worker(tmp_path: Path) -> None:
    port = free_port()
    process = _start_two_workers(tmp_path / "home", port)
    try:
        process.send_signal(signal.SIGTERM)  # the supervisor only, as a process manager may send it
        assert process.wait(timeout=30) == 0
        assert _listeners(port) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.slow
def test_workers_stop_when_the_supervisor_is_killed(tmp_path: Path) -> None:
    port = free_port()
    process = _start_two_workers(tmp_path / "home", port)
    try:
        process.kill()  # no chance to clean up: the workers must notice on their own
        process.wait()
        deadline = time.monotonic() + 30
        while _listeners(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _listeners(port) == 0
    finally:
        os.killpg(process.pid, signal.SIGKILL)
