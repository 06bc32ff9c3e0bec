"""A measured proxy for conversation quality (issue 5): EPITOME empathy levels, questions, repetition,
length and reading level of Steadyheart's replies, next to the human peer responses in the same data.

    /work/venv/bin/python evals/conversation.py [--data ../shared/data] [--limit N] [--seed 0]

1. EPITOME (Sharma et al. 2020; academic, non-commercial: measurement only). Pairs are split in two
   halves by seeker post. On the "dev" half we fit three small classifiers (softmax regression on MiniLM
   embeddings of the response and of response x seeker post) for emotional reactions, interpretations and
   explorations (levels 0-2). They are never shipped or saved. Their accuracy is reported on the other half.
2. Replies: each seeker post of the held-out EPITOME half goes to a fresh conversation of the real
   Companion (temporary home, embedded responder); each ESConv valid dialogue (CC BY-NC 4.0, measurement
   only) is replayed turn by turn into one conversation, pairing our reply with the supporter's reply.
3. Both our replies and the human replies are scored by the same classifiers, plus questions per reply,
   sentences repeated from the last 10 replies, words per reply and Flesch-Kincaid grade.

Nothing from the datasets is written anywhere; only aggregate numbers are printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from steadyheart.companion import Companion  # noqa: E402
from steadyheart.content.readability import flesch_kincaid_grade  # noqa: E402
from steadyheart.responders.base import normalise_sentence, split_sentences  # noqa: E402
from steadyheart.understanding.embedder import get_embedder  # noqa: E402

DIMENSIONS = ("emotional-reactions", "interpretations", "explorations")
Matrix = npt.NDArray[np.float32]


@dataclass
class Pair:
    seeker: str
    human: str
    levels: dict[str, int] = field(default_factory=dict)


def load_epitome(folder: Path) -> dict[tuple[str, str], Pair]:
    pairs: dict[tuple[str, str], Pair] = {}
    for dim in DIMENSIONS:
        with (folder / f"{dim}-reddit.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = (row["sp_id"], row["rp_id"])
                pair = pairs.setdefault(key, Pair(row["seeker_post"], row["response_post"]))
                pair.levels[dim] = int(row["level"])
    return {k: p for k, p in pairs.items() if len(p.levels) == 3}


def split_halves(pairs: dict[tuple[str, str], Pair]) -> tuple[list[Pair], list[Pair]]:
    """Stable split by seeker post, so one post's responses never sit on both sides."""
    dev: list[Pair] = []
    test: list[Pair] = []
    for (sp_id, _), pair in sorted(pairs.items()):
        (dev if zlib.crc32(sp_id.encode()) % 2 == 0 else test).append(pair)
    return dev, test


def load_esconv(path: Path, limit: int | None) -> list[list[tuple[str, str]]]:
    """Each dialogue as (seeker turn, the supporter's next reply) pairs, consecutive turns merged."""
    dialogues = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            dialog = json.loads(line)["dialog"]
            pairs: list[tuple[str, str]] = []
            seeker: list[str] = []
            supporter: list[str] = []
            for turn in dialog:
                if turn["speaker"] == "usr":
                    if supporter and seeker:
                        pairs.append((" ".join(seeker), " ".join(supporter)))
                        seeker, supporter = [], []
                    elif supporter:
                        supporter = []
                    seeker.append(turn["text"].strip())
                elif seeker:
                    supporter.append(turn["text"].strip())
            if seeker and supporter:
                pairs.append((" ".join(seeker), " ".join(supporter)))
            if pairs:
                dialogues.append(pairs[:10])
    return dialogues[:limit] if limit else dialogues


# -- the measuring classifiers (fitted here, used here, never saved) --------------------------------
def features(seekers: Sequence[str], responses: Sequence[str]) -> Matrix:
    embed = get_embedder().embed
    s, r = embed(list(seekers)), embed(list(responses))
    questions = np.array([[min(t.count("?"), 3) / 3.0] for t in responses], dtype=np.float32)
    return np.hstack([r, s * r * 10.0, questions]).astype(np.float32)


class Softmax:
    def __init__(self, classes: int = 3, l2: float = 1e-3, steps: int = 400, rate: float = 0.5) -> None:
        self.classes, self.l2, self.steps, self.rate = classes, l2, steps, rate

    def fit(self, x: Matrix, y: npt.NDArray[np.int64]) -> Softmax:
        self.mean, self.std = x.mean(0), x.std(0) + 1e-6
        z = (x - self.mean) / self.std
        counts = np.bincount(y, minlength=self.classes).astype(np.float32)
        weights = (len(y) / (self.classes * np.maximum(counts, 1)))[y]  # balanced classes
        onehot = np.eye(self.classes, dtype=np.float32)[y]
        self.w = np.zeros((z.shape[1], self.classes), dtype=np.float32)
        self.b = np.zeros(self.classes, dtype=np.float32)
        for _ in range(self.steps):
            p = self._probs(z)
            grad = (p - onehot) * weights[:, None] / len(y)
            self.w -= self.rate * (z.T @ grad + self.l2 * self.w)
            self.b -= self.rate * grad.sum(0)
        return self

    def _probs(self, z: Matrix) -> Matrix:
        logits = z @ self.w + self.b
        logits -= logits.max(1, keepdims=True)
        e = np.exp(logits)
        probs: Matrix = (e / e.sum(1, keepdims=True)).astype(np.float32)
        return probs

    def predict(self, x: Matrix) -> npt.NDArray[np.int64]:
        labels: npt.NDArray[np.int64] = self._probs((x - self.mean) / self.std).argmax(1).astype(np.int64)
        return labels


