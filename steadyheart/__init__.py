"""Steadyheart: a private, local-first AI companion for relationship insecurity. Not a person, not therapy.

    from steadyheart import Companion
    companion = Companion.open()            # $STEADYHEART_HOME or the user data directory
    reply = companion.reply("He hasn't texted back in hours and I'm spiralling")
    reply.text, reply.tier, reply.plan, reply.analysis

The public names load lazily so the command line starts fast.
"""

from __future__ import annotations

import os
from importlib import import_module

# Our matrix products are small (one message against a few thousand vectors): OpenBLAS worker threads
# only add hand-offs, which on a busy 2-core machine doubled a reply's CPU (benchmarks/bench_turn_cpu.py
# --blas-threads 2). This must be set before numpy loads OpenBLAS, hence here; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
from typing import TYPE_CHECKING, Any

__all__ = [
    "Analysis",
    "Companion",
    "ContentError",
    "InputError",
    "Plan",
    "Reply",
    "ResponderError",
    "SteadyheartError",
    "StorageError",
    "Tier",
    "Triage",
]

_WHERE = {
    "Companion": "steadyheart.companion",
    "Reply": "steadyheart.companion",
    "Analysis": "steadyheart.understanding.analysis",
    "Plan": "steadyheart.dialogue.plan",
    "Tier": "steadyheart.safety.tiers",
    "Triage": "steadyheart.safety.tiers",
    "SteadyheartError": "steadyheart.errors",
    "InputError": "steadyheart.errors",
    "StorageError": "steadyheart.errors",
    "ContentError": "steadyheart.errors",
    "ResponderError": "steadyheart.errors",
}

if TYPE_CHECKING:
    from steadyheart.companion import Companion, Reply
    from steadyheart.dialogue.plan import Plan
    from steadyheart.errors import ContentError, InputError, ResponderError, SteadyheartError, StorageError
    from steadyheart.safety.tiers import Tier, Triage
    from steadyheart.understanding.analysis import Analysis


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'steadyheart' has no attribute {name!r}")
