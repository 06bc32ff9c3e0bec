"""The check-in repository: validation at the edge, per-person scoping, edit and delete."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests_journal_support import Person, new_person

from steadyheart.errors import InputError
from steadyheart.journal import delete_checkin, list_checkins, record_checkin, update_checkin
from steadyheart.store.db import Database


def test_record_and_list_in_time_order(person: Person) -> None:
    with person.database.session() as session:
        later = record_checkin(session, person.user_id, insecurity=6, created_at=datetime(2026, 9, 9, tzinfo=UTC),
                               feelings=[" Jealous ", "Lonely"], trigger="Unanswered Text")
        earlier = record_checkin(session, person.user_id, anxiety=3, created_at=datetime(2026, 9, 8, tzinfo=UTC))
    with person.database.session() as session:
        rows = list_checkins(session, person.user_id)
        assert [r.id for r in rows] == [earlier, later]
        assert rows[1].feelings == ["jealous", "lonely"] and rows[1].trigger == "unanswered text"
        assert rows[1].created_at.tzinfo is not None


@pytest.mark.parametrize(("fields", "words"), [
    ({"insecurity": 11}, "'insecurity'"),
    ({"anxiety": -1}, "'anxiety'"),
    ({"sleep_hours": 30}, "'sleep_hours'"),
    ({"urge": "check", "urge_outcome": "maybe"}, "'urge_outcome'"),
    ({"mood": 3}, "no field called 'mood'"),
    ({"note": "x" * 2001}, "'note'"),
    ({}, "at least one answer"),
])
def test_bad_fields_are_one_sentence_and_save_nothing(person: Person, fields: dict[str, object], words: str) -> None:
    with pytest.raises(InputError) as caught, person.database.session() as session:
        record_checkin(session, person.user_id, **fields)
    message = str(caught.value)
    assert words in message and message.endswith(".") and "\n" not in message
    with person.database.session() as session:
        assert list_checkins(session, person.user_id) == []


def test_edit_and_delete_are_scoped_to_the_person(sqlite_db: Database) -> None:
    alice, bob = new_person(sqlite_db), new_person(sqlite_db)
    with sqlite_db.session() as session:
        checkin_id = record_checkin(session, alice, insecurity=4)
    with pytest.raises(InputError, match="no check-in"), sqlite_db.session() as session:
        update_checkin(session, bob, checkin_id, insecurity=9)
    with pytest.raises(InputError, match="no check-in"), sqlite_db.session() as session:
        delete_checkin(session, bob, checkin_id)
    with sqlite_db.session() as session:
        update_checkin(session, alice, checkin_id, insecurity=2, note="better today")
    with sqlite_db.session() as session:
        (row,) = list_checkins(session, alice)
        assert (row.insecurity, row.note) == (2, "better today")
        delete_checkin(session, alice, checkin_id)
    with sqlite_db.session() as session:
        assert list_checkins(session, alice) == []
