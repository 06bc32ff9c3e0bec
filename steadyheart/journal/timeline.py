"""One timeline of a person's moments, from check-ins and from the tags on their chat turns.

Chat turns already carry an Analysis (emotions, traps, triggers, urges, intensity), so patterns appear
even for people who never fill in a check-in. Imports the store and the Analysis contract only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from steadyheart.journal.checkins import list_checkins
from steadyheart.store.models.conversations import Conversation, Turn
from steadyheart.store.models.journal import CheckIn

#: detector scores below this are too unsure to count as a pattern
MIN_TAG_SCORE = 0.5
#: an intensity at or above this (0-10) is a spike, one of the hardest moments
SPIKE = 7.0


@dataclass(frozen=True)
class Moment:
    at: datetime
    source: str  # "checkin" or "chat"
    intensity: float | None = None  # 0-10
    triggers: tuple[str, ...] = ()
    urges: tuple[tuple[str, str], ...] = ()  # (name, "urge" | "acted" | "resisted")
    traps: tuple[str, ...] = ()
    traps_caught: tuple[str, ...] = ()  # named by the person in a check-in


@dataclass
class Timeline:
    moments: list[Moment] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)  # the tier of every chat turn in the window

    def spikes(self) -> list[Moment]:
        return [m for m in self.moments if m.intensity is not None and m.intensity >= SPIKE]

    def exercise_drops(self) -> list[tuple[str, float]]:
        """(exercise, intensity before minus after) for every check-in that re-rated an exercise."""
        return [(c.exercise, float(c.intensity_before - c.intensity_after)) for c in self.checkins
                if c.exercise and c.intensity_before is not None and c.intensity_after is not None]


def from_checkin(checkin: CheckIn) -> Moment:
    ratings = [r for r in (checkin.insecurity, checkin.anxiety) if r is not None]
    urges = ((checkin.urge or "urge", checkin.urge_outcome),) if checkin.urge_outcome else ()
    return Moment(
        at=checkin.created_at, source="checkin", intensity=float(max(ratings)) if ratings else None,
        triggers=(checkin.trigger,) if checkin.trigger else (), urges=urges,
        traps_caught=tuple(checkin.traps_noticed or ()),
    )


def from_analysis(at: datetime, analysis: dict[str, Any]) -> Moment | None:
    """A moment from a turn's analysis JSON, or None when nothing was noticed in it."""
    def names(key: str) -> tuple[str, ...]:
        return tuple(str(item["name"]) for item in analysis.get(key) or ()
                     if float(item.get("score", 0.0)) >= MIN_TAG_SCORE)

    urges = tuple((str(u["name"]), str(u.get("status", "urge"))) for u in analysis.get("urges") or ()
                  if float(u.get("score", 0.0)) >= MIN_TAG_SCORE)
    triggers, traps = names("triggers"), names("traps")
    raw = float(analysis.get("intensity") or 0.0)
    # The analysis scores intensity 0-1; older or foreign rows may already use 0-10.
    intensity = min(10.0, raw * 10 if raw <= 1.0 else raw)
    if not (triggers or traps or urges or names("emotions") or intensity > 0):
        return None
    return Moment(at=at, source="chat", intensity=intensity if intensity > 0 else None,
                  triggers=triggers, urges=urges, traps=traps)


def load_timeline(session: Session, user_id: int, since: datetime | None = None,
                  until: datetime | None = None) -> Timeline:
    """Every moment for this person in [since, until), oldest first."""
    checkins = list_checkins(session, user_id, since, until)
    query = (select(Turn.created_at, Turn.analysis, Turn.tier)
             .join(Conversation, Conversation.id == Turn.conversation_id)
             .where(Conversation.user_id == user_id))
    if since is not None:
        query = query.where(Turn.created_at >= since)
    if until is not None:
        query = query.where(Turn.created_at < until)
    timeline = Timeline(checkins=checkins)
    moments = [from_checkin(c) for c in checkins]
    for created_at, analysis, tier in session.execute(query.order_by(Turn.created_at, Turn.id)):
        timeline.tiers.append(tier)
        moment = from_analysis(created_at, analysis or {})
        if moment is not None:
            moments.append(moment)
    timeline.moments = sorted(moments, key=lambda m: m.at)
    return timeline
