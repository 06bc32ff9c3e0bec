"""Reading level of our own text (Flesch-Kincaid grade), to keep content plain: grade 6-8 is reading age 12-14."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"[.!?]+(?:\s|$)|\n\s*[-*\d]")
_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    word = word.lower().removesuffix("'s")
    if len(word) <= 3:
        return 1
    count = len(_VOWELS.findall(re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)))
    return max(count, 1)


def flesch_kincaid_grade(text: str) -> float:
    """US school grade needed to read the text; 0.0 for text without words."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(len([s for s in _SENTENCE.split(text) if _WORD.search(s)]), 1)
    total = sum(syllables(w) for w in words)
    return round(0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59, 2)
