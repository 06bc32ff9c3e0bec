"""HTTP load: N concurrent people chatting through POST /api/v1/chat against `steadyheart serve`.

Starts the real server (`steadyheart serve --workers W`) on a free 127.0.0.1 port, signs the people up,
then has each send turns back to back (closed loop) until every person has sent --turns or --seconds
have passed. Reports turns/s, p50/p95/p99 latency, errors, the server's CPU per turn (read from /proc, so it
holds even when other jobs share the cores), each server process's CPU seconds (uneven figures across workers
mean the connections were spread unevenly) and the load client's own CPU per turn. Talks to 127.0.0.1 only.

The client is a small keep-alive HTTP/1.1 client on asyncio streams, not httpx: on 2 cores the client
shares the CPU with the server, and httpx cost about as much per request as a third of a turn. Every
message is unique (a varying last clause), so no cache keyed on text can flatter the server.

Closed loop (the default) measures capacity: with N people sending back to back, the mean latency is
N / throughput (Little's law), so 50 people at 150 turns/s wait 333 ms on average whatever the code does.
`--rate R` is open loop: turns start on a fixed schedule of R per second (each person still sends one
at a time), and latency counts from the scheduled start, so a slow server cannot hide its queue.

    python benchmarks/http_load.py                        # SQLite in a temporary home
    python benchmarks/http_load.py --postgres             # a fresh PostgreSQL database, dropped after
    python benchmarks/http_load.py --users 50 --turns 20 --workers 2 --seconds 60
    python benchmarks/http_load.py --users 50 --rate 150 --seconds 30      # open loop at 150 turns/s
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx  # only to wait for the server to come up

PG_ADMIN_URL = os.environ.get("STEADYHEART_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PASSWORD = "load test passphrase"
# Written for this benchmark: ordinary relationship-anxiety messages of different shapes.
MESSAGES = [
    "He hasn't replied in three hours and I keep refreshing the chat.",
    "I want to ask her again if we're okay but I asked twice today already.",
    "My chest feels tight every time my phone buzzes and it's not him.",
    "She liked someone else's photo and now I can't stop thinking about it.",
    "I let the urge to check his location pass this evening.",
    "Why do I always assume the worst when plans change?",
    "We had a nice dinner but I still feel like something is off.",
    "I'm tired of feeling like this, it's the same worry every night.",
    "Can you help me calm down a bit before I text him?",
    "I noticed I was catastrophising again, like you said.",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(home: Path, url: str | None, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STEADYHEART_HOME": str(home), "STEADYHEART_RATE_CHAT_PER_MINUTE": "100000",
           "STEADYHEART_RATE_SIGNUP_PER_HOUR": "100000", "STEADYHEART_RATE_LOGIN_PER_MINUTE": "100000"}
    env.pop("STEADYHEART_DATABASE_URL", None)
    command = [sys.executable, "-c", "from steadyheart.cli.main import main; main()", "serve",
               "--port", str(port), "--workers", str(workers)]
    if url:
        command += ["--database-url", url]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    try:
        wait_until_up(process, port, deadline, log)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    """The server and its workers: politely, then for sure."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until_up(process: subprocess.Popen[bytes], port: int, deadline: float, log: Path) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: {log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start within 120 s")


