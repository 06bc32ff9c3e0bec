"""Dialogue: the planner, conversation state, guided-flow walking and what the person asked us to remember.

Owns the clinical decision of each reply (a Plan, as data). May import steadyheart.content,
steadyheart.knowledge, steadyheart.understanding.analysis, steadyheart.store (memory repository only) and
steadyheart.safety.guard (to avoid echoing words the reply guard would block).
"""

from __future__ import annotations

from steadyheart.dialogue.plan import Move, MoveName, Plan
from steadyheart.dialogue.planner import PlanOutcome, plan_turn, yield_to_safety

__all__ = ["Move", "MoveName", "Plan", "PlanOutcome", "plan_turn", "yield_to_safety"]
