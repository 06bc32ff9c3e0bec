"""Operator outcome figures over everyone who consented to research use, de-identified.

For one instrument and a window of N weeks: people with a baseline and a follow-up in the window
(see change.follow_up), mean and median percentage change with a bootstrap 95% CI of the mean,
Cohen's d for paired scores (d_z), the share with reliable improvement, the recovery rate (among those
at caseness at baseline) and dropout (started, window over, no follow-up). Any figure computed over
fewer than MIN_GROUP people is suppressed. Imports store models, catalog, records and change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from statistics import median

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from steadyheart.errors import InputError
from steadyheart.measures.catalog import Instrument
from steadyheart.measures.change import GRACE_DAYS, change_between, follow_up
from steadyheart.measures.records import ScorePoint, to_point
from steadyheart.store.models.conversations import User
from steadyheart.store.models.measures import COMPLETED, MeasureAdministration

MIN_GROUP = 10
CONSENT_SETTING = "research_consent"
BOOTSTRAP_RESAMPLES = 5000

CAVEATS = (
    "There is no control group: anxiety often eases with time, with other help, or because people start "
    "when they feel worst (regression to the mean), so this change cannot be credited to Steadyheart.",
    "Only people who consented and came back for a follow-up are counted; people who stopped may differ.",
    "Scores are self-reported screening questionnaires, not diagnoses.",
)


@dataclass(frozen=True)
class OutcomeReport:
    instrument: str
    weeks: float
    consenting_people: int
    #: consenting people with a baseline whose window is over, or who already have a follow-up
    started: int
    #: baseline taken, window not yet over, no follow-up yet: neither completer nor dropout
    still_in_window: int
    n: int
    suppressed: bool
    mean_points_change: float | None = None
    mean_percent_change: float | None = None
    ci95_mean_percent_change: tuple[float, float] | None = None
    median_percent_change: float | None = None
    #: people with a baseline above 0 (percentage change is undefined from 0)
    n_percent: int = 0
    cohens_dz: float | None = None
    reliable_improvement_share: float | None = None
    reliable_deterioration_share: float | None = None
    recovery_rate: float | None = None
    #: people at caseness at baseline (the recovery denominator)
    cases_at_baseline: int | None = None
    dropout_rate: float | None = None
    notes: tuple[str, ...] = field(default=CAVEATS)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["notes"] = list(self.notes)
        data["ci95_mean_percent_change"] = list(self.ci95_mean_percent_change) if self.ci95_mean_percent_change \
            else None
        return data


def consenting_user_ids(session: Session) -> list[int]:
    users = session.scalars(select(User).order_by(User.id)).all()
    return [u.id for u in users if (u.settings or {}).get(CONSENT_SETTING) is True]


def cohort_points(session: Session, user_ids: list[int], instrument_id: str) -> dict[int, list[ScorePoint]]:
    by_user: dict[int, list[ScorePoint]] = {uid: [] for uid in user_ids}
    if not user_ids:
        return by_user
    rows = session.scalars(
        select(MeasureAdministration)
        .where(MeasureAdministration.instrument == instrument_id, MeasureAdministration.status == COMPLETED,
               MeasureAdministration.user_id.in_(user_ids))
        .order_by(MeasureAdministration.user_id, MeasureAdministration.completed_at, MeasureAdministration.id)
    ).all()
    for row in rows:
        by_user[row.user_id].append(to_point(row))
    return by_user


def outcomes(session: Session, instrument: Instrument, weeks: float, now: datetime, *,
             seed: int = 20260101) -> OutcomeReport:
    if not instrument.validated:
        raise InputError(f"{instrument.label} is not used for outcome figures; choose a validated questionnaire.")
    if weeks < 2:
        raise InputError("The outcome window must be at least 2 weeks (the questionnaires ask about 2 weeks).")
    ids = consenting_user_ids(session)
    pairs: list[tuple[float, float]] = []
    started = waiting = 0
    for points in cohort_points(session, ids, instrument.id).values():
        if not points:
            continue
        later = follow_up(points, weeks)
        if later is not None:
            pairs.append((points[0].total, later.total))
            started += 1
        elif points[0].taken_at + timedelta(weeks=weeks, days=GRACE_DAYS) < now:
            started += 1
        else:
            waiting += 1
    return summarise(instrument, weeks, len(ids), started, waiting, pairs, seed=seed)


def summarise(instrument: Instrument, weeks: float, consenting: int, started: int, waiting: int,
              pairs: list[tuple[float, float]], *, seed: int = 20260101) -> OutcomeReport:
    """The figures for a list of (baseline, follow-up) pairs; pure, so it is tested on known cohorts."""
    n = len(pairs)
    if n < MIN_GROUP:
        return OutcomeReport(instrument.id, weeks, consenting, started, waiting, n, suppressed=True)
    diffs = np.array([after - before for before, after in pairs], dtype=float)
    percents = np.array([(after - before) / before * 100 for before, after in pairs if before > 0], dtype=float)
    figures = [change_between(instrument, before, after) for before, after in pairs]
    mean_pct = ci = median_pct = None
    if len(percents) >= MIN_GROUP:
        mean_pct = round(float(percents.mean()), 3)
        ci = bootstrap_mean_ci(percents, seed=seed)
        median_pct = round(float(median(percents.tolist())), 3)
    improvement = deterioration = recovery = None
    cases: int | None = None
    if instrument.change is not None:
        improvement = _share(sum(bool(f.reliable_improvement) for f in figures), n)
        deterioration = _share(sum(bool(f.reliable_deterioration) for f in figures), n)
        at_case = [f for f in figures if f.case_at_baseline]
        recovery = _share(sum(bool(f.recovery) for f in at_case), len(at_case))
        cases = len(at_case) if len(at_case) >= MIN_GROUP else None
    return OutcomeReport(
        instrument.id, weeks, consenting, started, waiting, n, suppressed=False,
        mean_points_change=round(float(diffs.mean()), 3), mean_percent_change=mean_pct,
        ci95_mean_percent_change=ci, median_percent_change=median_pct, n_percent=len(percents),
        cohens_dz=paired_cohens_d(diffs), reliable_improvement_share=improvement,
        reliable_deterioration_share=deterioration, recovery_rate=recovery, cases_at_baseline=cases,
        dropout_rate=_share(started - n, started),
    )


def paired_cohens_d(diffs: np.ndarray) -> float | None:
    """d_z: mean of the paired differences over their standard deviation (negative = scores fell)."""
    if len(diffs) < 2:
        return None
    spread = float(diffs.std(ddof=1))
    return None if spread == 0 else round(float(diffs.mean()) / spread, 3)


def bootstrap_mean_ci(values: np.ndarray, *, seed: int, resamples: int = BOOTSTRAP_RESAMPLES,
                      level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of the mean, reproducible for a given seed."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(values), size=(resamples, len(values)))
    means = values[picks].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return round(float(low), 3), round(float(high), 3)


def _share(count: int, total: int) -> float | None:
    return None if total < MIN_GROUP else round(count / total, 4)
