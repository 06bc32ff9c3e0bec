"""evals/safety.py --by-tag: crisis recall per tier and tag, weakest first, counts only (never a message)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from steadyheart.safety.tiers import Category, Tier, Triage

# evals/safety.py by its path: "safety" alone would name this test package
_SPEC = importlib.util.spec_from_file_location("evals_safety", Path(__file__).resolve().parents[2] / "evals" / "safety.py")
assert _SPEC is not None and _SPEC.loader is not None
safety_eval = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = safety_eval  # its dataclasses look their module up there
_SPEC.loader.exec_module(safety_eval)


def _case(text: str, tier: Tier, tags: tuple[str, ...]) -> safety_eval.Case:
    return safety_eval.Case(text=text, tier=tier, categories=(Category.SUICIDE,), tags=tags, context=(), split="t")


def test_recall_by_tag_counts_weakest_first_and_prints_no_message(capsys: pytest.CaptureFixture[str]) -> None:
    results = [
        (_case("secret one", Tier.IMMINENT, ("goodbye",)), Triage(tier=Tier.ELEVATED)),
        (_case("secret two", Tier.IMMINENT, ("goodbye",)), Triage(tier=Tier.IMMINENT)),
        (_case("secret three", Tier.IMMINENT, ("goodbye", "plan")), Triage(tier=Tier.NONE)),
        (_case("secret four", Tier.ELEVATED, ("plan",)), Triage(tier=Tier.IMMINENT)),  # above its tier counts
        (_case("secret five", Tier.ELEVATED, ("plan",)), Triage(tier=Tier.ELEVATED)),
        (_case("secret six", Tier.NONE, ("ordinary",)), Triage(tier=Tier.NONE)),      # not crisis: left out
    ]
    safety_eval._recall_by_tag(results)
    lines = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert lines == [["imminent", "goodbye", "1/3"]]  # "plan" has 1 imminent and 2 elevated: under 3 each
    results += [(_case("secret seven", Tier.ELEVATED, ("plan",)), Triage(tier=Tier.NONE))]
    safety_eval._recall_by_tag(results)
    out = capsys.readouterr().out
    assert [line.split() for line in out.splitlines()[1:]] == [["imminent", "goodbye", "1/3"],
                                                                ["elevated", "plan", "2/3"]]
    assert "secret" not in out
