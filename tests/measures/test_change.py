"""Per-person change: reliable change, caseness and recovery as NHS Talking Therapies defines them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from steadyheart.measures.catalog import Catalog
from steadyheart.measures.change import change_between, combined_outcome, follow_up, progress
from steadyheart.measures.records import ScorePoint

T0 = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(("instrument_id", "before", "after", "improved", "worse", "recovery"), [
    ("gad7", 12, 8, True, False, False),    # -4: reliable, but 8 is still caseness
    ("gad7", 12, 9, False, False, False),   # -3: not reliable
    ("gad7", 10, 7, False, False, True),    # recovered without reliable change
    ("gad7", 8, 4, True, False, True),      # the lowest case, reliable recovery
    ("gad7", 7, 2, True, False, None),      # not a case at the start: recovery does not apply
    ("gad7", 5, 9, False, True, None),     # +4: reliable deterioration
    ("phq9", 16, 10, True, False, False),   # -6 is reliable; 10 is caseness
    ("phq9", 16, 11, False, False, False),  # -5 is not
    ("phq9", 10, 9, False, False, True),
    ("phq9", 3, 9, False, True, None),
])
def test_reliable_change_and_recovery(catalog: Catalog, instrument_id: str, before: int, after: int,
                                      improved: bool, worse: bool, recovery: bool | None) -> None:
    figures = change_between(catalog.get(instrument_id), before, after)
    assert (figures.reliable_improvement, figures.reliable_deterioration, figures.recovery) == (
        improved, worse, recovery)
    assert figures.reliable_recovery == (None if recovery is None else (recovery and improved))
    assert figures.points == after - before


def test_percent_change(catalog: Catalog) -> None:
    gad7 = catalog.get("gad7")
    assert change_between(gad7, 12, 9).percent == pytest.approx(-25.0)
    assert change_between(gad7, 4, 6).percent == pytest.approx(50.0)
    assert change_between(gad7, 0, 3).percent is None


def test_instruments_without_thresholds_report_no_reliable_change(catalog: Catalog) -> None:
    figures = change_between(catalog.get("gad2"), 6, 0)
    assert (figures.reliable_improvement, figures.case_at_baseline, figures.recovery) == (None, None, None)


def _points(days_and_totals: list[tuple[float, float]]) -> list[ScorePoint]:
    return [ScorePoint(i, "gad7", T0 + timedelta(days=d), t, None, ()) for i, (d, t) in enumerate(days_and_totals)]


def test_follow_up_is_the_last_score_between_two_weeks_and_the_window_plus_grace() -> None:
    assert follow_up(_points([(0, 12)]), 8) is None
    assert follow_up(_points([(0, 12), (10, 8)]), 8) is None  # too soon: the recall window overlaps
    found = follow_up(_points([(0, 12), (14, 10), (56, 8), (63, 7), (64, 1)]), 8)
    assert found is not None and (found.taken_at - T0).days == 63 and found.total == 7


def test_progress_summary(catalog: Catalog) -> None:
    summary = progress(catalog.get("gad7"), _points([(0, 15), (14, 12), (42, 9), (90, 6)]), weeks=8)
    assert summary.since_baseline is not None and summary.since_baseline.points == -9
    assert summary.window is not None and summary.window.latest == 9 and summary.window.reliable_improvement
    assert progress(catalog.get("gad7"), _points([(0, 15)])).since_baseline is None


def test_combined_nhs_outcome(catalog: Catalog) -> None:
    phq9, gad7 = catalog.get("phq9"), catalog.get("gad7")
    # PHQ-9 a case (12 -> 5, reliable), GAD-7 not a case (6 -> 5): recovered, reliable recovery
    outcome = combined_outcome(change_between(phq9, 12, 5), change_between(gad7, 6, 5))
    assert (outcome.case_at_start, outcome.recovery, outcome.reliable_improvement, outcome.reliable_recovery) == (
        True, True, True, True)
    # PHQ-9 improves reliably but GAD-7 deteriorates reliably: no reliable improvement overall
    mixed = combined_outcome(change_between(phq9, 18, 8), change_between(gad7, 9, 14))
    assert (mixed.reliable_improvement, mixed.reliable_deterioration, mixed.recovery) == (False, True, False)
    # Neither a case at the start: recovery does not apply
    assert combined_outcome(change_between(phq9, 4, 2), change_between(gad7, 3, 1)).recovery is None
