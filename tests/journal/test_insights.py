"""Insights on the synthetic history (known answers) and their behaviour with too little data."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest
from tests_journal_support import NOW, START, Person

from steadyheart.journal import insights, record_checkin
from steadyheart.journal.insights import MIN_PAIRS


def by_key(person: Person, now=NOW) -> dict[str, object]:  # type: ignore[no-untyped-def]
    with person.database.session() as session:
        return {i.key: i for i in insights(session, person.user_id, now)}


def test_known_answers_from_the_synthetic_history(history: Person) -> None:
    found = by_key(history)
    triggers = found["triggers"]
    assert triggers.enough_data and triggers.n == 6
    assert "'unanswered text' came before 4 of your 6 hardest moments" in triggers.text
    assert "averaged 9.0 out of 10" in triggers.text

    urges = found["urges"]
    assert urges.n == 16 and "you resisted 10" in urges.text
    assert "earlier weeks you resisted 38%" in urges.text and "later weeks 88%" in urges.text
    assert "resisting more often" in urges.text

    times = found["times"]
    assert times.n == 6 and "All 6 of your hardest moments came between midnight and 4 a.m." in times.text
    assert "hardest day was Tuesday (4)" in times.text

    social = found["social"]
    assert social.n == 16 and "rank correlation +1.00" in social.text and "higher" in social.text
    assert "Correlation is not cause" in social.text
    assert "rank correlation -1.00" in found["sleep"].text and "lower" in found["sleep"].text

    traps = found["traps"]
    assert "'mind reading' (4 in chat, caught by you 2)" in traps.text
    assert "labelling" not in traps.text  # scored 0.3: below the confidence floor

    helped = found["helped"]
    assert "'paced breathing' was followed by the biggest change: 4.0 points lower" in helped.text
    assert "'grounding' (1.0 over 3)" in helped.text and "walk" not in helped.text  # walk: only 2 times

    assert not found["questionnaires"].enough_data


def test_times_follow_the_time_zone_of_now(history: Person) -> None:
    # 02:00 UTC is noon in UTC+10, and a Tuesday stays a Tuesday.
    found = by_key(history, NOW.astimezone(timezone(timedelta(hours=10))))
    assert "between 10 a.m. and 2 p.m." in found["times"].text and "Tuesday (4)" in found["times"].text


def test_an_empty_history_says_not_enough_data_everywhere(person: Person) -> None:
    found = by_key(person)
    assert len(found) == 8
    for insight in found.values():
        assert not insight.enough_data and insight.n == 0
        assert insight.text.startswith("Not enough data yet")


def test_correlation_needs_the_minimum_number_of_pairs(person: Person) -> None:
    with person.database.session() as session:
        for k in range(MIN_PAIRS - 1):
            record_checkin(session, person.user_id, created_at=START + timedelta(days=k), insecurity=k % 10,
                           social_minutes=10 * k)
    below = by_key(person)["social"]
    assert not below.enough_data and below.n == MIN_PAIRS - 1 and "rank correlation" not in below.text
    with person.database.session() as session:
        record_checkin(session, person.user_id, created_at=START + timedelta(days=20), insecurity=9,
                       social_minutes=500)
    at = by_key(person)["social"]
    assert at.enough_data and at.n == MIN_PAIRS and "rank correlation +1.00" in at.text


def test_urges_resisted_less_often_is_said_plainly(person: Person) -> None:
    with person.database.session() as session:
        for week, outcomes in enumerate((["resisted"] * 3, ["resisted", "acted", "acted"], ["acted"] * 2)):
            for k, outcome in enumerate(outcomes):
                record_checkin(session, person.user_id, urge="check his location", urge_outcome=outcome,
                               created_at=START + timedelta(weeks=week, days=k))
    urges = by_key(person)["urges"]
    assert urges.n == 8 and "over 3 weeks, you resisted 4" in urges.text
    assert "earlier weeks you resisted 100% of them, in the later weeks 0%" in urges.text
    assert "resisting less often" in urges.text and "a planned pause" in urges.text


def test_data_after_now_is_not_used(history: Person) -> None:
    found = by_key(history, START + timedelta(days=1, hours=3))  # only the first spike has happened
    assert not found["triggers"].enough_data and found["triggers"].n == 1


def test_other_people_do_not_leak_in(history: Person) -> None:
    from tests_journal_support import new_person

    stranger = Person(history.database, new_person(history.database))
    assert all(not i.enough_data for i in by_key(stranger).values())


@pytest.mark.postgres
def test_known_answers_on_postgresql(pg_url: str) -> None:
    from tests_journal_support import build_history, new_person, open_database

    database = open_database(pg_url)
    try:
        person = Person(database, new_person(database))
        with database.session() as session:
            build_history(session, person.user_id)
        found = by_key(person)
        assert "4 of your 6 hardest moments" in found["triggers"].text
        assert "between midnight and 4 a.m." in found["times"].text
        assert "rank correlation +1.00" in found["social"].text and found["urges"].n == 16
    finally:
        database.dispose()
