"""Runs every detector over one message and its embedding and assembles the Analysis."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from steadyheart.config import MAX_MESSAGE_CHARS
from steadyheart.errors import InputError
from steadyheart.understanding.analysis import Analysis
from steadyheart.understanding.embedder import Embedder


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


def analyze_with_embedding(
    text: str, embedding: npt.NDArray[np.float32], context: Sequence[str] = ()
) -> Analysis:
    """First version: validates inputs; detectors are added module by module."""
    check_embedding(embedding)
    if not text.strip():
        return Analysis()
    return Analysis()
