"""`/why`: what the companion noticed in a message and why it answered as it did, in plain words."""

from __future__ import annotations

from typing import Any

from steadyheart.dialogue.plan import Plan
from steadyheart.understanding.analysis import Analysis

_MOVE_WORDS = {
    "reflect": "reflected back what you said",
    "validate": "said that the feeling makes sense",
    "name_trap": "pointed gently at a thinking trap",
    "ask": "asked one question",
    "ask_body": "asked about your body",
    "offer_skill": "offered a skill to try",
    "psychoeducate": "shared a short piece of background",
    "stay": "stayed with you without pushing",
    "continue_flow": "continued the exercise we were doing",
    "notice_loop": "pointed out the reassurance loop",
    "encourage_connection": "encouraged connection with people in your life",
    "answer_identity": "told you plainly what I am",
    "check_safety": "asked whether you are safe",
    "crisis_resources": "showed crisis resources",
    "safety_plan": "offered your safety plan",
    "abuse_concern": "named a safety concern about your partner",
    "goodbye": "said goodbye",
    "greet": "said hello",
}


def explain(analysis: Analysis, plan: Plan, tier: str, triage_evidence: list[str] | None = None) -> str:
    lines = ["What I noticed:"]
    if tier != "none":
        evidence = f" (because of: {', '.join(triage_evidence)})" if triage_evidence else ""
        lines.append(f"  - safety check: {tier}{evidence}")
    # "neutral" is the classifier's word for "no emotion stood out", not a feeling to show a person.
    feelings = sorted((e for e in analysis.emotions if e.name != "neutral"), key=lambda e: -e.score)[:3]
    if feelings:
        lines.append("  - feelings: " + ", ".join(f"{e.name} ({e.score:.0%})" for e in feelings))
    if analysis.body:
        lines.append("  - in the body: " + ", ".join(b.name.replace("_", " ") for b in analysis.body))
    for trap in analysis.traps:
        lines.append(f"  - thinking trap, {trap.name.replace('_', ' ')}: \"{trap.evidence}\": {trap.why}")
    if analysis.triggers:
        lines.append("  - what may have set it off: " + ", ".join(t.name.replace("_", " ") for t in analysis.triggers))
    for urge in analysis.urges:
        lines.append(f"  - {urge.name.replace('_', ' ')}: {urge.status.value}")
    if analysis.intensity:
        lines.append(f"  - how strong it sounded: {analysis.intensity:.0%}")
    if len(lines) == 1:
        lines.append("  - nothing in particular stood out")
    lines.append("What I did and why:")
    for move in plan.moves:
        words = _MOVE_WORDS.get(move.name.value, move.name.value.replace("_", " "))
        lines.append(f"  - {words}" + (f": {move.because}" if move.because else ""))
    return "\n".join(lines)


def explain_record(analysis: dict[str, Any], plan: dict[str, Any], tier: str, triage: dict[str, Any]) -> str:
    """The same, from a stored turn (so /why works after a restart)."""
    return explain(Analysis.from_dict(analysis), Plan.from_dict(plan), tier, list(triage.get("evidence", [])))
