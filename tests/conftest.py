"""Shared fixtures: a temporary home, real SQLite and a fresh PostgreSQL database per test module."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ADMIN_URL = os.environ.get("STEADYHEART_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory; STEADYHEART_HOME points at it and no database URL leaks in."""
    path = tmp_path / "home"
    monkeypatch.setenv("STEADYHEART_HOME", str(path))
    monkeypatch.delenv("STEADYHEART_DATABASE_URL", raising=False)
    return path


def _pg_available() -> str | None:
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A brand-new PostgreSQL database for one test, dropped afterwards. In CI a missing server fails."""
    import sqlalchemy as sa

    reason = _pg_available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"sh_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