def macro_f1(truth: npt.NDArray[np.int64], pred: npt.NDArray[np.int64], classes: int = 3) -> float:
    scores = []
    for c in range(classes):
        tp = int(((pred == c) & (truth == c)).sum())
        fp, fn = int(((pred == c) & (truth != c)).sum()), int(((pred != c) & (truth == c)).sum())
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


# -- replies from the real Companion ------------------------------------------------------------------
@dataclass
class Replies:
    texts: list[str] = field(default_factory=list)
    by: list[str] = field(default_factory=list)  # which responder wrote each reply
    repeated: Counter[str] = field(default_factory=Counter)  # replies repeating a recent sentence, by responder
    seconds: float = 0.0

    def add(self, text: str, responder: str) -> None:
        self.texts.append(text)
        self.by.append(responder)

    def embedded(self) -> list[str]:
        return [t for t, r in zip(self.texts, self.by, strict=True) if r == "embedded"]


def reply_to_posts(companion: Companion, posts: Sequence[str]) -> Replies:
    out = Replies()
    start = time.perf_counter()
    for post in posts:
        conversation = companion.new_conversation()
        reply = companion.reply(post[:4000], conversation)
        out.add(reply.text, reply.responder)
    out.seconds = time.perf_counter() - start
    return out


def replay_dialogues(companion: Companion, dialogues: Sequence[list[tuple[str, str]]]) -> tuple[Replies, list[str]]:
    out, humans = Replies(), []
    start = time.perf_counter()
    for dialogue in dialogues:
        conversation = companion.new_conversation()
        said: list[str] = []
        for seeker, human in dialogue:
            reply = companion.reply(seeker[:4000], conversation)
            recent = {normalise_sentence(s) for r in said[-10:] for s in split_sentences(r)}
            out.repeated[reply.responder] += any(normalise_sentence(s) in recent for s in split_sentences(reply.text))
            said.append(reply.text)
            out.add(reply.text, reply.responder)
            humans.append(human)
    out.seconds = time.perf_counter() - start
    return out, humans


def describe(texts: Sequence[str]) -> dict[str, float]:
    questions = [t.count("?") for t in texts]
    return {
        "questions_per_reply": round(float(np.mean(questions)), 2),
        "share_over_one_question": round(float(np.mean([q > 1 for q in questions])), 3),
        "words_per_reply": round(float(np.mean([len(t.split()) for t in texts])), 1),
        "fk_grade": round(float(np.mean([flesch_kincaid_grade(t) for t in texts])), 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N posts / dialogues")
    args = parser.parse_args(argv)
    epitome, esconv = args.data / "epitome", args.data / "esconv" / "esconv_reformat_valid.jsonl"
    if not epitome.is_dir() or not esconv.is_file():
        print(f"skipped: the EPITOME or ESConv data is not at {args.data}")
        return 0

    dev, test = split_halves(load_epitome(epitome))
    test = test[: args.limit] if args.limit else test
    x_dev = features([p.seeker for p in dev], [p.human for p in dev])
    x_test = features([p.seeker for p in test], [p.human for p in test])
    models: dict[str, Softmax] = {}
    classifiers: dict[str, dict[str, float]] = {}
    report: dict[str, object] = {"epitome_pairs": {"dev": len(dev), "test": len(test)}, "classifiers": classifiers}
    for dim in DIMENSIONS:
        y_dev = np.array([p.levels[dim] for p in dev], dtype=np.int64)
        y_test = np.array([p.levels[dim] for p in test], dtype=np.int64)
        models[dim] = Softmax().fit(x_dev, y_dev)
        pred = models[dim].predict(x_test)
        classifiers[dim] = {"accuracy": round(float((pred == y_test).mean()), 3),
                                      "macro_f1": round(macro_f1(y_test, pred), 3),
                                      "human_true_mean": round(float(y_test.mean()), 3)}

    with tempfile.TemporaryDirectory() as home:
        companion = Companion.open(home=home)
        try:
            ours_epitome = reply_to_posts(companion, [p.seeker for p in test])
            dialogues = load_esconv(esconv, args.limit)
            ours_esconv, humans_esconv = replay_dialogues(companion, dialogues)
            seekers_esconv = [s for d in dialogues for s, _ in d]
        finally:
            companion.close()

    def levels(seekers: Sequence[str], texts: Sequence[str]) -> dict[str, float]:
        x = features(seekers, texts)
        return {dim: round(float(models[dim].predict(x).mean()), 3) for dim in DIMENSIONS}

    report["epitome"] = {
        "ours": {**levels([p.seeker for p in test], ours_epitome.texts), **describe(ours_epitome.texts),
                 "embedded_only": describe(ours_epitome.embedded()),
                 "responders": dict(Counter(ours_epitome.by)),
                 "ms_per_reply": round(1000 * ours_epitome.seconds / max(len(test), 1), 1)},
        "human": {**levels([p.seeker for p in test], [p.human for p in test]), **describe([p.human for p in test])},
    }
    report["esconv_valid"] = {
        "dialogues": len(dialogues), "turns": len(ours_esconv.texts),
        "ours": {**levels(seekers_esconv, ours_esconv.texts), **describe(ours_esconv.texts),
                 "embedded_only": describe(ours_esconv.embedded()),
                 "replies_repeating_a_recent_sentence": dict(ours_esconv.repeated),
                 "responders": dict(Counter(ours_esconv.by))},
        "human": {**levels(seekers_esconv, humans_esconv), **describe(humans_esconv)},
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
