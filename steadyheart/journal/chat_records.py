"""Turn what a guided flow collected in chat into a journal check-in, so "saved to your journal" is true.

Flows (content/flows/*.yaml) end with `record: <kind>` and hand over {"kind", "flow", <capture>: text,
<capture>_rating: int, ...}. A check-in flow maps field by field. Every other flow (pause before acting,
thought record, self-worth practice, reflections) is kept as a check-in naming the exercise, with its
before/after ratings, whether an urge was resisted or acted on (only when the person's words say so
clearly), and a short note of the answers. Imports only the journal's own modules.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from steadyheart.journal.checkins import MAX_NOTE_CHARS, record_checkin

MAX_LABELS = 6
_RATING_WORDS = re.compile(r"\b\d+(\s*(/|out of)\s*10)?\b", re.I)  # "anxious 8/10" -> "anxious"
_SKIP = {"kind", "flow"}
_SPLIT = re.compile(r",|;|/|\band\b|\bor\b|\n", re.I)
_FILLER = re.compile(r"^(i feel|i'm|i am|feeling|a bit|kind of|really|very|so|just|my|in my|mostly)\s+", re.I)
_RESISTED = re.compile(r"\b(let (it|the urge|that) go|didn'?t|did not|don'?t|won'?t|not (going to|gonna)|held off|"
                       r"waited|resisted|put (the|my) phone (away|down)|left it)\b", re.I)
_ACTED = re.compile(r"\b(sent|texted|checked|called|messaged|looked at|did it|gave in|went ahead|acted on)\b", re.I)
#: (before, after) rating keys per flow kind, for "what helped"
_RATINGS = {"urge": ("urge_strength_rating", "urge_after_rating"),
            "thought_record": ("feelings_rating", "rerate_rating")}


def labels(text: object) -> list[str]:
    """Short labels from a free answer: "scared and jealous, a bit sick" -> ["scared", "jealous", "sick"]."""
    found: list[str] = []
    for part in _SPLIT.split(_RATING_WORDS.sub("", str(text or ""))):
        word = part.strip(" .!?\"'").lower()
        while (shorter := _FILLER.sub("", word)) != word:
            word = shorter
        if word and len(word) <= 40 and word not in found:
            found.append(word)
    return found[:MAX_LABELS]


def urge_outcome(*answers: object) -> str:
    """"resisted" or "acted" when the person's own words say so clearly, else "urge" (not known)."""
    text = " ".join(str(a or "") for a in answers)
    resisted, acted = bool(_RESISTED.search(text)), bool(_ACTED.search(text))
    return ("resisted" if resisted else "acted") if resisted != acted else "urge"


def _rating(value: object) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 10:
        return round(value)
    return None


def _label(value: object) -> str | None:
    text = " ".join(str(value or "").split()).strip(" .!")
    return text[:120] or None


def _note(answers: dict[str, Any]) -> str | None:
    lines = [f"{key.replace('_', ' ')}: {value}" for key, value in answers.items()
             if not key.endswith("_rating") and str(value).strip()]
    return "\n".join(lines)[:MAX_NOTE_CHARS] or None


def checkin_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The check-in fields for one flow record (empty values left out)."""
    answers = {k: v for k, v in record.items() if k not in _SKIP}
    kind = str(record.get("kind") or "")
    if kind == "checkin":
        fields: dict[str, Any] = {
            "insecurity": _rating(answers.get("intensity_rating")), "feelings": labels(answers.get("feelings")),
            "body_signals": labels(answers.get("body")), "trigger": _label(answers.get("trigger")),
            "urge": _label(answers.get("urge")),
        }
        if fields["urge"]:
            fields["urge_outcome"] = "urge"
    else:
        before, after = _RATINGS.get(kind, ("intensity_rating", "rerate_rating"))
        fields = {"exercise": _label(str(record.get("flow") or kind).replace("_", " ")),
                  "intensity_before": _rating(answers.get(before)), "intensity_after": _rating(answers.get(after)),
                  "note": _note(answers)}
        if kind == "urge":
            fields["urge"] = _label(answers.get("urge")) or "urge"
            fields["urge_outcome"] = urge_outcome(answers.get("decision"), answers.get("outcome"))
        if kind == "thought_record":
            fields["feelings"] = labels(answers.get("feelings"))
    return {k: v for k, v in fields.items() if v not in (None, [])}


def save_chat_record(session: Session, user_id: int, record: dict[str, Any], *,
                     created_at: datetime | None = None) -> int:
    """Persist one flow record as a check-in (source "chat") and return its id."""
    return record_checkin(session, user_id, source="chat", created_at=created_at, **checkin_fields(record))
