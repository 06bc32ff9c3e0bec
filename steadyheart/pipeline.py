"""The turn pipeline, the heart of Steadyheart, in one place.

    message ─▶ safety.triage ──claims the turn──▶ deterministic crisis flow (never an LLM)
                  │ ok
                  ▼
            understanding.analyze (the same embedding triage used)
                  ▼
            dialogue.plan_turn ─▶ responder.stream ─▶ safety.guard ─▶ TurnOutcome (the Companion stores it)

Triage runs first and the guard last on every turn; neither can be configured away. If a responder
fails, times out or is blocked by the guard, the embedded responder answers: nobody is left without a
reply. This module does no I/O of its own: the Companion loads state before and saves after.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from steadyheart.dialogue import plan_turn, yield_to_safety
from steadyheart.dialogue.plan import Plan
from steadyheart.errors import ResponderError
from steadyheart.responders.base import (
    ExchangeLine,
    RenderRequest,
    Responder,
    normalise_sentence,
    render,
    split_sentences,
)
from steadyheart.responders.embedded import EmbeddedResponder
from steadyheart.safety import disclosure_text, guard, handle_safety, is_identity_question, triage
from steadyheart.safety.tiers import Triage
from steadyheart.understanding import analyze, embed_one
from steadyheart.understanding.analysis import Analysis

log = logging.getLogger("steadyheart.pipeline")

#: the conversation-state key a questionnaire in chat keeps its place under (steadyheart.measures.chat)
QUESTIONNAIRE_STATE = "questionnaire"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class TurnInput:
    text: str
    history: Sequence[ExchangeLine] = ()
    state: dict[str, Any] = field(default_factory=dict)
    memory: dict[str, str] = field(default_factory=dict)
    name: str | None = None
    country: str | None = None
    seed: int = 0


@dataclass(frozen=True)
class SideTurn:
    """A turn answered by a stateful side flow (a questionnaire in chat) instead of the planner."""

    text: str
    plan: Plan
    #: a risk signal the side flow raised (PHQ-9 item 9 above 0): the crisis flow follows at once
    triage: Triage | None = None
    #: with a risk signal: the words that lead into the crisis flow (which asks the safety question itself)
    lead: str = ""


#: Given the message and the conversation state (changed in place), answer the turn or return None.
SideFlow = Callable[[str, dict[str, Any]], SideTurn | None]


@dataclass(frozen=True)
class TurnOutcome:
    text: str
    triage: Triage
    analysis: Analysis
    plan: Plan
    state: dict[str, Any]
    responder: str
    resources_shown: bool = False
    memory_updates: dict[str, str | None] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    fallback_reason: str | None = None
    #: True when chunks already emitted were withdrawn (a guard block mid-stream): show `text` instead
    replaced_stream: bool = False


def run_turn(turn: TurnInput, responder: Responder | None = None) -> TurnOutcome:
    """Run one turn to the end and return its outcome (the chunks are not needed)."""
    stream = stream_turn(turn, responder)
    while True:
        try:
            next(stream)
        except StopIteration as done:
            outcome: TurnOutcome = done.value
            return outcome


def stream_turn(turn: TurnInput, responder: Responder | None = None,
                side_flow: SideFlow | None = None) -> Generator[str, None, TurnOutcome]:
    """Yield the reply's chunks as they pass the guard; return the TurnOutcome."""
    embedding = embed_one(turn.text)
    earlier = [line.text for line in turn.history if line.role == "user"]
    risk = triage(turn.text, earlier, embedding)
    state = dict(turn.state)

    safety_turn = handle_safety(turn.text, risk, dict(state.get("safety", {})), turn.country)
    if safety_turn is None and side_flow is not None:
        side = side_flow(turn.text, state)
        if side is not None and side.triage is not None and side.triage.tier.is_crisis:
            risk = side.triage
            safety_turn = handle_safety(turn.text, risk, dict(state.get("safety", {})), turn.country)
            if safety_turn is not None:
                safety_turn = replace(safety_turn, text=f"{side.lead}\n\n{safety_turn.text}".strip())
        if side is not None and safety_turn is None:  # an ordinary step (or a signal safety declined)
            text = guard(side.text, turn.text, risk.tier).text
            yield text
            return TurnOutcome(text, risk, Analysis(), side.plan, state, "questionnaire")
    if safety_turn is not None:
        if is_identity_question(turn.text):  # the truth is owed whenever asked, crisis or not
            safety_turn = replace(safety_turn, text=f"{disclosure_text()}\n\n{safety_turn.text}")
        state["safety"] = safety_turn.state
        state["dialogue"] = yield_to_safety(dict(state.get("dialogue", {})))
        state.pop(QUESTIONNAIRE_STATE, None)  # paused; it resumes when asked for again
        yield safety_turn.text
        return TurnOutcome(safety_turn.text, risk, Analysis(), safety_turn.plan, state, "safety",
                           resources_shown=safety_turn.resources_shown)

    analysis = analyze(turn.text, earlier, embedding)
    planned = plan_turn(turn.text, analysis, dict(state.get("dialogue", {})), turn.memory)
    state["dialogue"] = planned.state
    request = RenderRequest(
        plan=planned.plan, user_text=turn.text, analysis=analysis, recent=turn.history,
        recent_sentences=recent_sentences(turn.history), name=turn.name, country=turn.country, seed=turn.seed,
    )
    text, used, fallback, replaced = yield from _respond(request, responder, risk)
    return TurnOutcome(text, risk, analysis, planned.plan, state, used, memory_updates=planned.memory_updates,
                       records=planned.records, fallback_reason=fallback, replaced_stream=replaced)


