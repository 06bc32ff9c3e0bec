"""Charts of a person's patterns, drawn with matplotlib (the `reports` extra) to PNG and SVG.

Colour-blind safe: the Okabe-Ito palette for lines and bars, with markers and hatching so no meaning
rests on colour alone, and cividis for the heatmap. SVG keeps its text as text (readable by screen
readers and searchable). An empty chart says "Not enough data yet" rather than drawing nothing.
"""

from __future__ import annotations

import io
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from steadyheart.errors import InputError
from steadyheart.journal import stats
from steadyheart.journal.insights import DAYS
from steadyheart.journal.timeline import Timeline, load_timeline

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

BLUE, ORANGE, VERMILLION, GREEN = "#0072B2", "#E69F00", "#D55E00", "#009E73"
FORMATS = ("png", "svg")
#: matplotlib's rcParams are process-wide: one drawing at a time, so a web worker's threads never see
#: each other's style switched back halfway through a save.
_DRAWING = threading.RLock()
STYLE: Any = {"svg.fonttype": "none", "font.size": 10, "axes.spines.top": False, "axes.spines.right": False,
              "date.converter": "concise"}


def _figure(title: str) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title, loc="left", fontweight="bold")
    return figure, axes


def _empty(axes: Axes) -> None:
    axes.text(0.5, 0.5, "Not enough data yet", ha="center", va="center",
              transform=axes.transAxes, fontsize=14, color="#555555")


def trend_chart(timeline: Timeline, zone: tzinfo = UTC) -> Figure:
    """Daily averages of insecurity and anxiety (check-ins) and of intensity noticed in chat."""
    import numpy as np

    figure, axes = _figure("Insecurity and anxiety over time")
    series: dict[str, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for c in timeline.checkins:
        day = c.created_at.astimezone(zone).date()
        if c.insecurity is not None:
            series["Insecurity (check-ins)"][day].append(c.insecurity)
        if c.anxiety is not None:
            series["Anxiety (check-ins)"][day].append(c.anxiety)
    for m in timeline.moments:
        if m.source == "chat" and m.intensity is not None:
            series["Intensity in chat"][m.at.astimezone(zone).date()].append(m.intensity)
    looks = {"Insecurity (check-ins)": (VERMILLION, "o", "-"), "Anxiety (check-ins)": (BLUE, "s", "--"),
             "Intensity in chat": (GREEN, "^", ":")}
    drawn = 0
    for label, (colour, marker, line) in looks.items():
        days = sorted(series[label]) if label in series else []
        if days:
            values = [sum(series[label][d]) / len(series[label][d]) for d in days]
            axes.plot(np.array(days, dtype="datetime64[D]"), values, color=colour, marker=marker, linestyle=line, label=label)
            drawn += 1
    axes.set_ylim(0, 10.5)
    axes.set_xlabel("Date")
    axes.set_ylabel("Daily average (0-10)")
    if drawn:
        figure.legend(loc="outside lower center", ncols=3, frameon=False)
    else:
        _empty(axes)
    return figure


def urges_chart(timeline: Timeline) -> Figure:
    """Urges acted on and resisted, per week, as side-by-side bars."""
    from matplotlib.ticker import MaxNLocator

    figure, axes = _figure("Urges acted on and resisted, by week")
    events = [(m.at, s) for m in timeline.moments for _, s in m.urges if s in ("acted", "resisted")]
    weeks = stats.weekly_counts(events)
    labels = [w.strftime("%d %b") for w in weeks]
    positions = list(range(len(weeks)))
    if weeks:
        acted = [w.get("acted", 0) for w in weeks.values()]
        resisted = [w.get("resisted", 0) for w in weeks.values()]
        axes.bar([p - 0.2 for p in positions], resisted, width=0.4, color=BLUE, label="Resisted")
        axes.bar([p + 0.2 for p in positions], acted, width=0.4, color=ORANGE, hatch="//",
                 edgecolor="#333333", label="Acted on")
        axes.set_xticks(positions, labels)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.legend(frameon=False)
    else:
        _empty(axes)
    axes.set_xlabel("Week starting")
    axes.set_ylabel("Number of urges")
    return figure


def times_chart(timeline: Timeline, zone: tzinfo = UTC) -> Figure:
    """How many hardest moments (7+ out of 10) fell in each hour of each weekday."""
    from matplotlib.ticker import MaxNLocator

    figure, axes = _figure("When the hardest moments happen (7+ out of 10)")
    spikes = [m.at.astimezone(zone) for m in timeline.spikes()]
    grid = stats.hour_weekday_grid(spikes)
    image = axes.imshow(grid, cmap="cividis", aspect="auto", vmin=0, interpolation="nearest")
    axes.set_yticks(range(7), [d[:3] for d in DAYS])
    axes.set_xticks(range(0, 24, 2), [f"{h:02d}:00" for h in range(0, 24, 2)], rotation=45)
    axes.set_xlabel("Time of day")
    axes.set_ylabel("Day of week")
    colourbar = figure.colorbar(image, ax=axes)
    colourbar.set_label("Number of hardest moments")
    colourbar.locator = MaxNLocator(integer=True)
    colourbar.update_ticks()
    if not spikes:
        _empty(axes)
    return figure


def helped_chart(timeline: Timeline, zone: tzinfo = UTC) -> Figure:
    """Average drop in re-rated intensity after each exercise, with how many times it rests on."""
    figure, axes = _figure("What helped: average drop in intensity after an exercise")
    ranked = sorted(stats.group_means(timeline.exercise_drops()).items(), key=lambda item: item[1].mean)[-8:]
    if ranked:
        names = [f"{name} (n = {g.n})" for name, g in ranked]
        means = [g.mean for _, g in ranked]
        axes.barh(names, means, color=GREEN, edgecolor="#333333")
        axes.axvline(0, color="#333333", linewidth=0.8)
        for y, value in enumerate(means):
            axes.annotate(f"{value:.1f}", (value, y), xytext=(4 if value >= 0 else -4, 0),
                          textcoords="offset points", va="center", ha="left" if value >= 0 else "right")
    else:
        _empty(axes)
    axes.set_xlabel("Points lower afterwards (0-10 scale)")
    axes.set_ylabel("Exercise")
    return figure


def figure_bytes(figure: Figure, fmt: str) -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    with _DRAWING, matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format=fmt, metadata=_metadata(fmt))
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    # No creation dates or tool names baked in: the files stay the same for the same data.
    return {"Date": None} if fmt == "svg" else {"Software": None} if fmt == "png" else {}


