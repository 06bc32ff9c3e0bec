"""Speed of the whole companion: in-process reply latency, peak memory, and cold start to first prompt.

    python benchmarks/bench_companion.py [--messages 1000] [--database-url URL]

Messages are varied from project-written fragments; each reply includes the database write.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

OPENINGS = ["", "ugh ", "ok so ", "honestly ", "it's 2am and ", "i don't know why but ", "again, "]
SITUATIONS = [
    "he hasn't texted back in {n} hours",
    "she left me on read",
    "my boyfriend went out with his friends and didn't invite me",
    "my girlfriend liked her ex's photo",
    "we had a fight about the dishes",
    "he cancelled our plans for the {n}th time",
    "she seemed distant at dinner",
    "my partner is travelling for work for {n} days",
    "he was quiet on the phone",
    "i saw she was online but not answering me",
]
FEELINGS = [
    "and i feel sick", "and my heart is racing", "and i can't stop thinking about it",
    "and i just know he's losing interest", "and it's probably my fault", "and i want to check his phone",
    "and i keep wanting to ask if we're okay", "and i feel like i'm not enough", "and i can't sleep",
    "but i didn't text him again", "and i feel so alone", "and my chest is tight",
]


def messages(count: int) -> list[str]:
    combos = itertools.cycle(itertools.product(OPENINGS, SITUATIONS, FEELINGS))
    return [f"{o}{s.format(n=3 + i % 7)} {f}" for i, (o, s, f) in zip(range(count), combos, strict=False)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cold_start(home: Path) -> float:
    import pexpect

    exe = shutil.which("steadyheart") or str(Path(sys.executable).with_name("steadyheart"))
    assert exe, "install the project first"
    env = {**os.environ, "STEADYHEART_HOME": str(home), "TERM": "dumb"}
    start = time.perf_counter()
    child = pexpect.spawn(exe, ["chat"], env=env, encoding="utf-8", timeout=60)
    child.expect("you> ")
    elapsed = time.perf_counter() - start
    child.sendline("/quit")
    child.expect(pexpect.EOF)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    from steadyheart import Companion

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        t0 = time.perf_counter()
        companion = Companion.open(home, database_url=args.database_url)
        companion.reply("warm-up")
        warm = time.perf_counter() - t0
        latencies, cpu = [], []
        conversation = companion.new_conversation()
        for i, text in enumerate(messages(args.messages)):
            if i % 25 == 0:
                conversation = companion.new_conversation()
            start, start_cpu = time.perf_counter(), time.process_time()
            companion.reply(text, conversation)
            latencies.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        companion.close()
        from datetime import UTC, datetime

        Companion.open(home).update_profile(welcomed_at=datetime.now(UTC))
        starts = [cold_start(home) for _ in range(3)]

    print(f"database: {args.database_url or 'sqlite (file in a temporary home)'}")
    print(f"messages: {len(latencies)}")
    print(f"reply latency ms: p50 {statistics.median(latencies):.1f}  p95 {percentile(latencies, 0.95):.1f}  "
          f"max {max(latencies):.1f}")
    print(f"reply CPU time ms (all threads of this process): p50 {statistics.median(cpu):.1f}  "
          f"p95 {percentile(cpu, 0.95):.1f}")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (other work on the machine inflates wall time)")
    print(f"peak RSS: {rss_mb:.0f} MB")
    print(f"open + first reply in process: {warm:.2f} s")
    print(f"cold start to first prompt (`steadyheart chat`, median of 3): {statistics.median(starts):.2f} s")


if __name__ == "__main__":
    main()
