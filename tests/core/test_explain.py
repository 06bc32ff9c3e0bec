"""The 'why' behind a reply names what was noticed in words a person can use."""

from __future__ import annotations

from steadyheart.dialogue.plan import Move, MoveName, Plan
from steadyheart.explain import explain
from steadyheart.understanding.analysis import Analysis, Scored

PLAN = Plan((Move(MoveName.REFLECT, "to show you were heard"),))


def test_neutral_is_not_shown_as_a_feeling() -> None:
    why = explain(Analysis(emotions=(Scored("neutral", 0.7), Scored("fear", 0.4))), PLAN, "none")
    assert "fear (40%)" in why and "neutral" not in why


def test_only_neutral_leaves_the_feelings_line_out() -> None:
    why = explain(Analysis(emotions=(Scored("neutral", 0.9),), triggers=(Scored("delayed_reply", 0.8),)), PLAN, "none")
    assert "feelings" not in why and "delayed reply" in why
