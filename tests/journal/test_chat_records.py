"""Guided chat flows end in a record; the check-in kinds become check-ins (driven through the real flows)."""

from __future__ import annotations

from typing import Any

import pytest
from tests_journal_support import Person

from steadyheart.journal import list_checkins
from steadyheart.journal.chat_records import checkin_fields, labels, save_chat_record, urge_outcome

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
        checkin_id = save_chat_record(session, person.user_id, record)
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
    note = fields.pop("note")
    assert fields == {"urge": "check his location", "urge_outcome": "resisted", "exercise": "pause before",
                      "intensity_before": 8, "intensity_after": 4}
    assert "meanwhile: go for a walk" in note and "outcome: I didn't check, and I feel proud" in note
    with person.database.session() as session:
        assert save_chat_record(session, person.user_id, record) is not None


def test_the_thought_record_keeps_its_before_and_after(person: Person) -> None:
    record = finish("thought_record", ["he went quiet at dinner", "he's losing interest in me",
                                       "anxious 8, sad", "he was quieter than usual",
                                       "he said he had a headache and hugged me later",
                                       "he was tired, and that says little about us", "5"])
    fields = checkin_fields(record)
    assert (fields["exercise"], fields["intensity_before"], fields["intensity_after"]) == ("thought record", 8, 5)
    assert fields["feelings"] == ["anxious", "sad"] and "balanced: he was tired" in fields["note"]


def test_other_flows_are_kept_as_exercises_with_a_note(person: Person) -> None:
    with person.database.session() as session:
        save_chat_record(session, person.user_id, {"kind": "reflection", "flow": "where_from",
                                                  "summary": "this fear is older than us"})
    with person.database.session() as session:
        (saved,) = list_checkins(session, person.user_id)
    assert (saved.exercise, saved.note, saved.source) == ("where from", "summary: this fear is older than us", "chat")
    assert not saved.share_note  # notes reach a report only when the person chooses


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
    assert labels("anxious 8, sad") == ["anxious", "sad"]
    assert labels("") == [] and labels(None) == []
    assert len(labels(",".join(f"feeling{k}" for k in range(20)))) == 6
