"""Loaders for the public datasets in ../shared/data and a disk cache of their embeddings.

Used by the training scripts (GoEmotions only: Apache-2.0, "train") and by evals/understanding.py
(everything else is measurement-only). Nothing here ships in the package.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("STEADYHEART_SHARED_DATA", ROOT.parent / "shared" / "data"))
CACHE = Path(os.environ.get("STEADYHEART_EVAL_CACHE", "/tmp/steadyheart-eval-cache"))


@dataclass
class LabelledTexts:
    texts: list[str]
    labels: list[list[str]]


def available(folder: str) -> bool:
    return (DATA / folder).is_dir()


def goemotion_names() -> list[str]:
    return (DATA / "goemotions" / "original_labels.txt").read_text().split()


def goemotions(split: str) -> LabelledTexts:
    """split: 'train' or 'dev'."""
    names = goemotion_names()
    texts, labels = [], []
    with open(DATA / "goemotions" / f"original_{split}.tsv", encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            texts.append(parts[0])
            labels.append([names[int(i)] for i in parts[1].split(",")])
    return LabelledTexts(texts, labels)


#: PatternReframe's ten patterns, mapped to our trap names.
PATTERN_REFRAME_MAP = {
    "Jumping to conclusions: Fortune-telling": "fortune_telling",
    "Catastrophizing": "catastrophizing",
    "Overgeneralization": "overgeneralization",
    "Black-and-white or polarized thinking / All or nothing thinking": "all_or_nothing",
    "Personalization": "personalization",
    "Jumping to conclusions: mind reading": "mind_reading",
    "Discounting the positive": "discounting_positive",
    "Labeling and mislabeling": "labeling",
    "Mental filtering": "mental_filter",
    "Should statements": "should_statements",
}


def pattern_reframe(split: str) -> LabelledTexts:
    """split: 'train' or 'valid'; one pattern per thought."""
    texts, labels = [], []
    with open(DATA / "pattern_reframe" / f"{split}.txt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            texts.append(row["thought"])
            labels.append([PATTERN_REFRAME_MAP[row["pattern"]]])
    return LabelledTexts(texts, labels)


#: thinking_traps' 18 raw names merged to ours; None = a trap we do not model; "none" = not distorted.
THINKING_TRAPS_MAP: dict[str, str | None] = {
    "Catastrophizing": "catastrophizing",
    "Labeling": "labeling",
    "Negative feeling or emotion": "emotional_reasoning",
    "Emotional reasoning": "emotional_reasoning",
    "All-or-nothing thinking": "all_or_nothing",
    "Fortune telling": "fortune_telling",
    "Mind reading": "mind_reading",
    "Overgeneralizing": "overgeneralization",
    "Overgeneralization": "overgeneralization",
    "Not distorted": "none",
    "Personalizing": "personalization",
    "Personalization": "personalization",
    "Should statements": "should_statements",
    "Blaming": None,
    "Disqualifying the Positive": "discounting_positive",
    "Disqualifying the positive": "discounting_positive",
    "Comparing and Despairing": None,
    "Comparing": None,
}


def thinking_traps() -> LabelledTexts:
    """Unique thoughts with all their (merged) trap names; ['none'] = not distorted."""
    merged: dict[str, set[str]] = {}
    raw: dict[str, set[str]] = {}
    with open(DATA / "thinking_traps" / "thinking_traps.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = row["prompt"].removesuffix("->").strip()
            name = row["completion"].strip()
            raw.setdefault(text, set()).add(name)
            mapped = THINKING_TRAPS_MAP[name]
            merged.setdefault(text, set())
            if mapped is not None:
                merged[text].add(mapped)
    texts = list(merged)
    return LabelledTexts(texts, [sorted(merged[t]) or ["other"] for t in texts])


def embed_cached(texts: list[str]) -> np.ndarray:
    """Embeddings of `texts`, cached on disk by content (the cache is outside the repo)."""
    from steadyheart.understanding.embedder import get_embedder

    # Keyed on the model too: a new model never reads old vectors.
    from steadyheart.understanding.model_file import model_id

    key = hashlib.sha256((model_id() + "\x00" + "\x00".join(texts)).encode()).hexdigest()[:20]
    path = CACHE / f"emb-{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = get_embedder().embed(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def vocabulary(texts: list[str], min_count: int) -> list[str]:
    """The words of a word bag: those in at least `min_count` of the texts, sorted (stable column order)."""
    from steadyheart.understanding.wordbag import words

    counts: dict[str, int] = {}
    for text in texts:
        for word in set(words(text)):
            counts[word] = counts.get(word, 0) + 1
    return sorted(w for w, c in counts.items() if c >= min_count)
