"""The gentle schedule: baseline, then every two weeks (configurable, can be turned off)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from steadyheart.errors import InputError
from steadyheart.measures import records
from steadyheart.measures.catalog import Catalog
from steadyheart.measures.schedule import default_schedule, due_questionnaires, schedule_for
from steadyheart.store.db import Database
from steadyheart.store.models.conversations import User

from .conftest import UserMaker, answers_for_total

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


def _take(db: Database, catalog: Catalog, user_id: int, instrument_id: str, when: datetime) -> None:
    instrument = catalog.get(instrument_id)
    with db.session() as session:
        records.save_completed(session, user_id, instrument, answers_for_total(instrument, 3), taken_at=when)


def _due(db: Database, user_id: int, now: datetime) -> list[str]:
    with db.session() as session:
        return due_questionnaires(session, user_id, now)


def test_the_default_schedule_is_data() -> None:
    schedule = default_schedule()
    assert (schedule.enabled, schedule.instruments, schedule.every_days) == (True, ("gad7", "phq9"), 14)


def test_baseline_then_every_two_weeks(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    assert _due(db, user_id, T0) == ["gad7", "phq9"]  # baseline
    _take(db, catalog, user_id, "gad7", T0)
    _take(db, catalog, user_id, "phq9", T0 + timedelta(days=3))
    assert _due(db, user_id, T0 + timedelta(days=13)) == []
    assert _due(db, user_id, T0 + timedelta(days=14)) == ["gad7"]
    assert _due(db, user_id, T0 + timedelta(days=17)) == ["gad7", "phq9"]


def test_an_unfinished_sitting_is_offered_for_resuming(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    _take(db, catalog, user_id, "gad7", T0)
    _take(db, catalog, user_id, "phq9", T0)
    with db.session() as session:
        records.start(session, user_id, catalog.get("gad7"), now=T0 + timedelta(days=1))
    assert _due(db, user_id, T0 + timedelta(days=2)) == ["gad7"]


def test_a_person_can_change_or_turn_off_the_schedule(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    _take(db, catalog, user_id, "gad7", T0)
    with db.session() as session:
        user = session.get(User, user_id)
        assert user is not None
        user.settings = {"measure_schedule": {"every_days": 28, "instruments": ["gad7"]}}
    assert _due(db, user_id, T0 + timedelta(days=20)) == []
    assert _due(db, user_id, T0 + timedelta(days=28)) == ["gad7"]
    with db.session() as session:
        user = session.get(User, user_id)
        assert user is not None
        user.settings = {"measure_schedule": {"enabled": False}}
    assert _due(db, user_id, T0 + timedelta(days=90)) == []
    with db.session() as session:
        assert due_questionnaires(session, 999_999, T0) == []


def test_a_schedule_more_often_than_the_recall_window_is_refused() -> None:
    with pytest.raises(InputError, match="schedule setting is not valid"):
        schedule_for({"measure_schedule": {"every_days": 3}})
    with pytest.raises(InputError):
        schedule_for({"measure_schedule": {"nag": True}})
