"""The turn profile that docs/web.md quotes: its counting of samples by part, and of SQL statements per turn."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import api_turn_profile


def test_samples_are_counted_once_under_the_first_part_and_start_up_and_waiting_are_left_out(tmp_path: Path) -> None:
    raw = tmp_path / "api.raw"
    worker = "Thread._bootstrap (threading.py:1);WorkerThread.run (anyio/_backends/_asyncio.py:9)"
    raw.write_text("\n".join([
        f"{worker};chat (steadyheart/web/routes/api_chat.py:20);Embedder._embed_text (embedder.py:110) 6",
        # a query made inside the pipeline is the database's, not the pipeline's
        f"{worker};stream_turn (steadyheart/pipeline.py:1);Session.execute (sqlalchemy/orm/session.py:2) 3",
        f"{worker};_get_index (steadyheart/safety/similarity.py:123) 50",  # start-up
        f"{worker};run_endpoint_function (fastapi/routing.py:1) 1",
        f"{worker};Queue.get (queue.py:1);Condition.wait (threading.py:2) 30",  # a pool thread waiting: no CPU
        "MainThread (asyncio/events.py:1) 40",  # not a turn's thread
    ]) + "\n", encoding="utf-8")
    total, counts = api_turn_profile.shares(raw)
    assert total == 10
    assert counts == {"embedding pass": 6, "database (SQLAlchemy, sqlite3)": 3,
                      "web layer (FastAPI, thread hand-off, JSON)": 1}


def test_a_chat_turn_makes_seven_sql_statements() -> None:
    seen = api_turn_profile.sql_per_turn(3)
    assert sum(seen.values()) == 3 * 7, seen
    assert sum(n for statement, n in seen.items() if statement.startswith("INSERT INTO turns")) == 3
