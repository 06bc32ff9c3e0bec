"""Fit the signal head's attention model (steadyheart/understanding/signal_attention.py): per label, attention
pooling over the trunk's token states (`Embedder.trunk_state`) plus a logistic regression over the sentence
embedding and the word bag, fitted together by a seeded minibatch torch loop on one thread ("b-attn" of
evals/train/study_signal_models.py, unchanged). The linear recipe (train_signal_heads.train) is fitted on the
same messages and its word weights stored beside the model: with_head's word-logit floors and evidence read them.

Data: evals/data/understanding_suite.yaml, blind2-6, blind7 and blind8 (both retired as held-out), and the back-off's
phrases;
train7a/b are measured, not fitted (--with-train7 fits them: the study behind that choice, docs/understanding.md
session 8). Nothing from ../shared/data.

`--loao` fits once per held author (blind2-8, train7a, train7b) and scores that author through the lexicons, the
back-off, with_head (the run-time numpy model) and the post-filters, as analyze() runs them, beside the linear
recipe fitted on the same fold; it writes nothing. Without it, the script writes the shipped file.

    . /work/tvenv/bin/activate
    python evals/train/train_signal_attention.py [--loao] [--with-train7] [--out PATH]

Writes steadyheart/understanding/weights/signal_attention.npz (with the embedding model's id and trunk depth).
Token states are cached outside the repo (sources.CACHE).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

sys.path.insert(0, str(Path(__file__).parent))
import sources
import study_signal_models as study
import train_signal_heads as tsh

from steadyheart.understanding import lexicon, signal_attention, signal_head
from steadyheart.understanding.embedder import TRUNK_LAYERS, get_embedder
from steadyheart.understanding.model_file import model_id

#: Held-out parts retired into the fit (blind7 in session 8, blind8 in session 9).
RETIRED = ("blind7", "blind8")
FOLDS = ("blind2", "blind3", "blind4", "blind5", "blind6", *RETIRED, "train7a", "train7b")
UNFITTED = ("train7a", "train7b")
SEED = 0
BATCH = 64
EPOCHS = 16
LR_LINEAR = 0.01
LR_TOKENS = 2e-3
WEIGHT_DECAY_TOKENS = 1e-4
OUT = signal_attention.ATTENTION_WEIGHTS
Key = tuple[str, str]
Array = npt.NDArray[np.float32]


def messages() -> list[dict[str, object]]:
    retired = [m for part in RETIRED
               for m in yaml.safe_load((tsh.DATA / f"understanding_{part}.yaml").read_text(encoding="utf-8"))["messages"]]
    return tsh.load() + retired  # type: ignore[no-any-return]


def author(message: dict[str, object]) -> str:
    return str(message["part"]) if message["part"] in RETIRED else tsh.author(message)


def encode(texts: list[str]) -> tuple[Array, list[Array]]:
    """Each text's vector and trunk states from one embedding pass, cached on disk by model, depth and texts."""
    key = hashlib.sha256("\x00".join([model_id(), str(TRUNK_LAYERS), *texts]).encode()).hexdigest()[:20]
    path = sources.CACHE / f"trunk-{key}.npz"
    if path.exists():
        with np.load(path) as data:
            return data["vectors"], np.split(data["trunk"], np.cumsum(data["lengths"])[:-1])
    embedder = get_embedder()
    vectors, states = [], []
    for text in texts:
        vector = embedder.embed_one(text)
        state = embedder.trunk_state(vector)
        if state is None:
            raise SystemExit("the embedder gave no trunk states: is this the shipped MiniLM model?")
        vectors.append(vector)
        states.append(np.asarray(state, np.float32))
    sources.CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, vectors=np.array(vectors), trunk=np.vstack(states), lengths=np.array([len(s) for s in states]))
    return np.array(vectors), states


def data() -> tuple[list[str], Array, list[Array], list[set[Key]], npt.NDArray[np.str_], list[Key]]:
    """Texts, vectors, trunk states, gold labels and authors: the labelled messages, then the back-off's
    phrases (author "examples", one label each); and the labels in the head's order."""
    labelled = messages()
    examples = lexicon.signal_examples()
    texts = [str(m["text"]) for m in labelled] + [e.phrase for e in examples]
    golds = [tsh.gold(m) for m in labelled] + [{(e.kind, e.label)} for e in examples]
    authors = np.array([author(m) for m in labelled] + ["examples"] * len(examples))
    vectors, states = encode(texts)
    labels = sorted({k for g in golds for k in g}, key=lambda k: (signal_head._KINDS.index(k[0]), k[1]))
    return texts, vectors, states, golds, authors, labels


def padded(states: list[Array], torch: Any) -> tuple[Any, Any]:
    longest = max(s.shape[0] for s in states)
    hidden, mask = torch.zeros(len(states), longest, 384), torch.zeros(len(states), longest)
    for i, state in enumerate(states):
        hidden[i, : len(state)] = torch.from_numpy(state)
        mask[i, : len(state)] = 1
    return hidden, mask


