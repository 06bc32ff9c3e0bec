"""Python's garbage-collector pauses during chat turns, in process: does a turn ever wait for a full collection?

    python benchmarks/bench_gc_pauses.py [--turns 400] [--freeze]

Runs the same unique messages as bench_turn_cpu.py through Companion.reply (SQLite, one embedding thread) after a
warm-up, and reports each generation's collections, their total and longest pause. `--freeze` moves everything
loaded by the warm-up (models, lexicons, examples) out of the collector's sight first (gc.freeze), to see whether
that would shorten the pauses.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from typing import Any

from bench_turn_cpu import unique, warm_companion  # same folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--turns", type=int, default=400)
    ap.add_argument("--freeze", action="store_true", help="gc.freeze() after the warm-up")
    args = ap.parse_args()
    os.environ.setdefault("STEADYHEART_EMBED_THREADS", "1")  # a web worker's setting
    pauses: dict[int, list[float]] = {}
    started = 0.0

    def record(phase: str, info: dict[str, Any]) -> None:
        nonlocal started
        if phase == "start":
            started = time.perf_counter()
        else:
            pauses.setdefault(int(info["generation"]), []).append((time.perf_counter() - started) * 1000)

    with warm_companion() as (companion, user, conversation):
        tracked = len(gc.get_objects())
        if args.freeze:
            gc.collect()
            gc.freeze()
        gc.callbacks.append(record)
        try:
            clock = time.perf_counter()
            for i in range(args.turns):
                companion.reply(unique(i), conversation, user_id=user)
            wall = (time.perf_counter() - clock) / args.turns * 1000
        finally:
            gc.callbacks.remove(record)
    print(f"{args.turns} turns, {wall:.2f} ms wall a turn, {tracked} objects tracked after the warm-up"
          f"{', frozen' if args.freeze else ''}")
    for generation in (0, 1, 2):
        times = pauses.get(generation, [])
        print(f"  generation {generation}: {len(times)} collections, {sum(times):.1f} ms in all, "
              f"longest {max(times, default=0.0):.1f} ms")


if __name__ == "__main__":
    main()
