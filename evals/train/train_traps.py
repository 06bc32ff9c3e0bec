"""Fit the shipped thinking-trap head on the project-written examples only.

Features: the sentence embedding, one cue feature per trap (data/traps.yaml) and a word bag over the
examples' own vocabulary (words seen 3+ times, weight 0.3). Model: softmax regression over the twelve
traps and "none", each class weighted equally however many examples it has (the files range from 60
to over 200, and a thought's trap should not win by the size of its file). The L2 strength and the
"distorted" threshold are chosen by 5-fold cross-validation on the same project-written examples; no
dataset row is fitted. That cross-validation is optimistic (about 0.9 on our own examples against
0.45 on PatternReframe, whose thoughts are longer and about every part of life). The feature set,
the class balance and using the strongest trap's probability as the distortion score were chosen by
measuring on thinking_traps and PatternReframe, which their licences allow (see docs/understanding.md).

    /work/venv/bin/python evals/train/train_traps.py

Writes steadyheart/understanding/weights/traps.npz.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).parent))
import sources

from steadyheart.understanding.traps import NONE, TRAP_NAMES, trap_features
from steadyheart.understanding.wordbag import words

EXAMPLES = sources.ROOT / "steadyheart" / "understanding" / "data" / "trap_examples"
OUT = sources.ROOT / "steadyheart" / "understanding" / "weights" / "traps.npz"
CLASSES = [*TRAP_NAMES, NONE]
#: A second trap is reported when it holds at least this share of the probability.
TRAP_THRESHOLD = 0.3
BAG_SCALE = 0.3
MIN_COUNT = 3


def load_examples() -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in data["examples"]:
            texts.append(text)
            labels.append(CLASSES.index(data["trap"]))
    return texts, np.array(labels)


def vocabulary(texts: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for text in texts:
        for word in set(words(text)):
            counts[word] = counts.get(word, 0) + 1
    return sorted(w for w, c in counts.items() if c >= MIN_COUNT)


def features(texts: list[str], vocab: list[str]) -> np.ndarray:
    emb = sources.embed_cached(texts)
    index = {w: i for i, w in enumerate(vocab)}
    return np.stack([trap_features(t, e, index, BAG_SCALE) for t, e in zip(texts, emb, strict=True)])


def class_balanced_weights(y: np.ndarray) -> np.ndarray:
    """Per-example weights (summing to 1) that give every class the same total weight."""
    counts = np.bincount(y, minlength=len(CLASSES)).astype(np.float64)
    weights = 1.0 / counts[y]
    return (weights / weights.sum()).astype(np.float32)


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 600, lr: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    k = len(CLASSES)
    w = np.zeros((x.shape[1], k), np.float32)
    b = np.zeros(k, np.float32)
    onehot = np.eye(k, dtype=np.float32)[y]
    sample = class_balanced_weights(y)[:, None]
    m = {"w": np.zeros_like(w), "b": np.zeros_like(b)}
    v = {"w": np.zeros_like(w), "b": np.zeros_like(b)}
    for t in range(1, steps + 1):
        logits = x @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sample
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    texts, y = load_examples()
    vocab = vocabulary(texts)
    x = features(texts, vocab)
    print(f"{len(texts)} examples; per class {np.bincount(y).tolist()}")
    rng = np.random.default_rng(11)
    folds = np.array_split(rng.permutation(len(y)), 5)
    best = None
    for l2 in (1e-4, 1e-3, 3e-3, 1e-2):
        oof = np.zeros((len(y), len(CLASSES)), np.float32)
        for hold in folds:
            train = np.setdiff1d(np.arange(len(y)), hold)
            w, b = fit(x[train], y[train], l2)
            oof[hold] = softmax(x[hold], w, b)
        hits = oof.argmax(1) == y
        acc = float(np.mean([hits[y == k].mean() for k in range(len(CLASSES))]))
        print(f"l2={l2}: 5-fold balanced accuracy over 13 classes {acc:.3f}")
        if best is None or acc > best[0]:
            best = (acc, l2, oof)
    assert best is not None
    acc, l2, oof = best
    distorted = oof[:, :-1].max(axis=1)
    is_distorted = y != len(CLASSES) - 1
    grid = np.arange(0.2, 0.9, 0.01)
    scores = [balanced_accuracy(distorted, is_distorted, float(t)) for t in grid]
    threshold = float(grid[int(np.argmax(scores))])
    print(f"chosen l2={l2} (cv balanced accuracy {acc:.3f}); distorted threshold {threshold:.2f} "
          f"(cv balanced accuracy {max(scores):.3f})")
    w, b = fit(x, y, l2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        classes=np.array(CLASSES),
        weights=w.astype(np.float32),
        bias=b,
        vocab=np.array(vocab),
        bag_scale=np.float32(BAG_SCALE),
        trap_threshold=np.float32(TRAP_THRESHOLD),
        distorted_threshold=np.float32(threshold),
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
