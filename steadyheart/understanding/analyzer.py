"""Runs every detector over one message and its embedding and assembles the Analysis."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from steadyheart.config import MAX_MESSAGE_CHARS
from steadyheart.errors import InputError
from steadyheart.understanding import emotions, post_filters, signal_head, signals, traps, urges
from steadyheart.understanding.analysis import Analysis, UrgeFinding, UrgeStatus
from steadyheart.understanding.embedder import Embedder
from steadyheart.understanding.intensity import distress_intensity

#: A short reply that settles the urge named in the previous message ("I want to check his phone" ->
#: "but I didn't").
_HELD_BACK = re.compile(
    r"^\W*(?:(?:but|and|then)\s+)*(?:I\s+)?(?:didn't|did\s+not|held\s+back|resisted|stopped\s+myself|walked\s+away|"
    r"managed\s+not\s+to|chose\s+not\s+to)\b",
    re.IGNORECASE,
)
_GAVE_IN = re.compile(r"^\W*(?:(?:and|but|then)\s+)*(?:I\s+)?(?:did\s+it|did|gave\s+in|caved|went\s+ahead)\b", re.IGNORECASE)
_SHORT_REPLY_CHARS = 60


def check_text(text: object) -> str:
    """The text if it can be analysed, else InputError with one clear sentence."""
    if not isinstance(text, str):
        raise InputError("A message must be text.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InputError(f"A message can be at most {MAX_MESSAGE_CHARS} characters long.")
    return text


def check_embedding(embedding: object) -> npt.NDArray[np.float32]:
    array = np.asarray(embedding, dtype=np.float32)
    if array.shape != (Embedder.dim,) or not np.all(np.isfinite(array)):
        raise InputError(f"An embedding must be {Embedder.dim} finite numbers.")
    return array


def _urges_with_context(text: str, context: Sequence[str]) -> tuple[UrgeFinding, ...]:
    found = urges.detect_urges(text)
    if found or not context or len(text) > _SHORT_REPLY_CHARS:
        return found
    status = (
        UrgeStatus.RESISTED if _HELD_BACK.search(text) else UrgeStatus.ACTED if _GAVE_IN.search(text) else None
    )
    if status is None:
        return found
    earlier = [u for u in urges.detect_urges(context[-1]) if u.status is UrgeStatus.URGE]
    return tuple(UrgeFinding(u.name, status, u.score, text.strip()) for u in earlier)


def analyze_with_embedding(
    text: str, embedding: npt.NDArray[np.float32], context: Sequence[str] = ()
) -> Analysis:
    """Every detector on one message; `context` holds earlier messages, oldest first."""
    vector = check_embedding(embedding)
    if not text.strip():
        return Analysis()
    probabilities = emotions.emotion_probabilities(text, vector)
    feelings = signals.feelings(text)
    body = signals.body_signals(text)
    found_traps = traps.detect_traps(text, vector)
    found_urges = _urges_with_context(text, [c for c in context if isinstance(c, str)])
    found_triggers = signals.triggers(text)
    # Wording the lexicons have not seen: at most one label from the nearest project-written phrase.
    body, found_triggers, found_urges = signals.with_backoff(text, vector, body, found_triggers, found_urges)
    # ... and every label the learned head is fairly sure of, where no lexicon pattern was turned down.
    body, found_triggers, found_urges = signal_head.with_head(text, vector, body, found_triggers, found_urges)
    body, found_triggers, found_urges = post_filters.apply(text, body, found_triggers, found_urges)
    return Analysis(
        emotions=emotions.detect_emotions(text, vector, probabilities),
        body=body,
        traps=found_traps,
        triggers=found_triggers,
        urges=found_urges,
        intensity=distress_intensity(text, probabilities, feelings, body, found_traps, found_urges, found_triggers),
    )
