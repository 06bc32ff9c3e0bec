"""The one small interface every responder implements: turn a Plan into words, as a stream of chunks."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from steadyheart.dialogue.plan import Plan
from steadyheart.understanding.analysis import Analysis


@dataclass(frozen=True)
class ExchangeLine:
    role: str  # "user" or "assistant"
    text: str


@dataclass(frozen=True)
class RenderRequest:
    plan: Plan
    user_text: str
    analysis: Analysis
    recent: Sequence[ExchangeLine] = ()
    #: sentences said in the last 10 replies, normalised with normalise_sentence(); never say one again
    recent_sentences: frozenset[str] = frozenset()
    name: str | None = None
    country: str | None = None
    #: a seed so the same conversation picks phrasings reproducibly
    seed: int = 0
    snippets: Sequence[str] = field(default_factory=tuple)


@runtime_checkable
class Responder(Protocol):
    name: str

    def stream(self, request: RenderRequest) -> Iterator[str]:
        """Yield the reply in chunks. Raise ResponderError when it cannot answer."""
        ...


def render(responder: Responder, request: RenderRequest) -> str:
    return "".join(responder.stream(request))


def split_sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", text)) if s]


def normalise_sentence(sentence: str) -> str:
    """Lower-case with white space folded: the form recent_sentences holds."""
    return re.sub(r"\s+", " ", sentence.strip().lower())
