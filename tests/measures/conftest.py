"""Fixtures for the measures tests: the catalog, and a migrated database (SQLite, or PostgreSQL too)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest

from steadyheart.measures.catalog import Catalog, Instrument
from steadyheart.store.db import Database
from steadyheart.store.models.conversations import User

DATA = Path(__file__).parent / "data"


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture
def operator_home(home: Path) -> Path:
    """A home whose operator added the reverse-keyed test instrument as a file."""
    (home / "instruments").mkdir(parents=True)
    shutil.copy(DATA / "reverse_check.yaml", home / "instruments" / "reverse_check.yaml")
    return home


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'measures.db'}")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The same test on real SQLite and on a fresh real PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'measures.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    database = Database(url)
    database.migrate()
    yield database
    database.dispose()


class UserMaker(Protocol):
    def __call__(self, database: Database, *, consent: bool | None = None, country: str | None = None) -> int: ...


@pytest.fixture
def add_user() -> UserMaker:
    """Adds a person to a database: `add_user(db, consent=True, country="GB") -> id`."""
    return _add_user


def _add_user(database: Database, *, consent: bool | None = None, country: str | None = None) -> int:
    settings = {} if consent is None else {"research_consent": consent}
    with database.session() as session:
        user = User(email=None, settings=settings, country=country)
        session.add(user)
        session.flush()
        return user.id


def answers_for_total(instrument: Instrument, total: int) -> dict[str, int]:
    """Answers to the scored items adding up to `total`, each as high as it can be, from the first item."""
    answers: dict[str, int] = {}
    left = total
    for item in instrument.scored_items:
        value = min(max(o.value for o in instrument.options_for(item)), left)
        answers[item.id] = value
        left -= value
    assert left == 0, f"{instrument.id} cannot reach {total}"
    return answers
