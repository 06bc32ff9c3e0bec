"""Phrasings: every move has at least three wordings, and the rules about questions hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from steadyheart.content.phrasings import MIN_PHRASINGS_PER_MOVE, load_phrasings, parse_phrasings
from steadyheart.dialogue.plan import MoveName
from steadyheart.errors import ContentError

TRAP_NAMES = {
    "catastrophizing", "mind_reading", "fortune_telling", "personalization", "all_or_nothing",
    "overgeneralization", "emotional_reasoning", "labeling", "should_statements", "mental_filter",
    "discounting_positive", "magnification",
}


def test_every_move_has_at_least_three_phrasings() -> None:
    phrasings = load_phrasings()
    for move in MoveName:
        groups = phrasings.moves.get(move.value)
        assert groups, f"{move.value} has no phrasings"
        assert sum(len(g) for g in groups.values()) >= MIN_PHRASINGS_PER_MOVE, move.value


def test_say_groups_never_ask_and_ask_groups_ask_once() -> None:
    for move, groups in load_phrasings().moves.items():
        for group, items in groups.items():
            for item in items:
                expected = 0 if group.startswith("say") else 1
                assert item.text.count("?") == expected, (move, group, item.text)


def test_every_trap_name_has_a_plain_explanation() -> None:
    traps = load_phrasings().traps
    assert set(traps) >= TRAP_NAMES
    assert all(t["label"] and t["plain"] for t in traps.values())


def test_no_phrasing_claims_to_be_human_or_a_therapist() -> None:
    for groups in load_phrasings().moves.values():
        for items in groups.values():
            for item in items:
                lowered = item.text.lower()
                assert "i am a therapist" not in lowered and "i'm a therapist" not in lowered
                assert "i'm human" not in lowered and "i am a person" not in lowered


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"moves": {"stay": {"say": ["One.", "Two."]}}}, "at least 3"),
        ({"moves": {"stay": {"say": ["One?", "Two.", "Three."]}}}, "asks a question"),
        ({"moves": {"ask": {"ask": ["One? Two?", "Three?", "Four?"]}}}, "exactly one question"),
        ({"moves": {"stay": {"shout": ["A.", "B.", "C."]}}}, "must start with say or ask"),
        ({"nothing": 1}, "'moves' mapping"),
        ({"moves": {"stay": {"say": ["A.", "B.", "C."]}}, "traps": {"x": {"label": "x"}}}, "plain explanation"),
    ],
)
def test_bad_phrasings_fail_loudly(data: object, problem: str) -> None:
    with pytest.raises(ContentError, match=problem):
        parse_phrasings(data)


def test_unreadable_file_raises_content_error(tmp_path: Path) -> None:
    broken = tmp_path / "phrasings.yaml"
    broken.write_text("moves: [unclosed", encoding="utf-8")
    with pytest.raises(ContentError, match="could not be read"):
        load_phrasings.__wrapped__(broken)


def test_phrasings_are_plain() -> None:
    from steadyheart.content.readability import flesch_kincaid_grade

    grades = [flesch_kincaid_grade(p.text) for m in load_phrasings().moves.values() for g in m.values() for p in g]
    assert sum(grades) / len(grades) <= 6.0  # measured 3.7: about reading age 9
    assert max(grades) <= 13.0
