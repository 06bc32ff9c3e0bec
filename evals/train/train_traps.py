"""Fit the shipped thinking-trap head on the project-written examples only.

Examples: data/trap_examples/*.yaml (rounds 1-6, chat messages) and data/trap_examples/persona/*.yaml
(rounds 7-12, thoughts in the register of the measuring sets: varied people, every part of life, often
a fact about the person and then the thought); the persona rounds count twice. Every example is also
trained on once more behind a short fact about a made-up person (CONTEXTS, written for this script),
so that a leading sentence about someone's life does not move the trap.

Features: the sentence embedding, one cue feature per trap (data/traps.yaml, value CUE_SCALE) and a
word bag over the examples' own vocabulary (words seen 3+ times, value BAG_SCALE). Model: softmax
regression over the twelve traps and "none", each class weighted equally however many examples it has.
The "distorted" threshold is chosen by 5-fold cross-validation on the same examples (folds keep an
example and its context copy together); no dataset row is fitted. The design (L2, CUE_SCALE, the
persona weight, the context copies) was chosen by measuring on PatternReframe's train split and
thinking_traps (evals/train/measure_traps.py), which their licences allow (docs/understanding.md).

    /work/venv/bin/python evals/train/train_traps.py

Writes steadyheart/understanding/weights/traps.npz. Deterministic: fixed seeds, full-batch Adam.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).parent))
import sources

from steadyheart.understanding.traps import NONE, TRAP_NAMES, trap_features

EXAMPLES = sources.ROOT / "steadyheart" / "understanding" / "data" / "trap_examples"
PERSONA = EXAMPLES / "persona"
OUT = sources.ROOT / "steadyheart" / "understanding" / "weights" / "traps.npz"
CLASSES = [*TRAP_NAMES, NONE]
#: A second trap is reported when it holds at least this share of the probability.
TRAP_THRESHOLD = 0.3
BAG_SCALE = 0.3
CUE_SCALE = 0.5
MIN_COUNT = 3
L2 = 1e-4
PERSONA_WEIGHT = 2.0
#: Facts about made-up people, put in front of every example once (project-written for this purpose).
CONTEXTS = (
    "I work as a nurse.", "I have two dogs.", "I am a college student.", "I live in a small town.",
    "I have three kids.", "I love to cook.", "I play the violin.", "I work in construction.", "I'm retired.",
    "I just moved to the city.", "I run every morning.", "I teach high school.", "I own a small shop.",
    "I like to paint.", "I am a single dad.", "I work from home.", "I play soccer on weekends.",
    "I grew up on a farm.", "I'm saving for a house.", "I volunteer at a shelter.",
)


@dataclass
class Examples:
    texts: list[str]
    labels: np.ndarray
    weights: np.ndarray
    #: index of the written example a row comes from (a context copy shares its original's)
    origin: np.ndarray


def load_examples(folders: tuple[tuple[Path, float], ...] = ((EXAMPLES, 1.0), (PERSONA, PERSONA_WEIGHT))) -> Examples:
    texts, labels, weights = [], [], []
    for folder, weight in folders:
        for path in sorted(folder.glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for text in data["examples"]:
                texts.append(text)
                labels.append(CLASSES.index(data["trap"]))
                weights.append(weight)
    n = len(texts)
    return Examples(texts, np.array(labels), np.array(weights), np.arange(n))


def with_contexts(examples: Examples, seed: int = 3) -> Examples:
    """The examples plus one copy of each behind a random fact from CONTEXTS."""
    rng = np.random.default_rng(seed)
    copies = [f"{CONTEXTS[rng.integers(len(CONTEXTS))]} {text}" for text in examples.texts]
    return Examples(
        examples.texts + copies,
        np.concatenate([examples.labels, examples.labels]),
        np.concatenate([examples.weights, examples.weights]),
        np.concatenate([examples.origin, examples.origin]),
    )


def features(texts: list[str], vocab: list[str]) -> np.ndarray:
    return features_from(texts, sources.embed_cached(texts), vocab)


def features_from(texts: list[str], emb: np.ndarray, vocab: list[str]) -> np.ndarray:
    index = {w: i for i, w in enumerate(vocab)}
    rows = [trap_features(t, e, index, BAG_SCALE, CUE_SCALE) for t, e in zip(texts, emb, strict=True)]
    return np.stack(rows)


def class_balanced_weights(y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per-example weights (summing to 1) that give every class the same total weight."""
    totals = np.bincount(y, weights=weights, minlength=len(CLASSES))
    out = weights / totals[y]
    return (out / out.sum()).astype(np.float32)


