"""The embedded responder: composes a reply from the content library, offline and deterministic.

Each move of the plan becomes one phrasing from content/phrasings.yaml (or, for a guided flow, a prompt
from the flow file). The choice rotates with request.seed, skips any phrasing whose sentences were said
in the last replies (request.recent_sentences), and asks at most one question per reply. May import
steadyheart.content, steadyheart.dialogue.plan and steadyheart.responders.base.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from typing import Any

from steadyheart.content.flows import load_flows
from steadyheart.content.phrasings import SLOT, Phrasing, Phrasings, load_phrasings
from steadyheart.dialogue.plan import Move, MoveName
from steadyheart.responders.base import RenderRequest, normalise_sentence, split_sentences

#: Moves a reply cannot leave out even if every wording was said recently (the truth, a farewell, safety).
ESSENTIAL = {
    MoveName.ANSWER_IDENTITY, MoveName.GOODBYE, MoveName.CHECK_SAFETY, MoveName.CRISIS_RESOURCES,
    MoveName.ABUSE_CONCERN, MoveName.REMEMBER, MoveName.CONTINUE_FLOW, MoveName.ANSWER_QUESTION,
}


class EmbeddedResponder:
    """Turns a Plan into words from our own phrasings. Never fails, never needs a network."""

    name = "embedded"

    def __init__(self, phrasings: Phrasings | None = None) -> None:
        self._phrasings = phrasings or load_phrasings()

    def stream(self, request: RenderRequest) -> Iterator[str]:
        parts = self.compose(request)
        for index, part in enumerate(parts):
            yield part if index == 0 else " " + part

    def compose(self, request: RenderRequest) -> list[str]:
        said = set(request.recent_sentences)
        parts: list[str] = []
        asked = False
        for index, move in enumerate(request.plan.moves):
            wants_question = bool(move.params.get("ask")) and not asked
            text = self._render_move(move, wants_question, request, index, said)
            if not text:
                continue
            if "?" in text:
                if asked:
                    continue  # a second question would break the one-question rule
                asked = True
            parts.append(text)
            said.update(normalise_sentence(s) for s in split_sentences(text))
            said.update(_opening(s) for s in split_sentences(text))
        if not parts:
            parts.append(self._last_resort(request, said))
        return parts

    def _render_move(self, move: Move, wants_question: bool, request: RenderRequest, index: int,
                     said: set[str]) -> str | None:
        slots = _slot_values(move, request, self._phrasings)
        if move.name is MoveName.CONTINUE_FLOW:
            return self._render_flow(move, slots, request, index, said)
        candidates = self._candidates(move, wants_question)
        text = self._choose(candidates, slots, request.seed, f"{index}:{move.name.value}", said,
                            essential=move.name in ESSENTIAL)
        if move.name is MoveName.NAME_TRAP and wants_question:
            # A trap is named with the person's words first; the question about it follows.
            taken = said | {_opening(s) for s in split_sentences(text or "")}
            naming = self._choose(self._phrasings.group("name_trap", "say"), slots, request.seed,
                                  f"{index}:naming", taken, essential=False)
            text = f"{naming} {text}" if naming and text else text or naming
        return text

    def _candidates(self, move: Move, wants_question: bool) -> tuple[Phrasing, ...]:
        variant = move.params.get("variant")
        kinds = ("ask", "say") if wants_question else ("say",)
        for kind in kinds:
            if variant and self._phrasings.group(move.name.value, f"{kind}_{variant}"):
                return self._phrasings.group(move.name.value, f"{kind}_{variant}")
            if self._phrasings.group(move.name.value, kind):
                return self._phrasings.group(move.name.value, kind)
        return ()

    def _render_flow(self, move: Move, slots: dict[str, str], request: RenderRequest, index: int,
                     said: set[str]) -> str | None:
        flow = load_flows().get(str(move.params.get("flow")))
        if flow is None:
            return None
        node = flow.node(str(move.params.get("node")))
        prompts = tuple(Phrasing(p, frozenset(SLOT.findall(p))) for p in node.prompts)
        text = self._choose(prompts, slots, request.seed, f"{index}:{flow.id}:{node.id}", said, essential=True)
        if text and move.params.get("opening"):
            opening = self._choose(self._phrasings.group("continue_flow", "say"), slots, request.seed,
                                   f"{index}:opening", said, essential=False)
            text = f"{opening} {text}" if opening else text
        if text and node.timed:
            text += "\n" + "\n".join(t.say for t in node.timed)
        return text

    def _choose(self, candidates: Sequence[Phrasing], slots: dict[str, str], seed: int, salt: str,
                said: set[str], *, essential: bool) -> str | None:
        usable = [p for p in candidates if p.slots <= slots.keys()]
        if not usable:
            return None
        # Prefer the wordings that use most of what we know (the person's words, the feeling, the name).
        richest = max(len(p.slots) for p in usable)
        ordered = [p for p in usable if len(p.slots) == richest] + [p for p in usable if len(p.slots) < richest]
        top = sum(1 for p in usable if len(p.slots) == richest)
        start = zlib.crc32(f"{seed}:{salt}".encode()) % top
        rotation = ordered[start:top] + ordered[:start] + ordered[top:]
        for phrasing in rotation:
            text = phrasing.fill(slots)
            if not any(normalise_sentence(s) in said or _opening(s) in said for s in split_sentences(text)):
                return text
        return rotation[0].fill(slots) if essential else None

    def _last_resort(self, request: RenderRequest, said: set[str]) -> str:
        text = self._choose(self._phrasings.group("stay", "say"), {}, request.seed + 1, "fallback", said,
                            essential=True)
        return text or "I'm here."  # only if phrasings.yaml lost its stay wordings


def _opening(sentence: str) -> str:
    """A sentence's first two words, kept per reply: two sentences that open alike in one reply ("I'm sorry
    this is weighing on you ... I'm sorry it's weighing on you like this") read as a template."""
    return "opening:" + " ".join(normalise_sentence(sentence).split()[:2])


def _slot_values(move: Move, request: RenderRequest, phrasings: Phrasings) -> dict[str, str]:
    params: dict[str, Any] = move.params
    values: dict[str, str] = {}
    if request.name:
        values["name"] = request.name
    for key in ("echo", "feeling", "hard_feeling", "evidence", "flow_title", "flow_pitch", "title", "summary", "source",
                "remembered", "echo_question", "urge"):
        value = params.get(key)
        if isinstance(value, str) and value.strip():
            values[key] = value.strip()
    if "echo" in values:
        values["echo_cap"] = values["echo"][:1].upper() + values["echo"][1:]
    trap = phrasings.traps.get(str(params.get("trap", "")))
    if trap:
        values["trap_label"] = trap["label"]
        values["trap_plain"] = trap["plain"]
    fill = params.get("fill")
    if isinstance(fill, dict):
        values.update({str(k): str(v) for k, v in fill.items() if isinstance(v, str | int | float) and str(v).strip()})
    return values
