"""Pattern detectors for body signals, triggers and the product's feelings, with negation and evidence.

May import the lexicon and spans modules and the Analysis contract only.
"""

from __future__ import annotations

from collections.abc import Iterable

from steadyheart.understanding import lexicon
from steadyheart.understanding.analysis import Scored
from steadyheart.understanding.spans import is_negated

#: Score for a lexicon match that is not negated: a clear statement, not a model's guess.
MATCH_SCORE = 0.9


def detect(text: str, entries: Iterable[lexicon.Entry]) -> tuple[Scored, ...]:
    """Every entry with at least one non-negated match; the evidence is the first such match."""
    found = []
    for entry in entries:
        for pattern in entry.patterns:
            hit = next(
                (
                    m
                    for m in pattern.regex.finditer(text)
                    if m.group(0).strip()
                    and not (
                        pattern.negatable
                        and is_negated(text, m.start(), m.end(), own_negation=pattern.own_negation)
                    )
                ),
                None,
            )
            if hit is not None:
                found.append(Scored(entry.name, MATCH_SCORE, hit.group(0).strip()))
                break
    return tuple(found)


def body_signals(text: str) -> tuple[Scored, ...]:
    return detect(text, lexicon.body_signals())


def triggers(text: str) -> tuple[Scored, ...]:
    return detect(text, lexicon.triggers())


def feelings(text: str) -> tuple[Scored, ...]:
    return detect(text, lexicon.feelings())
