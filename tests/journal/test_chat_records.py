"""Guided chat flows end in a record; the check-in kinds become check-ins (driven through the real flows)."""

from __future__ import annotations

from typing import Any

import pytest
from tests_journal_support import Person

from steadyheart.journal import list_checkins
from steadyheart.journal.from_chat import checkin_fields, labels, record_flow_checkin, urge_outcome

flows = pytest.importorskip("steadyheart.content.flows", reason="the dialogue's flow content is not installed")
runner = pytest.importorskip("steadyheart.dialogue.flow_runner", reason="the dialogue's flow runner is not installed")


def finish(flow_id: str, answers: list[str]) -> dict[str, Any]:
    """Walk a shipped flow with these answers and return the record it ends with."""
    flow = flows.load_flows()[flow_id]
    state: dict[str, Any] | None = runner.start(flow).state
    for answer in answers:
        assert state is not None, f"{flow_id} ended before all answers were given"
        step = runner.advance(flow, state, answer)
        state = step.state
    assert state is None and step.record is not None
    return step.record


def test_the_check_in_flow_becomes_a_check_in(person: Person) -> None:
    record = finish("check_in", ["about 7", "scared and jealous, a bit lonely", "tight chest",
                                 "he didn't reply to my message", "text him again"])
    with person.database.session() as session:
        checkin_id = record_flow_checkin(session, person.user_id, record)
    with person.database.session() as session:
        (saved,) = list_checkins(session, person.user_id)
    assert saved.id == checkin_id and saved.source == "chat"
    assert (saved.insecurity, saved.feelings, saved.body_signals) == (7, ["scared", "jealous", "lonely"],
                                                                     ["tight chest"])
    assert (saved.trigger, saved.urge, saved.urge_outcome) == ("he didn't reply to my message", "text him again",
                                                               "urge")


def test_the_pause_flow_records_urge_exercise_and_re_rating(person: Person) -> None:
    record = finish("pause_before", ["check his location", "8", "20 minutes", "go for a walk", "4",
                                     "let it go for today", "I didn't check, and I feel proud"])
    fields = checkin_fields(record)
    assert fields == {"urge": "check his location", "urge_outcome": "resisted", "exercise": "pause before acting",
                      "intensity_before": 8, "intensity_after": 4}
    with person.database.session() as session:
        assert record_flow_checkin(session, person.user_id, record) is not None


def test_records_that_are_not_check_ins_are_left_alone(person: Person) -> None:
    with person.database.session() as session:
        assert record_flow_checkin(session, person.user_id, {"kind": "reflection", "summary": "x"}) is None
        assert record_flow_checkin(session, person.user_id, {"kind": "checkin"}) is None  # nothing answered
    with person.database.session() as session:
        assert list_checkins(session, person.user_id) == []


@pytest.mark.parametrize(("decision", "outcome", "expected"), [
    ("let it go", "I feel calmer", "resisted"),
    ("wait longer", "I didn't text him", "resisted"),
    ("act on it", "I texted him anyway", "acted"),
    ("not sure", "I checked, then I didn't feel better", "urge"),  # both: not clear, so not claimed
    ("", "", "urge"),
])
def test_urge_outcome_only_when_the_words_are_clear(decision: str, outcome: str, expected: str) -> None:
    assert urge_outcome(decision, outcome) == expected


def test_labels() -> None:
    assert labels("I feel scared and jealous, a bit sick") == ["scared", "jealous", "sick"]
    assert labels("") == [] and labels(None) == []
    assert len(labels(",".join(f"feeling{k}" for k in range(20)))) == 6
