"""Find the article that answers a question: BM25 on words plus cosine similarity of sentence embeddings.

Articles are indexed on their title, keywords and summary (weighted by repetition) and their body.
The embedding side uses the process-wide embedder from steadyheart.understanding when it loads, and
falls back to words alone otherwise, so answers still work without the model.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from steadyheart.content.articles import Article, load_articles
from steadyheart.knowledge.lexical import BM25

log = logging.getLogger("steadyheart.knowledge")

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
#: Below this hybrid score no article is a confident answer (chosen on tests/knowledge questions; see docs).
ANSWER_THRESHOLD = 0.45
LEXICAL_WEIGHT = 0.5
#: A keyword phrase (two words or more) of the article written out in the question is strong evidence.
KEYWORD_BONUS = 0.2


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    score: float
    lexical: float
    semantic: float


def _index_text(article: Article) -> str:
    head = " ".join([article.title, " ".join(article.keywords), article.summary])
    return f"{head} {head} {article.body}"


def _passages(article: Article) -> list[str]:
    paragraphs = [" ".join(p.split()) for p in article.body.split("\n\n") if len(p.split()) >= 8]
    return [f"{article.title}. {' '.join(article.keywords)}", article.summary, *paragraphs]


class Library:
    def __init__(self, articles: Sequence[Article], embed: Embed | None = None) -> None:
        self.articles = tuple(articles)
        self._bm25 = BM25([_index_text(a) for a in self.articles])
        self._embed = embed
        self._vectors: npt.NDArray[np.float32] | None = None
        self._owners: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        if embed is not None:
            # Each article is embedded as several passages (title, summary, paragraphs); the best one counts.
            passages = [(i, text) for i, a in enumerate(self.articles) for text in _passages(a)]
            self._owners = np.array([i for i, _ in passages], dtype=np.int64)
            self._vectors = embed([text for _, text in passages])

    def search(self, question: str, limit: int = 3) -> list[ArticleHit]:
        if not self.articles or not question.strip():
            return []
        raw = self._bm25.scores(question)
        lexical = [s / (s + 6.0) for s in raw]  # squash BM25 into 0-1
        lowered = question.lower()
        semantic = [0.0] * len(self.articles)
        if self._embed is not None and self._vectors is not None:
            similarity = self._vectors @ self._embed([question])[0]
            best = np.full(len(self.articles), -1.0, dtype=np.float32)
            np.maximum.at(best, self._owners, similarity)
            semantic = [float(v) for v in best]
        hits = []
        for i, article in enumerate(self.articles):
            bonus = KEYWORD_BONUS if any(k in lowered for k in article.keywords if " " in k or "-" in k) else 0.0
            if self._vectors is None:
                score = lexical[i] + bonus
            else:
                score = LEXICAL_WEIGHT * lexical[i] + (1 - LEXICAL_WEIGHT) * max(semantic[i], 0.0) + bonus
            hits.append(ArticleHit(article, round(score, 4), round(lexical[i], 4), round(semantic[i], 4)))
        hits.sort(key=lambda h: (-h.score, h.article.slug))
        return hits[:limit]

    def answer(self, question: str, threshold: float = ANSWER_THRESHOLD) -> ArticleHit | None:
        hits = self.search(question, limit=1)
        return hits[0] if hits and hits[0].score >= threshold else None

    def by_slug(self, slug: str) -> Article | None:
        return next((a for a in self.articles if a.slug == slug), None)


def _shared_embed() -> Embed | None:
    try:
        from steadyheart.understanding.embedder import get_embedder

        embedder = get_embedder()
        return embedder.embed
    except Exception as exc:  # the model missing must not take answers down with it
        log.warning("knowledge retrieval runs on words only", extra={"reason": type(exc).__name__})
        return None


@cache
def library() -> Library:
    return Library(load_articles(), _shared_embed())


def answer_question(text: str) -> ArticleHit | None:
    """The article that answers a question like "what is anxious attachment?", or None if none fits."""
    return library().answer(text)


def article_by_slug(slug: str) -> Article | None:
    """An article by its file name, without loading the embedding model."""
    return next((a for a in load_articles() if a.slug == slug), None)
