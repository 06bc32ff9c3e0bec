"""Emotions: the 27 GoEmotions emotions plus neutral from a small shipped head, and the product's own
feelings (jealousy, insecurity, loneliness, shame, hurt, overwhelm) from a project-written lexicon.

The head (weights/emotions.npz) was fitted on the GoEmotions train split (Apache-2.0) by
evals/train/train_emotions.py: an MLP over the sentence embedding plus a linear word-bag part, with
per-label thresholds tuned on a held-out tenth of train. May import numpy, yaml and own modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from steadyheart.errors import ContentError
from steadyheart.understanding import lexicon, signals
from steadyheart.understanding.analysis import Scored
from steadyheart.understanding.wordbag import features

WEIGHTS = Path(__file__).parent / "weights" / "emotions.npz"
GOEMOTIONS = ["admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity", "desire", "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief", "joy", "love", "nervousness", "optimism", "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral"]
PRODUCT_FEELINGS = ("jealousy", "insecurity", "loneliness", "shame", "hurt", "overwhelm")


@dataclass(frozen=True)
class EmotionHead:
    labels: tuple[str, ...]
    vocab: dict[str, int]
    w1: npt.NDArray[np.float32]
    b1: npt.NDArray[np.float32]
    w2: npt.NDArray[np.float32]
    wb: npt.NDArray[np.float32]
    b: npt.NDArray[np.float32]
    thresholds: npt.NDArray[np.float32]

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> EmotionHead:
        try:
            with np.load(path) as data:
                labels = tuple(str(x) for x in data["labels"])
                vocab = {str(w): i for i, w in enumerate(data["vocab"]) if str(w)}
                arrays = {k: data[k].astype(np.float32) for k in ("w1", "b1", "w2", "wb", "b", "thresholds")}
        except (OSError, KeyError, ValueError) as error:
            raise ContentError(f"The emotion weights {path.name} could not be loaded ({error}).") from error
        if labels != tuple(GOEMOTIONS):
            raise ContentError(f"The emotion weights {path.name} do not hold the 28 GoEmotions labels in order.")
        return cls(labels, vocab, **arrays)

    def probabilities(self, text: str, embedding: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """One sigmoid probability per GoEmotions label."""
        hidden = np.maximum(embedding @ self.w1 + self.b1, 0.0)
        logits = hidden @ self.w2 + self.b
        rows = [self.vocab[g] for g in features(text) if g in self.vocab]
        if rows:
            logits = logits + self.wb[rows].sum(axis=0)
        probs: npt.NDArray[np.float32] = (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)
        return probs

    def decide(self, probabilities: npt.NDArray[np.float32]) -> list[tuple[str, float]]:
        """Labels at or above their threshold; the score maps the threshold to 0.5 so labels rank fairly."""
        out = []
        for name, p, t in zip(self.labels, probabilities, self.thresholds, strict=True):
            if p >= t:
                out.append((name, float(0.5 + 0.5 * (p - t) / max(1.0 - t, 1e-6))))
        if not out:  # always say something: the most likely label, below 0.5 to show the doubt
            best = int(np.argmax(probabilities / self.thresholds))
            ratio = float(probabilities[best] / self.thresholds[best])
            out.append((self.labels[best], 0.5 * min(ratio, 1.0)))
        return out


@cache
def head() -> EmotionHead:
    return EmotionHead.load()


@cache
def groups() -> dict[str, str]:
    """Emotion or feeling name -> display group (anxious, sad, angry, ashamed, warm, unsure, calm)."""
    data = yaml.safe_load((lexicon.DATA_DIR / "feelings.yaml").read_text(encoding="utf-8"))
    mapping = {name: group for group, names in data.get("groups", {}).items() for name in names}
    missing = set(GOEMOTIONS) | set(PRODUCT_FEELINGS)
    missing -= set(mapping)
    if missing:
        raise ContentError(f"feelings.yaml puts no group on {', '.join(sorted(missing))}.")
    return mapping


def group_of(name: str) -> str:
    return groups().get(name, "unsure")


def emotion_probabilities(text: str, embedding: npt.NDArray[np.float32]) -> dict[str, float]:
    return dict(zip(GOEMOTIONS, (float(p) for p in head().probabilities(text, embedding)), strict=True))


def detect_emotions(
    text: str, embedding: npt.NDArray[np.float32], probabilities: dict[str, float] | None = None
) -> tuple[Scored, ...]:
    """GoEmotions labels the head decided are present, then the product feelings the lexicon found."""
    if probabilities is None:
        probabilities = emotion_probabilities(text, embedding)
    vector = np.array([probabilities[name] for name in GOEMOTIONS], dtype=np.float32)
    fine = [Scored(name, round(score, 4)) for name, score in head().decide(vector)]
    product = [Scored(s.name, s.score, s.evidence) for s in signals.feelings(text)]
    if product and len(fine) == 1 and fine[0].name == "neutral":
        fine = []  # a named feeling is not neutral
    return tuple(sorted(fine + product, key=lambda s: -s.score))
