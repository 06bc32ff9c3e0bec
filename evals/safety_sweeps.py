"""Embedding choices in triage, as the figures that chose them (docs/safety.md, sessions 8 and 9).

    python evals/safety_sweeps.py --means         # the means-question threshold and margin (means_questions.py)
    python evals/safety_sweeps.py --sure-branch   # the risk branch's looser gate when sure, with and without the
                                                  # chat-closing exclusion (embedded_signals.py)
    python evals/safety_sweeps.py --branch-raise  # crisis already found made imminent when the branch is sure
                                                  # (triage.BRANCH_RAISES_FOUND_CRISIS, session 9)

Measured on: the dev rounds (imminent messages found, messages of another tier raised to imminent), batches
14a-c (never fitted or read; these figures helped choose, so they flatter the shipped settings) and, for the
gate, ESConv and EmpatheticDialogues *valid* (dev-only data; session 8 chose on these reporting splits, as
docs/safety.md says). Never reads the held-out round. Each setting is applied by changing the module constant for
the run only.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import safety  # evals/safety.py
import safety_real  # evals/safety_real.py

from steadyheart.safety import embedded_signals, means_questions
from steadyheart.safety.tiers import Tier
from steadyheart.safety.triage import triage

#: the module, whose caches keyed on text must be emptied between settings
TRIAGE = importlib.import_module("steadyheart.safety.triage")

SHARED = safety.SHARED
MEANS_GRID = ((0.62, 0.05), (0.58, 0.03), (0.55, 0.03), (0.50, 0.0))
SUPPORT_GRID = (0.55, 0.45, 0.40)


def _cases(split: str) -> tuple[list[safety.Case], list[object]]:
    cases = safety.load_cases(split)
    return cases, safety._embeddings([c.text for c in cases])


def _imminent(cases: list[safety.Case], vectors: list[object]) -> str:
    _forget()
    tiers = [triage(c.text, c.context, v).tier for c, v in zip(cases, vectors, strict=True)]  # type: ignore[arg-type]
    found = sum(t is Tier.IMMINENT for c, t in zip(cases, tiers, strict=True) if c.tier is Tier.IMMINENT)
    raised = sum(t is Tier.IMMINENT for c, t in zip(cases, tiers, strict=True) if c.tier is not Tier.IMMINENT)
    crisis = [t.is_crisis for c, t in zip(cases, tiers, strict=True) if c.tier.is_crisis]
    total = sum(c.tier is Tier.IMMINENT for c in cases)
    return f"imminent {found}/{total}, elevated+ {sum(crisis)}/{len(crisis)}, other tiers raised to imminent {raised}"


def _forget() -> None:
    TRIAGE._long_message_verdict.cache_clear()
    TRIAGE._embedded_context_risk.cache_clear()


def _everyday() -> Callable[[], str]:
    dialogues = safety_real.esconv_dialogues(SHARED / "esconv", "valid")
    flat = [t for d in dialogues for t in d]
    situations = [r["situation"] for r in safety_real._read(
        SHARED / "empathetic_dialogues" / "ed_situation_emotion_valid.csv") if r.get("situation")]
    esconv_vectors, ed_vectors = safety._embeddings(flat), safety._embeddings(situations)

    def flags() -> str:
        _forget()
        esconv = [t for d in safety_real.triage_dialogues(dialogues, esconv_vectors) for t in d]
        ed = [triage(s, (), v) for s, v in zip(situations, ed_vectors, strict=True)]  # type: ignore[arg-type]
        return (f"ESConv valid elevated+ {sum(t.tier.is_crisis for t in esconv)}/{len(esconv)} "
                f"(imminent {sum(t.tier is Tier.IMMINENT for t in esconv)}); ED valid elevated+ "
                f"{sum(t.tier.is_crisis for t in ed)}/{len(ed)} (imminent {sum(t.tier is Tier.IMMINENT for t in ed)})")
    return flags


def sweep_means() -> None:
    dev, unfitted = _cases("dev"), _cases("unfitted")
    shipped = (means_questions.THRESHOLD, means_questions.MARGIN)
    for threshold, margin in ((1.1, 0.0), *MEANS_GRID):
        means_questions.THRESHOLD, means_questions.MARGIN = threshold, margin
        name = "off" if threshold > 1 else f"{threshold:.2f} / {margin:.2f}"
        print(f"means {name:12} dev: {_imminent(*dev)}; batches 14a-c: {_imminent(*unfitted)}", flush=True)
    means_questions.THRESHOLD, means_questions.MARGIN = shipped


def sweep_sure_branch() -> None:
    unfitted, everyday = _cases("unfitted"), _everyday()
    shipped, closes = embedded_signals.BRANCH_SURE_SUPPORT, embedded_signals.closes_the_chat
    for exclusion in (True, False):
        embedded_signals.closes_the_chat = closes if exclusion else (lambda norm: False)
        for support in SUPPORT_GRID:
            embedded_signals.BRANCH_SURE_SUPPORT = support
            print(f"support {support:.2f}, chat closings {'excluded' if exclusion else 'included'}: batches 14a-c "
                  f"{_imminent(*unfitted)}; {everyday()}", flush=True)
    embedded_signals.BRANCH_SURE_SUPPORT, embedded_signals.closes_the_chat = shipped, closes


def sweep_branch_raise() -> None:
    """On and off: dev (fitted), round 15 (never fitted: its messages were held out while the branch was trained)
    and batches 14a-c (never fitted), and the everyday datasets (only the imminent share can move)."""
    splits = {name: _cases(name) for name in ("dev", "dev_round15", "unfitted")}
    everyday, shipped = _everyday(), TRIAGE.BRANCH_RAISES_FOUND_CRISIS
    for on in (False, True):
        TRIAGE.BRANCH_RAISES_FOUND_CRISIS = on
        found = "; ".join(f"{name}: {_imminent(*cases)}" for name, cases in splits.items())
        print(f"branch raise {'on ' if on else 'off'}: {found}; {everyday()}", flush=True)
    TRIAGE.BRANCH_RAISES_FOUND_CRISIS = shipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--means", action="store_true", help="the means-question threshold and margin")
    parser.add_argument("--sure-branch", action="store_true", help="the risk branch's looser gate when sure")
    parser.add_argument("--branch-raise", action="store_true", help="found crisis made imminent when the branch is sure")
    args = parser.parse_args()
    if not (args.means or args.sure_branch or args.branch_raise):
        parser.error("choose --means, --sure-branch and/or --branch-raise")
    if args.means:
        sweep_means()
    if args.sure_branch:
        sweep_sure_branch()
    if args.branch_raise:
        sweep_branch_raise()


if __name__ == "__main__":
    main()
