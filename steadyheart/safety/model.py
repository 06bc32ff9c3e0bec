"""A small linear model over the shared embedding and a hashed word bag: how likely a message is to carry
risk, and how much.

Three logistic regressions (any risk: tier ambiguous or above; crisis: elevated or above; imminent)
fitted by evals/train_safety_model.py on messages the project wrote (the dev split of evals/data/safety
and data/risk_examples.yaml; never a held-out round, never dataset text). Each reads the message's
384-d embedding and a bag of its normalised words and adjacent-word pairs, hashed (CRC-32, not Python's
salted hash) into BAG_DIM slots: the embedding carries meaning, the bag carries the short cues an
embedding of a whole message blurs ("tonight", "for good", "bye"). Triage uses it only when the
patterns found no crisis and nothing was negated, quoted or idiomatic, and names the probability and the
words that weighed most in the evidence. Imports numpy, zlib and steadyheart.errors only.
"""

from __future__ import annotations

import itertools
import re
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from steadyheart.errors import ContentError

MODEL_PATH = Path(__file__).parent / "data" / "risk_model.npz"
#: Chosen by leave-one-round-out on the dev rounds (`python evals/train_safety_model.py --cv`, figures in
#: docs/safety.md), never on a held-out round: each is the lowest value at which the ordinary messages of
#: rounds the model did not see stay under the issue's false-alarm budget.
#: 2026-11-26, with the word bag: crisis 0.75 -> 0.78 ("I don't want to go back there" scored 0.75: the bag
#: cannot see negation) and imminent 0.70 -> 0.40 (an imminent verdict also needs the gates in
#: embedded_signals.py); pooled over every held-out fold, ordinary messages flagged elevated+ stay under 2%.
#: Then 0.78 -> 0.82 with MIN_SUPPORT 0.50 (`python evals/safety_gates.py`, false alarms in everyday talk;
#: "he yells and I yell back" scored 0.78).
CRISIS_THRESHOLD = 0.82
CHECK_THRESHOLD = 0.70
IMMINENT_THRESHOLD = 0.40
#: Hashed word-bag slots (words and adjacent-word pairs of the normalised text).
BAG_DIM = 1024
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")


def bag_grams(norm: str) -> tuple[str, ...]:
    """The words and adjacent-word pairs of a normalised message, each once, in a fixed order."""
    words = _TOKEN.findall(norm)
    grams = dict.fromkeys([*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))])
    return tuple(grams)


def bag_slots(grams: tuple[str, ...], dim: int = BAG_DIM) -> npt.NDArray[np.int64]:
    return np.array([zlib.crc32(g.encode("utf-8")) % dim for g in grams], dtype=np.int64)


def bag_vector(norm: str, dim: int = BAG_DIM) -> npt.NDArray[np.float64]:
    """The word bag as a dense vector (for training): 1/sqrt(n) in each gram's slot."""
    grams = bag_grams(norm)
    v = np.zeros(dim)
    if grams:
        v[bag_slots(grams, dim)] = 1.0 / np.sqrt(len(grams))
    return v


@dataclass(frozen=True)
class RiskScores:
    any_risk: float
    crisis: float
    imminent: float
    #: The words (or word pairs) that pushed the crisis score up most, strongest first.
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class RiskModel:
    crisis: npt.NDArray[np.float64]
    any_risk: npt.NDArray[np.float64]
    imminent: npt.NDArray[np.float64]
    #: Word-bag slots after the embedding (0: an embedding-only model). Weights: embedding, bag, bias.
    bag_dim: int = 0

    def scores(self, vector: npt.NDArray[np.float32], norm: str = "") -> RiskScores:
        """Probabilities for a message's embedding and its normalised text (the word bag reads the text;
        without it the bag counts as empty)."""
        x = np.asarray(vector, dtype=np.float64).reshape(-1)
        if x.shape[0] + self.bag_dim + 1 != self.crisis.shape[0]:
            return RiskScores(0.0, 0.0, 0.0)
        z = [float(x @ h[: x.shape[0]]) + float(h[-1]) for h in (self.any_risk, self.crisis, self.imminent)]
        words: tuple[str, ...] = ()
        grams = bag_grams(norm) if self.bag_dim else ()
        if grams:
            slots = bag_slots(grams, self.bag_dim) + x.shape[0]
            scale = 1.0 / np.sqrt(len(grams))
            z = [zi + scale * float(h[slots].sum()) for zi, h in zip(z, (self.any_risk, self.crisis, self.imminent),
                                                                       strict=True)]
            pull = self.crisis[slots]
            order = np.argsort(-pull, kind="stable")[:3]
            words = tuple(grams[int(k)] for k in order if pull[int(k)] > 0)
        return RiskScores(any_risk=_sigmoid(z[0]), crisis=_sigmoid(z[1]), imminent=_sigmoid(z[2]), words=words)


def _sigmoid(z: float) -> float:
    return float(1.0 / (1.0 + np.exp(-z)))


_lock = threading.Lock()
_model: RiskModel | None = None
_loaded = False


def risk_model() -> RiskModel | None:
    """The shipped model, loaded once; None when the weights file is absent (patterns and examples only)."""
    global _model, _loaded
    if not _loaded:
        with _lock:
            if not _loaded:
                _model = load_model(MODEL_PATH) if MODEL_PATH.is_file() else None
                _loaded = True
    return _model


def use_model(model: RiskModel | None) -> None:
    """Replace the loaded model (leave-one-round-out evaluation fits one per held-out round); None goes
    back to the shipped weights file."""
    global _model, _loaded
    with _lock:
        _model, _loaded = model, model is not None


def load_model(path: Path) -> RiskModel:
    try:
        with np.load(path) as data:
            model = RiskModel(
                crisis=data["crisis"].astype(np.float64),
                any_risk=data["any_risk"].astype(np.float64),
                imminent=data["imminent"].astype(np.float64),
                bag_dim=int(data["bag_dim"]) if "bag_dim" in data.files else 0,
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ContentError(f"The safety model file {path.name} cannot be read: {exc}") from exc
    heads = (model.crisis, model.any_risk, model.imminent)
    if any(h.shape != model.crisis.shape for h in heads) or model.crisis.ndim != 1:
        raise ContentError(f"The safety model file {path.name} has weights of the wrong shape.")
    return model
