"""Fit the shipped GoEmotions head: embedding MLP + word-bag linear part, 28 sigmoid outputs.

Trained on the GoEmotions TRAIN split only (Apache-2.0), 5-fold: each fold's model picks its epoch on
the fold it did not see, the out-of-fold predictions tune per-label thresholds, and the shipped head
averages the five models. The dev split is never looked at here.

    /work/venv/bin/python evals/train/train_emotions.py [--hidden 256] [--folds 5]

Writes steadyheart/understanding/weights/emotions.npz.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import sources

from steadyheart.understanding.wordbag import features

OUT = sources.ROOT / "steadyheart" / "understanding" / "weights" / "emotions.npz"


def bag_indices(texts: list[str], vocab: dict[str, int]) -> list[np.ndarray]:
    return [np.array(sorted(vocab[g] for g in features(t) if g in vocab), dtype=np.int64) for t in texts]


def dense_bag(rows: list[np.ndarray], size: int) -> np.ndarray:
    out = np.zeros((len(rows), size), dtype=np.float32)
    for i, idx in enumerate(rows):
        out[i, idx] = 1.0
    return out


class Model:
    def __init__(self, dim: int, vocab: int, labels: int, hidden: int, rng: np.random.Generator) -> None:
        self.p = {
            "w1": rng.normal(0, 1 / np.sqrt(dim), (dim, hidden)).astype(np.float32),
            "b1": np.zeros(hidden, np.float32),
            "w2": rng.normal(0, 1 / np.sqrt(hidden), (hidden, labels)).astype(np.float32),
            "wb": np.zeros((vocab, labels), np.float32),
            "b": np.zeros(labels, np.float32),
        }
        self.m = {k: np.zeros_like(v) for k, v in self.p.items()}
        self.v = {k: np.zeros_like(v) for k, v in self.p.items()}
        self.t = 0

    def forward(self, e: np.ndarray, bag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        h = np.maximum(e @ self.p["w1"] + self.p["b1"], 0)
        return h @ self.p["w2"] + bag @ self.p["wb"] + self.p["b"], h

    def step(self, e, bag, y, lr, decay, bag_decay, drop, rng) -> None:  # type: ignore[no-untyped-def]
        h = np.maximum(e @ self.p["w1"] + self.p["b1"], 0)
        mask = (rng.random(h.shape) > drop).astype(np.float32) / (1 - drop)
        hd = h * mask
        logits = hd @ self.p["w2"] + bag @ self.p["wb"] + self.p["b"]
        prob = 1 / (1 + np.exp(-logits))
        g = (prob - y) / len(y)
        gh = (g @ self.p["w2"].T) * mask * (h > 0)
        grads = {
            "w2": hd.T @ g + decay * self.p["w2"],
            "wb": bag.T @ g + bag_decay * self.p["wb"],
            "b": g.sum(0),
            "w1": e.T @ gh + decay * self.p["w1"],
            "b1": gh.sum(0),
        }
        self.t += 1
        for k, gr in grads.items():
            self.m[k] = 0.9 * self.m[k] + 0.1 * gr
            self.v[k] = 0.999 * self.v[k] + 0.001 * gr * gr
            mh = self.m[k] / (1 - 0.9**self.t)
            vh = self.v[k] / (1 - 0.999**self.t)
            self.p[k] -= lr * mh / (np.sqrt(vh) + 1e-8)


def best_thresholds(prob: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    grid = np.arange(0.03, 0.9, 0.01)
    out, f1s = np.zeros(prob.shape[1], np.float32), []
    for j in range(prob.shape[1]):
        best, arg = -1.0, 0.5
        for t in grid:
            pred = prob[:, j] >= t
            tp = float((pred & (y[:, j] > 0)).sum())
            f1 = 2 * tp / max(pred.sum() + y[:, j].sum(), 1)
            if f1 > best:
                best, arg = f1, float(t)
        out[j] = arg
        f1s.append(best)
    return out, float(np.mean(f1s))


def train_one(emb, bags, y, fit, hold, vocab_size, args, rng):  # type: ignore[no-untyped-def]
    """Train on `fit`, keep the epoch with the best tuned macro-F1 on `hold`; returns (params, hold logits)."""
    model = Model(emb.shape[1], vocab_size, y.shape[1], args.hidden, rng)
    hold_bag = dense_bag([bags[i] for i in hold], vocab_size)
    best = None
    stale = 0
    for epoch in range(args.epochs):
        perm = rng.permutation(fit)
        for s in range(0, len(perm), 256):
            idx = perm[s : s + 256]
            bag = dense_bag([bags[i] for i in idx], vocab_size)
            model.step(emb[idx], bag, y[idx], args.lr, args.decay, args.bag_decay, args.drop, rng)
        logits, _ = model.forward(emb[hold], hold_bag)
        _, macro = best_thresholds(1 / (1 + np.exp(-logits)), y[hold])
        print(f"  epoch {epoch + 1}: held-out macro-F1 {macro:.4f}", flush=True)
        if best is None or macro > best[0]:
            best, stale = (macro, {k: v.copy() for k, v in model.p.items()}, logits), 0
        else:
            stale += 1
            if stale >= args.patience:
                break
    assert best is not None
    return best[1], best[2]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--patience", type=int, default=4)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--decay", type=float, default=1e-4)
    ap.add_argument("--bag-decay", type=float, default=1e-3)
    ap.add_argument("--drop", type=float, default=0.3)
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    names = sources.goemotion_names()
    train = sources.goemotions("train")
    emb = sources.embed_cached(train.texts)
    y = np.array([[n in labels for n in names] for labels in train.labels], dtype=np.float32)
    rng = np.random.default_rng(7)
    folds = np.array_split(rng.permutation(len(train.texts)), args.folds)

    counts: Counter[str] = Counter()
    for text in train.texts:
        counts.update(features(text))
    kept = sorted(g for g, c in counts.items() if c >= args.min_count)
    vocab = {g: i for i, g in enumerate(kept)}
    bags = bag_indices(train.texts, vocab)
    print(f"vocab {len(vocab)}; {args.folds} folds of about {len(folds[0])}", flush=True)

    # K-fold: each model is checked on the fold it did not see; the out-of-fold predictions over all of
    # train set the thresholds. The shipped head averages the K models' logits, which is one wider MLP.
    oof = np.zeros_like(y)
    parts = []
    for k, hold in enumerate(folds):
        fit = np.concatenate([f for j, f in enumerate(folds) if j != k])
        print(f"fold {k + 1}", flush=True)
        params, logits = train_one(emb, bags, y, fit, hold, len(vocab), args, rng)
        oof[hold] = logits
        parts.append(params)
    thresholds, macro = best_thresholds(1 / (1 + np.exp(-oof)), y)
    print(f"out-of-fold macro-F1 with tuned thresholds {macro:.4f}")
    k = len(parts)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        labels=np.array(names),
        vocab=np.array(kept),
        w1=np.concatenate([p["w1"] for p in parts], axis=1).astype(np.float16),
        b1=np.concatenate([p["b1"] for p in parts]),
        w2=(np.concatenate([p["w2"] for p in parts], axis=0) / k).astype(np.float16),
        wb=(sum(p["wb"] for p in parts) / k).astype(np.float16),
        b=sum(p["b"] for p in parts) / k,
        thresholds=thresholds,
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
