"""BM25 over short documents, with a small stop list and a light suffix stemmer. No dependencies."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

STOP = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "so", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your", "he", "she", "his", "her", "our", "us", "am", "been", "being", "did", "just", "about", "than", "too", "very", "also"]
)
_TOKEN = re.compile(r"[a-z][a-z'-]+")


def stem(word: str) -> str:
    for suffix in ("ational", "ization", "iveness", "fulness", "ousness", "ments", "ment", "ness", "ings",
                   "ing", "ies", "ied", "ed", "ly", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    return [stem(t.strip("'-")) for t in _TOKEN.findall(text.lower()) if t not in STOP and len(t) > 2]


class BM25:
    def __init__(self, documents: Sequence[str], k1: float = 1.4, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.docs = [Counter(tokens(d)) for d in documents]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg_length = sum(self.lengths) / max(len(self.docs), 1)
        frequency: Counter[str] = Counter()
        for doc in self.docs:
            frequency.update(doc.keys())
        n = len(self.docs)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def scores(self, query: str) -> list[float]:
        terms = set(tokens(query))
        out = []
        for doc, length in zip(self.docs, self.lengths, strict=True):
            score = 0.0
            for term in terms:
                tf = doc.get(term, 0)
                if tf:
                    norm = tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * length / self.avg_length))
                    score += self.idf[term] * norm
            out.append(score)
        return out