def _respond(request: RenderRequest, responder: Responder | None,
             risk: Triage) -> Generator[str, None, tuple[str, str, str | None, bool]]:
    """Phrase the plan with the chosen responder; fall back to the embedded one on any failure."""
    embedded = EmbeddedResponder()
    shown: list[str] = []
    reason: str | None = None
    if responder is not None and responder.name != embedded.name:
        try:
            text = yield from _guarded_stream(responder, request, risk, shown)
            return text, responder.name, None, False
        except ResponderError as exc:
            reason = exc.reason
            log.warning("responder %s fell back to embedded: reason=%s", responder.name, reason,
                        extra={"reason": reason, "responder": responder.name})
    text = guard(render(embedded, request), request.user_text, risk.tier).text
    yield text
    return text, embedded.name, reason, bool(shown)


def _guarded_stream(responder: Responder, request: RenderRequest, risk: Triage,
                    shown_chunks: list[str]) -> Generator[str, None, str]:
    """Stream sentence by sentence, each shown only after the guard has passed the reply so far."""
    shown, pending = "", ""
    for chunk in responder.stream(request):
        pending += chunk
        parts = _SENTENCE_END.split(pending)
        complete, pending = parts[:-1], parts[-1]
        for sentence in complete:
            candidate = f"{shown} {sentence}".strip()
            _check(candidate, request, risk)
            out = sentence if not shown else " " + sentence
            shown_chunks.append(out)
            yield out
            shown = candidate
    final = f"{shown} {pending}".strip()
    if not final:
        raise ResponderError("The model sent an empty reply.", reason="empty")
    _check(final, request, risk)
    if pending.strip():
        yield (" " if shown else "") + pending.strip()
    return final


def _check(text: str, request: RenderRequest, risk: Triage) -> None:
    verdict = guard(text, request.user_text, risk.tier)
    if verdict.blocked:
        raise ResponderError("The guard blocked the model's reply.", reason=f"guard:{verdict.blocked}")


def recent_sentences(history: Sequence[ExchangeLine], replies: int = 10) -> frozenset[str]:
    """Every sentence of the last `replies` replies, normalised, so no responder says one again."""
    said = [line.text for line in history if line.role == "assistant"][-replies:]
    return frozenset(normalise_sentence(s) for text in said for s in split_sentences(text))
