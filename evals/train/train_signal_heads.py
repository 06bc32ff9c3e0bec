"""Fit the learned head for body signals, triggers and urges (signal_head.with_head) on the project's suite.

Features: the sentence embedding and a word bag over the training messages' own vocabulary (words in
3+ messages, weight 0.5). Model: one logistic regression per label (27), fitted together by full-batch
Adam from zeros, so the same data gives the same file. Data: every labelled message of
evals/data/understanding_suite.yaml and understanding_blind2/3/4/5/6.yaml (train7a/b are measured, not fitted), and the
back-off's example phrases (data/signal_examples.yaml, one label each); nothing from ../shared/data.

The design (features, L2, threshold, the guards in with_head) was chosen leave-one-author-out: fit on
every message except one blind author's and score that author with the lexicons, the back-off and
the head together, as analyze() runs them. `--loao` prints those figures; without it the script also
writes the shipped file.

    /work/venv/bin/python evals/train/train_signal_heads.py [--loao]

Writes steadyheart/understanding/weights/signal_heads.npz (with the embedding model's id).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).parent))
import sources

from steadyheart.understanding import lexicon, post_filters, signal_head, signals, urges
from steadyheart.understanding.model_file import model_id
from steadyheart.understanding.wordbag import words

DATA = sources.ROOT / "evals" / "data"
FILES = ("understanding_suite.yaml", "understanding_blind2.yaml", "understanding_blind3.yaml", "understanding_blind4.yaml",
         "understanding_blind5.yaml", "understanding_blind6.yaml")
#: Training parts by two more authors (session 7) that the shipped head is NOT fitted on: fitted with them, the
#: head raised everyday labels (ED 693 -> 855, ESConv 603 -> 742) and cost blind2-4 leave-one-author-out
#: precision 0.03 (docs/understanding.md, session 7). --loao measures them as held-out authors;
#: --loao --with-train7 adds them to every other fold's fit (the study behind that decision).
NOT_FITTED = ("understanding_train7a.yaml", "understanding_train7b.yaml")
BLIND_AUTHORS = ("blind2", "blind3", "blind4", "blind5", "blind6", "train7a", "train7b")
OUT = signal_head.HEAD_WEIGHTS
BAG_SCALE = 0.5
MIN_COUNT = 3
L2 = 1e-5
STEPS = 800
#: Leave-one-author-out on blind3 (the lexicons had not seen it): 0.3 gave P 0.865 / R 0.848, 0.4
#: 0.874 / 0.843, 0.5 0.878 / 0.837, 0.6 0.883 / 0.831 (lexicons alone 0.888 / 0.790).
THRESHOLD = 0.4
Key = tuple[str, str]


def load() -> list[dict[str, object]]:
    messages: list[dict[str, object]] = []
    for name in FILES + NOT_FITTED:
        messages += yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["messages"]
    return messages


def author(message: dict[str, object]) -> str:
    """The blind parts each have their own author; every other part is (mostly) one."""
    return str(message["part"]) if message["part"] in BLIND_AUTHORS else "suite"


def gold(message: dict[str, object]) -> set[Key]:
    found = {("body", str(x)) for x in message.get("body") or []}  # type: ignore[attr-defined]
    found |= {("trigger", str(x)) for x in message.get("triggers") or []}  # type: ignore[attr-defined]
    return found | {("urge", str(x)) for x in message.get("urges") or {}}  # type: ignore[attr-defined]


def features(texts: list[str], vectors: np.ndarray, vocab: list[str]) -> np.ndarray:
    index = {w: i for i, w in enumerate(vocab)}
    bag = np.zeros((len(texts), len(vocab)), np.float32)
    for row, text in enumerate(texts):
        for word in set(words(text)):
            if word in index:
                bag[row, index[word]] = BAG_SCALE
    return np.hstack([vectors.astype(np.float32), bag])


def fit(x: np.ndarray, y: np.ndarray, lr: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    w = np.zeros((x.shape[1], y.shape[1]), np.float32)
    b = np.zeros(y.shape[1], np.float32)
    m = {"w": np.zeros_like(w), "b": np.zeros_like(b)}
    v = {"w": np.zeros_like(w), "b": np.zeros_like(b)}
    for t in range(1, STEPS + 1):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = (p - y) / len(y)
        grads = {"w": x.T @ g + L2 * w, "b": g.sum(0)}
        for key, param in (("w", w), ("b", b)):
            m[key] = 0.9 * m[key] + 0.1 * grads[key]
            v[key] = 0.999 * v[key] + 0.001 * grads[key] ** 2
            param -= lr * (m[key] / (1 - 0.9**t)) / (np.sqrt(v[key] / (1 - 0.999**t)) + 1e-8)
    return w, b


def train(
    texts: list[str], vectors: np.ndarray, golds: list[set[Key]], labels: list[Key]
) -> tuple[signal_head.SignalHead, np.ndarray, np.ndarray, list[str]]:
    """The head as with_head uses it, and the raw weights, bias and vocabulary the file stores."""
    vocab = sources.vocabulary(texts, MIN_COUNT)
    y = np.array([[key in g for key in labels] for g in golds], np.float32)
    w, b = fit(features(texts, vectors, vocab), y)
    dim = vectors.shape[1]
    head = signal_head.SignalHead(
        tuple(labels), w[:dim], w[dim:] * BAG_SCALE, b, {x: i for i, x in enumerate(vocab)}, THRESHOLD
    )
    return head, w, b, vocab


def findings(text: str, vector: np.ndarray, head: signal_head.SignalHead | None) -> tuple[set[Key], set[Key]]:
    """(lexicons + back-off, then + head) as analyze() finds them."""
    found = signals.with_backoff(text, vector, signals.body_signals(text), signals.triggers(text),
                                 urges.detect_urges(text))
    before = {("body", s.name) for s in found[0]} | {("trigger", s.name) for s in found[1]}
    before |= {("urge", u.name) for u in found[2]}
    if head is None:
        return before, before
    body, found_triggers, found_urges = signal_head.with_head(text, vector, *found, signal_head=head)
    body, found_triggers, found_urges = post_filters.apply(text, body, found_triggers, found_urges)
    after = {("body", s.name) for s in body} | {("trigger", s.name) for s in found_triggers}
    return before, after | {("urge", u.name) for u in found_urges}


def summary(pairs: list[tuple[set[Key], set[Key]]]) -> str:
    counts: dict[Key, list[int]] = {}
    for want, got in pairs:
        for key in want | got:
            counts.setdefault(key, [0, 0, 0])[0 if key in want and key in got else 1 if key in got else 2] += 1
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    reached = sum(1 for a, b, c in counts.values() if a + c and a >= 0.85 * (a + b) and a >= 0.85 * (a + c))
    supported = sum(1 for a, _, c in counts.values() if a + c)
    return f"P {tp / max(tp + fp, 1):.3f} / R {tp / max(tp + fn, 1):.3f}; {reached} of {supported} labels reach 0.85 on both"


def below_target(pairs: list[tuple[set[Key], set[Key]]]) -> str:
    """The labels under 0.85 on precision or recall: name support P/R."""
    counts: dict[Key, list[int]] = {}
    for want, got in pairs:
        for key in want | got:
            counts.setdefault(key, [0, 0, 0])[0 if key in want and key in got else 1 if key in got else 2] += 1
    weak = [f"{key[1]} {a + c} {a / max(a + b, 1):.2f}/{a / max(a + c, 1):.2f}" for key, (a, b, c) in sorted(counts.items())
            if a + c and (a < 0.85 * (a + b) or a < 0.85 * (a + c))]
    return ", ".join(weak) or "none"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--loao", action="store_true", help="leave-one-author-out figures only; write nothing")
    ap.add_argument("--with-train7", action="store_true", help="with --loao: fit every fold with NOT_FITTED too")
    args = ap.parse_args()
    if args.with_train7 and not args.loao:
        ap.error("--with-train7 is a study: use it with --loao (the shipped head is not fitted on NOT_FITTED)")
    messages = load()
    texts = [str(m["text"]) for m in messages]
    vectors = sources.embed_cached(texts)
    golds = [gold(m) for m in messages]
    labels = sorted({k for g in golds for k in g}, key=lambda k: (signal_head._KINDS.index(k[0]), k[1]))
    authors = np.array([author(m) for m in messages])
    unfitted = {str(m["part"]) for name in NOT_FITTED
                for m in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["messages"]}
    fitted = np.array([args.with_train7 or a not in unfitted for a in authors])
    # The back-off's phrases are project-written and belong to no blind author: every fit has them.
    examples = lexicon.signal_examples()
    example_texts = [e.phrase for e in examples]
    example_vectors = sources.embed_cached(example_texts)
    example_golds = [{(e.kind, e.label)} for e in examples]
    for held in BLIND_AUTHORS:
        keep = authors != held
        kept = [i for i in range(len(texts)) if keep[i] and fitted[i]]
        head, _, _, _ = train([texts[i] for i in kept] + example_texts, np.vstack([vectors[kept], example_vectors]),
                              [golds[i] for i in kept] + example_golds, labels)
        rows = np.flatnonzero(~keep)
        pairs = [(golds[i], findings(texts[i], vectors[i], head)) for i in rows]
        print(f"{held} ({len(rows)} messages), fitted without it:")
        print(f"  lexicons + back-off:        {summary([(g, f[0]) for g, f in pairs])}")
        print(f"  lexicons + back-off + head: {summary([(g, f[1]) for g, f in pairs])}")
        print(f"    below 0.85 (label support P/R): {below_target([(g, f[1]) for g, f in pairs])}")
    if args.loao:
        return
    rows = np.flatnonzero(fitted)
    _, w, b, vocab = train([texts[i] for i in rows] + example_texts, np.vstack([vectors[rows], example_vectors]),
                           [golds[i] for i in rows] + example_golds, labels)
    np.savez_compressed(
        OUT,
        labels=np.array([f"{kind}:{name}" for kind, name in labels]),
        weights=w.astype(np.float32),
        bias=b.astype(np.float32),
        vocab=np.array(vocab),
        bag_scale=np.float32(BAG_SCALE),
        threshold=np.float32(THRESHOLD),
        model_id=np.array(model_id()),
    )
    print(f"{len(rows)} messages and {len(example_texts)} phrases, {len(labels)} labels, {len(vocab)} words -> {OUT.relative_to(sources.ROOT)}")


if __name__ == "__main__":
    main()
