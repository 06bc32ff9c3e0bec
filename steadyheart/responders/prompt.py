"""Prompt assembly for the LLM responder: the project's rules, the plan, the analysis in brief, notes, turns.

The system message holds only text the project controls: the rules (prompts/system.md), one instruction
per move of the plan (prompts/moves.yaml), labels from the analysis (never the person's words, so evidence
spans stay out), and content snippets from our own library. Everything the person wrote, now or in recent
turns, goes in `user` messages, with chat-template control tokens defused, so "ignore your instructions"
or a fake "system:" line is just more text to answer. Imports responders.base, dialogue.plan, privacy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from steadyheart.dialogue.plan import Move, MoveName, Plan
from steadyheart.errors import ContentError, ResponderError
from steadyheart.privacy.redaction import Redaction
from steadyheart.responders.base import RenderRequest
from steadyheart.understanding.analysis import Analysis

#: How many earlier lines (person and companion) go with the request.
RECENT_LINES = 6
MAX_SNIPPETS = 4
MAX_SNIPPET_CHARS = 600

_LABEL = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")  # identifiers only: no room for sentences
_CONTROL_TOKENS = re.compile(
    r"<\|[^|<>]{0,40}\|>|</?s>|\[/?INST\]|<</?SYS>>|<(?:start|end)_of_turn>|<\|?(?:im_start|im_end|eot_id)\|?>",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MoveGuide:
    say: str | None
    llm: bool = True
    question: bool = False
    requires: str | None = None
    #: What a move means in a particular case (the plan's `variant`): "they thanked you", "they asked you to track
    #: their partner". Without it the model sees only the bare label.
    variants: dict[str, str] | None = None


@dataclass(frozen=True)
class PromptContent:
    system: str
    moves: dict[MoveName, MoveGuide]


@dataclass(frozen=True)
class Requirements:
    """What a reply to this plan must contain: checked on the finished reply."""

    question: bool
    ai_identity: bool


@cache
def load_prompt_content() -> PromptContent:
    """Load and validate prompts/system.md and prompts/moves.yaml; a bad file raises ContentError."""
    folder = resources.files("steadyheart.responders") / "prompts"
    try:
        system = (folder / "system.md").read_text(encoding="utf-8").strip()
        raw = yaml.safe_load((folder / "moves.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"The LLM prompt files cannot be read ({type(exc).__name__}).") from exc
    if len(system) < 200:
        raise ContentError("prompts/system.md is missing or too short to hold the rules.")
    if not isinstance(raw, dict):
        raise ContentError("prompts/moves.yaml must map move names to instructions.")
    return PromptContent(system, {_move_name(key): _guide(key, value) for key, value in raw.items()})


def _move_name(key: object) -> MoveName:
    try:
        return MoveName(str(key))
    except ValueError:
        raise ContentError(f"prompts/moves.yaml: '{key}' is not a move the planner knows.") from None


def _guide(key: object, value: object) -> MoveGuide:
    if not isinstance(value, dict) or set(value) - {"say", "llm", "question", "requires", "variants"}:
        raise ContentError(f"prompts/moves.yaml: '{key}' needs 'say' (and optionally llm, question, requires, "
                           "variants).")
    variants = value.get("variants")
    if variants is not None and not (isinstance(variants, dict) and all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in variants.items())):
        raise ContentError(f"prompts/moves.yaml: '{key}' variants must map a variant name to an instruction.")
    guide = MoveGuide(value.get("say"), bool(value.get("llm", True)), bool(value.get("question", False)),
                      value.get("requires"), variants)
    if guide.llm and not (isinstance(guide.say, str) and guide.say.strip()):
        raise ContentError(f"prompts/moves.yaml: '{key}' has no instruction under 'say'.")
    if guide.requires not in (None, "ai_identity"):
        raise ContentError(f"prompts/moves.yaml: '{key}' requires unknown '{guide.requires}'.")
    return guide


def requirements(plan: Plan) -> Requirements:
    guides = load_prompt_content().moves
    chosen = [guides[m.name] for m in plan.moves if m.name in guides]
    return Requirements(question=any(g.question for g in chosen),
                        ai_identity=any(g.requires == "ai_identity" for g in chosen))


def build_messages(request: RenderRequest, redaction: Redaction | None = None) -> list[dict[str, str]]:
    """The chat messages for one turn. Raises ResponderError for a plan the LLM must not phrase."""
    content = load_prompt_content()
    system = "\n\n".join(part for part in (
        content.system,
        _plan_section(request.plan, content),
        _analysis_section(request.analysis),
        _notes_section(request.snippets),
    ) if part)
    messages = [{"role": "system", "content": system}]
    names = [request.name] if request.name else []
    for line in list(request.recent)[-RECENT_LINES:]:
        role = "assistant" if line.role == "assistant" else "user"
        messages.append({"role": role, "content": _person_text(line.text, redaction, names)})
    messages.append({"role": "user", "content": _person_text(request.user_text, redaction, names)})
    return messages


def defuse_control_tokens(text: str) -> str:
    """Chat-template markers typed by a person (<|im_start|>system ...) become harmless plain text."""
    return _CONTROL_TOKENS.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›").replace("[", "("), text)


def _person_text(text: str, redaction: Redaction | None, names: list[str]) -> str:
    text = defuse_control_tokens(text)
    return redaction.redact(text, names) if redaction is not None else text


def _plan_section(plan: Plan, content: PromptContent) -> str:
    if not plan.moves:
        raise ResponderError("The plan has no moves to phrase.", reason="empty_plan")
    lines = ["The plan for this reply, in order:"]
    for number, move in enumerate(plan.moves, 1):
        guide = content.moves.get(move.name)
        if guide is None:
            raise ResponderError(f"The LLM has no instruction for the move {move.name.value}.", reason="unsupported_move")
        if not guide.llm:
            raise ResponderError("Safety moves are answered in the app's own words.", reason="safety_move")
        variant = move.params.get("variant")
        special = (guide.variants or {}).get(variant) if isinstance(variant, str) else None
        lines.append(f"{number}. {guide.say}{' ' + special if special else ''}{_details(move)}")
    return "\n".join(lines)


def _details(move: Move) -> str:
    """Only label-like parameters (skill names, trap names) go in: free text could carry the person's words."""
    details = [f"{key.replace('_', ' ')}: {_label_text(value)}" for key, value in sorted(move.params.items())
               if _is_label(key) and _is_label(value)]
    return f" ({'; '.join(details)})" if details else ""


