"""Triage runs a pattern only when its message holds a word the pattern needs: never skip a real match."""

from __future__ import annotations

from pathlib import Path

import yaml

from steadyheart import prefilter
from steadyheart.safety.normalize import normalise
from steadyheart.safety.patterns import load_patterns

SUITE = Path(__file__).resolve().parents[2] / "evals" / "data" / "safety"


def _dev_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(SUITE.glob("messages_dev_round1*.yaml")):
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]:
            texts += [t if isinstance(t, str) else t["text"] for t in group["texts"]]
    return texts


def test_most_triage_patterns_are_filtered() -> None:
    patterns = load_patterns()
    every = [*patterns.risk, *patterns.means, *patterns.distress, *patterns.caps, *patterns.urgency]
    assert sum(p.needs is not None for p in every) > 0.8 * len(every)


def test_no_triage_pattern_is_skipped_where_it_matches() -> None:
    patterns = load_patterns()
    every = [*patterns.risk, *patterns.means, *patterns.distress, *patterns.caps, *patterns.urgency]
    texts = _dev_texts()
    assert len(texts) > 3000  # rounds 10-12 and their written batches
    checked = 0
    for text in texts:
        norm = normalise(text)
        lower = prefilter.lowered(norm)
        if lower is None:
            continue
        for pattern in every:
            if pattern.needs is not None and pattern.regex.search(norm):
                checked += 1
                assert any(s in lower for s in pattern.needs), (pattern.id, text)
    assert checked > 1000
