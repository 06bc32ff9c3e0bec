"""Safety plan and safety event storage on real SQLite and real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from steadyheart.errors import InputError
from steadyheart.safety.plans import (
    SECTION_KEYS,
    delete_safety_plan,
    format_safety_plan,
    get_safety_plan,
    make_plan,
    record_safety_event,
    safety_event_counts,
    save_safety_plan,
)
from steadyheart.store.conversations import ensure_local_user
from steadyheart.store.db import Database
from steadyheart.store.models.conversations import User


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, home: Path, tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'plans.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    db = Database(url)
    db.migrate()
    request.addfinalizer(db.dispose)
    return db


def _user(database: Database) -> int:
    with database.session() as session:
        return ensure_local_user(session).id


def test_plan_round_trip_and_replace(database: Database) -> None:
    user_id = _user(database)
    with database.session() as session:
        assert get_safety_plan(session, user_id) is None
    plan = make_plan({"warning_signs": ["not sleeping", "  checking his phone  "], "reasons_to_live": ["my dog"]})
    with database.session() as session:
        save_safety_plan(session, user_id, plan)
    with database.session() as session:
        stored = get_safety_plan(session, user_id)
    assert stored is not None and stored.warning_signs == ["not sleeping", "checking his phone"]
    with database.session() as session:
        save_safety_plan(session, user_id, make_plan({"people_to_ask": ["my sister 555-0100"]}))
    with database.session() as session:
        replaced = get_safety_plan(session, user_id)
    assert replaced is not None and replaced.people_to_ask == ["my sister 555-0100"] and not replaced.warning_signs
    assert "my sister 555-0100" in format_safety_plan(replaced)


def test_plan_is_sealed_at_rest(database: Database) -> None:
    user_id = _user(database)
    with database.session() as session:
        save_safety_plan(session, user_id, make_plan({"reasons_to_live": ["my niece Amara"]}))
    with database.engine.connect() as connection:
        raw = connection.execute(sa.text("select content from safety_plans")).scalar_one()
    assert "Amara" not in raw


def test_bad_plan_input_is_one_clear_sentence_and_keeps_the_old_plan(database: Database) -> None:
    user_id = _user(database)
    with database.session() as session:
        save_safety_plan(session, user_id, make_plan({"coping_alone": ["a walk"]}))
    with pytest.raises(InputError, match="at most 300 characters"):
        make_plan({"coping_alone": ["x" * 301]})
    with pytest.raises(InputError, match="no section called"):
        make_plan({"favourite_colour": ["blue"]})
    with database.session() as session:
        kept = get_safety_plan(session, user_id)
    assert kept is not None and kept.coping_alone == ["a walk"]


def test_plan_and_events_go_when_the_person_is_deleted(database: Database) -> None:
    user_id = _user(database)
    with database.session() as session:
        save_safety_plan(session, user_id, make_plan({"warning_signs": ["x"]}))
        record_safety_event(session, user_id, "triage", "elevated", "suicide")
    with database.session() as session:
        session.delete(session.get(User, user_id))
    with database.engine.connect() as connection:
        assert connection.execute(sa.text("select count(*) from safety_plans")).scalar_one() == 0
        assert connection.execute(sa.text("select count(*) from safety_events")).scalar_one() == 0


def test_events_are_counts_without_text(database: Database) -> None:
    user_id = _user(database)
    with database.session() as session:
        record_safety_event(session, user_id, "triage", "imminent", "suicide")
        record_safety_event(session, user_id, "triage", "imminent", "suicide")
        record_safety_event(session, user_id, "guard_block", "none", "method_info")
    with database.session() as session:
        counts = safety_event_counts(session, user_id)
        delete_safety_plan(session, user_id)
    assert counts[("triage", "imminent", "suicide")] == 2
    assert counts[("guard_block", "none", "method_info")] == 1
    with database.session() as session, pytest.raises(ValueError):
        record_safety_event(session, user_id, "I want to die", "none")  # text is not a kind


def test_every_section_is_known() -> None:
    assert len(SECTION_KEYS) == 7
