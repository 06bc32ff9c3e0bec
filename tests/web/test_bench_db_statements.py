"""The statement costs docs/web.md quotes: every case the benchmark times does what its name says."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import bench_db_statements

from steadyheart.store.models.conversations import User


def test_both_token_lookups_find_the_same_person_and_the_bare_cases_run(tmp_path: Path) -> None:
    measured = bench_db_statements.cases(tmp_path)
    entity = measured["token lookup, ORM entities"]()
    row = measured["token lookup, Core columns"]()
    assert isinstance(entity, User) and entity.email == "bench@example.org"
    assert row is not None and tuple(row)[1] == "bench@example.org"
    assert tuple(measured["session, one statement"]()) == (1,)  # type: ignore[call-overload]  # a Row
    assert measured["bare sqlite3, one statement"]() == (1,)
    assert bench_db_statements.cpu_ms(measured["empty session"], 5) >= 0.0
