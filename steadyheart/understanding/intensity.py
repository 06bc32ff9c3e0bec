"""Intensity of distress, 0-1, from what the other detectors found and how the message is written.

A hand-set, documented formula (no dataset fitted it); measured against dreaddit's stress labels in
evals/understanding.py. May import the Analysis contract only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from steadyheart.understanding.analysis import Scored, TrapFinding, UrgeFinding, UrgeStatus

DISTRESS = ("fear", "nervousness", "sadness", "grief", "disappointment", "remorse", "embarrassment", "anger")
MILD_DISTRESS = ("annoyance", "disgust", "disapproval", "confusion")
CALM = ("joy", "gratitude", "love", "optimism", "relief", "amusement", "admiration", "approval")
_INTENSIFIER = re.compile(
    r"\b(?:so|really|very|extremely|completely|totally|can't\s+stop|can't\s+take|desperate|unbearable|"
    r"terrified|panicking|panic|freaking\s+out|losing\s+my\s+mind)\b|!{2,}|\b[A-Z]{4,}\b",
)


def distress_intensity(
    text: str,
    probabilities: Mapping[str, float],
    feelings: Sequence[Scored],
    body: Sequence[Scored],
    traps: Sequence[TrapFinding],
    urges: Sequence[UrgeFinding],
    triggers: Sequence[Scored] = (),
) -> float:
    """0 = calm, 1 = overwhelming distress. Each part is capped so that no single signal dominates."""
    distress = max((probabilities.get(n, 0.0) for n in DISTRESS), default=0.0)
    mild = max((probabilities.get(n, 0.0) for n in MILD_DISTRESS), default=0.0)
    calm = max((probabilities.get(n, 0.0) for n in CALM), default=0.0)
    score = 0.45 * distress + 0.15 * mild
    score += 0.12 * min(len(feelings), 3)
    score += 0.15 * min(len(body), 3)
    score += 0.06 * min(len(triggers), 2)
    score += 0.10 if traps else 0.0
    score += 0.08 * min(sum(1 for u in urges if u.status is not UrgeStatus.RESISTED), 2)
    score += 0.05 * min(len(_INTENSIFIER.findall(text)), 3)
    score -= 0.25 * calm
    return round(min(max(score, 0.0), 1.0), 4)
