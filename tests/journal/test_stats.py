"""The statistics module on small series with answers worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steadyheart.journal import stats


def test_mean_and_median() -> None:
    assert stats.mean([1, 2, 3, 6]) == 3
    assert stats.mean([]) is None
    assert stats.median([5, 1, 3]) == 3
    assert stats.median([4, 1, 3, 2]) == 2.5
    assert stats.median([]) is None


def test_ranks_average_ties() -> None:
    assert stats.ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert stats.ranks([3, 1, 2]) == [3.0, 1.0, 2.0]
    assert stats.ranks([7, 7, 7]) == [2.0, 2.0, 2.0]


def test_spearman_textbook_value() -> None:
    # d = [-1, 1, -1, 1, 0], sum d^2 = 4: rho = 1 - 6*4 / (5*24) = 0.8
    result = stats.spearman(zip([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], strict=True))
    assert result.n == 5
    assert result.rho == pytest.approx(0.8)


def test_spearman_with_ties_matches_pearson_on_ranks() -> None:
    xs, ys = [1, 2, 2, 3, 4, 4], [10, 30, 20, 20, 50, 40]
    expected = stats.pearson(stats.ranks(xs), stats.ranks(ys))
    assert stats.spearman(zip(xs, ys, strict=True)).rho == pytest.approx(expected)
    # by hand: sum dxdy = 14.25, sum dx^2 = 16.5, sum dy^2 = 17 -> 14.25 / sqrt(280.5)
    assert expected == pytest.approx(14.25 / 280.5 ** 0.5)


def test_spearman_undefined_cases() -> None:
    assert stats.spearman([(1, 2), (2, 3)]).rho is None  # too few
    assert stats.spearman([(1, 5), (2, 5), (3, 5)]).rho is None  # constant y
    assert stats.spearman([]).n == 0


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=3, max_size=40))
def test_spearman_bounded_symmetric_and_monotone_invariant(pairs: list[tuple[int, int]]) -> None:
    result = stats.spearman(pairs)
    if result.rho is None:
        return
    assert -1.0 <= result.rho <= 1.0
    flipped = stats.spearman([(y, x) for x, y in pairs]).rho
    assert flipped == pytest.approx(result.rho)
    stretched = stats.spearman([(x ** 3 + 7, y) for x, y in pairs]).rho  # monotone: ranks unchanged
    assert stretched == pytest.approx(result.rho)


def test_strength_words() -> None:
    assert stats.strength(0.05) == "no clear"
    assert stats.strength(-0.2) == "a weak"
    assert stats.strength(0.4) == "a moderate"
    assert stats.strength(-0.9) == "a strong"


def test_group_means() -> None:
    groups = stats.group_means([("a", 1), ("b", 4), ("a", 3)])
    assert groups["a"] == stats.GroupStat(2.0, 2)
    assert groups["b"] == stats.GroupStat(4.0, 1)


def test_weekly_counts_group_by_monday() -> None:
    monday = datetime(2026, 9, 7, 9, tzinfo=UTC)
    items = [(monday, "acted"), (monday + timedelta(days=6), "resisted"), (monday + timedelta(days=7), "acted")]
    weeks = stats.weekly_counts(items)
    assert list(weeks) == [monday.date(), (monday + timedelta(days=7)).date()]
    assert weeks[monday.date()] == {"acted": 1, "resisted": 1}


def test_hour_weekday_grid_and_busiest_window_wraps_midnight() -> None:
    tuesday_2am = datetime(2026, 9, 8, 2, tzinfo=UTC)
    moments = [tuesday_2am, tuesday_2am + timedelta(weeks=1), tuesday_2am.replace(hour=23)]
    grid = stats.hour_weekday_grid(moments)
    assert grid[1][2] == 2 and grid[1][23] == 1 and sum(map(sum, grid)) == 3
    assert stats.busiest_window([23, 0, 1, 2, 14]) == (23, 4)
    assert stats.busiest_window([2, 2, 2, 14]) == (0, 3)  # centred on the cluster, earliest of equals
    assert stats.busiest_window([22, 23, 1]) == (22, 3)
    assert stats.busiest_window([]) == (0, 0)


def test_halves_skip_the_middle() -> None:
    assert stats.halves([1, 2, 100, 3, 5]) == (1.5, 4.0)
    assert stats.halves([7]) == (None, None)


def test_pooled_share_halves_weighs_busy_weeks_more() -> None:
    weeks = [{"resisted": 1, "acted": 3}, {"resisted": 9, "acted": 1}, {"acted": 5}, {"resisted": 1}]
    first, last = stats.pooled_share_halves(weeks, "resisted", ("resisted", "acted"))
    assert first == pytest.approx(10 / 14) and last == pytest.approx(1 / 6)
    assert stats.pooled_share_halves([{"acted": 1}, {}, {"resisted": 2}], "resisted", ("resisted", "acted")) == (0.0, 1.0)
    with pytest.raises(ValueError):
        stats.pooled_share_halves([{"acted": 1}], "resisted", ("resisted", "acted"))
