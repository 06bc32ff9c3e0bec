"""Operator outcome figures in words, with what they can and cannot say. Imports outcomes and catalog."""

from __future__ import annotations

from steadyheart.measures.catalog import Instrument
from steadyheart.measures.outcomes import MIN_GROUP, OutcomeReport


def _pct(value: float | None) -> str:
    return "suppressed (fewer than 10 people)" if value is None else f"{value * 100:.1f}%"


def outcome_lines(instrument: Instrument, report: OutcomeReport) -> list[str]:
    weeks = f"{report.weeks:g}"
    lines = [
        f"{instrument.name} outcomes over {weeks} weeks, people who consented to research use (de-identified)",
        f"  consenting people: {report.consenting_people}",
        f"  started (baseline, window over or followed up): {report.started}",
        f"  still inside their first {weeks} weeks: {report.still_in_window}",
        f"  with baseline and follow-up (N): {report.n}",
    ]
    if report.suppressed:
        lines.append(f"  Figures are suppressed: fewer than {MIN_GROUP} people have a baseline and a follow-up.")
    else:
        if report.mean_percent_change is not None and report.ci95_mean_percent_change is not None:
            low, high = report.ci95_mean_percent_change
            lines += [
                f"  mean change: {report.mean_percent_change:+.1f}% (95% CI {low:+.1f}% to {high:+.1f}%, bootstrap; "
                f"N={report.n_percent} with a baseline above 0)",
                f"  median change: {report.median_percent_change:+.1f}%",
            ]
        else:
            lines.append("  percentage change: suppressed (fewer than 10 people with a baseline above 0)")
        lines.append(f"  mean change in points: {report.mean_points_change:+.2f}")
        d = "not defined (no spread in the changes)" if report.cohens_dz is None else f"{report.cohens_dz:+.2f}"
        lines.append(f"  effect size, Cohen's d for paired scores (d_z; negative = scores fell): {d}")
        if instrument.change is not None:
            lines += [
                f"  reliable improvement (a drop of {instrument.change.reliable_change:g}+ points): "
                f"{_pct(report.reliable_improvement_share)}",
                f"  reliable deterioration: {_pct(report.reliable_deterioration_share)}",
                f"  recovery (of those at caseness, {instrument.change.caseness_at_least:g}+, at baseline): "
                f"{_pct(report.recovery_rate)}",
            ]
        lines.append(f"  dropout (started, no follow-up in the window): {_pct(report.dropout_rate)}")
    lines.append("What this can and cannot say:")
    lines += [f"  - {note}" for note in report.notes]
    return lines
