"""The dialogue's memory of this conversation, as plain JSON the lead stores in conversations.state.

Counts and turn numbers only, plus the open flow's answers; nothing here outlives the conversation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATE_VERSION = 1
#: "Are we okay?" asks older than this many turns no longer count towards the loop.
LOOP_WINDOW_TURNS = 12


@dataclass
class DialogueState:
    turn: int = 0
    flow: dict[str, Any] | None = None
    offer: str | None = None
    reassurance_asks: int = 0
    last_reassurance_turn: int = -100
    loops_noticed: int = 0
    traps_named: dict[str, int] = field(default_factory=dict)
    trap_angle: int = 0
    body_asked_turn: int = -100
    offered: dict[str, int] = field(default_factory=dict)
    articles_shared: dict[str, int] = field(default_factory=dict)
    memory_prompt_turn: int = -100
    validated_turn: int = -100
    flows_done: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DialogueState:
        if not data or data.get("v") != STATE_VERSION:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        return {"v": STATE_VERSION, **asdict(self)}

    def recently(self, turn_seen: int | None, within: int) -> bool:
        return turn_seen is not None and self.turn - turn_seen < within
