"""Nothing lost: a real SIGKILL in the middle of a burst of turns, many times over, on one home.

A child process replies to a burst of messages and prints "ack" after each reply returns; the parent
kills it at a random moment. Afterwards the database must pass PRAGMA integrity_check, hold every
acknowledged turn, and hold no half-written turn (each has both texts, indexes without gaps).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHILD = r'''
import sys
from steadyheart import Companion
companion = Companion.open(sys.argv[1], database_url=sys.argv[3] or None)
round_ = sys.argv[2]
conversation = None
for i in range(10_000):
    reply = companion.reply(f"burst {round_}-{i}: he still has not answered and I want to ask again", conversation)
    conversation = reply.conversation_id
    print(f"ack {round_}-{i} {conversation} {reply.turn_index}", flush=True)
'''
MAX_ROUNDS = 30
TIME_BUDGET_S = 75.0


def _run_round(home: Path, round_: int, rng: random.Random, url: str = "") -> list[str]:
    """Start a burst, kill it at a random point, return the acknowledged message ids."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(home), str(round_), url], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**os.environ, "STEADYHEART_HOME": str(home)})
    assert child.stdout is not None
    acks: list[str] = []
    first = child.stdout.readline()  # wait until it is really writing, then let it run a random while
    if first.startswith("ack"):
        acks.append(first.split()[1])
    time.sleep(rng.uniform(0.0, 0.6))
    child.send_signal(signal.SIGKILL)
    rest, errors = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, errors
    acks += [line.split()[1] for line in rest.splitlines() if line.startswith("ack ")]
    return acks


def _stored_turns(companion: object) -> list[str]:
    """Every stored turn's message id, checking that none is half-written and indexes have no gap."""
    stored: list[str] = []
    for summary in companion.conversations():  # type: ignore[attr-defined]
        turns = companion.turns(summary.id)  # type: ignore[attr-defined]
        assert [t.index for t in turns] == list(range(len(turns)))  # no gap, no duplicate
        assert all(t.user_text and t.reply_text and t.tier for t in turns)  # no half-written turn
        stored += [t.user_text.split(":")[0].removeprefix("burst ") for t in turns]
    companion.close()  # type: ignore[attr-defined]
    return stored


@pytest.mark.slow
@pytest.mark.postgres
def test_sigkill_mid_burst_on_postgresql(home: Path, pg_url: str) -> None:
    from steadyheart import Companion

    rng = random.Random(7)
    acknowledged: list[str] = []
    started, rounds = time.monotonic(), 0
    while rounds < 10 and time.monotonic() - started < 35.0:
        acknowledged += _run_round(home, rounds, rng, pg_url)
        rounds += 1
    stored = _stored_turns(Companion.open(home, database_url=pg_url))
    missing = sorted(set(acknowledged) - set(stored))
    print(f"postgres rounds: {rounds}; acknowledged: {len(acknowledged)}; stored: {len(stored)}; missing: {len(missing)}")
    assert rounds >= 3 and missing == [] and len(stored) == len(set(stored))


@pytest.mark.slow
def test_sigkill_mid_burst_loses_no_acknowledged_turn(home: Path) -> None:
    from steadyheart import Companion

    rng = random.Random(20261125)
    acknowledged: list[str] = []
    started = time.monotonic()
    rounds = 0
    while rounds < MAX_ROUNDS and time.monotonic() - started < TIME_BUDGET_S:
        acknowledged += _run_round(home, rounds, rng)
        rounds += 1
        with sqlite3.connect(home / "steadyheart.db") as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = _stored_turns(Companion.open(home))
    missing = sorted(set(acknowledged) - set(stored))
    print(f"rounds: {rounds}; acknowledged turns: {len(acknowledged)}; stored: {len(stored)}; "
          f"stored but not acknowledged (killed between commit and ack): {len(set(stored) - set(acknowledged))}; "
          f"missing: {len(missing)}")
    assert rounds >= 5
    assert len(acknowledged) >= rounds
    assert missing == []
    assert len(stored) == len(set(stored))
