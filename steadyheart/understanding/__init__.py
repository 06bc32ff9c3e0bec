"""Understanding: what a message shows (emotions, body signals, thinking traps, triggers, urges, intensity).

Public API: `analyze`, `analyze_batch`, `embed_one`, `get_embedder` and the Analysis contract. May import
steadyheart.errors, steadyheart.config and its own modules; never safety, dialogue, store, web or cli.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from steadyheart.understanding.analysis import Analysis, Scored, TrapFinding, UrgeFinding, UrgeStatus
from steadyheart.understanding.analyzer import analyze_with_embedding, check_text
from steadyheart.understanding.embedder import Embedder, get_embedder

__all__ = [
    "Analysis",
    "Embedder",
    "Scored",
    "TrapFinding",
    "UrgeFinding",
    "UrgeStatus",
    "analyze",
    "analyze_batch",
    "embed_one",
    "get_embedder",
]


def embed_one(text: str) -> npt.NDArray[np.float32]:
    """The message's embedding, shape (384,), unit length: compute it once and share it with safety."""
    vector: npt.NDArray[np.float32] = get_embedder().embed([check_text(text)])[0]
    return vector


def analyze(
    text: str, context: Sequence[str] = (), embedding: npt.NDArray[np.float32] | None = None
) -> Analysis:
    """Analyse one message; `context` is earlier messages (oldest first), `embedding` from `embed_one`."""
    text = check_text(text)
    if embedding is None:
        embedding = get_embedder().embed([text])[0]
    return analyze_with_embedding(text, embedding, context)


def analyze_batch(texts: Sequence[str]) -> list[Analysis]:
    """Analyse many messages with one batched embedding pass (for the JSON-lines CLI)."""
    checked = [check_text(t) for t in texts]
    vectors = get_embedder().embed(checked) if checked else np.zeros((0, get_embedder().dim), np.float32)
    return [analyze_with_embedding(t, v, ()) for t, v in zip(checked, vectors, strict=True)]
