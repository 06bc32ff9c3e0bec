"""A real `steadyheart serve` in a subprocess on a free 127.0.0.1 port, for browser and CLI tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

SERVE = [sys.executable, "-c", "from steadyheart.cli.main import main; main()", "serve"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(home: Path, database_url: str | None = None, *, workers: int = 1,
                   env: dict[str, str] | None = None) -> Iterator[str]:
    """Start the server, wait until /healthz answers, yield its base URL, and stop it."""
    port = free_port()
    command = [*SERVE, "--port", str(port), "--workers", str(workers), "--home", str(home)]
    if database_url:
        command += ["--database-url", database_url]
    environment = {**os.environ, "STEADYHEART_ARGON2_TIME_COST": "1", "STEADYHEART_ARGON2_MEMORY_KIB": "1024",
                   **(env or {})}
    environment.pop("STEADYHEART_DATABASE_URL", None)
    log = home.parent / f"server-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise AssertionError(f"the server exited: {log.read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the server did not answer within 90 s: {log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