def group_cpu_by_process(pgid: int) -> dict[int, float]:
    """User + system CPU seconds of every live process in the server's process group, by process id."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[2]) == pgid:  # fields after the name: state ppid pgrp ... utime(11) stime(12)
            seconds[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    return seconds


def busiest_first(before: dict[int, float], after: dict[int, float]) -> list[float]:
    """CPU seconds each process of the group spent between two readings, busiest first (idle ones left out):
    with several workers, uneven figures mean the connections were spread unevenly."""
    spent = [after[pid] - before.get(pid, 0.0) for pid in after]
    return sorted((round(s, 2) for s in spent if s >= 0.05), reverse=True)


class Run:
    """Shared by the simulated people: the start signal, the deadline, and what was measured."""

    def __init__(self, users: int) -> None:
        self.users = users
        self.signed_up = 0
        self.all_signed_up = asyncio.Event()
        self.go = asyncio.Event()
        self.deadline = float("inf")
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.rate: float | None = None  # open loop: turns started per second, across all people
        self.started = 0.0
        self.next_slot = 0


class HttpError(Exception):
    """The connection failed or the answer was not HTTP."""


class Connection:
    """One keep-alive HTTP/1.1 connection to the server, one request at a time."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, payload: dict[str, object], token: str | None = None,
                   timeout: float = 30) -> tuple[int, dict[str, object]]:
        body = json.dumps(payload).encode()
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n" + (f"Authorization: Bearer {token}\r\n" if token else "") + "\r\n")
        try:
            return await asyncio.wait_for(self._exchange(head.encode() + body), timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            self.close()  # the next request opens a fresh connection
            raise HttpError(type(exc).__name__) from exc

    async def _exchange(self, request: bytes) -> tuple[int, dict[str, object]]:
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(request)
        status = int((await self.reader.readline()).split()[1])
        length, keep_alive = 0, True
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                keep_alive = False
        data = json.loads(await self.reader.readexactly(length)) if length else {}
        if not keep_alive:
            self.close()
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def sign_up(connection: Connection, index: int) -> str:
    email = f"load{index}@example.org"
    await connection.post("/api/v1/users", {"email": email, "password": PASSWORD}, timeout=300)
    status, answer = await connection.post("/api/v1/token", {"email": email, "password": PASSWORD}, timeout=300)
    if status != 200:
        raise HttpError(f"token HTTP {status}")
    return str(answer["access_token"])


def message(index: int, turn: int) -> str:
    """A unique message: one of MESSAGES with a last clause that changes every turn."""
    return f"{MESSAGES[(index + turn) % len(MESSAGES)]} It has been {turn + 2} minutes since person {index} last wrote."


async def person(port: int, index: int, turns: int, run: Run) -> None:
    connection = Connection(port)
    token = ""
    try:
        token = await sign_up(connection, index)
    except HttpError as exc:
        run.errors.append(f"sign-up {exc}")
        turns = 0
    finally:
        run.signed_up += 1
        if run.signed_up == run.users:
            run.all_signed_up.set()
    await run.go.wait()
    conversation = None
    for turn in range(turns):
        if time.monotonic() > run.deadline:
            break
        body: dict[str, object] = {"text": message(index, turn)}
        if conversation is not None:
            body["conversation_id"] = conversation
        started = time.perf_counter()
        if run.rate:
            # Open loop: take the next slot of the schedule; latency counts from the slot, not from when
            # this person got round to sending (no coordinated omission).
            slot = run.started + run.next_slot / run.rate
            run.next_slot += 1
            if slot > started:
                await asyncio.sleep(slot - started)
            started = slot
        try:
            status, answer = await connection.post("/api/v1/chat", body, token)
        except HttpError as exc:
            run.errors.append(str(exc))
            continue
        elapsed = time.perf_counter() - started
        if status != 200:
            run.errors.append(f"HTTP {status}")
            continue
        conversation = answer["conversation_id"]
        run.latencies.append(elapsed)
    connection.close()


async def run_load(port: int, users: int, turns: int, seconds: float, rate: float | None = None,
                   server_pgid: int | None = None) -> dict[str, object]:
    run = Run(users)
    run.rate = rate
    tasks = [asyncio.create_task(person(port, i, turns, run)) for i in range(users)]
    await run.all_signed_up.wait()
    # Everyone is signed up (argon2 is slow on purpose): only now start the clock.
    run.deadline = time.monotonic() + seconds
    by_process_before = group_cpu_by_process(server_pgid) if server_pgid else {}
    client_before = time.process_time()
    started = run.started = time.perf_counter()
    run.go.set()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - client_before
    by_process_after = group_cpu_by_process(server_pgid) if server_pgid else {}
    by_process = busiest_first(by_process_before, by_process_after)
    cpu = sum(by_process_after.values()) - sum(by_process_before.values()) if server_pgid else float("nan")
    ordered = sorted(run.latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else float("nan")

    done = max(len(ordered), 1)
    return {"users": users, "turns": len(ordered), "errors": len(run.errors), "error_kinds": sorted(set(run.errors)),
            "seconds": round(elapsed, 2), "turns_per_s": round(len(ordered) / elapsed, 1),
            "p50_ms": round(pct(0.50), 1), "p95_ms": round(pct(0.95), 1), "p99_ms": round(pct(0.99), 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else None,
            "offered_rate": rate, "server_cpu_ms_per_turn": round(1000 * cpu / done, 2),
            "client_cpu_ms_per_turn": round(1000 * client_cpu / done, 2), "server_cpu_s_by_process": by_process}


def fresh_postgres() -> tuple[str, str]:
    import sqlalchemy as sa

    name = f"sh_load_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", name


def drop_postgres(name: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--turns", type=int, default=20, help="turns per person (the bound on the count)")
    parser.add_argument("--seconds", type=float, default=60, help="stop sending after this long (the bound on time)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=None,
                        help="open loop: start this many turns per second in all (default: closed loop)")
    parser.add_argument("--postgres", action="store_true", help="run on a fresh PostgreSQL database")
    args = parser.parse_args()
    pg_name = None
    url = None
    if args.postgres:
        url, pg_name = fresh_postgres()
    port = free_port()
    # A SIGTERM (from `timeout`, say) still stops the server below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with tempfile.TemporaryDirectory() as home:
            log = Path(home) / "server.log"
            server = start_server(Path(home) / "data", url, port, args.workers, log)
            try:
                result = asyncio.run(run_load(port, args.users, args.turns, args.seconds, args.rate, server.pid))
            finally:
                stop(server)
            server_log = log.read_text(errors="replace")
    finally:
        if pg_name:
            drop_postgres(pg_name)
    result.update(database="postgresql" if args.postgres else "sqlite", workers=args.workers, cpus=os.cpu_count(),
                  load_average_1min=round(os.getloadavg()[0], 2))
    if result["errors"]:
        print(server_log[-3000:], file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
