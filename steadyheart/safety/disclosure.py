"""The AI disclosure: shown at the start of each session, whenever asked, and after three hours of use.

New York GBL art. 47 asks for it at session start and at least every 3 hours; Utah 13-72a whenever asked.
The caller keeps when it was last shown; `disclosure_due` decides with an injectable clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

#: Shown again after this much continuous use.
DISCLOSURE_INTERVAL = timedelta(hours=3)

_DISCLOSURE = (
    "I'm Steadyheart, an AI companion: a computer program, not a person, and not a therapist. "
    "I can't diagnose or treat anything, and I can get things wrong. I'm here to help you notice what's "
    "going on and practise skills, alongside the people and professionals in your life. "
    "If you are in danger or thinking about ending your life, call your local emergency number, or use the "
    "Get help now button (or /crisis in the terminal) for crisis lines in your country."
)


def disclosure_text() -> str:
    return _DISCLOSURE


def disclosure_due(last_shown: datetime | None, now: datetime) -> bool:
    """True at a session's start (never shown) and once three hours have passed since it was shown."""
    return last_shown is None or now - last_shown >= DISCLOSURE_INTERVAL
