"""Questions about means or methods said in everyday words ("is the seventh floor high enough", "what time
does the non-stopping train come through"), found by the shared embedding against data/means_questions.yaml.

The regular expressions of triage_patterns.yaml ("means") know the usual words for pills, heights and
weapons; people in crisis often ask without them. A message counts as a means question here when its nearest
example is a means question, close enough, and clearly closer than the nearest look-alike (a dose asked for
care, a train for a trip). triage then decides as for the patterns: imminent after distress, else nothing.
Thresholds chosen by `python evals/safety_sweeps.py --means` (docs/safety.md, session 8), never on a held-out round.
Imports numpy, yaml, steadyheart.errors and (lazily) the shared embedder.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from steadyheart.errors import ContentError

MEANS_PATH = Path(__file__).parent / "data" / "means_questions.yaml"
#: Cosine similarity to the nearest means example, and how far it must beat the nearest look-alike.
THRESHOLD = 0.55
MARGIN = 0.03
#: Longer messages tell their story in other words; the patterns and the risk branch read those.
MAX_WORDS = 30
#: Only a question counts: a question mark, a clause that opens with a question word, or "tell me" / "need to
#: know". The embedding alone matches the topic ("i want to unalive" sits near "the easiest way 2 do it").
_OPENERS = r"(?:(?:so|ok|okay|hypothetically|honestly|seriously|just|and|but|like|also|quick question|genuinely)\s+)*"
_QUESTION = re.compile(
    rf"\?|(?:^|[.,;:!]\s*){_OPENERS}(?:how|what|whats|what's|which|where|when|is|are|does|do|did|can|could|would|"
    r"will|should|if|whereabouts)\b|\b(?:tell me|need to know|want to know|wondering|asking|curious)\b"
)


@dataclass(frozen=True)
class MeansQuestion:
    example: str
    score: float


@dataclass(frozen=True)
class _Index:
    means: tuple[str, ...]
    means_vectors: npt.NDArray[np.float32]
    lookalike_vectors: npt.NDArray[np.float32]


_index: _Index | None = None
_lock = threading.Lock()


def load_means_examples(path: Path = MEANS_PATH) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(means questions, look-alikes) from the data file; ContentError when it is malformed."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        means = tuple(str(t) for t in data["means"])
        lookalikes = tuple(str(t) for t in data["lookalikes"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ContentError(f"Could not read the means questions in {path.name}: {exc}") from exc
    if not means or not lookalikes:
        raise ContentError(f"{path.name} needs both means questions and look-alikes.")
    return means, lookalikes


def _get_index() -> _Index:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                from steadyheart.understanding.embedder import get_embedder

                means, lookalikes = load_means_examples()
                vectors = get_embedder().embed(list(means) + list(lookalikes))
                _index = _Index(means, vectors[: len(means)], vectors[len(means):])
    return _index


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text.strip().lower()))


def means_question(text: str, embedding: npt.NDArray[np.float32]) -> MeansQuestion | None:
    """The means example this message asks like, when it is a question and asks like one clearly enough."""
    if len(text.split()) > MAX_WORDS or not is_question(text):
        return None
    index = _get_index()
    vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
    if vector.shape[0] != index.means_vectors.shape[1]:
        return None
    means_scores = index.means_vectors @ vector
    best = int(np.argmax(means_scores))
    score = float(means_scores[best])
    lookalike = float(np.max(index.lookalike_vectors @ vector))
    if score < THRESHOLD or score < lookalike + MARGIN:
        return None
    return MeansQuestion(example=index.means[best], score=score)
