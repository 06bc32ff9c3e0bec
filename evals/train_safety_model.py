"""Fit the safety risk model (two logistic regressions over the shared embedding) on project-written text.

    python evals/train_safety_model.py [--cv]

Training data: evals/data/safety/messages_dev*.yaml (never messages_heldout.yaml) and
steadyheart/safety/data/risk_examples.yaml, all written by the project. Messages whose tier depends on
context or on means wording are left out (patterns handle those). --cv prints leave-one-round-out figures
for the model alone, the evidence behind the thresholds in steadyheart/safety/model.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from steadyheart.safety.model import CHECK_THRESHOLD, CRISIS_THRESHOLD, MODEL_PATH  # noqa: E402
from steadyheart.safety.similarity import EXAMPLES_PATH, load_examples  # noqa: E402
from steadyheart.safety.tiers import Tier  # noqa: E402
from steadyheart.understanding.embedder import get_embedder  # noqa: E402

SKIP_TAGS = {"means", "means_benign", "jailbreak"}
L2 = 4.0


def dev_rounds() -> dict[str, list[tuple[str, Tier, bool]]]:
    rounds: dict[str, list[tuple[str, Tier, bool]]] = {}
    for path in sorted((ROOT / "evals" / "data" / "safety").glob("messages_dev*.yaml")):
        items = rounds.setdefault(path.stem, [])
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]:
            if SKIP_TAGS & set(group.get("tags", [])):
                continue
            ordinary = "ordinary" in group.get("tags", [])
            items += [(str(t), Tier(group["tier"]), ordinary) for t in group["texts"] if not isinstance(t, dict)]
    return rounds


def fit(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = L2 * np.r_[np.ones(xb.shape[1] - 1), 0.0]
    for _ in range(30):
        p = 1 / (1 + np.exp(-xb @ w))
        gradient = xb.T @ (p - y) + penalty * w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        w -= np.linalg.solve(hessian, gradient)
    return w


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cv", action="store_true")
    args = parser.parse_args()
    rounds = dev_rounds()
    prototypes = [(e.text, e.tier, e.tier is Tier.NONE) for e in load_examples(EXAMPLES_PATH)]
    texts = sorted({t for items in rounds.values() for t, _, _ in items} | {t for t, _, _ in prototypes})
    vectors = dict(zip(texts, get_embedder().embed(texts).astype(np.float64), strict=True))

    def train(items: list[tuple[str, Tier, bool]]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        x = np.array([vectors[t] for t, _, _ in items])
        crisis = fit(x, np.array([tier.is_crisis for _, tier, _ in items], dtype=float))
        any_risk = fit(x, np.array([tier is not Tier.NONE for _, tier, _ in items], dtype=float))
        return crisis, any_risk

    if args.cv:
        for held in rounds:
            if held == "messages_dev":
                continue
            crisis, any_risk = train([i for name, items in rounds.items() if name != held for i in items] + prototypes)
            test = rounds[held]
            x = np.hstack([np.array([vectors[t] for t, _, _ in test]), np.ones((len(test), 1))])
            p_crisis, p_any = 1 / (1 + np.exp(-x @ crisis)), 1 / (1 + np.exp(-x @ any_risk))
            flagged = (p_crisis >= CRISIS_THRESHOLD) | (p_any >= CHECK_THRESHOLD)
            is_crisis = np.array([tier.is_crisis for _, tier, _ in test])
            ordinary = np.array([o for _, _, o in test])
            print(f"{held}: model alone flags {flagged[is_crisis].mean():.3f} of crisis messages "
                  f"({(p_crisis >= CRISIS_THRESHOLD)[is_crisis].mean():.3f} as crisis); "
                  f"ordinary flagged {flagged[ordinary].mean():.3f} "
                  f"({(p_crisis >= CRISIS_THRESHOLD)[ordinary].mean():.3f} as crisis)")
    crisis, any_risk = train([i for items in rounds.values() for i in items] + prototypes)
    np.savez_compressed(MODEL_PATH, crisis=crisis, any_risk=any_risk)
    print(f"trained on {sum(len(v) for v in rounds.values()) + len(prototypes)} messages -> {MODEL_PATH}")


if __name__ == "__main__":
    main()
