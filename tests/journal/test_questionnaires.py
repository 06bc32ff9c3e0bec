"""Questionnaire wording borrowed from the measures concern: labels and reliable change."""

from __future__ import annotations

import pytest

from steadyheart.journal.questionnaires import instrument_label, reliable_change

pytest.importorskip("steadyheart.measures.change", reason="the measures concern is not installed here")


def test_reliable_change_uses_the_instrument_thresholds() -> None:
    assert reliable_change("gad7", 14, 9) == "a reliable improvement (at least 4 points)"
    assert reliable_change("gad7", 5, 10) == "a reliable worsening (at least 4 points)"
    assert reliable_change("phq9", 10, 7) == "less than the 6-point reliable change"
    assert reliable_change("relationship_worry", 20, 5) == ""  # not validated: no thresholds
    assert reliable_change("no_such_thing", 1, 2) == ""


def test_labels_say_when_a_measure_is_not_validated() -> None:
    assert instrument_label("gad7") == "GAD-7"
    assert "not a validated measure" in instrument_label("relationship_worry")
    assert instrument_label("added_by_operator") == "ADDED_BY_OPERATOR"
