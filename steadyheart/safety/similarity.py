"""Similarity to example messages the project wrote (data/risk_examples.yaml), using the shared embedding.

Explainable by construction: a message is raised only when its nearest risk example is close enough and
closer than the nearest ordinary example, and the evidence names that example. Similarity can raise a
tier, never lower one. The example vectors are computed once per process with the shared embedder, or
read from data/risk_examples.npz when that file matches the examples (see `write_vector_cache`).
Imports numpy, yaml, steadyheart.errors, steadyheart.safety.tiers and (lazily) the shared embedder.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from steadyheart.errors import ContentError
from steadyheart.safety.tiers import Category, Tier

EXAMPLES_PATH = Path(__file__).parent / "data" / "risk_examples.yaml"
#: The dev split of the project's evaluation messages, copied by evals/build_safety_examples.py.
SUITE_PATH = Path(__file__).parent / "data" / "suite_examples.yaml"
VECTORS_PATH = EXAMPLES_PATH.with_suffix(".npz")
#: Cosine similarity a message needs to its nearest risk example, by the example's tier, and how much it
#: must beat the nearest ordinary example by. Leave-one-out on the dev examples only (see docs/safety.md):
#: elevated at 0.70 raised 1.8% of the not-risk dev messages to a crisis turn and, in the multi-turn
#: scripts, "my boyfriend and I had a huge fight" to partner abuse; at 0.80 it is 0.2%. A looser match
#: earns a gentle check (ambiguous), which escalates only when the answer is not clearly safe.
#: A very close match to an imminent example (>= 0.85, 0.10 above the nearest ordinary one) is imminent:
#: round 6's "goodbye, i love you all, i'm sorry" sat at 0.90 from a goodbye example and was only elevated.
THRESHOLDS = {Tier.AMBIGUOUS: 0.62, Tier.ELEVATED: 0.80, Tier.IMMINENT: 0.85}
MARGINS = {Tier.AMBIGUOUS: 0.06, Tier.ELEVATED: 0.08, Tier.IMMINENT: 0.10}
#: A gentle check about a partner or about hurting others needs a closer match: people and places
#: ("he was at the gym") sit near abuse examples without being risk.
OTHER_CATEGORY_CHECK = 0.70
#: Categories where indirect wording is common enough that a loose resemblance earns a gentle check.
INDIRECT_CATEGORIES = frozenset({Category.SUICIDE, Category.SELF_HARM})
#: An example raises a message at most to this tier (imminent only through its own, stricter threshold).
CEILING = Tier.IMMINENT


@dataclass(frozen=True)
class Example:
    text: str
    tier: Tier
    category: Category | None


@dataclass(frozen=True)
class Near:
    example: str
    score: float
    tier: Tier
    category: Category | None


@dataclass(frozen=True)
class _Index:
    examples: tuple[Example, ...]
    vectors: npt.NDArray[np.float32]
    risk_mask: npt.NDArray[np.bool_]
    ranks: npt.NDArray[np.int8]


def _make_index(examples: tuple[Example, ...], vectors: npt.NDArray[np.float32]) -> _Index:
    ranks = np.array([e.tier.rank for e in examples], dtype=np.int8)
    return _Index(examples, np.asarray(vectors, dtype=np.float32), ranks > 0, ranks)


@lru_cache(maxsize=2)
def load_examples(*paths: Path) -> tuple[Example, ...]:
    examples: list[Example] = []
    for path in paths or _default_paths():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for group in data["groups"]:
                tier = Tier(group["tier"])
                category = Category(group["category"]) if group.get("category") else None
                examples += [Example(str(text), tier, category) for text in group["texts"]]
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise ContentError(f"The risk examples file {path.name} is invalid: {exc}") from exc
    if not examples:
        raise ContentError("The risk examples files hold no examples.")
    return tuple(examples)


def _default_paths() -> tuple[Path, ...]:
    return (EXAMPLES_PATH, SUITE_PATH) if SUITE_PATH.is_file() else (EXAMPLES_PATH,)


def examples_digest() -> str:
    """The example files and the embedding model together: stored vectors from another model are not used."""
    from steadyheart.understanding.model_file import model_id

    digest = hashlib.sha256(model_id().encode())
    for path in _default_paths():
        digest.update(path.read_bytes())
    return digest.hexdigest()


_lock = threading.Lock()
_index: _Index | None = None
#: The last message's similarities to every example: triage asks for them up to four times per message.
_last: tuple[_Index, bytes, npt.NDArray[np.float32]] | None = None


def _scores(index: _Index, vector: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    global _last
    key = vector.tobytes()
    last = _last
    if last is not None and last[0] is index and last[1] == key:
        return last[2]
    scores: npt.NDArray[np.float32] = index.vectors @ vector
    _last = (index, key, scores)
    return scores


def _get_index() -> _Index:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                examples = load_examples()
                vectors = _cached_vectors(len(examples))
                if vectors is None:
                    from steadyheart.understanding.embedder import get_embedder

                    vectors = get_embedder().embed([e.text for e in examples])
                _index = _make_index(examples, vectors)
    return _index


def use_index(examples: tuple[Example, ...] | None, vectors: npt.NDArray[np.float32] | None = None) -> None:
    """Replace the example index (leave-one-round-out evaluation leaves a round's examples out);
    None goes back to the shipped examples."""
    global _index
    with _lock:
        if examples is None or vectors is None:
            _index = None
            return
        _index = _make_index(examples, vectors)


def _cached_vectors(count: int) -> npt.NDArray[np.float32] | None:
    if not VECTORS_PATH.is_file():
        return None
    with np.load(VECTORS_PATH) as cache:
        if str(cache["digest"]) != examples_digest() or cache["vectors"].shape[0] != count:
            return None
        vectors: npt.NDArray[np.float32] = cache["vectors"].astype(np.float32)
        return vectors


def write_vector_cache() -> Path:
    """Store the example vectors beside the examples (run after editing them; see docs/safety.md)."""
    from steadyheart.understanding.embedder import get_embedder

    examples = load_examples()
    vectors = get_embedder().embed([e.text for e in examples])
    np.savez_compressed(VECTORS_PATH, vectors=vectors.astype(np.float16), digest=np.array(examples_digest()))
    return VECTORS_PATH


def nearest_risk_example(embedding: npt.NDArray[np.float32], at_least: Tier = Tier.AMBIGUOUS) -> Near | None:
    """The closest example of tier `at_least` or above, whatever the score (names the category for the
    risk model's verdict)."""
    index = _get_index()
    vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
    mask = index.ranks >= at_least.rank
    if vector.shape[0] != index.vectors.shape[1] or not mask.any():
        return None
    scores = np.where(mask, _scores(index, vector), -1.0)
    best = int(np.argmax(scores))
    example = index.examples[best]
    return Near(example=example.text, score=float(scores[best]), tier=example.tier, category=example.category)


def nearest_ordinary_score(embedding: npt.NDArray[np.float32]) -> float:
    """Cosine similarity to the closest ordinary (tier none) example; -1 when there is none."""
    index = _get_index()
    vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
    if vector.shape[0] != index.vectors.shape[1] or index.risk_mask.all():
        return -1.0
    return float(np.max(np.where(index.risk_mask, -1.0, _scores(index, vector))))


def nearest_examples(embedding: npt.NDArray[np.float32]) -> Near | None:
    """The risk example this message resembles, when it resembles one clearly enough; else None."""
    index = _get_index()
    vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
    if vector.shape[0] != index.vectors.shape[1]:
        return None
    scores = _scores(index, vector)
    if not index.risk_mask.any():
        return None
    risk_scores = np.where(index.risk_mask, scores, -1.0)
    best = int(np.argmax(risk_scores))
    best_score = float(risk_scores[best])
    ordinary = float(np.max(np.where(index.risk_mask, -1.0, scores))) if (~index.risk_mask).any() else -1.0
    example = index.examples[best]
    tier = example.tier if example.tier.rank <= CEILING.rank else CEILING
    # Walk down from the example's tier until the score clears that tier's threshold.
    while tier is not Tier.NONE and (best_score < THRESHOLDS[tier] or best_score < ordinary + MARGINS[tier]):
        tier = Tier.ELEVATED if tier is Tier.IMMINENT else Tier.AMBIGUOUS if tier is Tier.ELEVATED else Tier.NONE
    if example.tier is Tier.AMBIGUOUS and example.category not in INDIRECT_CATEGORIES:
        return None  # hyperbole about a partner ("kill him for forgetting our anniversary"): its risk is the verb
    if tier is Tier.AMBIGUOUS and example.category not in INDIRECT_CATEGORIES and best_score < OTHER_CATEGORY_CHECK:
        return None  # "he was at the gym" is near "he found me at the gym": places and people are not risk
    if tier is Tier.NONE:
        return None
    return Near(example=example.text, score=best_score, tier=tier, category=example.category)
