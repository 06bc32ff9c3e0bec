"""Memory: only what the person chose to share, listed, changed and erased, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from steadyheart.dialogue.memory import (
    apply_updates,
    describe_memory,
    forget,
    forget_all,
    list_memory,
    remember,
)
from steadyheart.dialogue.remember import read_memory_change
from steadyheart.errors import InputError
from steadyheart.store.db import Database
from steadyheart.store.models import Base
from steadyheart.store.models.conversations import User
from steadyheart.store.models.memory import MemoryItem


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'memory.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    db = Database(url)
    db.migrate()
    yield db
    db.dispose()


def _user(db: Database) -> int:
    with db.session() as session:
        user = User(display_name=None)
        session.add(user)
        session.flush()
        return user.id


def test_migration_matches_the_model(database: Database) -> None:
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diff if "memory_items" in str(d)] == []


def test_list_set_forget_one_and_all(database: Database) -> None:
    user = _user(database)
    other = _user(database)
    with database.session() as session:
        remember(session, user, "partner_name", "Sam")
        remember(session, user, "name", "Robin")
        remember(session, other, "name", "Kai")
    with database.session() as session:
        assert list_memory(session, user) == {"name": "Robin", "partner_name": "Sam"}
        remember(session, user, "partner name", "  Sam  Lee ")
    with database.session() as session:
        assert list_memory(session, user)["partner_name"] == "Sam Lee"
        assert forget(session, user, "name") is True
        assert forget(session, user, "name") is False
    with database.session() as session:
        assert list_memory(session, user) == {"partner_name": "Sam Lee"}
        assert forget_all(session, user) == 1
    with database.session() as session:
        assert list_memory(session, user) == {}
        assert list_memory(session, other) == {"name": "Kai"}


def test_apply_updates_from_a_plan(database: Database) -> None:
    user = _user(database)
    with database.session() as session:
        apply_updates(session, user, {"what_helps": "a walk", "name": "Robin"})
    with database.session() as session:
        apply_updates(session, user, {"name": None})
    with database.session() as session:
        assert list_memory(session, user) == {"what_helps": "a walk"}


def test_deleting_a_user_erases_their_memory(database: Database) -> None:
    user = _user(database)
    with database.session() as session:
        remember(session, user, "name", "Robin")
    with database.session() as session:
        session.delete(session.get(User, user))
    with database.session() as session:
        assert session.scalars(select(MemoryItem)).all() == []


@pytest.mark.parametrize(("key", "value", "problem"), [
    ("shoe_size", "42", "only keep"),
    ("name", "   ", "nothing to remember"),
    ("name", "x" * 500, "too long"),
])
def test_bad_memory_input_gets_one_sentence_and_saves_nothing(database: Database, key: str, value: str,
                                                               problem: str) -> None:
    user = _user(database)
    with pytest.raises(InputError, match=problem), database.session() as session:
        remember(session, user, "name", "Robin")
        remember(session, user, key, value)
    with database.session() as session:
        assert list_memory(session, user) == {}  # the whole transaction rolled back


def test_describe_memory_in_plain_words() -> None:
    assert describe_memory({"partner_name": "Sam"}) == ["Your partner's name: Sam"]
    assert "not keeping anything" in describe_memory({})[0]


@pytest.mark.parametrize(("text", "updates"), [
    ("you can call me Robin", {"name": "Robin"}),
    ("my girlfriend's name is Maya and we've been together for two years",
     {"partner_name": "Maya", "together_for": "two years"}),
    ("my boyfriend is called Sam", {"partner_name": "Sam"}),
    ("what helps me is going for a run", {"what_helps": "going for a run"}),
    ("I get triggered when he goes quiet at dinner", {"triggers": "he goes quiet at dinner"}),
    ("please forget my partner's name", {"partner_name": None}),
    ("I'm so tired of this", {}),
    ("my boyfriend is angry with me", {}),
])
def test_only_what_is_shared_on_purpose_is_remembered(text: str, updates: dict[str, str | None]) -> None:
    memory = {"partner_name": "Sam"} if "forget" in text else {}
    assert read_memory_change(text, memory).updates == updates


def test_forget_everything() -> None:
    change = read_memory_change("forget everything", {"name": "Robin", "what_helps": "a walk"})
    assert change.updates == {"name": None, "what_helps": None} and change.forgot
