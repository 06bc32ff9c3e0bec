"""The history a turn reads: the last exchanges, oldest first, and the next index, on real SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from steadyheart.privacy.encryption import bind_person_key
from steadyheart.store import conversations as repo
from steadyheart.store.db import Database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'store.db'}" if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))
    db = Database(url)
    db.migrate()
    return db


def test_history_is_the_last_exchanges_oldest_first_with_the_next_index(database: Database) -> None:
    with database.session() as session:
        user = repo.ensure_local_user(session)
        bind_person_key(session, user.id)
        conversation = repo.new_conversation(session, user.id)
        assert repo.recent_turns(session, conversation.id, 3) == ([], 0)
        for i in range(5):
            repo.add_turn(session, conversation, i, user_text=f"message {i}", reply_text=f"reply {i}", tier="none",
                          triage={}, analysis={}, plan={}, responder="embedded")
        session.flush()
        exchanges, next_index = repo.recent_turns(session, conversation.id, 3)
        assert exchanges == [("message 2", "reply 2"), ("message 3", "reply 3"), ("message 4", "reply 4")]
        assert next_index == 5
        # no history asked for still gives the right index (the turn must not reuse one)
        assert repo.recent_turns(session, conversation.id, 0) == ([], 5)
    database.dispose()
