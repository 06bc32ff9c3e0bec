"""Turn the record a guided chat flow emits into a check-in, so "saved to your journal" is true.

The dialogue's flows (content/flows/*.yaml) end with `record: <kind>` and hand the answers over as a
dict: {"kind", "flow", <capture>: text, <capture>_rating: int, ...}. This module maps the kinds that are
check-ins (checkin, urge, thought_record) onto check-in fields; other kinds (reflection, experiment,
self_worth) are not check-ins and are left alone. Imports only the journal's own modules.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from steadyheart.journal.checkins import record_checkin

MAX_LABELS = 6
_SPLIT = re.compile(r",|;|/|\band\b|\bor\b|\n", re.I)
_FILLER = re.compile(r"^(i feel|i'm|i am|feeling|a bit|kind of|really|very|so|just|my|in my|mostly)\s+", re.I)
_RESISTED = re.compile(r"\b(let (it|the urge|that) go|didn'?t|did not|don'?t|won'?t|not (going to|gonna)|held off|"
                       r"waited|resisted|put (the|my) phone (away|down)|left it)\b", re.I)
_ACTED = re.compile(r"\b(sent|texted|checked|called|messaged|looked at|did it|gave in|went ahead|acted on)\b", re.I)


def labels(text: object) -> list[str]:
    """Short labels from a free answer: "scared and jealous, a bit sick" -> ["scared", "jealous", "sick"]."""
    found: list[str] = []
    for part in _SPLIT.split(str(text or "")):
        word = part.strip(" .!?\"'").lower()
        while (shorter := _FILLER.sub("", word)) != word:
            word = shorter
        if word and not word.isdigit() and len(word) <= 40 and word not in found:
            found.append(word)
    return found[:MAX_LABELS]


def rating(record: dict[str, Any], key: str) -> int | None:
    value = record.get(f"{key}_rating")
    return value if isinstance(value, int) and 0 <= value <= 10 else None


def label(record: dict[str, Any], key: str) -> str | None:
    text = " ".join(str(record.get(key) or "").split()).strip(" .!")
    return text[:120] or None


def urge_outcome(*answers: object) -> str:
    """"resisted" or "acted" when the person's own words say so clearly, else "urge" (not known)."""
    text = " ".join(str(a or "") for a in answers)
    resisted, acted = bool(_RESISTED.search(text)), bool(_ACTED.search(text))
    if resisted != acted:
        return "resisted" if resisted else "acted"
    return "urge"


def checkin_fields(record: dict[str, Any]) -> dict[str, Any] | None:
    """Check-in fields for a flow record, or None when the record is not a check-in."""
    kind = record.get("kind")
    if kind == "checkin":
        fields = {"insecurity": rating(record, "intensity"), "feelings": labels(record.get("feelings")),
                  "body_signals": labels(record.get("body")), "trigger": label(record, "trigger"),
                  "urge": label(record, "urge")}
        if fields["urge"]:
            fields["urge_outcome"] = "urge"
    elif kind == "urge":
        fields = {"urge": label(record, "urge") or "urge",
                  "urge_outcome": urge_outcome(record.get("decision"), record.get("outcome")),
                  "exercise": "pause before acting", "intensity_before": rating(record, "urge_strength"),
                  "intensity_after": rating(record, "urge_after")}
    elif kind == "thought_record":
        fields = {"feelings": labels(re.sub(r"\d+", "", str(record.get("feelings") or ""))),
                  "exercise": "thought record", "intensity_before": rating(record, "feelings"),
                  "intensity_after": rating(record, "rerate")}
    else:
        return None
    return {k: v for k, v in fields.items() if v not in (None, [])}


def record_flow_checkin(session: Session, user_id: int, record: dict[str, Any], *,
                        created_at: datetime | None = None) -> int | None:
    """Save the check-in a finished flow produced (source "chat"); None when there is nothing to save."""
    fields = checkin_fields(record)
    if not fields:
        return None
    return record_checkin(session, user_id, source="chat", created_at=created_at, **fields)
