"""A person's progress in words (for `steadyheart progress`) and as JSON. Imports change and results."""

from __future__ import annotations

from typing import Any

from steadyheart.measures.change import ChangeFigures, Progress
from steadyheart.measures.results import messages
from steadyheart.measures.scoring import display_number


def progress_lines(progress: Progress) -> list[str]:
    m, instrument = messages(), progress.instrument
    if not progress.history:
        return [m.progress_none.format(name=instrument.label, id=instrument.id)]
    if progress.since_baseline is None:
        return [m.progress_one.format(name=instrument.label)]
    since = progress.since_baseline
    lines = [m.progress_since.format(name=instrument.label, **_numbers(since))]
    if instrument.change is not None:
        threshold = display_number(instrument.change.reliable_change)
        if since.reliable_improvement:
            lines.append(m.progress_improved.format(threshold=threshold))
        elif since.reliable_deterioration:
            lines.append(m.progress_deteriorated.format(threshold=threshold))
        else:
            lines.append(m.progress_steady.format(threshold=threshold))
        caseness = display_number(instrument.change.caseness_at_least)
        if since.recovery:
            lines.append(m.progress_recovered.format(caseness=caseness))
        elif since.case_at_latest:
            lines.append(m.progress_still_case.format(caseness=caseness))
    weeks = display_number(progress.weeks)
    if progress.window is not None and progress.window_follow_up is not None:
        lines.append(m.progress_window.format(weeks=weeks, date=f"{progress.window_follow_up.taken_at:%Y-%m-%d}",
                                              **_numbers(progress.window)))
    else:
        lines.append(m.progress_window_missing.format(weeks=weeks))
    lines.append(m.progress_footer)
    return lines


def _numbers(figures: ChangeFigures) -> dict[str, Any]:
    percent = "" if figures.percent is None else f", {figures.percent:+.0f}%"
    return {"baseline": display_number(figures.baseline), "latest": display_number(figures.latest),
            "points": f"{display_number(figures.points):+}", "percent": percent}


def progress_dict(progress: Progress) -> dict[str, Any]:
    return {
        "instrument": progress.instrument.id,
        "validated": progress.instrument.validated,
        "history": [{"id": p.administration_id, "taken_at": p.taken_at.isoformat(),
                     "total": display_number(p.total), "band": p.band, "flags": list(p.flags)}
                    for p in progress.history],
        "since_baseline": _figures(progress.since_baseline),
        "weeks": progress.weeks,
        "window": _figures(progress.window),
    }


def _figures(figures: ChangeFigures | None) -> dict[str, Any] | None:
    if figures is None:
        return None
    data = dict(figures.__dict__)
    data["percent"] = None if figures.percent is None else round(figures.percent, 1)
    return data