CHARTS: dict[str, Callable[[Timeline, tzinfo], Figure]] = {
    "trend": trend_chart,
    "urges": lambda timeline, _zone: urges_chart(timeline),
    "times": times_chart,
    "helped": helped_chart,
}


def build_figures(timeline: Timeline, zone: tzinfo = UTC, names: Iterable[str] = tuple(CHARTS)) -> dict[str, Figure]:
    import matplotlib

    with _DRAWING, matplotlib.rc_context(STYLE):
        return {name: CHARTS[name](timeline, zone) for name in names}


def chart_bytes(session: Session, user_id: int, name: str, fmt: str = "svg", *, now: datetime | None = None,
                since: datetime | None = None) -> bytes:
    """One chart as PNG or SVG bytes, for the web app to serve without touching the disk."""
    if name not in CHARTS:
        raise InputError(f"There is no chart called '{name}'; the charts are {', '.join(CHARTS)}.")
    _check_formats((fmt,))
    zone = (now.tzinfo if now else None) or UTC
    timeline = load_timeline(session, user_id, since=since, until=now)
    return figure_bytes(build_figures(timeline, zone, (name,))[name], fmt)


def _check_formats(formats: Iterable[str]) -> None:
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise InputError(f"Charts can be saved as {' or '.join(FORMATS)}, not {', '.join(sorted(unknown))}.")


def render_charts(session: Session, user_id: int, out_dir: str | Path, formats: tuple[str, ...] = FORMATS,
                  *, now: datetime | None = None, since: datetime | None = None) -> list[Path]:
    """Draw every chart (trend, urges, times, helped) into out_dir in each format; return the files written.

    Times are placed in the time zone of `now` (UTC when not given).
    """
    _check_formats(formats)
    zone = (now.tzinfo if now else None) or UTC
    timeline = load_timeline(session, user_id, since=since, until=now)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, figure in build_figures(timeline, zone).items():
        for fmt in formats:
            path = folder / f"{name}.{fmt}"
            path.write_bytes(figure_bytes(figure, fmt))
            written.append(path)
    return written
