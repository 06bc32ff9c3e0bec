"""The facts of the therapist report for one period, gathered once and rendered as HTML or PDF.

Only counts, averages and the notes the person chose to share; never message text, and for safety
events only how many there were. Imports the journal timeline, stats and questionnaires.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from steadyheart.journal import stats
from steadyheart.journal.questionnaires import ScoreSeries, reliable_change, score_series
from steadyheart.journal.timeline import Timeline, load_timeline
from steadyheart.store.models import Base
from steadyheart.store.models.conversations import User

MAX_NOTES = 6
MAX_NOTE_CHARS = 280
NOT_CLINICAL = ("This is not a clinical assessment. It summarises what I recorded in check-ins and "
                "patterns an AI companion (Steadyheart, not a therapist) noticed in my messages. "
                "Automatic tags can be wrong; please read it as a starting point for our conversation.")


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass
class ReportData:
    name: str
    start: datetime
    end: datetime
    weeks: int
    questionnaires: list[ScoreSeries] = field(default_factory=list)
    checkin_rows: list[Row] = field(default_factory=list)
    triggers: list[Row] = field(default_factory=list)
    urge_rows: list[Row] = field(default_factory=list)
    traps: list[Row] = field(default_factory=list)
    helped: list[Row] = field(default_factory=list)
    safety_rows: list[Row] = field(default_factory=list)
    notes: list[Row] = field(default_factory=list)
    timeline: Timeline = field(default_factory=Timeline)


def _fmt(value: float | None, unit: str = "") -> str:
    return "no data" if value is None else f"{value:.1f}{unit}"


def _change(values: list[float], unit: str = "") -> str:
    first, last = stats.halves(values)
    if first is None or last is None:
        return _fmt(stats.mean(values), unit)
    return f"{_fmt(stats.mean(values), unit)} (first half {first:.1f}, second half {last:.1f})"


def checkin_rows(timeline: Timeline) -> list[Row]:
    cs = timeline.checkins
    def series(name: str) -> list[float]:
        return [float(getattr(c, name)) for c in cs if getattr(c, name) is not None]
    return [
        Row("Check-ins", str(len(cs))),
        Row("Insecurity, average 0-10", _change(series("insecurity"))),
        Row("Anxiety, average 0-10", _change(series("anxiety"))),
        Row("Sleep, average", _fmt(stats.mean(series("sleep_hours")), " h")),
        Row("Social media, average a day", _fmt(stats.mean(series("social_minutes")), " min")),
    ]


def trigger_rows(timeline: Timeline, top: int = 5) -> list[Row]:
    levels = stats.group_means((t, m.intensity) for m in timeline.moments for t in set(m.triggers)
                               if m.intensity is not None)
    counts = Counter(t for m in timeline.moments for t in set(m.triggers))
    return [Row(name, f"{count} times" + (f", average intensity {levels[name].mean:.1f}/10" if name in levels else ""))
            for name, count in counts.most_common(top)]


def urge_rows(timeline: Timeline) -> list[Row]:
    statuses = [s for m in timeline.moments for _, s in m.urges]
    if not statuses:
        return []
    named = Counter(n for m in timeline.moments for n, s in m.urges if s in ("acted", "resisted"))
    rows = [Row("Urges resisted", str(statuses.count("resisted"))),
            Row("Urges acted on", str(statuses.count("acted"))),
            Row("Urges noticed (outcome not said)", str(statuses.count("urge")))]
    if named:
        rows.append(Row("Most common urges", ", ".join(f"{n} ({k})" for n, k in named.most_common(3))))
    return rows


def trap_rows(timeline: Timeline, top: int = 3) -> list[Row]:
    seen = Counter(t for m in timeline.moments for t in m.traps)
    caught = Counter(t for m in timeline.moments for t in m.traps_caught)
    return [Row(name.replace("_", " "), f"noticed in chat {seen[name]}, caught by me {caught[name]}")
            for name, _ in (seen + caught).most_common(top)]


def helped_rows(timeline: Timeline) -> list[Row]:
    ranked = sorted(stats.group_means(timeline.exercise_drops()).items(), key=lambda item: item[1].mean, reverse=True)
    return [Row(name, f"{abs(g.mean):.1f} points {'lower' if g.mean >= 0 else 'higher'} afterwards "
                      f"on average (n = {g.n})") for name, g in ranked[:4]]


def safety_event_counts(session: Session, user_id: int, start: datetime, end: datetime) -> Counter[str]:
    """Safety events by kind in [start, end), read from the safety concern's table when it exists."""
    table = Base.metadata.tables.get("safety_events")
    if table is None or not {"user_id", "kind", "created_at"} <= set(table.c.keys()):
        return Counter()
    rows = session.execute(select(table.c.kind).where(table.c.user_id == user_id, table.c.created_at >= start,
                                                      table.c.created_at < end)).scalars()
    return Counter(str(kind) for kind in rows)


