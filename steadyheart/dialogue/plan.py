"""A Plan is the clinical decision for one reply, as data: the moves, and why each was chosen.

The embedded responder composes text from it, the LLM responder is asked to phrase it, `/why` explains it,
and tests assert on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class MoveName(StrEnum):
    GREET = "greet"
    REFLECT = "reflect"
    VALIDATE = "validate"
    NAME_TRAP = "name_trap"
    ASK = "ask"
    ASK_BODY = "ask_body"
    OFFER_SKILL = "offer_skill"
    PSYCHOEDUCATE = "psychoeducate"
    STAY = "stay"
    CONTINUE_FLOW = "continue_flow"
    NOTICE_LOOP = "notice_loop"
    ENCOURAGE_CONNECTION = "encourage_connection"
    ANSWER_IDENTITY = "answer_identity"
    CHECK_SAFETY = "check_safety"
    CRISIS_RESOURCES = "crisis_resources"
    SAFETY_PLAN = "safety_plan"
    ABUSE_CONCERN = "abuse_concern"
    GOODBYE = "goodbye"
    #: says plainly what was just remembered or forgotten (nothing is remembered silently)
    REMEMBER = "remember"
    #: answers a question about feelings or relationships from the article library, citing it
    ANSWER_QUESTION = "answer_question"


@dataclass(frozen=True)
class Move:
    name: MoveName
    because: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name.value, "because": self.because, "params": self.params}


@dataclass(frozen=True)
class Plan:
    moves: tuple[Move, ...]
    flow: str | None = None       # the guided flow this turn belongs to, if any
    flow_node: str | None = None

    @property
    def move_names(self) -> list[str]:
        return [m.name.value for m in self.moves]

    def to_dict(self) -> dict[str, Any]:
        return {"moves": [m.to_dict() for m in self.moves], "flow": self.flow, "flow_node": self.flow_node}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        moves = tuple(
            Move(MoveName(m["name"]), m.get("because", ""), m.get("params", {})) for m in data.get("moves", [])
        )
        return cls(moves=moves, flow=data.get("flow"), flow_node=data.get("flow_node"))
