"""A small linear model over the shared embedding: how likely a message is to carry risk, and how much.

Three logistic regressions (any risk: tier ambiguous or above; crisis: elevated or above; imminent)
fitted by evals/train_safety_model.py on messages the project wrote (the dev split of evals/data/safety
and data/risk_examples.yaml; never a held-out round, never dataset text). Triage uses it only when the
patterns found no crisis and nothing was negated, quoted or idiomatic, and names the probability in the
evidence. Imports numpy and steadyheart.errors only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from steadyheart.errors import ContentError

MODEL_PATH = Path(__file__).parent / "data" / "risk_model.npz"
#: Chosen by leave-one-round-out on the dev rounds (`python evals/train_safety_model.py --cv`, figures in
#: docs/safety.md), never on a held-out round: each is the lowest value at which the ordinary messages of
#: rounds the model did not see stay under the issue's false-alarm budget.
CRISIS_THRESHOLD = 0.75
CHECK_THRESHOLD = 0.70
IMMINENT_THRESHOLD = 0.70


@dataclass(frozen=True)
class RiskScores:
    any_risk: float
    crisis: float
    imminent: float


@dataclass(frozen=True)
class RiskModel:
    crisis: npt.NDArray[np.float64]
    any_risk: npt.NDArray[np.float64]
    imminent: npt.NDArray[np.float64]

    def scores(self, vector: npt.NDArray[np.float32]) -> RiskScores:
        x = np.append(np.asarray(vector, dtype=np.float64).reshape(-1), 1.0)
        if x.shape[0] != self.crisis.shape[0]:
            return RiskScores(0.0, 0.0, 0.0)
        return RiskScores(
            any_risk=_sigmoid(float(x @ self.any_risk)),
            crisis=_sigmoid(float(x @ self.crisis)),
            imminent=_sigmoid(float(x @ self.imminent)),
        )


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
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ContentError(f"The safety model file {path.name} cannot be read: {exc}") from exc
    heads = (model.crisis, model.any_risk, model.imminent)
    if any(h.shape != model.crisis.shape for h in heads) or model.crisis.ndim != 1:
        raise ContentError(f"The safety model file {path.name} has weights of the wrong shape.")
    return model