def safety_rows(timeline: Timeline, events: Counter[str] | None = None) -> list[Row]:
    """Counts only: crisis replies and gentle checks from chat turns; questionnaire and plan events."""
    tiers, events = Counter(timeline.tiers), events or Counter()
    rows = [Row("Crisis resources shown", str(tiers.get("elevated", 0) + tiers.get("imminent", 0))),
            Row("Gentle safety check-ins", str(tiers.get("ambiguous", 0)))]
    if events.get("phq9"):
        rows.append(Row("Safety steps after a questionnaire", str(events["phq9"])))
    if events.get("safety_plan_saved"):
        rows.append(Row("Safety plan saved or updated", str(events["safety_plan_saved"])))
    return rows


def note_rows(timeline: Timeline) -> list[Row]:
    shared = [c for c in timeline.checkins if c.share_note and c.note]
    rows = []
    for c in shared[-MAX_NOTES:]:
        text = c.note or ""
        text = text if len(text) <= MAX_NOTE_CHARS else text[: MAX_NOTE_CHARS - 1].rstrip(" .,;") + "…"
        rows.append(Row(c.created_at.strftime("%d %b %Y"), text))
    return rows


def gather(session: Session, user_id: int, weeks: int, now: datetime) -> ReportData:
    start = now - timedelta(weeks=weeks)
    user = session.get(User, user_id)
    timeline = load_timeline(session, user_id, since=start, until=now)
    return ReportData(
        name=(user.display_name if user and user.display_name else ""), start=start, end=now, weeks=weeks,
        questionnaires=score_series(session, user_id, since=start, until=now),
        checkin_rows=checkin_rows(timeline), triggers=trigger_rows(timeline), urge_rows=urge_rows(timeline),
        traps=trap_rows(timeline), helped=helped_rows(timeline),
        safety_rows=safety_rows(timeline, safety_event_counts(session, user_id, start, now)),
        notes=note_rows(timeline), timeline=timeline,
    )


def questionnaire_rows(data: ReportData) -> list[Row]:
    rows = []
    for s in data.questionnaires:
        first, last = s.points[0][1], s.points[-1][1]
        change = f", change {last - first:+g}" if s.change is not None else ""
        verdict = reliable_change(s.instrument_id, first, last) if s.change is not None else ""
        change += f": {verdict}" if verdict else ""
        band = f" ({s.latest_band})" if s.latest_band else ""
        rows.append(Row(s.instrument, f"first {first:g}, latest {last:g}{band}{change} (n = {s.n})"))
    return rows


def sections(data: ReportData) -> list[tuple[str, list[Row], str]]:
    """(heading, rows, what to say when empty) in report order."""
    return [
        ("Questionnaire scores", questionnaire_rows(data), "No questionnaires completed in this period."),
        ("Check-in trends", data.checkin_rows, ""),
        ("Top triggers", data.triggers, "No triggers recorded."),
        ("Urges", data.urge_rows, "No urges recorded."),
        ("Thinking traps noticed", data.traps, "No thinking traps noticed."),
        ("What helped (re-rated before and after an exercise)", data.helped, "No exercises re-rated yet."),
        ("Safety (counts only, no details)", data.safety_rows, ""),
        ("Notes I chose to share", data.notes, "No notes selected."),
    ]
