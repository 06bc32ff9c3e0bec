"""Small readers shared by the understanding tests: the names a detector found, and each behaviour's status."""

from __future__ import annotations

from steadyheart.understanding.analysis import Scored, UrgeStatus
from steadyheart.understanding.urges import detect_urges


def names(found: tuple[Scored, ...]) -> set[str]:
    return {s.name for s in found}


def statuses(text: str) -> dict[str, UrgeStatus]:
    return {u.name: u.status for u in detect_urges(text)}
