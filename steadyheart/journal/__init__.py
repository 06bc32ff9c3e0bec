"""Journal: check-ins, pattern insights, charts and the therapist report.

Owns steadyheart.store.models.journal (the `checkins` table). Reads the core `turns` analysis tags and,
when present, the measures tables. May import store, errors and the understanding contract; never web
or cli. Charts and the report need the `reports` extra (matplotlib, fpdf2), imported only when used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from steadyheart.journal.checkins import delete_checkin, list_checkins, record_checkin, update_checkin
from steadyheart.journal.insights import Insight, insights

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session


def render_charts(session: Session, user_id: int, out_dir: str | Path,
                  formats: tuple[str, ...] = ("png", "svg"), *, now: datetime | None = None,
                  since: datetime | None = None) -> list[Path]:
    """Draw the trend, urges and time-of-day charts into out_dir (see journal.charts.render_charts)."""
    from steadyheart.journal.charts import render_charts as render

    return render(session, user_id, out_dir, formats, now=now, since=since)


def chart_bytes(session: Session, user_id: int, name: str, fmt: str = "svg", *, now: datetime | None = None,
                since: datetime | None = None) -> bytes:
    """One chart ("trend", "urges", "times" or "helped") as PNG or SVG bytes, e.g. for the web app."""
    from steadyheart.journal.charts import chart_bytes as draw

    return draw(session, user_id, name, fmt, now=now, since=since)


def build_report(session: Session, user_id: int, weeks: int, fmt: str, *, now: datetime | None = None) -> bytes:
    """The therapist report as PDF or HTML bytes (see journal.report.build_report)."""
    from steadyheart.journal.report import build_report as build

    return build(session, user_id, weeks, fmt, now=now)


__all__ = ["Insight", "build_report", "chart_bytes", "delete_checkin", "insights", "list_checkins", "record_checkin",
           "render_charts", "update_checkin"]
