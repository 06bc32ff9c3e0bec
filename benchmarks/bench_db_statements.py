"""What one database statement costs the API turn on SQLite, in CPU: where docs/web.md's database share goes.

    python benchmarks/bench_db_statements.py [--calls 2000]

Each line is the CPU time (`time.process_time`) per call, after 200 warm-up calls, each case run twice in
alternation: the bearer-token lookup as ORM entities (Accounts.token_owner, as every API call makes it) and the
same lookup as a Core column select, an empty session, a session with one trivial statement, and the same
statement on a bare sqlite3 connection.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select, text

from steadyheart.store.db import Database
from steadyheart.store.models.accounts import ApiToken
from steadyheart.store.models.conversations import User
from steadyheart.web.core.accounts import Accounts, token_hash
from steadyheart.web.core.config import Settings
from steadyheart.web.core.security import Passwords


def cases(folder: Path) -> dict[str, Callable[[], object]]:
    database = Database(f"sqlite:///{folder}/bench.db")
    database.migrate()
    accounts = Accounts(Settings(home=folder, warm_up=False), Passwords(1, 8192, 1))
    with database.session() as session:
        user_id = accounts.sign_up(session, "bench@example.org", "a long enough benchmark passphrase")
    assert user_id is not None
    with database.session() as session:
        token, _ = accounts.issue_token(session, user_id)
    raw = sqlite3.connect(folder / "bench.db")

    def token_as_entities() -> object:
        with database.session() as session:
            return accounts.token_owner(session, token)

    def token_as_columns() -> object:
        with database.session() as session:
            return session.execute(
                select(User.id, User.email, User.display_name, User.country, User.settings, ApiToken.expires_at)
                .join(ApiToken, ApiToken.user_id == User.id).where(ApiToken.token_hash == token_hash(token))
            ).first()

    def empty_session() -> object:
        with database.session() as session:
            return session

    def one_statement() -> object:
        with database.session() as session:
            return session.execute(text("select 1")).first()

    def bare_sqlite3() -> object:
        row = raw.execute("select 1").fetchone()
        raw.commit()
        return row

    return {"token lookup, ORM entities": token_as_entities, "token lookup, Core columns": token_as_columns,
            "empty session": empty_session, "session, one statement": one_statement,
            "bare sqlite3, one statement": bare_sqlite3}


def cpu_ms(call: Callable[[], object], calls: int) -> float:
    for _ in range(200):
        call()
    start = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - start) / calls * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measured = cases(Path(folder))
        runs: dict[str, list[float]] = {name: [] for name in measured}
        for _ in range(2):
            for name, call in measured.items():
                runs[name].append(cpu_ms(call, args.calls))
    for name, values in runs.items():
        print(f"{name:30} {' / '.join(f'{v:.3f}' for v in values)} ms CPU per call")


if __name__ == "__main__":
    main()
