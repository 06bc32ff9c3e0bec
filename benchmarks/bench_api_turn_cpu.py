"""Server CPU of one `POST /api/v1/chat` turn, in process: the whole app (middleware, auth, rate limit,
the companion, the JSON answer) called as ASGI, with no HTTP client or socket in the count.

    python benchmarks/bench_api_turn_cpu.py [--turns 300] [--postgres]

CPU time (`time.process_time`) of the process, so the figure holds roughly when other jobs share the
cores (contention still inflates it a little: compare two versions in alternating runs). What the web
layer adds is this figure minus `bench_turn_cpu.py`'s `Companion.reply`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

from bench_turn_cpu import unique  # same folder: the same messages as the in-process reply benchmark

PASSWORD = "a long enough benchmark passphrase"


async def call(app: Any, method: str, path: str, body: dict[str, Any], token: str = "") -> tuple[int, Any]:
    """One request straight into the ASGI app, as uvicorn would make it."""
    raw = json.dumps(body).encode()
    headers = [(b"host", b"bench"), (b"content-type", b"application/json"),
               (b"content-length", str(len(raw)).encode())]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": headers, "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000)}
    sent = False
    status, chunks = 0, []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.Event().wait()  # like a client that keeps the connection open
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, json.loads(b"".join(chunks) or b"null")


async def run(app: Any, turns: int, clock: Callable[[], float] = time.process_time) -> float:
    """CPU ms per timed turn; `clock` is read once before and once after the timed turns."""
    email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
    status, _ = await call(app, "POST", "/api/v1/users", {"email": email, "password": PASSWORD})
    assert status in (200, 201, 202), status  # 202: signed up (the same answer whether or not the email was new)
    status, answer = await call(app, "POST", "/api/v1/token", {"email": email, "password": PASSWORD})
    token = answer["access_token"]
    conversation = None

    async def turn(i: int) -> None:
        nonlocal conversation
        body: dict[str, Any] = {"text": unique(i)}  # no cache keyed on the text helps
        if conversation is not None:
            body["conversation_id"] = conversation
        status, answer = await call(app, "POST", "/api/v1/chat", body, token)
        if status != 200:
            raise SystemExit(f"turn {i}: HTTP {status}: {answer}")
        conversation = answer["conversation_id"]

    for i in range(10):  # warm the models, the caches and the connection pool
        await turn(i)
    start = clock()
    for i in range(10, 10 + turns):
        await turn(i)
    return (clock() - start) / turns * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--turns", type=int, default=300)
    ap.add_argument("--postgres", action="store_true", help="a fresh PostgreSQL database, dropped after")
    args = ap.parse_args()
    os.environ.setdefault("STEADYHEART_EMBED_THREADS", "1")  # a web worker's setting
    os.environ["STEADYHEART_RATE_CHAT_PER_MINUTE"] = "1000000"

    from http_load import drop_postgres, fresh_postgres  # same folder: one way to make a scratch database

    from steadyheart.web.app import create_app
    from steadyheart.web.core.config import Settings

    with tempfile.TemporaryDirectory() as home:
        database_url, pg_name = fresh_postgres() if args.postgres else (None, "")
        settings = Settings(home=home, database_url=database_url, warm_up=False,
                            argon2_time_cost=1, argon2_memory_kib=8192)
        app = create_app(settings)

        async def with_lifespan() -> float:
            async with app.router.lifespan_context(app):
                return await run(app, args.turns)

        try:
            cpu = asyncio.run(with_lifespan())
        finally:
            app.state.web.database.dispose()
            if pg_name:
                drop_postgres(pg_name)
    load = os.getloadavg()[0]
    print(f"load average {load:.1f}")
    print(f"POST /api/v1/chat in process ({'PostgreSQL' if args.postgres else 'SQLite'}): {cpu:.2f} ms CPU per turn")


if __name__ == "__main__":
    main()
