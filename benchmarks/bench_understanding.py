"""Speed of the understanding layer on this machine.

    /work/venv/bin/python benchmarks/bench_understanding.py [--rounds 300] [--threads 1]

Reports: embedder single-message latency (p50/p95; target p95 <= 6 ms), batch throughput (target
>= 300 messages/s), analyze() latency including the embedding and every detector (target p95 <= 10 ms),
and the detectors alone given an embedding. Messages are project-written, short chat messages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

MESSAGES = [
    "He hasn't texted back in four hours and my heart is racing.",
    "I really want to check his phone while he's in the shower.",
    "We had a lovely walk today and I feel calm.",
    "I'm such a needy idiot, I always ruin everything.",
    "She's been quiet all evening, I must have done something wrong.",
    "I didn't ask him if he still loves me today, and I'm proud of that.",
    "My chest is tight and I can't sleep, he's away on a work trip.",
    "He liked his ex's photo on Instagram and now I keep comparing myself to her.",
    "Can you help me write a calm message about how I feel?",
    "If he doesn't reply tonight it means he's done with me.",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[int], object], rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call. With one onnxruntime thread, CPU time is what the call
    would take on an idle core: the honest figure on a shared, overloaded machine."""
    wall, cpu = [], []
    for i in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(i)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def report(name: str, times: tuple[list[float], list[float]], target: str) -> None:
    wall, cpu = times
    print(
        f"| {name} | {statistics.median(wall):.2f} | {percentile(wall, 95):.2f} | "
        f"{statistics.median(cpu):.2f} | {percentile(cpu, 95):.2f} | {target} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--threads", type=int, default=None, help="onnxruntime threads (default: STEADYHEART_EMBED_THREADS, else up to 2)")
    args = ap.parse_args()
    if args.threads:
        os.environ["STEADYHEART_EMBED_THREADS"] = str(args.threads)

    start = time.perf_counter()
    from steadyheart.understanding import analyze, get_embedder
    from steadyheart.understanding.analyzer import analyze_with_embedding

    embedder = get_embedder()
    analyze("warm up the detectors")
    print(f"cold start (import + load + first analyze): {time.perf_counter() - start:.2f} s\n")

    # A round number suffix keeps every text distinct, as real traffic is.
    vectors = embedder.embed(MESSAGES)
    single = timed(lambda i: embedder.embed([f"{MESSAGES[i % len(MESSAGES)]} {i}"]), args.rounds)
    full = timed(lambda i: analyze(f"{MESSAGES[i % len(MESSAGES)]} {i}"), args.rounds)
    detectors = timed(
        lambda i: analyze_with_embedding(MESSAGES[i % len(MESSAGES)], vectors[i % len(MESSAGES)]), args.rounds
    )
    print("| measure | wall p50 ms | wall p95 ms | CPU p50 ms | CPU p95 ms | target |")
    print("|---|---|---|---|---|---|")
    report("embedder, one message", single, "p95 <= 6 ms")
    report("analyze(), one message (embedding + all detectors)", full, "p95 <= 10 ms")
    report("detectors only (embedding given)", detectors, "-")

    batch = [f"{MESSAGES[i % len(MESSAGES)]} {i}" for i in range(1000)]
    start, start_cpu = time.perf_counter(), time.process_time()
    embedder.embed(batch)
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(
        f"\nbatch embedding throughput: {len(batch) / wall:.0f} messages/s wall, {len(batch) / cpu:.0f} "
        f"messages per CPU-second, over {len(batch)} messages (target >= 300)"
    )
    print(f"cpu count {os.cpu_count()}, load average {os.getloadavg()[0]:.2f} (the machine is shared)")


if __name__ == "__main__":
    main()
