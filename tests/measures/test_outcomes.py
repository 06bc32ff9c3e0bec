"""Operator outcome figures on a synthetic cohort whose answers, and so whose figures, are known."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from steadyheart.errors import InputError
from steadyheart.measures import records
from steadyheart.measures.catalog import Catalog
from steadyheart.measures.outcomes import bootstrap_mean_ci, outcomes, paired_cohens_d, summarise
from steadyheart.store.db import Database

from .conftest import UserMaker, answers_for_total

T0 = datetime(2026, 1, 5, 19, 30, tzinfo=UTC)
NOW = T0 + timedelta(weeks=20)
# (baseline, 8-week follow-up) GAD-7 totals for 12 consenting completers
PAIRS = [(15, 9), (12, 8), (10, 10), (8, 3), (20, 12), (6, 7), (14, 6), (9, 4), (11, 11), (16, 13), (13, 5), (0, 2)]


def _take(database: Database, catalog: Catalog, user_id: int, total: int, when: datetime) -> None:
    gad7 = catalog.get("gad7")
    with database.session() as session:
        records.save_completed(session, user_id, gad7, answers_for_total(gad7, total), taken_at=when)


def build_cohort(database: Database, catalog: Catalog, add_user: UserMaker, pairs: list[tuple[int, int]]) -> None:
    completers = []
    for before, after in pairs:
        user = add_user(database, consent=True)
        completers.append(user)
        _take(database, catalog, user, before, T0)
        _take(database, catalog, user, after, T0 + timedelta(weeks=8))
    # a later score outside the window must not replace the 8-week one
    _take(database, catalog, completers[0], 0, T0 + timedelta(weeks=12))
    # dropouts: a baseline long ago and nothing after it, or only a score one week in
    for _ in range(2):
        _take(database, catalog, add_user(database, consent=True), 14, T0)
    early = add_user(database, consent=True)
    _take(database, catalog, early, 14, T0)
    _take(database, catalog, early, 2, T0 + timedelta(days=7))
    # still inside the window: neither a completer nor a dropout
    _take(database, catalog, add_user(database, consent=True), 12, NOW - timedelta(weeks=3))
    # people who did not consent (no setting, or False) are never counted, whatever their scores
    for consent in (None, False):
        other = add_user(database, consent=consent)
        _take(database, catalog, other, 21, T0)
        _take(database, catalog, other, 0, T0 + timedelta(weeks=8))
    # an unfinished sitting is not a score
    with database.session() as session:
        records.start(session, add_user(database, consent=True), catalog.get("gad7"), now=T0)


def test_outcomes_on_a_known_cohort(db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    build_cohort(db, catalog, add_user, PAIRS)
    with db.session() as session:
        report = outcomes(session, catalog.get("gad7"), 8, NOW)
    percents = [(a - b) / b * 100 for b, a in PAIRS if b > 0]
    diffs = [a - b for b, a in PAIRS]
    assert (report.consenting_people, report.started, report.still_in_window, report.n) == (17, 15, 1, 12)
    assert not report.suppressed
    assert report.n_percent == 11
    assert report.mean_percent_change == pytest.approx(statistics.fmean(percents), abs=1e-3)
    assert report.median_percent_change == pytest.approx(statistics.median(percents), abs=1e-3)
    assert report.mean_points_change == pytest.approx(statistics.fmean(diffs), abs=1e-3)
    assert report.cohens_dz == pytest.approx(statistics.fmean(diffs) / statistics.stdev(diffs), abs=1e-3)
    assert report.reliable_improvement_share == pytest.approx(7 / 12, abs=1e-4)
    assert report.reliable_deterioration_share == 0
    assert report.cases_at_baseline == 10
    assert report.recovery_rate == pytest.approx(4 / 10)
    assert report.dropout_rate == pytest.approx(3 / 15)
    assert report.ci95_mean_percent_change is not None
    low, high = report.ci95_mean_percent_change
    assert report.mean_percent_change is not None and low < report.mean_percent_change < high
    assert "no control group" in report.notes[0]


def test_small_groups_are_suppressed(sqlite_db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    build_cohort(sqlite_db, catalog, add_user, PAIRS[:9])
    with sqlite_db.session() as session:
        report = outcomes(session, catalog.get("gad7"), 8, NOW)
    assert report.n == 9 and report.suppressed
    assert report.mean_percent_change is None and report.recovery_rate is None and report.dropout_rate is None


def test_a_small_subgroup_is_suppressed_inside_a_large_enough_cohort(catalog: Catalog) -> None:
    # 10 completers but only 3 at caseness at baseline: the recovery rate is a group of 3, so suppressed
    pairs = [(4.0, 2.0)] * 7 + [(12.0, 5.0)] * 3
    report = summarise(catalog.get("gad7"), 8, 10, 10, 0, pairs)
    assert report.n == 10 and not report.suppressed
    assert report.recovery_rate is None and report.cases_at_baseline is None
    assert report.reliable_improvement_share == pytest.approx(0.3)


def test_outcomes_refuse_unvalidated_checkins_and_short_windows(sqlite_db: Database, catalog: Catalog) -> None:
    with sqlite_db.session() as session:
        with pytest.raises(InputError, match="not a validated measure"):
            outcomes(session, catalog.get("relationship_worry"), 8, NOW)
        with pytest.raises(InputError, match="at least 2 weeks"):
            outcomes(session, catalog.get("gad7"), 1, NOW)


def test_bootstrap_ci_is_reproducible_and_close_to_the_normal_interval() -> None:
    rng = np.random.default_rng(7)
    values = rng.normal(-30, 20, size=400)
    first, again = bootstrap_mean_ci(values, seed=1), bootstrap_mean_ci(values, seed=1)
    assert first == again
    half_width = 1.96 * values.std(ddof=1) / np.sqrt(len(values))
    assert first[0] == pytest.approx(values.mean() - half_width, abs=0.3)
    assert first[1] == pytest.approx(values.mean() + half_width, abs=0.3)
    assert bootstrap_mean_ci(np.full(12, -25.0), seed=3) == (-25.0, -25.0)


def test_paired_cohens_d() -> None:
    assert paired_cohens_d(np.array([-2.0, -4.0, -6.0])) == pytest.approx(-2.0)
    assert paired_cohens_d(np.array([-3.0, -3.0])) is None
    assert paired_cohens_d(np.array([1.0])) is None
