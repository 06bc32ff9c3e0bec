"""Change over time for one person: reliable change, caseness and recovery (NHS Talking Therapies).

Definitions (shared/reference/instruments-and-crisis-lines.md, section 9):
- caseness: a score at or above the instrument's caseness cut-off (GAD-7 >= 8, PHQ-9 >= 10);
- reliable improvement / deterioration: a fall / rise of at least the reliable-change threshold
  (GAD-7 4 points, PHQ-9 6 points) between the first and the last score;
- recovery: at caseness at the start and not at caseness at the end (only defined for people who
  started at caseness); reliable recovery: recovery plus reliable improvement.
Imports only catalog and records (for ScorePoint).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from steadyheart.measures.catalog import Instrument
from steadyheart.measures.records import ScorePoint

#: a follow-up must be at least this long after baseline: PHQ/GAD ask about the last 2 weeks
MIN_FOLLOW_UP_DAYS = 14
#: a follow-up may come this long after the end of the window and still count ("about 8 weeks")
GRACE_DAYS = 7


@dataclass(frozen=True)
class ChangeFigures:
    instrument: str
    baseline: float
    latest: float
    points: float
    #: None when the baseline is 0 (a percentage of nothing is not defined)
    percent: float | None
    #: None for instruments without NHS Talking Therapies thresholds (GAD-2, PHQ-2, added ones …)
    reliable_improvement: bool | None
    reliable_deterioration: bool | None
    case_at_baseline: bool | None
    case_at_latest: bool | None
    #: None when it does not apply: no thresholds, or not at caseness at baseline
    recovery: bool | None
    reliable_recovery: bool | None


def percent_change(baseline: float, latest: float) -> float | None:
    return None if baseline == 0 else (latest - baseline) / baseline * 100.0


def is_case(instrument: Instrument, total: float) -> bool | None:
    return None if instrument.change is None else total >= instrument.change.caseness_at_least


def change_between(instrument: Instrument, baseline: float, latest: float) -> ChangeFigures:
    thresholds = instrument.change
    improvement = deterioration = recovery = reliable_recovery = None
    case_start, case_end = is_case(instrument, baseline), is_case(instrument, latest)
    if thresholds is not None:
        improvement = baseline - latest >= thresholds.reliable_change
        deterioration = latest - baseline >= thresholds.reliable_change
        if case_start:
            recovery = not case_end
            reliable_recovery = recovery and improvement
    return ChangeFigures(
        instrument=instrument.id, baseline=baseline, latest=latest, points=latest - baseline,
        percent=percent_change(baseline, latest), reliable_improvement=improvement,
        reliable_deterioration=deterioration, case_at_baseline=case_start, case_at_latest=case_end,
        recovery=recovery, reliable_recovery=reliable_recovery,
    )


def follow_up(points: list[ScorePoint], weeks: float) -> ScorePoint | None:
    """The last score between 2 weeks after baseline and `weeks` (+ a week's grace) after it."""
    if len(points) < 2:
        return None
    start = points[0].taken_at
    earliest = start + timedelta(days=MIN_FOLLOW_UP_DAYS)
    latest = start + timedelta(weeks=weeks, days=GRACE_DAYS)
    inside = [p for p in points[1:] if earliest <= p.taken_at <= latest]
    return inside[-1] if inside else None


@dataclass(frozen=True)
class Progress:
    instrument: Instrument
    history: list[ScorePoint]
    since_baseline: ChangeFigures | None
    weeks: float
    window: ChangeFigures | None
    window_follow_up: ScorePoint | None


def progress(instrument: Instrument, points: list[ScorePoint], weeks: float = 8) -> Progress:
    """Score history, change since the first score, and the change over the first `weeks`."""
    since = change_between(instrument, points[0].total, points[-1].total) if len(points) > 1 else None
    later = follow_up(points, weeks)
    window = change_between(instrument, points[0].total, later.total) if later else None
    return Progress(instrument, points, since, weeks, window, later)


@dataclass(frozen=True)
class CombinedOutcome:
    """NHS Talking Therapies outcome over PHQ-9 and GAD-7 together."""

    case_at_start: bool
    recovery: bool | None
    reliable_improvement: bool
    reliable_deterioration: bool
    reliable_recovery: bool | None


def combined_outcome(phq9: ChangeFigures, gad7: ChangeFigures) -> CombinedOutcome:
    """Caseness on either measure; recovery = a case at the start and on neither at the end.

    Reliable improvement = reliable improvement on at least one measure and reliable deterioration on
    neither (the commonly reported operational rule; not verified verbatim in the NHS manual).
    """
    case_start = bool(phq9.case_at_baseline or gad7.case_at_baseline)
    case_end = bool(phq9.case_at_latest or gad7.case_at_latest)
    deterioration = bool(phq9.reliable_deterioration or gad7.reliable_deterioration)
    improvement = bool(phq9.reliable_improvement or gad7.reliable_improvement) and not deterioration
    recovery = (not case_end) if case_start else None
    return CombinedOutcome(
        case_at_start=case_start, recovery=recovery, reliable_improvement=improvement,
        reliable_deterioration=deterioration,
        reliable_recovery=(recovery and improvement) if recovery is not None else None,
    )