def fit(
    x: np.ndarray, y: np.ndarray, weights: np.ndarray, l2: float = L2, steps: int = 600, lr: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    k = len(CLASSES)
    w = np.zeros((x.shape[1], k), np.float32)
    b = np.zeros(k, np.float32)
    onehot = np.eye(k, dtype=np.float32)[y]
    sample = class_balanced_weights(y, weights)[:, None]
    m = {"w": np.zeros_like(w), "b": np.zeros_like(b)}
    v = {"w": np.zeros_like(w), "b": np.zeros_like(b)}
    for t in range(1, steps + 1):
        g = (softmax(x, w, b) - onehot) * sample
        grads = {"w": x.T @ g + l2 * w, "b": g.sum(0)}
        for key, param in (("w", w), ("b", b)):
            m[key] = 0.9 * m[key] + 0.1 * grads[key]
            v[key] = 0.999 * v[key] + 0.001 * grads[key] ** 2
            param -= lr * (m[key] / (1 - 0.9**t)) / (np.sqrt(v[key] / (1 - 0.999**t)) + 1e-8)
    return w, b


def softmax(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    logits = x @ w + b
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def balanced_accuracy(distorted_score: np.ndarray, is_distorted: np.ndarray, threshold: float) -> float:
    pred = distorted_score >= threshold
    tpr = (pred & is_distorted).sum() / max(is_distorted.sum(), 1)
    tnr = (~pred & ~is_distorted).sum() / max((~is_distorted).sum(), 1)
    return float((tpr + tnr) / 2)


def cross_validate(x: np.ndarray, data: Examples) -> np.ndarray:
    """Out-of-fold probabilities of the written examples (5 folds over written examples, copies follow)."""
    n = int(data.origin.max()) + 1
    rng = np.random.default_rng(11)
    oof = np.zeros((n, len(CLASSES)), np.float32)
    for hold in np.array_split(rng.permutation(n), 5):
        held = np.isin(data.origin, hold)
        w, b = fit(x[~held], data.labels[~held], data.weights[~held])
        originals = np.flatnonzero(held & (np.arange(len(data.texts)) < n))
        oof[data.origin[originals]] = softmax(x[originals], w, b)
    return oof


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    written = load_examples()
    data = with_contexts(written)
    vocab = sources.vocabulary(written.texts, MIN_COUNT)
    x = features(data.texts, vocab)
    print(f"{len(written.texts)} written examples (+{len(data.texts) - len(written.texts)} behind a context); "
          f"per class {np.bincount(written.labels).tolist()}")
    oof = cross_validate(x, data)
    y = written.labels
    hits = oof.argmax(1) == y
    acc = float(np.mean([hits[y == k].mean() for k in range(len(CLASSES))]))
    distorted = oof[:, :-1].max(axis=1)
    is_distorted = y != len(CLASSES) - 1
    grid = np.arange(0.2, 0.9, 0.01)
    scores = [balanced_accuracy(distorted, is_distorted, float(t)) for t in grid]
    threshold = float(grid[int(np.argmax(scores))])
    print(f"5-fold balanced accuracy over 13 classes {acc:.3f}; distorted threshold {threshold:.2f} "
          f"(cv balanced accuracy {max(scores):.3f})")
    w, b = fit(x, data.labels, data.weights)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        classes=np.array(CLASSES),
        weights=w.astype(np.float32),
        bias=b,
        vocab=np.array(vocab),
        bag_scale=np.float32(BAG_SCALE),
        cue_scale=np.float32(CUE_SCALE),
        trap_threshold=np.float32(TRAP_THRESHOLD),
        distorted_threshold=np.float32(threshold),
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
