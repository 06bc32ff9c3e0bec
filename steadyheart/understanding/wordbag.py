"""The word features shared by the emotion head at run time and its training script.

Lowercased words, a few punctuation marks and emoji-like symbols, and adjacent-word pairs. Pure Python.
"""

from __future__ import annotations

import itertools
import re

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|[!?]|[\u2600-\u27bf\U0001f300-\U0001faff]")


def words(text: str) -> list[str]:
    """Lowercased word tokens; curly apostrophes count as straight ones."""
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


def features(text: str) -> set[str]:
    """Unigrams and bigrams ("thank you" -> {"thank", "you", "thank_you"}), each counted once."""
    tokens = words(text)
    grams = set(tokens)
    grams.update(f"{a}_{b}" for a, b in itertools.pairwise(tokens))
    return grams
