"""Several worker processes with one listening socket each (SO_REUSEPORT), so the kernel spreads connections
evenly across them.

uvicorn's own `workers=N` shares one socket, and a worker that wakes first accepts a whole burst of
connections: with keep-alive clients each connection then stays on that worker. Measured with 50 people on 2
cores (docs/web.md, session 9): one worker served most of the people at about 1.3 cores (one process cannot use
two under the GIL) while the other sat idle for most of the run. With a socket per worker the kernel picks the
worker for each new connection by its address hash. Linux only: macOS accepts the option but does not
balance, so elsewhere `serve` keeps uvicorn's workers. Imports uvicorn (in the workers), the standard library.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import sys
import time
from typing import Any

#: A worker that exits sooner than this after starting is failing to start, not crashing under load: stop all.
MIN_WORKER_LIFE_SECONDS = 10.0
STOP_TIMEOUT_SECONDS = 15.0
BACKLOG = 2048


class WorkersFailed(RuntimeError):
    """A worker process exited right after starting (the app could not load, or the port was taken)."""


def can_balance() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _address(host: str, port: int) -> tuple[socket.AddressFamily, tuple[Any, ...]]:
    family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    return family, address


def check_port_free(host: str, port: int) -> None:
    """Raise OSError when something already listens there. Bound without SO_REUSEPORT, so a second `serve` on the
    same port fails here instead of silently joining the first one's workers."""
    family, address = _address(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(address)


def listening_socket(host: str, port: int) -> socket.socket:
    family, address = _address(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(BACKLOG)
    return sock


def _die_with_parent(parent: int) -> None:
    """Ask Linux to send SIGTERM when the supervisor dies, even by SIGKILL, so no worker keeps serving alone."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGTERM))
    if os.getppid() != parent:  # it died before the request took effect
        sys.exit(0)


def _worker(host: str, port: int, options: dict[str, Any], parent: int) -> None:
    import uvicorn

    _die_with_parent(parent)
    sock = listening_socket(host, port)
    uvicorn.Server(uvicorn.Config(host=host, port=port, **options)).run(sockets=[sock])


def serve_balanced(host: str, port: int, workers: int, options: dict[str, Any]) -> None:
    """Run `workers` processes, each serving uvicorn.Config(**options) on its own socket; restart one that dies
    under load, stop all on SIGINT or SIGTERM. Raises WorkersFailed when a worker cannot start."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or models copied by fork
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}

    def start() -> tuple[Any, float]:
        process = context.Process(target=_worker, args=(host, port, options, os.getpid()), daemon=False)
        process.start()
        return process, time.monotonic()

    running = [start() for _ in range(workers)]
    try:
        while not stopping:
            time.sleep(0.5)
            for i, (process, started) in enumerate(running):
                if process.is_alive() or stopping:
                    continue
                if time.monotonic() - started < MIN_WORKER_LIFE_SECONDS:
                    raise WorkersFailed(f"a worker exited with code {process.exitcode} right after starting")
                running[i] = start()
    finally:
        for process, _ in running:
            if process.is_alive():
                process.terminate()  # uvicorn finishes the requests in flight, then exits
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for process, _ in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
