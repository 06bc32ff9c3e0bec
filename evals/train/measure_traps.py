"""Measure a thinking-trap head fitted in memory: PatternReframe TRAIN and thinking_traps (choosing only).

Fits the head the way train_traps.py does (on the project-written examples only) and scores it on
PatternReframe's train split (macro-F1 over its ten patterns) and thinking_traps (distorted-or-not
ROC AUC). Both datasets are measurement-only (see ../shared/data/README.md): nothing here is saved.
PatternReframe valid is the final report and belongs to evals/understanding.py, not to this script.

    /work/venv/bin/python evals/train/measure_traps.py [--cue-scale 1 --no-persona --no-contexts ...]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import sources
import train_traps

from steadyheart.understanding.traps import TRAP_NAMES


def macro_f1(gold: list[str], pred: list[str], names: list[str]) -> tuple[float, dict[str, float]]:
    pairs = Counter(zip(gold, pred, strict=True))
    per = {}
    for name in names:
        tp = pairs[(name, name)]
        p = tp / max(pred.count(name), 1)
        r = tp / max(gold.count(name), 1)
        per[name] = 2 * p * r / (p + r) if p + r else 0.0
    return float(np.mean(list(per.values()))), per


def roc_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    n_pos, n_neg = positive.sum(), (~positive).sum()
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


class Bench:
    """PatternReframe train and thinking_traps, embedded once."""

    def __init__(self) -> None:
        pr = sources.pattern_reframe("train")
        self.pr_texts = pr.texts
        self.pr_gold = [labels[0] for labels in pr.labels]
        self.pr_emb = sources.embed_cached(pr.texts)
        tt = sources.thinking_traps()
        self.tt_texts = tt.texts
        self.tt_distorted = np.array([labels != ["none"] for labels in tt.labels])
        self.tt_emb = sources.embed_cached(tt.texts)
        self.ten = sorted(set(sources.PATTERN_REFRAME_MAP.values()))

    def score(self, probs_of: object) -> tuple[float, dict[str, float], float]:
        """probs_of(texts, embeddings) -> (n, 13) probabilities."""
        pr = probs_of(self.pr_texts, self.pr_emb)  # type: ignore[operator]
        index = [TRAP_NAMES.index(n) for n in self.ten]
        pred = [self.ten[i] for i in pr[:, index].argmax(axis=1)]
        macro, per = macro_f1(self.pr_gold, pred, self.ten)
        tt = probs_of(self.tt_texts, self.tt_emb)  # type: ignore[operator]
        auc = roc_auc(tt[:, :-1].max(axis=1), self.tt_distorted)
        return macro, per, auc


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cue-scale", type=float, default=train_traps.CUE_SCALE)
    ap.add_argument("--persona-weight", type=float, default=train_traps.PERSONA_WEIGHT)
    ap.add_argument("--no-persona", action="store_true", help="rounds 1-6 only")
    ap.add_argument("--no-contexts", action="store_true", help="no copies behind a fact about a person")
    ap.add_argument("--extra", type=Path, action="append", default=[], help="a folder of candidate examples")
    args = ap.parse_args()
    train_traps.CUE_SCALE = args.cue_scale
    bench = Bench()
    folders = [(train_traps.EXAMPLES, 1.0)]
    if not args.no_persona:
        folders.append((train_traps.PERSONA, args.persona_weight))
    folders += [(folder, args.persona_weight) for folder in args.extra]
    written = train_traps.load_examples(tuple(folders))
    data = written if args.no_contexts else train_traps.with_contexts(written)
    vocab = sources.vocabulary(written.texts, train_traps.MIN_COUNT)
    x = train_traps.features(data.texts, vocab)
    w, b = train_traps.fit(x, data.labels, data.weights)

    def probs_of(t: list[str], e: np.ndarray) -> np.ndarray:
        return train_traps.softmax(train_traps.features_from(t, e, vocab), w, b)

    macro, per, auc = bench.score(probs_of)
    print(f"{len(written.texts)} written examples, {len(data.texts)} rows: "
          f"PatternReframe TRAIN macro-F1 {macro:.3f}; thinking_traps AUC {auc:.3f}")
    print("  " + "  ".join(f"{n} {f:.2f}" for n, f in per.items()))


if __name__ == "__main__":
    main()
