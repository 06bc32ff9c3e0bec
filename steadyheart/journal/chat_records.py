"""Turn what a guided flow collected in chat into a journal check-in, so "saved to your journal" is true.

A check-in flow maps field by field; every other flow (pause before acting, thought record, self-worth
practice …) is kept as a check-in naming the exercise, with its ratings and a short note of the answers.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from steadyheart.journal.checkins import MAX_NOTE_CHARS, record_checkin

_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|\bor\b)\s*")
_SKIP = {"kind", "flow"}


def save_chat_record(session: Session, user_id: int, record: dict[str, Any]) -> int:
    """Persist one flow record as a check-in and return its id."""
    answers = {k: v for k, v in record.items() if k not in _SKIP}
    fields: dict[str, Any] = {"source": "chat", "exercise": str(record.get("flow") or record.get("kind"))[:120]}
    if record.get("kind") == "checkin":
        fields.update(
            insecurity=_rating(answers.get("intensity_rating")),
            feelings=_labels(answers.get("feelings")),
            body_signals=_labels(answers.get("body")),
            trigger=_label(answers.get("trigger")),
            urge=_label(answers.get("urge")),
        )
    else:
        fields.update(
            urge=_label(answers.get("urge")),
            intensity_before=_rating(answers.get("urge_strength_rating", answers.get("intensity_rating"))),
            intensity_after=_rating(answers.get("urge_after_rating", answers.get("rerate_rating"))),
        )
    fields["note"] = _note(answers)
    return record_checkin(session, user_id, **{k: v for k, v in fields.items() if v not in (None, [])})


def _rating(value: object) -> int | None:
    if isinstance(value, int | float) and 0 <= value <= 10:
        return round(value)
    return None


def _label(value: object) -> str | None:
    text = str(value).strip()[:120] if value else ""
    return text or None


def _labels(value: object) -> list[str]:
    return [part[:120] for part in _SPLIT.split(str(value or "")) if part.strip()][:20]


def _note(answers: dict[str, Any]) -> str | None:
    lines = [f"{key.replace('_', ' ')}: {value}" for key, value in answers.items()
             if not key.endswith("_rating") and str(value).strip()]
    return "\n".join(lines)[:MAX_NOTE_CHARS] or None
