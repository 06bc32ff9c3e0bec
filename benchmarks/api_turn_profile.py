"""Where one `POST /api/v1/chat` turn spends its CPU, and how many SQL statements it makes.

    py-spy record -r 200 -f raw -o api.raw -- python benchmarks/bench_api_turn_cpu.py --turns 800
    python benchmarks/api_turn_profile.py --raw api.raw     # shares of the turn's samples, by part
    python benchmarks/api_turn_profile.py --sql             # SQL statements per turn, by statement

Shares count the samples of the worker threads that run the turns (start-up excluded: loading the example
index, importing modules and compiling the lexicons at their first use; so is a pool thread waiting for work), each
sample once, under the first part of PARTS its stack falls in.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import tempfile
from pathlib import Path
from typing import Any

#: (part, a frame name or path piece that puts a sample in it), checked in order: a database call made inside
#: the pipeline counts as the database.
PARTS = (
    ("database (SQLAlchemy, sqlite3)", ("sqlalchemy", "sqlite3")),
    ("embedding pass", ("Embedder._embed_text",)),
    ("safety risk branch", ("RiskBranch.scores",)),
    ("understanding detectors (analyze)", ("analyze_with_embedding",)),
    ("triage patterns and similarity", ("safety/triage.py",)),
    ("planning and phrasing", ("dialogue/planner.py", "responders/")),
    ("reply guard", ("safety/guard.py",)),
    ("rest of the chat route", ("routes/api_chat.py",)),
)
_WORKER = "WorkerThread.run"
_START_UP = ("_get_index", "exec_module", "parse_entries")
#: A pool thread waiting for its next turn: py-spy samples it, but it uses no CPU.
_IDLE = ("Condition.wait",)


def shares(raw: Path) -> tuple[int, dict[str, int]]:
    """Samples of the turn's threads, and how many fall in each part (the rest: web layer and threads)."""
    counts: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, n = line.rpartition(" ")
        if _WORKER not in stack or any(marker in stack for marker in (*_START_UP, *_IDLE)):
            continue
        total += int(n)
        part = next((name for name, keys in PARTS if any(key in stack for key in keys)),
                    "web layer (FastAPI, thread hand-off, JSON)")
        counts[part] += int(n)
    return total, dict(counts)


def sql_per_turn(turns: int) -> collections.Counter[str]:
    """Statements (first line of each) over `turns` API turns after a warm-up, as bench_api_turn_cpu runs them."""
    import bench_api_turn_cpu as bench  # same folder
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from steadyheart.web.app import create_app
    from steadyheart.web.core.config import Settings

    os.environ["STEADYHEART_RATE_CHAT_PER_MINUTE"] = "1000000"
    seen: collections.Counter[str] = collections.Counter()
    counting = False

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if counting:
            seen[statement.split("\n")[0][:100]] += 1

    def toggle() -> float:  # bench.run reads its clock once the warm-up turns are done, and once at the end
        nonlocal counting
        counting = not counting
        return 0.0

    event.listen(Engine, "before_cursor_execute", count)
    try:
        with tempfile.TemporaryDirectory() as home:
            app = create_app(Settings(home=home, warm_up=False, argon2_time_cost=1, argon2_memory_kib=8192))

            async def go() -> None:
                async with app.router.lifespan_context(app):
                    await bench.run(app, turns, clock=toggle)

            asyncio.run(go())
            app.state.web.database.dispose()
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    return seen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--raw", type=Path, help="a py-spy raw file of bench_api_turn_cpu.py")
    ap.add_argument("--sql", action="store_true", help="count the SQL statements of 20 turns")
    args = ap.parse_args()
    if args.raw is None and not args.sql:
        ap.error("give --raw FILE, --sql or both")
    if args.raw is not None:
        total, counts = shares(args.raw)
        print(f"{total} samples in the turn's threads")
        for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            print(f"  {100 * n / max(total, 1):5.1f}%  {name}")
    if args.sql:
        turns = 20
        seen = sql_per_turn(turns)
        print(f"{sum(seen.values()) / turns:.1f} SQL statements per turn")
        for statement, n in seen.most_common():
            print(f"  {n / turns:.1f}  {statement}")


if __name__ == "__main__":
    main()