def _analysis_section(analysis: Analysis) -> str:
    lines = []
    feelings = [e for e in sorted(analysis.emotions, key=lambda e: -e.score) if e.score >= 0.3 and _is_label(e.name)][:3]
    if feelings:
        lines.append("- feelings: " + ", ".join(f"{_label_text(e.name)} ({_strength(e.score)})" for e in feelings))
    groups: list[tuple[str, list[Any]]] = [
        ("body signals", [b.name for b in analysis.body if b.score >= 0.3]),
        ("thinking traps", [t.name for t in analysis.traps]),
        ("triggers", [t.name for t in analysis.triggers if t.score >= 0.3]),
        ("urges", [f"{u.name} ({u.status.value})" for u in analysis.urges]),
        ("topics", list(analysis.topics)),
    ]
    for title, names in groups:
        safe = [_label_text(n) for n in names if _is_label(n.split(" (")[0])]
        if safe:
            lines.append(f"- {title}: " + ", ".join(safe[:4]))
    if analysis.intensity > 0:
        lines.append(f"- how strong it feels: {_strength(analysis.intensity)}")
    if not lines:
        return ""
    return "What the app noticed (to understand them; do not repeat these labels):\n" + "\n".join(lines)


def _notes_section(snippets: Any) -> str:
    notes = [" ".join(str(s).split())[:MAX_SNIPPET_CHARS] for s in list(snippets or ())[:MAX_SNIPPETS] if str(s).strip()]
    if not notes:
        return ""
    return "Notes from the app's library you may draw on:\n" + "\n".join(f"- {note}" for note in notes)


def _is_label(value: object) -> bool:
    return isinstance(value, str) and _LABEL.fullmatch(value.lower()) is not None and value == value.strip()


def _label_text(value: str) -> str:
    return value.replace("_", " ").strip()


def _strength(score: float) -> str:
    return "strong" if score >= 0.7 else "moderate" if score >= 0.4 else "mild"
