"""Speed of the questionnaire code: scoring, the operator outcome figures, and the CLI cold start.

    python benchmarks/bench_measures.py [--people 1000] [--database-url URL]

Builds a synthetic consenting cohort (GAD-7 at baseline, 2, 4, 6 and 8 weeks; scores drawn from a
seeded generator) in a temporary SQLite file unless --database-url is given, then times `outcomes()`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from steadyheart.measures.catalog import Catalog
from steadyheart.measures.outcomes import outcomes
from steadyheart.measures.scoring import score
from steadyheart.store.db import Database
from steadyheart.store.models.conversations import User
from steadyheart.store.models.measures import COMPLETED, MeasureAdministration, MeasureAnswer

START = datetime(2026, 1, 5, tzinfo=UTC)


def bench_scoring(catalog: Catalog, rounds: int = 20_000) -> float:
    gad7 = catalog.get("gad7")
    rng = random.Random(1)
    forms = [{str(i): rng.randint(0, 3) for i in range(1, 8)} for _ in range(rounds)]
    began = time.perf_counter()
    for form in forms:
        score(gad7, form)
    return (time.perf_counter() - began) / rounds * 1e6


def build_cohort(database: Database, catalog: Catalog, people: int) -> None:
    gad7 = catalog.get("gad7")
    rng = random.Random(7)
    with database.session() as session:
        users = [User(email=f"p{i}@example.org", settings={"research_consent": True}) for i in range(people)]
        session.add_all(users)
        session.flush()
        admin_rows, answers_by_admin = [], []
        for user in users:
            level = rng.randint(5, 18)
            for visit in range(5):
                form = {str(i): max(0, min(3, round(level / 7 + rng.uniform(-1, 1)))) for i in range(1, 8)}
                result = score(gad7, form)
                when = START + timedelta(weeks=2 * visit)
                admin_rows.append(dict(user_id=user.id, instrument="gad7", instrument_version=gad7.version,
                                       status=COMPLETED, source="cli", started_at=when, updated_at=when,
                                       completed_at=when, total=result.total, band=result.band, flags=list(result.flags)))
                answers_by_admin.append(form)
                level = max(0, level - rng.randint(0, 2))
        ids = session.scalars(insert(MeasureAdministration).returning(MeasureAdministration.id), admin_rows).all()
        session.execute(insert(MeasureAnswer), [
            dict(administration_id=admin_id, item_id=item_id, position=int(item_id) - 1, value=value,
                 answered_at=START)
            for admin_id, form in zip(ids, answers_by_admin, strict=True) for item_id, value in form.items()])


def bench_cli(runs: int = 5) -> float:
    script = Path(sys.executable).parent / "steadyheart"
    times = []
    with tempfile.TemporaryDirectory() as home:
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run([str(script), "measure", "gad7", "--answers", "1,2,3,0,1,2,3", "--json", "--no-save"],
                           capture_output=True, check=True, env={"STEADYHEART_HOME": home, "PATH": ""})
            times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    catalog = Catalog.load()
    print(f"score(): {bench_scoring(catalog):.1f} µs per GAD-7 form")
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}")
        database.migrate()
        began = time.perf_counter()
        build_cohort(database, catalog, args.people)
        print(f"built {args.people} people x 5 GAD-7 in {time.perf_counter() - began:.1f} s")
        timings = []
        for _ in range(3):
            began = time.perf_counter()
            with database.session() as session:
                report = outcomes(session, catalog.get("gad7"), 8, START + timedelta(weeks=30))
            timings.append(time.perf_counter() - began)
        print(f"outcomes(): N={report.n}, mean change {report.mean_percent_change}% "
              f"CI {report.ci95_mean_percent_change}, median of 3 runs {statistics.median(timings) * 1000:.0f} ms")
        database.dispose()
    print(f"CLI: `steadyheart measure gad7 --answers … --json --no-save`, median of 5: {bench_cli():.2f} s")


if __name__ == "__main__":
    main()
