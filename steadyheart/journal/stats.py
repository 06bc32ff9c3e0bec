"""Small, tested statistics for insights and the report. Pure functions over plain numbers; no I/O.

Every result that a person will read carries its n, so the wording can say how much it rests on.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Correlation:
    """Spearman's rank correlation: rho is None when it cannot be computed (too few or constant values)."""

    rho: float | None
    n: int


@dataclass(frozen=True)
class GroupStat:
    mean: float
    n: int


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def median(values: Iterable[float]) -> float | None:
    items = sorted(values)
    if not items:
        return None
    middle = len(items) // 2
    return float(items[middle]) if len(items) % 2 else (items[middle - 1] + items[middle]) / 2


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = (start + end) / 2 + 1
        for position in range(start, end + 1):
            result[order[position]] = shared
        start = end + 1
    return result


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) != len(ys):
        raise ValueError("pearson needs two sequences of the same length")
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def spearman(pairs: Iterable[tuple[float, float]]) -> Correlation:
    """Rank correlation of (x, y) pairs: Pearson's r on tie-averaged ranks."""
    items = list(pairs)
    xs = ranks([x for x, _ in items])
    ys = ranks([y for _, y in items])
    return Correlation(pearson(xs, ys), len(items))


def strength(rho: float) -> str:
    """Plain words for the size of a correlation (Cohen's rough bands)."""
    size = abs(rho)
    if size < 0.1:
        return "no clear"
    if size < 0.3:
        return "a weak"
    if size < 0.5:
        return "a moderate"
    return "a strong"


def group_means(pairs: Iterable[tuple[str, float]]) -> dict[str, GroupStat]:
    """Mean value and count per label."""
    groups: dict[str, list[float]] = defaultdict(list)
    for label, value in pairs:
        groups[label].append(value)
    return {label: GroupStat(sum(v) / len(v), len(v)) for label, v in groups.items()}


def week_start(moment: datetime | date) -> date:
    """The Monday of the week a moment falls in."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def weekly_counts(items: Iterable[tuple[datetime, str]]) -> dict[date, dict[str, int]]:
    """Per week (Monday), how many of each label; weeks in order."""
    weeks: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for moment, label in items:
        weeks[week_start(moment)][label] += 1
    return {week: dict(weeks[week]) for week in sorted(weeks)}


def hour_weekday_grid(moments: Iterable[datetime]) -> list[list[int]]:
    """A 7 x 24 grid of counts: grid[weekday][hour], Monday = 0, in each moment's own time zone."""
    grid = [[0] * 24 for _ in range(7)]
    for moment in moments:
        grid[moment.weekday()][moment.hour] += 1
    return grid


def busiest_window(hours: Iterable[int], width: int = 4) -> tuple[int, int]:
    """The `width`-hour window (wrapping past midnight) holding most moments: (start hour, count).

    Among equally full windows, the one whose moments sit closest to its middle wins (then the earliest),
    so a cluster at 2 a.m. reads "midnight to 4 a.m." rather than "11 p.m. to 3 a.m.".
    """
    items = [hour % 24 for hour in hours]
    best: tuple[int, float, int] = (0, 0.0, 0)  # (-count, off-centre, start): smaller is better
    for start in range(24):
        offsets = [(h - start) % 24 + 0.5 for h in items if (h - start) % 24 < width]
        off_centre = abs(sum(offsets) / len(offsets) - width / 2) if offsets else 0.0
        candidate = (-len(offsets), off_centre, start)
        if start == 0 or candidate < best:
            best = candidate
    return best[2], -best[0]


def halves(values: Sequence[float]) -> tuple[float | None, float | None]:
    """Mean of the first and of the second half of a series in time order (the middle item goes to neither)."""
    half = len(values) // 2
    return mean(values[:half]), mean(values[len(values) - half:])


def pooled_share_halves(weeks: Sequence[dict[str, int]], part: str, whole: Sequence[str]) -> tuple[float, float]:
    """Share of `part` among the `whole` labels in the earlier and the later half of the weeks, pooled
    (a busy week counts for more than a quiet one); the middle week of an odd count goes to neither."""
    half = len(weeks) // 2
    if half == 0:
        raise ValueError("pooled_share_halves needs at least two weeks")

    def share(chunk: Sequence[dict[str, int]]) -> float:
        total = sum(w.get(label, 0) for w in chunk for label in whole)
        return sum(w.get(part, 0) for w in chunk) / total if total else 0.0

    return share(weeks[:half]), share(weeks[len(weeks) - half:])
