"""How long insights, charts, the report, export, import and delete take on a year of data.

Run: /work/venv/bin/python benchmarks/journal_bench.py [--days 365] [--pg URL]
Builds a synthetic history in a temporary SQLite home (or the given PostgreSQL database): three check-ins
and five tagged chat turns a day. Prints one line per operation (best of 3 runs, in milliseconds).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from steadyheart.journal import build_report, insights, record_checkin, render_charts
from steadyheart.privacy import export as portability
from steadyheart.store import conversations as repo
from steadyheart.store.db import Database
from steadyheart.store.models.conversations import User

TRIGGERS = ["unanswered text", "partner out with friends", "social media", "work", "an old argument"]
TRAPS = ["mind_reading", "catastrophising", "fortune_telling", "labelling"]


def build(database: Database, days: int, seed: int = 7) -> tuple[int, datetime]:
    rng = random.Random(seed)
    start = datetime(2025, 1, 6, tzinfo=UTC)
    with database.session() as session:
        user = User(email=None, settings={}, display_name="Bench")
        session.add(user)
        session.flush()
        conversation = repo.new_conversation(session, user.id)
        for day in range(days):
            for slot in range(3):
                at = start + timedelta(days=day, hours=rng.choice([2, 9, 13, 18, 22]), minutes=slot)
                level = rng.randint(0, 10)
                record_checkin(session, user.id, created_at=at, insecurity=level, anxiety=max(0, level - 1),
                               trigger=rng.choice(TRIGGERS), social_minutes=rng.randint(0, 300),
                               sleep_hours=rng.uniform(4, 9), urge="ask for reassurance",
                               urge_outcome=rng.choice(["acted", "resisted"]), note=f"note {day}-{slot}",
                               share_note=rng.random() < 0.02, exercise=rng.choice(["paced breathing", "grounding"]),
                               intensity_before=level, intensity_after=max(0, level - rng.randint(0, 4)))
            for k in range(5):
                analysis = {"traps": [{"name": rng.choice(TRAPS), "score": 0.8, "evidence": "", "why": ""}],
                            "triggers": [{"name": rng.choice(TRIGGERS), "score": 0.7, "evidence": ""}],
                            "intensity": rng.random()}
                repo.add_turn(session, conversation, user_text=f"message {day}-{k}", reply_text="reply",
                              tier=rng.choice(["none"] * 20 + ["ambiguous"]), triage={}, analysis=analysis,
                              plan={}, responder="embedded", created_at=start + timedelta(days=day, hours=20, minutes=k))
    return user.id, start + timedelta(days=days)


def best_ms(action: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--pg", help="a PostgreSQL URL to an empty database instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(args.pg or f"sqlite:///{Path(folder) / 'bench.db'}")
        database.migrate()
        began = time.perf_counter()
        user_id, now = build(database, args.days)
        print(f"built {args.days} days ({args.days * 3} check-ins, {args.days * 5} turns) "
              f"in {time.perf_counter() - began:.1f} s on {database.engine.dialect.name}")

        def in_session(work: Callable[..., object]) -> Callable[[], object]:
            def run() -> object:
                with database.session() as session:
                    return work(session)
            return run

        rows = {
            "insights (all data)": in_session(lambda s: insights(s, user_id, now)),
            "render_charts png+svg (4 charts)": in_session(lambda s: render_charts(s, user_id, Path(folder) / "c", now=now)),
            "build_report html, 8 weeks": in_session(lambda s: build_report(s, user_id, 8, "html", now=now)),
            "build_report pdf, 8 weeks": in_session(lambda s: build_report(s, user_id, 8, "pdf", now=now)),
            "export (JSON + CSV)": in_session(lambda s: portability.write_export(s, user_id, Path(folder) / "e")),
        }
        for label, action in rows.items():
            print(f"{label:36s} {best_ms(action):8.0f} ms")
        data = portability.read_export(Path(folder) / "e")
        target = Database(f"sqlite:///{Path(folder) / 'restored.db'}")
        target.migrate()
        with target.session() as session:
            began = time.perf_counter()
            portability.import_person(session, data)
        print(f"{'import into an empty SQLite home':36s} {(time.perf_counter() - began) * 1000:8.0f} ms")
        began = time.perf_counter()
        portability.delete_everything(database, user_id)
        print(f"{'delete --all incl. scrub':36s} {(time.perf_counter() - began) * 1000:8.0f} ms")
        target.dispose()
        database.dispose()


if __name__ == "__main__":
    main()
