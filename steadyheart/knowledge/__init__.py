"""Retrieval over the psychoeducation library (lexical BM25 + sentence embeddings).

Owns search and answering; the articles themselves live in steadyheart/content/articles. May import
steadyheart.content, numpy and (lazily) the shared embedder in steadyheart.understanding.
"""

from __future__ import annotations

from steadyheart.knowledge.retrieval import ArticleHit, Library, answer_question, article_by_slug, library

__all__ = ["ArticleHit", "Library", "answer_question", "article_by_slug", "library"]