def fit(texts: list[str], vectors: Array, states: list[Array], golds: list[set[Key]], labels: list[Key],
        vocab: list[str]) -> dict[str, Array]:
    """The model's weights (word weights times the bag scale, as the run time sums them)."""
    import torch

    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    size = len(labels)
    params = {name: torch.nn.Parameter(torch.zeros(*shape)) for name, shape in
              (("embedding", (384, size)), ("words", (len(vocab), size)), ("bias", (size,)),
               ("query", (384, size)), ("out", (384, size)))}
    bag = torch.from_numpy(tsh.features(texts, np.zeros((len(texts), 0), np.float32), vocab))
    vec = torch.from_numpy(np.asarray(vectors, np.float32))
    y = torch.tensor(np.array([[key in g for key in labels] for g in golds], np.float32))
    optimiser = torch.optim.Adam([
        {"params": [params["embedding"], params["words"], params["bias"]], "lr": LR_LINEAR, "weight_decay": tsh.L2},
        {"params": [params["query"], params["out"]], "lr": LR_TOKENS, "weight_decay": WEIGHT_DECAY_TOKENS},
    ])
    order = sorted(range(len(texts)), key=lambda k: states[k].shape[0])  # like lengths batch together
    batches = [order[k:k + BATCH] for k in range(0, len(order), BATCH)]
    for _ in range(EPOCHS):
        for b in rng.permutation(len(batches)):
            batch = batches[b]
            hidden, mask = padded([states[k] for k in batch], torch)
            scores = (hidden @ params["query"]).masked_fill(mask[:, :, None] == 0, -1e4)
            pooled = torch.einsum("btl,btd->bld", torch.softmax(scores, dim=1), hidden)
            logits = (vec[batch] @ params["embedding"] + bag[batch] @ params["words"] + params["bias"]
                      + (pooled * params["out"].T[None]).sum(-1))
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y[batch], reduction="sum") / len(batch)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    weights = {name: p.detach().numpy().astype(np.float32) for name, p in params.items()}
    weights["words"] = weights["words"] * np.float32(tsh.BAG_SCALE)
    return weights


def train(rows: list[int], texts: list[str], vectors: Array, states: list[Array], golds: list[set[Key]],
          labels: list[Key]) -> tuple[signal_attention.AttentionWeights, signal_head.SignalHead]:
    """The attention model and the linear recipe, both fitted on `rows`."""
    picked = [texts[k] for k in rows]
    linear, _, _, vocab = tsh.train(picked, vectors[rows], [golds[k] for k in rows], labels)
    weights = fit(picked, vectors[rows], [states[k] for k in rows], [golds[k] for k in rows], labels, vocab)
    model = signal_attention.AttentionWeights(
        labels=tuple(labels), vocabulary={w: i for i, w in enumerate(vocab)},
        embedding_weights=weights["embedding"], word_weights=weights["words"], bias=weights["bias"],
        query=weights["query"], out=weights["out"], guard_word_weights=linear.word_weights.astype(np.float32),
        threshold=tsh.THRESHOLD)
    return model, linear


def counts(pairs: list[tuple[set[Key], set[Key]]]) -> str:
    p, r, f1, reached = study.counts(pairs)
    return f"P {p:.3f} R {r:.3f} F1 {f1:.3f}  {reached:2d}/27 labels at 0.85"


def loao(texts: list[str], vectors: Array, states: list[Array], golds: list[set[Key]],
         authors: npt.NDArray[np.str_], labels: list[Key], fitted: npt.NDArray[np.bool_]) -> None:
    pooled: dict[str, list[tuple[set[Key], set[Key]]]] = {"linear recipe": [], "attention": []}
    for held_author in FOLDS:
        started = time.time()
        held = [int(k) for k in np.flatnonzero(authors == held_author)]
        rows = [int(k) for k in np.flatnonzero((authors != held_author) & fitted)]
        model, linear = train(rows, texts, vectors, states, golds, labels)
        heads = {"linear recipe": [linear] * len(held),
                 "attention": [signal_head.attention_head(model, states[k]) for k in held]}
        for name, chosen in heads.items():
            pairs = [(golds[k], tsh.findings(texts[k], vectors[k], one)[1]) for k, one in zip(held, chosen, strict=True)]
            pooled[name].extend(pairs)
            print(f"{held_author:8} {name:14} {counts(pairs)}")
        print(f"  ({held_author}: {len(held)} messages, {time.time() - started:.0f} s)", flush=True)
    print(f"\npooled over {','.join(FOLDS)} (threshold {tsh.THRESHOLD}):")
    for name, pairs in pooled.items():
        print(f"{name:23} {counts(pairs)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--loao", action="store_true", help="leave-one-author-out figures only; write nothing")
    ap.add_argument("--with-train7", action="store_true", help="fit train7a/b too (the study; not the shipped file)")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the model (default: the shipped file)")
    ap.add_argument("--also-retire", nargs="*", default=(), metavar="PART",
                    help="more retired parts to fit and fold (session 10 measured blind9 this way and did not ship it)")
    args = ap.parse_args()
    if args.also_retire:
        global RETIRED, FOLDS
        RETIRED = (*RETIRED, *args.also_retire)
        FOLDS = (*FOLDS[:-len(UNFITTED)], *args.also_retire, *UNFITTED)
    import torch

    torch.set_num_threads(1)  # reproducible, and shares the host
    texts, vectors, states, golds, authors, labels = data()
    fitted = np.array([args.with_train7 or a not in UNFITTED for a in authors])
    if args.loao:
        loao(texts, vectors, states, golds, authors, labels, fitted)
        return
    rows = [int(k) for k in np.flatnonzero(fitted)]
    model, _ = train(rows, texts, vectors, states, golds, labels)
    np.savez_compressed(
        args.out,
        labels=np.array([f"{kind}:{name}" for kind, name in labels]),
        vocab=np.array(list(model.vocabulary)),
        embedding=model.embedding_weights, words=model.word_weights, bias=model.bias, query=model.query,
        out=model.out, guard_words=model.guard_word_weights, threshold=np.float32(model.threshold),
        model_id=np.array(model_id()), trunk_layers=np.int64(TRUNK_LAYERS),
    )
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()[:16]
    print(f"{len(rows)} messages and phrases, {len(labels)} labels, {len(model.vocabulary)} words -> {args.out} "
          f"(sha256 {digest})")


if __name__ == "__main__":
    main()
