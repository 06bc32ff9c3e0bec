"""Questionnaire scores over time, read defensively from the measures tables when they exist.

The measures concern owns those tables; this module reads them through Base.metadata by name, so the
journal keeps working (with no questionnaire section) if that concern is absent or its columns change.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import null, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from steadyheart.store.models import Base

TABLE = "measure_administrations"
NEEDED = {"user_id", "instrument", "completed_at", "total"}


@dataclass(frozen=True)
class ScoreSeries:
    instrument: str
    points: tuple[tuple[datetime, float], ...]  # (completed_at, total), oldest first
    latest_band: str | None = None  # the severity band of the latest result, for validated instruments
    instrument_id: str = ""

    @property
    def n(self) -> int:
        return len(self.points)

    @property
    def change(self) -> float | None:
        return self.points[-1][1] - self.points[0][1] if len(self.points) >= 2 else None


def score_series(session: Session, user_id: int, since: datetime | None = None,
                 until: datetime | None = None) -> list[ScoreSeries]:
    """Completed questionnaire totals per instrument; [] when the measures tables are not there."""
    table = Base.metadata.tables.get(TABLE)
    if table is None or not set(table.c.keys()) >= NEEDED:
        return []
    band = table.c.band if "band" in table.c else null()
    query = (select(table.c.instrument, table.c.completed_at, table.c.total, band)
             .where(table.c.user_id == user_id, table.c.completed_at.is_not(None), table.c.total.is_not(None)))
    if since is not None:
        query = query.where(table.c.completed_at >= since)
    if until is not None:
        query = query.where(table.c.completed_at < until)
    try:
        rows = session.execute(query.order_by(table.c.completed_at)).all()
    except SQLAlchemyError:
        return []  # the table is declared but not migrated in this database
    grouped: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
    bands: dict[str, str | None] = {}
    for instrument, completed_at, total, latest_band in rows:
        grouped[str(instrument)].append((completed_at, float(total)))
        bands[str(instrument)] = latest_band
    return [ScoreSeries(instrument_label(name), tuple(points), bands[name], name)
            for name, points in sorted(grouped.items())]


def instrument_label(instrument_id: str) -> str:
    """The instrument's own label (which says "not a validated measure" where true), else its id."""
    try:
        from steadyheart.measures.catalog import shipped_instruments

        return str(shipped_instruments()[instrument_id].label)
    except Exception:  # the measures concern is optional here: any failure falls back to the id
        return instrument_id.upper()


def reliable_change(instrument_id: str, first: float, last: float) -> str:
    """"a reliable improvement (at least 4 points)" and the like, for instruments with NHS Talking
    Therapies thresholds (GAD-7, PHQ-9); "" when the measures concern is absent or has none."""
    try:
        from steadyheart.measures.catalog import shipped_instruments
        from steadyheart.measures.change import change_between

        instrument = shipped_instruments()[instrument_id]
        if instrument.change is None:
            return ""
        figures = change_between(instrument, first, last)
        threshold = f"{instrument.change.reliable_change:g}"
    except Exception:  # the measures concern is optional here: any failure means no wording
        return ""
    if figures.reliable_improvement:
        return f"a reliable improvement (at least {threshold} points)"
    if figures.reliable_deterioration:
        return f"a reliable worsening (at least {threshold} points)"
    return f"less than the {threshold}-point reliable change"
