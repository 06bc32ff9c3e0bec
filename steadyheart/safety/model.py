"""A small linear model over the shared embedding: the probability that a message carries risk.

Two logistic regressions (any risk: tier ambiguous or above; crisis: elevated or above) fitted by
evals/train_safety_model.py on messages the project wrote (the dev split of evals/data/safety and
data/risk_examples.yaml; never the held-out split, never dataset text). Triage uses it only when the
patterns found nothing and nothing was negated, quoted or idiomatic, and names the probability in the
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
#: Chosen by leave-one-round-out on the dev rounds (docs/safety.md): a crisis turn needs 0.70 on the
#: crisis model (no ordinary dev message reached it); a gentle check needs 0.65 on the any-risk model
#: (1.5-4.6% of ordinary messages of an unseen round, 59-71% of its crisis messages).
CRISIS_THRESHOLD = 0.70
CHECK_THRESHOLD = 0.65


@dataclass(frozen=True)
class RiskModel:
    crisis: npt.NDArray[np.float64]
    any_risk: npt.NDArray[np.float64]

    def probabilities(self, vector: npt.NDArray[np.float32]) -> tuple[float, float]:
        x = np.append(np.asarray(vector, dtype=np.float64).reshape(-1), 1.0)
        if x.shape[0] != self.crisis.shape[0]:
            return 0.0, 0.0
        return _sigmoid(float(x @ self.crisis)), _sigmoid(float(x @ self.any_risk))


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


def load_model(path: Path) -> RiskModel:
    try:
        with np.load(path) as data:
            model = RiskModel(crisis=data["crisis"].astype(np.float64), any_risk=data["any_risk"].astype(np.float64))
    except (OSError, KeyError, ValueError) as exc:
        raise ContentError(f"The safety model file {path.name} cannot be read: {exc}") from exc
    if model.crisis.shape != model.any_risk.shape or model.crisis.ndim != 1:
        raise ContentError(f"The safety model file {path.name} has weights of the wrong shape.")
    return model
