"""Load and check guided flows: YAML graphs of nodes (prompts) and transitions (conditions on the answer).

A flow file names its start node; each node has prompts (several wordings), may capture the answer under a
name, and leads on through transitions. Conditions are: always, yes, no, number, number>=N, number<N and
contains:word|word. A node without transitions ends the flow. Nodes may carry timed prompts (seconds
from the start of the node), used by the breathing exercise.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from steadyheart.errors import ContentError

FLOWS_DIR = Path(__file__).parent / "flows"
CONDITION = re.compile(r"^(always|yes|no|number|number>=\d+|number<\d+|has:[a-z_]+|contains:[^|]+(\|[^|]+)*)$")
SLOT = re.compile(r"\{([a-z_]+)\}")
#: Values a node can derive from an answer (computed in steadyheart.dialogue.flow_checks), and the slots
#: each derivation always fills; the others (e.g. "accusing") appear only when something was found.
DERIVES: dict[str, frozenset[str]] = {
    "duration": frozenset(),
    "accusing": frozenset(),
    "balance": frozenset({"balance"}),
}


@dataclass(frozen=True)
class Transition:
    to: str
    when: str = "always"


@dataclass(frozen=True)
class TimedPrompt:
    at: float
    say: str


@dataclass(frozen=True)
class FlowNode:
    id: str
    prompts: tuple[str, ...]
    capture: str | None = None
    transitions: tuple[Transition, ...] = ()
    timed: tuple[TimedPrompt, ...] = ()
    #: record kind emitted when the flow ends here (e.g. "checkin" for the journal)
    record: str | None = None
    derive: tuple[str, ...] = ()
    #: "safety" when reaching this node hands the conversation to the safety response
    handover: str | None = None
    #: The answer is quoted back or saved ("the urge", "what you'll do meanwhile"): a bare "ok" is asked
    #: again, once, in the node's other words, instead of being saved as the answer.
    wants_words: bool = False

    @property
    def is_end(self) -> bool:
        return not self.transitions

    @property
    def asks_for_rating(self) -> bool:
        """Whether the node asks for a 0-10 rating (its prompts say so in words the person reads)."""
        return any("0 to 10" in prompt for prompt in self.prompts)


@dataclass(frozen=True)
class Flow:
    id: str
    title: str
    pitch: str
    start: str
    nodes: dict[str, FlowNode]
    starts_on: tuple[str, ...] = ()
    #: answers shown again at every node (the thought record keeps the original thought in view)
    keep_visible: tuple[str, ...] = field(default_factory=tuple)
    #: fixed texts a derivation may use (e.g. the balanced summary of "is it me or the relationship")
    texts: dict[str, str] = field(default_factory=dict)

    def node(self, node_id: str) -> FlowNode:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise ContentError(f"The flow {self.id} has no node '{node_id}'.") from None

    def transitions(self) -> list[tuple[str, str, str]]:
        """Every edge as (from, to, condition), for listing and walking in tests."""
        return [(n.id, t.to, t.when) for n in self.nodes.values() for t in n.transitions]

    def reachable(self) -> set[str]:
        seen, queue = {self.start}, deque([self.start])
        while queue:
            for edge in self.nodes[queue.popleft()].transitions:
                if edge.to not in seen:
                    seen.add(edge.to)
                    queue.append(edge.to)
        return seen


def parse_flow(data: Any, source: str) -> Flow:
    if not isinstance(data, dict):
        raise ContentError(f"The flow file {source} must be a mapping.")
    for key in ("id", "title", "pitch", "start", "nodes"):
        if not data.get(key):
            raise ContentError(f"The flow file {source} is missing '{key}'.")
    if "?" in data["pitch"]:
        raise ContentError(f"The pitch in {source} must not ask a question.")
    raw_nodes = data["nodes"]
    if not isinstance(raw_nodes, dict):
        raise ContentError(f"The nodes in {source} must be a mapping of node ids.")
    nodes = {node_id: _parse_node(node_id, raw, source) for node_id, raw in raw_nodes.items()}
    flow = Flow(
        id=str(data["id"]), title=str(data["title"]), pitch=" ".join(str(data["pitch"]).split()),
        start=str(data["start"]), nodes=nodes,
        starts_on=tuple(str(s).lower() for s in data.get("starts_on", [])),
        keep_visible=tuple(str(s) for s in data.get("keep_visible", [])),
        texts={str(k): " ".join(str(v).split()) for k, v in (data.get("texts") or {}).items()},
    )
    _check_graph(flow, source)
    return flow


def _parse_node(node_id: str, raw: Any, source: str) -> FlowNode:
    if not isinstance(raw, dict):
        raise ContentError(f"Node '{node_id}' in {source} must be a mapping.")
    prompts = raw.get("prompts")
    if not isinstance(prompts, list) or len(prompts) < 2 or not all(isinstance(p, str) for p in prompts):
        raise ContentError(f"Node '{node_id}' in {source} needs at least two prompts, as text.")
    for prompt in prompts:
        if prompt.count("?") > 1:
            raise ContentError(f"A prompt of node '{node_id}' in {source} asks more than one question.")
    edges: list[Transition] = []
    if "next" in raw:
        edges.append(Transition(str(raw["next"])))
    for item in raw.get("transitions", []):
        when = str(item.get("when", "always"))
        if not CONDITION.match(when):
            raise ContentError(f"Node '{node_id}' in {source} has an unknown condition '{when}'.")
        edges.append(Transition(str(item["to"]), when))
    timed = tuple(TimedPrompt(float(t["at"]), str(t["say"])) for t in raw.get("timed", []))
    derive = tuple(str(d) for d in raw.get("derive", []))
    unknown = [d for d in derive if d not in DERIVES]
    if unknown:
        raise ContentError(f"Node '{node_id}' in {source} derives unknown values: {', '.join(unknown)}.")
    if raw.get("wants_words") and not raw.get("capture"):
        raise ContentError(f"Node '{node_id}' in {source} wants words but captures no answer.")
    if [t.at for t in timed] != sorted(t.at for t in timed):
        raise ContentError(f"The timed prompts of node '{node_id}' in {source} must be in time order.")
    return FlowNode(
        id=node_id, prompts=tuple(" ".join(p.split()) for p in prompts), capture=raw.get("capture"),
        transitions=tuple(edges), timed=timed, record=raw.get("record"), derive=derive,
        handover=raw.get("handover"), wants_words=bool(raw.get("wants_words", False)),
    )


def _check_graph(flow: Flow, source: str) -> None:
    if flow.start not in flow.nodes:
        raise ContentError(f"The start node '{flow.start}' of {source} does not exist.")
    for origin, target, _ in flow.transitions():
        if target not in flow.nodes:
            raise ContentError(f"Node '{origin}' in {source} leads to a missing node '{target}'.")
    unreachable = set(flow.nodes) - flow.reachable()
    if unreachable:
        raise ContentError(f"The flow {source} has nodes nobody can reach: {', '.join(sorted(unreachable))}.")
    for node in flow.nodes.values():
        if node.transitions and all(t.when != "always" for t in node.transitions):
            raise ContentError(f"Node '{node.id}' in {source} needs a last transition with 'when: always'.")
    if not any(node.is_end for node in flow.nodes.values()):
        raise ContentError(f"The flow {source} never ends.")
    _check_slots(flow, source)


def guaranteed_slots(flow: Flow) -> dict[str, frozenset[str]]:
    """For each node, the answers captured on every path from the start (so its prompts can quote them)."""
    everything = frozenset(
        {n.capture for n in flow.nodes.values() if n.capture}
        | {slot for n in flow.nodes.values() for d in n.derive for slot in DERIVES[d]}
    )
    known = {node_id: everything for node_id in flow.nodes}
    known[flow.start] = frozenset()
    changed = True
    while changed:
        changed = False
        for node_id in flow.nodes:
            if node_id == flow.start:
                continue
            incoming = [
                known[origin] | _outputs(flow.nodes[origin]) | ({when[4:]} if when.startswith("has:") else set())
                for origin, target, when in flow.transitions() if target == node_id
            ]
            value = frozenset.intersection(*incoming) if incoming else frozenset()
            if value != known[node_id]:
                known[node_id], changed = value, True
    return known


def _outputs(node: FlowNode) -> frozenset[str]:
    derived = {slot for d in node.derive for slot in DERIVES[d]}
    return frozenset(({node.capture} if node.capture else set()) | derived)


def _check_slots(flow: Flow, source: str) -> None:
    known = guaranteed_slots(flow)
    for node in flow.nodes.values():
        safe = known[node.id] | {"name"}
        if not any(set(SLOT.findall(p)) <= safe for p in node.prompts):
            raise ContentError(f"Node '{node.id}' in {source} needs a prompt that only quotes answers always given by then.")
        for key in flow.keep_visible:
            if key in known[node.id] and not all(f"{{{key}}}" in p for p in node.prompts):
                raise ContentError(f"Every prompt of node '{node.id}' in {source} must keep {{{key}}} in view.")


@cache
def load_flows(directory: Path = FLOWS_DIR) -> dict[str, Flow]:
    flows: dict[str, Flow] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ContentError(f"The flow file {path.name} could not be read: {exc}") from exc
        flow = parse_flow(data, path.name)
        if flow.id != path.stem:
            raise ContentError(f"The flow in {path.name} has id '{flow.id}'; it must match the file name.")
        flows[flow.id] = flow
    return flows
