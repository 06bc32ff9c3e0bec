"""Administrations in a real database (SQLite and PostgreSQL): resumable, all-or-nothing, per person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from steadyheart.errors import InputError
from steadyheart.measures import records
from steadyheart.measures.catalog import Catalog
from steadyheart.store.db import Database
from steadyheart.store.models import Base
from steadyheart.store.models.conversations import User
from steadyheart.store.models.measures import COMPLETED, IN_PROGRESS, MeasureAdministration, MeasureAnswer

from .conftest import UserMaker

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _counts(database: Database) -> tuple[int, int]:
    with database.session() as session:
        return (session.scalar(select(func.count()).select_from(MeasureAdministration)) or 0,
                session.scalar(select(func.count()).select_from(MeasureAnswer)) or 0)


def test_migration_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diff if "measure" in str(d)] == []


def test_a_whole_form_is_saved_and_scored(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    gad7 = catalog.get("gad7")
    with db.session() as session:
        administration, result = records.save_completed(session, user_id, gad7, dict(zip("1234567", [1, 2, 3, 0, 1, 2, 3],
                                                                                          strict=True)), taken_at=T0)
        admin_id = administration.id
    assert result.total == 12
    with db.session() as session:
        points = records.history(session, user_id, "gad7")
        assert [(p.administration_id, p.total, p.band, p.taken_at) for p in points] == [(admin_id, 12, "moderate", T0)]
        stored = records.get_administration(session, user_id, admin_id)
        assert stored.status == COMPLETED and records.answers_of(stored) == {str(i): v for i, v in
                                                                              zip(range(1, 8), [1, 2, 3, 0, 1, 2, 3], strict=True)}


def test_a_bad_form_saves_nothing(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    gad7 = catalog.get("gad7")
    for answers in ({"1": 1, "2": 9, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0},  # out of range
                    {"1": 1, "2": 1, "3": 0, "5": 0, "6": 0, "7": 0}):  # item 4 skipped
        with pytest.raises(InputError), db.session() as session:
            records.save_completed(session, user_id, gad7, answers)
    assert _counts(db) == (0, 0)


def test_an_interrupted_sitting_resumes_with_its_answers(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    phq9 = catalog.get("phq9")
    with db.session() as session:
        first = records.start_or_resume(session, user_id, phq9, now=T0)
        records.record_answer(session, first, phq9, "1", 2, now=T0)
        records.record_answer(session, first, phq9, "2", 1, now=T0)
        first_id = first.id
    # "the process was killed": a fresh session finds the same sitting and its answers
    with db.session() as session:
        again = records.start_or_resume(session, user_id, phq9)
        assert again.id == first_id and again.status == IN_PROGRESS
        assert records.answers_of(again) == {"1": 2, "2": 1}
        records.record_answer(session, again, phq9, "2", 3)  # a changed answer replaces the old one
        with pytest.raises(InputError, match="still needs an answer"):
            records.complete(session, again, phq9)
    with db.session() as session:
        again = records.start_or_resume(session, user_id, phq9)
        assert records.answers_of(again) == {"1": 2, "2": 3}
        for item_id in "3456789":
            records.record_answer(session, again, phq9, item_id, 0)
        result = records.complete(session, again, phq9)
        assert result.total == 5 and result.band == "mild"
        with pytest.raises(InputError, match="already finished"):
            records.record_answer(session, again, phq9, "1", 0)


def test_an_invalid_single_answer_is_not_saved(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    gad7 = catalog.get("gad7")
    with db.session() as session:
        administration = records.start(session, user_id, gad7)
        records.record_answer(session, administration, gad7, "1", 1)
    with pytest.raises(InputError), db.session() as session:
        administration = records.start_or_resume(session, user_id, gad7)
        records.record_answer(session, administration, gad7, "2", 7)
    with pytest.raises(InputError, match="no question 12"), db.session() as session:
        administration = records.start_or_resume(session, user_id, gad7)
        records.record_answer(session, administration, gad7, "12", 1)
    assert _counts(db) == (1, 1)


def test_restart_discards_the_unfinished_sitting(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    gad7 = catalog.get("gad7")
    with db.session() as session:
        old = records.start(session, user_id, gad7)
        records.record_answer(session, old, gad7, "1", 3)
    with db.session() as session:
        fresh = records.start_or_resume(session, user_id, gad7, restart=True)
        assert records.answers_of(fresh) == {}  # (SQLite may reuse the old id)
    assert _counts(db) == (1, 0)


def test_records_belong_to_one_person_and_go_with_them(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    alice, bob = add_user(db), add_user(db)
    gad7 = catalog.get("gad7")
    with db.session() as session:
        administration, _ = records.save_completed(session, alice, gad7, {str(i): 1 for i in range(1, 8)})
        admin_id = administration.id
    with db.session() as session:
        with pytest.raises(InputError, match="no questionnaire"):
            records.get_administration(session, bob, admin_id)
        assert records.history(session, bob, "gad7") == []
        assert records.in_progress(session, bob, "gad7") is None
    with db.session() as session:
        user = session.get(User, alice)
        assert user is not None
        session.delete(user)
    assert _counts(db) == (0, 0)


def test_history_is_oldest_first(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    gad7 = catalog.get("gad7")
    with db.session() as session:
        for days, value in ((28, 1), (0, 3), (14, 2)):
            records.save_completed(session, user_id, gad7, {str(i): value for i in range(1, 8)},
                                   taken_at=T0 + timedelta(days=days))
    with db.session() as session:
        assert [p.total for p in records.history(session, user_id, "gad7")] == [21, 14, 7]
