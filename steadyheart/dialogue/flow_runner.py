"""Walk a guided flow one answer at a time. The flow's position lives in the dialogue state (plain JSON).

A node's prompt is shown; the person's next message answers it: the answer is captured (plus anything
the node derives from it), the first transition whose condition holds is followed, and the node reached
gives the next prompt. Reaching a node without transitions ends the flow (and may emit a record, e.g.
a check-in for the journal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from steadyheart.content.flows import Flow, FlowNode
from steadyheart.dialogue.answers import condition_holds, parse_number
from steadyheart.dialogue.flow_checks import DERIVERS

MAX_ANSWER_CHARS = 240


@dataclass(frozen=True)
class Step:
    state: dict[str, Any] | None  # None once the flow has ended
    node: FlowNode
    answers: dict[str, Any]
    record: dict[str, Any] | None = None


def start(flow: Flow) -> Step:
    node = flow.node(flow.start)
    return Step({"id": flow.id, "node": node.id, "answers": {}, "steps": 0}, node, {})


def advance(flow: Flow, state: dict[str, Any], answer: str) -> Step:
    """Capture the answer to the current node and move along the first transition that holds."""
    current = flow.node(str(state["node"]))
    answers: dict[str, Any] = dict(state.get("answers", {}))
    clean = " ".join(answer.split())[:MAX_ANSWER_CHARS]
    if current.capture:
        answers[current.capture] = clean
        number = parse_number(clean)
        if number is not None:
            answers[f"{current.capture}_rating"] = number
    for name in current.derive:
        answers.update(DERIVERS[name](clean, answers, flow))
    target = next((t.to for t in current.transitions if condition_holds(t.when, clean, answers)), None)
    node = flow.node(target) if target else current
    if node.is_end:
        record = {"kind": node.record, "flow": flow.id, **answers} if node.record else None
        return Step(None, node, answers, record)
    steps = int(state.get("steps", 0)) + 1
    return Step({"id": flow.id, "node": node.id, "answers": answers, "steps": steps}, node, answers)


def fill_values(answers: dict[str, Any]) -> dict[str, str]:
    """Answers a prompt may quote back ({thought}, {urge} ...), trimmed and without straight quote marks
    (prompts wrap answers in them; derived values use curly quotes, which stay)."""
    values = {key: str(value).replace('"', "").strip().rstrip(".!") for key, value in answers.items()}
    return {key: value for key, value in values.items() if value}
