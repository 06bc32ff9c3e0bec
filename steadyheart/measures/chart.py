"""The progress chart (PNG or SVG) with matplotlib, from the `reports` extra. Imports change only."""

from __future__ import annotations

from pathlib import Path

from steadyheart.errors import InputError
from steadyheart.measures.change import Progress

FORMATS = {".png", ".svg"}
BAND_SHADES = ["#eef6ee", "#f7f4e6", "#f9ece0", "#f6e2e0", "#f1dada"]


def write_progress_chart(progresses: list[Progress], path: Path) -> Path:
    """One panel per questionnaire: scores over time, severity bands shaded, the caseness line dashed."""
    if path.suffix.lower() not in FORMATS:
        raise InputError(f"The chart file must end in .png or .svg, not {path.suffix or 'nothing'}.")
    shown = [p for p in progresses if p.history]
    if not shown:
        raise InputError("There are no questionnaire scores to chart yet.")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise InputError("Charts need matplotlib: install it with `pip install 'steadyheart[reports]'`.") from exc
    figure, axes = plt.subplots(len(shown), 1, figsize=(7, 2.8 * len(shown)), squeeze=False)
    for axis, progress in zip(axes[:, 0], shown, strict=True):
        instrument = progress.instrument
        for shade, band in zip(BAND_SHADES, instrument.bands, strict=False):
            axis.axhspan(band.min - 0.5, band.max + 0.5, color=shade, zorder=0)
            axis.text(1.01, (band.min + band.max) / 2, band.label, transform=axis.get_yaxis_transform(),
                      fontsize=7, va="center", color="#555555")
        if instrument.change is not None:
            axis.axhline(instrument.change.caseness_at_least - 0.5, linestyle="--", linewidth=0.8, color="#888888")
        dates = [p.taken_at for p in progress.history]
        axis.plot(dates, [p.total for p in progress.history], marker="o", color="#2f5d8a", zorder=3)
        axis.set_ylim(instrument.min_total - 0.5, instrument.max_total + 0.5)
        axis.set_title(instrument.label, fontsize=10, loc="left")
        axis.set_ylabel("score")
        figure.autofmt_xdate()
    figure.text(0.01, 0.005, "Symptom change over time; not a diagnosis.", fontsize=7, color="#555555")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Date": None} if path.suffix.lower() == ".svg" else None)
    plt.close(figure)
    return path
