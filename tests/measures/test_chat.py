"""Questionnaires in a conversation: the request, one item at a time, resuming, bad answers, item 9."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from steadyheart.measures import records
from steadyheart.measures.catalog import Catalog
from steadyheart.measures.chat import STATE_KEY, QuestionnaireRunner, RunnerTurn, questionnaire_request
from steadyheart.safety import Category, Tier
from steadyheart.safety.plans import safety_event_counts
from steadyheart.store.db import Database
from steadyheart.store.models.measures import MeasureAnswer

from .conftest import UserMaker

NOW = datetime(2026, 4, 1, 23, 40, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("can I do the anxiety questionnaire?", "gad7"),
    ("Could we do a questionnaire for anxiety", "gad7"),
    ("I'd like to take the depression questionnaire", "phq9"),
    ("can I check my mood with a questionnaire", "phq9"),
    ("let's do the GAD-7", "gad7"),
    ("phq 9 please", "phq9"),
    ("PHQ2", "phq2"),
    ("can I do the relationship worry check-in?", "relationship_worry"),
    ("is there a test for anxiety?", "gad7"),
    ("anxiety questionnaire", "gad7"),
])
def test_questionnaire_requests_are_recognised(text: str, expected: str) -> None:
    assert questionnaire_request(text) == expected


@pytest.mark.parametrize("text", [
    "I have so much anxiety tonight",
    "he hasn't replied and I'm worried",
    "I keep wanting to test him to see if he cares",
    "should I check his phone?",
    "my mood is low",
    "phq 5",
    "",
    "my anxiety is a real test of my patience lately",
    "I think this whole relationship is a test and my anxiety keeps failing it",
])
def test_ordinary_messages_are_not_requests(text: str) -> None:
    assert questionnaire_request(text) is None


def _run(runner: QuestionnaireRunner, db: Database, user_id: int, state: dict[str, Any], text: str) -> RunnerTurn:
    with db.session() as session:
        turn = runner(session, user_id, state, text)
    assert turn is not None
    return turn


def _answers_saved(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(MeasureAnswer)) or 0


def test_a_whole_gad7_in_chat(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    runner = QuestionnaireRunner(catalog, clock=lambda: NOW)
    state: dict[str, Any] = {"other": "kept"}
    with db.session() as session:
        assert runner(session, user_id, state, "he still hasn't texted back") is None
    turn = _run(runner, db, user_id, state, "can I do the anxiety questionnaire?")
    assert turn.active and turn.instrument == "gad7" and not turn.done
    assert "not a diagnosis" in turn.text
    assert "Over the last 2 weeks, how often have you been bothered by any of the following problems?" in turn.text
    assert "Feeling nervous, anxious or on edge" in turn.text and "2 = More than half the days" in turn.text
    assert state[STATE_KEY]["instrument"] == "gad7"
    for answer, next_text in [("1", "Not being able to stop"), ("several days", "Worrying too much"),
                              ("Nearly every day", "Trouble relaxing"), ("0", "restless"), ("1", "irritable"),
                              ("2", "Feeling afraid")]:
        turn = _run(runner, db, user_id, state, answer)
        assert turn.active and next_text in turn.text
    turn = _run(runner, db, user_id, state, "3")
    assert turn.done and not turn.active and turn.score is not None
    assert turn.score.to_dict() == {"instrument": "gad7", "total": 11, "band": "moderate", "flags": ["screen_positive"]}
    assert "your answers are in the range often called moderate anxiety; this is not a diagnosis" in turn.text.lower()
    assert "diagnosed" not in turn.text.lower() and "you have" not in turn.text.lower()
    assert STATE_KEY not in state and state["other"] == "kept"
    with db.session() as session:
        assert [p.total for p in records.history(session, user_id, "gad7")] == [11]


def test_a_bad_answer_is_asked_again_and_nothing_is_saved(db: Database, catalog: Catalog,
                                                          add_user: UserMaker) -> None:
    user_id = add_user(db)
    runner = QuestionnaireRunner(catalog)
    state: dict[str, Any] = {}
    _run(runner, db, user_id, state, "let's do the PHQ-9")
    for bad in ("7", "banana", "0", "", "2.5", "1", "several days or nearly every day"):
        turn = _run(runner, db, user_id, state, bad)
        if bad in ("0", "1"):
            assert not turn.error
            continue
        assert turn.error and turn.active
        assert "question 1 of 10" in turn.text or "question 2 of 10" in turn.text or "question 3 of 10" in turn.text
    assert _answers_saved(db) == 2


def test_the_runner_steps_aside_after_three_misses_in_a_row(db: Database, catalog: Catalog,
                                                            add_user: UserMaker) -> None:
    user_id = add_user(db)
    runner = QuestionnaireRunner(catalog)
    state: dict[str, Any] = {}
    _run(runner, db, user_id, state, "let's do the PHQ-9")
    first = _run(runner, db, user_id, state, "he just texted me back!!")
    assert first.error and first.active and "Little interest or pleasure in doing things" in first.text
    assert _run(runner, db, user_id, state, "sorry what").active
    last = _run(runner, db, user_id, state, "I don't want to think about this")
    assert last.error and not last.active and "saved" in last.text and STATE_KEY not in state
    assert _answers_saved(db) == 0


def test_stop_then_resume_later_in_a_new_conversation(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    runner = QuestionnaireRunner(catalog)
    state: dict[str, Any] = {}
    _run(runner, db, user_id, state, "can I do the anxiety questionnaire")
    _run(runner, db, user_id, state, "2")
    _run(runner, db, user_id, state, "2")
    turn = _run(runner, db, user_id, state, "stop")
    assert not turn.active and "saved" in turn.text and STATE_KEY not in state
    with db.session() as session:  # an ordinary message now is not the runner's
        assert runner(session, user_id, state, "2") is None
    # a new process, a new conversation, a new runner: it picks up at question 3
    fresh_state: dict[str, Any] = {}
    turn = _run(QuestionnaireRunner(catalog), db, user_id, fresh_state, "can I do the anxiety questionnaire?")
    assert "answered 2 of 7" in turn.text and "Worrying too much about different things" in turn.text
    for _ in range(5):
        turn = _run(runner, db, user_id, fresh_state, "1")
    assert turn.done and turn.score is not None and turn.score.total == 9 and turn.score.band == "mild"


def test_pause_steps_aside_for_a_crisis_turn(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    runner = QuestionnaireRunner(catalog)
    state: dict[str, Any] = {}
    _run(runner, db, user_id, state, "gad7")
    _run(runner, db, user_id, state, "1")
    runner.pause(state)
    assert not runner.is_active(state)
    turn = _run(runner, db, user_id, state, "can we go back to the anxiety questionnaire?")
    assert "answered 1 of 7" in turn.text


def test_an_interrupted_chat_resumes_from_the_state(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    state: dict[str, Any] = {}
    _run(QuestionnaireRunner(catalog), db, user_id, state, "phq2")
    _run(QuestionnaireRunner(catalog), db, user_id, state, "1")
    # the worker died; the conversation state (stored with the conversation) is all the next one has
    turn = _run(QuestionnaireRunner(catalog), db, user_id, dict(state), "2")
    assert turn.done and turn.score is not None and turn.score.total == 3 and "GAD-7" not in turn.text
    assert "the longer PHQ-9 could give a clearer picture" in turn.text


def test_phq9_item9_starts_the_safety_flow_at_once(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db, country="GB")
    runner = QuestionnaireRunner(catalog)
    state: dict[str, Any] = {}
    _run(runner, db, user_id, state, "can I do the depression questionnaire?")
    for _ in range(8):
        turn = _run(runner, db, user_id, state, "0")
        assert not turn.safety_flow
    assert "Thoughts that you would be better off dead or of hurting yourself in some way" in turn.text
    turn = _run(runner, db, user_id, state, "several days")
    assert turn.safety_flow and turn.item9_positive and turn.done and not turn.active
    assert turn.text.startswith("Thank you for telling me.") and "Are you safe right now?" in turn.text
    assert "Help right now in United Kingdom" in turn.text and "Samaritans: 116 123" in turn.text
    assert "how difficult have these problems" not in turn.text  # nothing more is asked
    assert turn.score is not None and turn.score.item9_positive and turn.score.total == 1
    assert turn.triage is not None and turn.triage.tier == Tier.ELEVATED and Category.SUICIDE in turn.triage.categories
    assert STATE_KEY not in state  # no more questions: the crisis flow takes over
    with db.session() as session:  # counted for the operator, with labels only
        assert safety_event_counts(session, user_id) == Counter({("phq9", "elevated", "suicide"): 1})


def test_an_added_instrument_safety_flag_pauses_mid_questionnaire(operator_home: Path, db: Database,
                                                                    add_user: UserMaker) -> None:
    flagged = operator_home / "instruments" / "reverse_check.yaml"
    flagged.write_text(flagged.read_text(encoding="utf-8") + "flags:\n  - {id: urgent, item: a2, at_least: 5, safety: true}\n",
                       encoding="utf-8")
    runner = QuestionnaireRunner(Catalog.load(operator_home))
    user_id = add_user(db)
    state: dict[str, Any] = {}
    with db.session() as session:
        runner.start(session, user_id, state, "reverse_check")
    _run(runner, db, user_id, state, "3")
    turn = _run(runner, db, user_id, state, "5")
    assert turn.safety_flow and not turn.done and not turn.active and not turn.item9_positive
    assert "your answers are saved" in turn.text and "Help right now" in turn.text
    assert turn.triage is not None and turn.triage.tier == Tier.ELEVATED
    with db.session() as session:
        paused = records.in_progress(session, user_id, "reverse_check")
        assert paused is not None and records.answers_of(paused) == {"a1": 3, "a2": 5}


def test_item9_zero_is_not_a_safety_flag(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    runner = QuestionnaireRunner(catalog)
    state: dict[str, Any] = {}
    _run(runner, db, user_id, state, "phq9")
    for _ in range(8):
        turn = _run(runner, db, user_id, state, "2")
    turn = _run(runner, db, user_id, state, "0")  # item 9: not at all
    assert not turn.safety_flow and turn.active
    assert "how difficult have these problems made it" in turn.text and "3 = Extremely difficult" in turn.text
    assert "Over the last 2 weeks" not in turn.text  # the difficulty item is its own question, without the stem
    turn = _run(runner, db, user_id, state, "very difficult")
    assert turn.done and not turn.safety_flow and not turn.item9_positive
    assert turn.score is not None and turn.score.total == 16 and "moderately severe depression" in turn.text


def test_all_zero_phq9_skips_the_difficulty_item(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    runner = QuestionnaireRunner(catalog)
    state: dict[str, Any] = {}
    _run(runner, db, user_id, state, "phq9")
    for _ in range(9):
        turn = _run(runner, db, user_id, state, "not at all")
    assert turn.done and not turn.safety_flow and not turn.item9_positive
    assert turn.score is not None and turn.score.total == 0 and "range often called minimal or no depression" in turn.text


def test_the_unvalidated_check_in_says_so(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(db)
    runner = QuestionnaireRunner(catalog)
    state: dict[str, Any] = {}
    turn = _run(runner, db, user_id, state, "can I do the relationship worry check-in?")
    assert "not a validated measure" in turn.text
    for answer in ("1", "2", "0", "a little", "most of the time"):
        turn = _run(runner, db, user_id, state, answer)
    assert turn.done and turn.score is not None and turn.score.total == 4  # item 5 reversed: 3 -> 0
    assert "not a validated measure" in turn.text and "range often called" not in turn.text


def test_a_sitting_finished_elsewhere_is_not_answered_twice(db: Database, catalog: Catalog,
                                                            add_user: UserMaker) -> None:
    user_id = add_user(db)
    runner = QuestionnaireRunner(catalog)
    state: dict[str, Any] = {}
    _run(runner, db, user_id, state, "gad2")
    with db.session() as session:  # the person finished it in the terminal meanwhile
        administration = records.in_progress(session, user_id, "gad2")
        assert administration is not None
        for item_id in ("1", "2"):
            records.record_answer(session, administration, catalog.get("gad2"), item_id, 0)
        records.complete(session, administration, catalog.get("gad2"))
    turn = _run(runner, db, user_id, state, "1")
    assert turn.active and "question 1 of 2" in turn.text  # a new sitting, starting from the top
