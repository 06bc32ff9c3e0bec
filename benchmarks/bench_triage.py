"""Triage latency per message: patterns (+ context) and similarity given the message's embedding.

    python benchmarks/bench_triage.py [--rounds 5]

Messages are the project-written suite (evals/data/safety), each triaged with up to 4 earlier messages
as context and with its own embedding, made just before the timed call (as the pipeline does: the
embedding pass is shared with understanding and measured there). The risk branch's two layers, which run
on that pass's trunk states, are triage's own cost and are timed. Caches are cleared before every round, so the figures are for
messages triage has not seen before. Target: p95 <= 5 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evals"))

from safety import load_cases  # noqa: E402

from steadyheart.safety import triage  # noqa: E402
from steadyheart.safety.triage import _FOUND, _context_distress, _discounted, _has_distress, _pattern_triage  # noqa: E402
from steadyheart.understanding.embedder import get_embedder  # noqa: E402


def clear_caches() -> None:
    for cached in (_pattern_triage, _has_distress, _context_distress, _discounted):
        cached.cache_clear()
    _FOUND.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = load_cases("all")
    texts = [c.text for c in cases]
    embedder = get_embedder()
    triage("warm up", (), embedder.embed_one("warm up"))  # loads patterns and example vectors once, as at start-up
    samples: list[float] = []
    cpu: list[float] = []  # CPU time of this thread: what triage costs when the machine is not shared
    for _ in range(args.rounds):
        clear_caches()
        for i, text in enumerate(texts):
            context = texts[max(0, i - 4) : i]
            vector = embedder.embed_one(text)  # untimed: the shared pass, as in a turn
            start, start_cpu = time.perf_counter(), time.thread_time()
            triage(text, context, vector)
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
    samples.sort()
    cpu.sort()
    p50 = statistics.median(samples)
    p95 = samples[int(0.95 * (len(samples) - 1))]
    p99 = samples[int(0.99 * (len(samples) - 1))]
    print(f"triage latency over {len(samples)} calls ({len(texts)} messages x {args.rounds} rounds, cold caches)")
    print(f"p50 {p50:.3f} ms   p95 {p95:.3f} ms   p99 {p99:.3f} ms   max {samples[-1]:.3f} ms   target p95 <= 5 ms")
    print(f"CPU time: p50 {statistics.median(cpu):.3f} ms   p95 {cpu[int(0.95 * (len(cpu) - 1))]:.3f} ms   "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores during the run)")
    long_text = " ".join(texts[:60])  # about 3,000 characters, near the 4,000 limit
    start = time.perf_counter()
    triage(long_text)
    print(f"one long message ({len(long_text)} chars): {(time.perf_counter() - start) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
