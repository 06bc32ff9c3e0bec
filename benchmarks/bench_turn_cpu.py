"""Where a turn's CPU goes, in process: the whole `Companion.reply`, its embedding, and the safety
similarity product, with one OpenBLAS thread (the default) or more.

    python benchmarks/bench_turn_cpu.py [--turns 200] [--blas-threads 1]

CPU time (`time.process_time`), so the figures hold when other jobs share the cores; a second OpenBLAS
thread only shows its cost when the cores are busy.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Written for this benchmark: ordinary relationship-anxiety messages of different shapes.
MESSAGES = [
    "He hasn't replied in three hours and I keep refreshing the chat.",
    "I want to ask her again if we're okay but I asked twice today already.",
    "My chest feels tight every time my phone buzzes and it's not him.",
    "She liked someone else's photo and now I can't stop thinking about it.",
    "We had a nice dinner but I still feel like something is off.",
]


def unique(i: int) -> str:
    return f"{MESSAGES[i % len(MESSAGES)]} ({i})"


@contextmanager
def warm_companion() -> Iterator[tuple[Any, int, int]]:
    """A Companion in a temporary home with one person and one conversation, its models and caches warmed."""
    from steadyheart.companion import Companion

    with tempfile.TemporaryDirectory() as home:
        companion = Companion.open(Path(home))
        try:
            user = companion.create_user("bench@example.org")
            conversation = companion.new_conversation(user)
            for message in MESSAGES * 2:
                companion.reply(message, conversation, user_id=user)
            yield companion, user, conversation
        finally:
            companion.close()


def cpu_ms(fn: Callable[[int], object], rounds: int) -> float:
    start = time.process_time()
    for i in range(rounds):
        fn(i)
    return (time.process_time() - start) / rounds * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--turns", type=int, default=200)
    ap.add_argument("--blas-threads", type=int, default=None, help="OpenBLAS threads (default: steadyheart's 1)")
    args = ap.parse_args()
    if args.blas_threads:
        os.environ["OPENBLAS_NUM_THREADS"] = str(args.blas_threads)  # before numpy loads OpenBLAS
    os.environ.setdefault("STEADYHEART_EMBED_THREADS", "1")  # a web worker's setting: CPU equals work done

    from steadyheart.safety.similarity import nearest_ordinary_score
    from steadyheart.understanding import embed_one

    with warm_companion() as (companion, user, conversation):
        # Every message unique, as in real use: triage and the detectors keep small caches keyed on the
        # text (earlier messages are read again as context each turn), and a repeated text would hit them.
        reply = cpu_ms(lambda i: companion.reply(unique(i), conversation, user_id=user), args.turns)
    embed = cpu_ms(lambda i: embed_one(unique(i + args.turns)), args.turns)
    vector = embed_one(MESSAGES[0])
    # A fresh vector each time, so no memo of the last product applies.
    product = cpu_ms(lambda i: nearest_ordinary_score(vector * (1 + i * 1e-6)), args.turns)
    print(f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, load average {os.getloadavg()[0]:.1f}")
    print(f"Companion.reply (SQLite, one embedding thread): {reply:.2f} ms CPU per turn")
    print(f"  of which the embedding: {embed:.2f} ms; everything else: {reply - embed:.2f} ms")
    print(f"safety similarity product (all examples x 384): {product:.3f} ms CPU")


if __name__ == "__main__":
    main()
