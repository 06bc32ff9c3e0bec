"""The nearest-example back-off: only where the lexicons found nothing, never over a negation."""

from __future__ import annotations

from pathlib import Path

import pytest

from steadyheart.errors import ContentError
from steadyheart.understanding import embed_one, lexicon, signals, urges
from steadyheart.understanding.analysis import Scored, UrgeStatus


def run(text: str) -> tuple[set[str], set[str], dict[str, UrgeStatus]]:
    body, found_triggers, found_urges = signals.with_backoff(
        text, embed_one(text), signals.body_signals(text), signals.triggers(text), urges.detect_urges(text)
    )
    return {s.name for s in body}, {s.name for s in found_triggers}, {u.name: u.status for u in found_urges}


def test_vectors_match_the_example_file() -> None:
    examples = lexicon.signal_examples()
    assert {e.kind for e in examples} == {"body", "trigger", "urge"}
    kind, label, similarity = signals.nearest_example(embed_one(examples[0].phrase))
    assert (kind, label) == (examples[0].kind, examples[0].label)
    assert similarity > 0.99


def test_unknown_wording_close_to_an_example_is_found_at_a_lower_score() -> None:
    text = "It feels like someone is sitting on my ribs and I can hardly pull air in."
    assert signals.body_signals(text) == ()
    body, _, _ = signals.with_backoff(text, embed_one(text), (), (), ())
    assert [s.name for s in body] == ["tight_chest"]
    assert body[0].score == signals.BACKOFF_SCORE < signals.MATCH_SCORE
    assert body[0].evidence in text


@pytest.mark.parametrize(
    "text",
    [
        "My heart isn't pounding any more.",
        "My chest was tight earlier but it has eased now.",
        "I finally feel my shoulders relax.",
    ],
)
def test_negated_or_eased_messages_get_nothing_from_the_back_off(text: str) -> None:
    assert run(text) == (set(), set(), {})


def test_a_lexicon_finding_of_the_same_kind_is_kept_alone() -> None:
    text = "My heart is racing."
    lexical = (Scored("racing_heart", signals.MATCH_SCORE, "heart is racing"),)
    body, _, _ = signals.with_backoff(text, embed_one(text), lexical, (), ())
    assert body == lexical


def test_a_partners_behaviour_is_not_read_as_the_persons_urge() -> None:
    _, _, found = run("She's gone all quiet on me.")
    assert "withdrawing" not in found


def test_status_of_a_behaviour_named_without_a_known_verb() -> None:
    assert urges.status_of_text("I'm tempted to do it again") is UrgeStatus.URGE
    assert urges.status_of_text("I wanted to, but I held back") is UrgeStatus.RESISTED
    assert urges.status_of_text("I did it again last night") is UrgeStatus.ACTED


def test_stale_vectors_fail_loudly(tmp_path: Path) -> None:
    stale = tmp_path / "stale.npz"
    stale.write_bytes(b"not an npz")
    with pytest.raises(ContentError, match="could not be loaded"):
        signals._examples(stale)
