"""The load client that benchmarks/http_load.py measures with, against a real `steadyheart serve`.

Its figures are only as good as its counting: every turn it reports must be a 200 the server saved.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import httpx

from .server import running_server

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import http_load


def test_the_load_client_counts_only_saved_turns_and_reports_cpu(tmp_path: Path) -> None:
    with running_server(tmp_path / "home") as base:
        port = int(base.rsplit(":", 1)[1])
        closed = asyncio.run(http_load.run_load(port, users=3, turns=2, seconds=60))
        opened = asyncio.run(http_load.run_load(port, users=2, turns=2, seconds=60, rate=20))
        with httpx.Client(base_url=base, timeout=60) as client:
            token = client.post("/api/v1/token", json={"email": "load0@example.org", "password": http_load.PASSWORD})
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            listing = client.get("/api/v1/conversations", headers=headers).json()
    assert closed["errors"] == 0 and closed["turns"] == 6
    assert opened["errors"] == 0 and opened["turns"] == 4 and opened["offered_rate"] == 20
    assert 0 < float(str(closed["p50_ms"])) <= float(str(closed["p99_ms"]))
    assert float(str(closed["client_cpu_ms_per_turn"])) > 0
    # person 0 chatted in both runs (the second sign-up is refused, the token still comes): 2 + 2 turns, all
    # saved in one conversation (the API continues the latest when no conversation id is sent)
    assert [c["turn_count"] for c in listing] == [4]


def test_cpu_is_read_per_process_and_reported_busiest_first() -> None:
    before = http_load.group_cpu_by_process(os.getpgid(0))
    assert os.getpid() in before
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:  # spend CPU in this process only
        pass
    after = http_load.group_cpu_by_process(os.getpgid(0))
    spent = http_load.busiest_first(before, after)
    assert spent and spent[0] >= 0.15 and spent == sorted(spent, reverse=True)
    assert http_load.busiest_first({1: 3.0, 2: 1.0}, {1: 4.0, 2: 1.01, 3: 0.5}) == [1.0, 0.5]  # idle one left out


def test_every_message_is_unique_so_no_text_cache_flatters_the_server() -> None:
    texts = {http_load.message(person, turn) for person in range(50) for turn in range(20)}
    assert len(texts) == 50 * 20


def test_a_refused_connection_is_an_error_not_a_crash() -> None:
    async def attempt() -> str:
        connection = http_load.Connection(http_load.free_port())
        try:
            await connection.post("/api/v1/chat", {"text": "hi"}, "token", timeout=5)
        except http_load.HttpError as exc:
            return str(exc)
        return "no error"

    assert asyncio.run(attempt()) in {"ConnectionRefusedError", "OSError"}
