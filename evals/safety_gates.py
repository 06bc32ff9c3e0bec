"""Choose the embedding gates of triage: recall on new authors against false alarms in everyday talk.

    python evals/safety_gates.py            # the shipped gates and a small grid around them
    python evals/safety_gates.py --check    # the gentle check's gates
    python evals/safety_gates.py --posts    # also r/SuicideWatch and r/depression posts (SDCNL *train*; ~12 min)

Recall side: leave-one-round-out as in `train_safety_model.py --cv` (model and similarity examples refitted
without the round, full triage), pooled over the rounds written by authors who never saw the patterns.
False-alarm side: ESConv *train* seeker turns (first 300 dialogues, with earlier turns as context) and
EmpatheticDialogues *train* situations (first 3,000), triaged with the model fitted on every dev round.
Both are dev-only data: they choose between gate settings and are never fitted; the *valid* splits stay
for reporting (`evals/safety.py real`). `--posts` adds long real posts, where a gate can cost recall that
short messages do not show: SDCNL *train* (the test split stays for reporting). Never reads the held-out
round.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import safety_real  # evals/safety_real.py
from train_safety_model import (  # evals/train_safety_model.py
    NEW_AUTHORS,
    Item,
    dev_rounds,
    figures,
    gates,
    suite_examples,
    train,
)

from steadyheart.safety import embedded_signals, model, similarity, triage
from steadyheart.safety.similarity import EXAMPLES_PATH, load_examples
from steadyheart.safety.tiers import Tier
from steadyheart.understanding.embedder import get_embedder

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
Setting = dict[str, float]
SHIPPED: Setting = {name: getattr(embedded_signals, name) for name in
                    ("MIN_SUPPORT", "CHECK_SUPPORT", "CRISIS_THRESHOLD", "IMMINENT_CRISIS", "IMMINENT_SUPPORT",
                     "IMMINENT_THRESHOLD", "CHECK_MARGIN")}


def distinct(settings: list[Setting]) -> list[Setting]:
    """The settings once each: a variation that equals the shipped gates is not scored twice."""
    out: list[Setting] = []
    for setting in settings:
        if setting not in out:
            out.append(setting)
    return out


GRID: list[Setting] = distinct([
    SHIPPED,
    {**SHIPPED, "MIN_SUPPORT": 0.50},
    {**SHIPPED, "MIN_SUPPORT": 0.55},
    {**SHIPPED, "MIN_SUPPORT": 0.50, "CRISIS_THRESHOLD": 0.80},
    {**SHIPPED, "MIN_SUPPORT": 0.50, "CRISIS_THRESHOLD": 0.82},
    {**SHIPPED, "CRISIS_THRESHOLD": 0.85},
    {**SHIPPED, "IMMINENT_CRISIS": 0.90, "IMMINENT_SUPPORT": 0.70, "IMMINENT_THRESHOLD": 0.70},
    {**SHIPPED, "MIN_SUPPORT": 0.50, "IMMINENT_CRISIS": 0.90, "IMMINENT_SUPPORT": 0.65},
    {**SHIPPED, "MIN_SUPPORT": 0.55, "IMMINENT_CRISIS": 0.90, "IMMINENT_SUPPORT": 0.65},
    {**SHIPPED, "MIN_SUPPORT": 0.50, "CRISIS_THRESHOLD": 0.85, "IMMINENT_CRISIS": 0.90, "IMMINENT_SUPPORT": 0.65},
])


#: `--check`: the gentle check from the model (support, and how much closer than the nearest ordinary
#: example its risk example must be).
CHECK_GRID: list[Setting] = distinct([
    SHIPPED,
    {**SHIPPED, "CHECK_SUPPORT": 0.55},
    {**SHIPPED, "CHECK_MARGIN": 0.02},
    {**SHIPPED, "CHECK_SUPPORT": 0.55, "CHECK_MARGIN": 0.02},
    {**SHIPPED, "CHECK_SUPPORT": 0.55, "CHECK_MARGIN": 0.05},
])


def everyday_talk() -> tuple[list[tuple[str, tuple[str, ...]]], list[str]]:
    """(ESConv seeker turns with context, EmpatheticDialogues situations): dev-only, never shown."""
    turns = [(text, tuple(d[max(0, k - 10):k])) for d in safety_real.esconv_dialogues(SHARED / "esconv", "train")[:300]
             for k, text in enumerate(d)]
    rows = safety_real._read(SHARED / "empathetic_dialogues" / "ed_situation_emotion_train.csv")
    return turns, [r["situation"] for r in rows if r.get("situation")][:3000]


def suicide_posts() -> tuple[list[str], list[bool]]:
    """SDCNL train posts (title and text, as `evals/safety.py real` reads the test split) and whether each
    is from r/SuicideWatch: dev-only, never shown."""
    rows = safety_real._read(SHARED / "crisis_reddit" / "sdcnl_train.csv")
    return [f"{r.get('title', '')}. {r.get('selftext', '')}" for r in rows], [r["is_suicide"] == "1" for r in rows]


def post_recall(texts: list[str], suicidal: list[bool], vectors: dict[str, np.ndarray]) -> tuple[float, float]:
    """Share of r/SuicideWatch and of r/depression posts given suicide or self-harm at elevated or above."""
    flagged = [safety_real._flag(triage(t, (), vectors[t].astype(np.float32)), safety_real.SELF, Tier.ELEVATED)
               for t in texts]
    watch = [f for f, s in zip(flagged, suicidal, strict=True) if s]
    other = [f for f, s in zip(flagged, suicidal, strict=True) if not s]
    return sum(watch) / len(watch), sum(other) / len(other)


def main() -> None:
    grid = CHECK_GRID if "--check" in sys.argv else GRID
    rounds = dev_rounds()
    prototypes = list(load_examples(EXAMPLES_PATH))
    conversation, situations = everyday_talk()
    posts, suicidal = suicide_posts() if "--posts" in sys.argv else ([], [])
    texts = sorted(set(posts) | {i.text for items in rounds.values() for i in items} | {c for items in rounds.values()
                   for i in items for c in i.context} | {e.text for e in prototypes}
                   | {t for t, _ in conversation} | set(situations))
    vectors = dict(zip(texts, get_embedder().embed(texts).astype(np.float64), strict=True))
    base = [(e.text, e.tier) for e in prototypes]

    recall: list[list[tuple[Item, Tier]]] = [[] for _ in grid]
    for held, items in rounds.items():
        if held.removeprefix("messages_") not in NEW_AUTHORS:
            continue
        rest = [i for name, its in rounds.items() if name != held for i in its]
        model.use_model(train(base + [(i.text, i.tier) for i in rest if i.trainable], vectors))
        examples = tuple(prototypes + suite_examples(rest))
        similarity.use_index(examples, np.array([vectors[e.text] for e in examples], dtype=np.float32))
        for k, setting in enumerate(grid):
            with gates(setting):
                recall[k] += [(i, triage(i.text, i.context, vectors[i.text].astype(np.float32)).tier) for i in items]
    similarity.use_index(None)
    model.use_model(None)

    print("| setting | new authors imminent | elevated+ | flagged | ambiguous none | ordinary el+ | ESConv el+ "
          "| ESConv imminent | ESConv amb+ | ED el+ | ED imminent | ED amb+ |"
          + (" SuicideWatch el+ | depression el+ |" if posts else "")
          + "\n|" + "---|" * (12 + (2 if posts else 0)))
    for k, setting in enumerate(grid):
        with gates(setting):
            talk = [triage(t, c, vectors[t].astype(np.float32)).tier for t, c in conversation]
            feel = [triage(t, (), vectors[t].astype(np.float32)).tier for t in situations]
        figs = figures(recall[k])
        changed = {n: v for n, v in setting.items() if v != SHIPPED[n]} or "shipped"
        cells = [f"{figs[n][0] / figs[n][1]:.3f}"
                 for n in ("imminent", "elevated+", "flagged", "ambiguous none", "ordinary el+")]
        for said in (talk, feel):
            cells += [f"{sum(t.is_crisis for t in said) / len(said):.4f}",
                      f"{sum(t is Tier.IMMINENT for t in said) / len(said):.4f}",
                      f"{sum(t is not Tier.NONE for t in said) / len(said):.4f}"]
        if posts:
            with gates(setting):
                cells += [f"{share:.3f}" for share in post_recall(posts, suicidal, vectors)]
        print(f"| {changed} | " + " | ".join(cells) + " |")
    print(f"\n({len(conversation)} ESConv train turns, {len(situations)} EmpatheticDialogues train situations"
          + (f", {len(posts)} SDCNL train posts)" if posts else ")"))


if __name__ == "__main__":
    main()
