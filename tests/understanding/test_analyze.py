"""analyze(): the public entry point, its input checks, determinism and the shared embedding."""

from __future__ import annotations

import numpy as np
import pytest

from steadyheart.config import MAX_MESSAGE_CHARS
from steadyheart.errors import InputError
from steadyheart.understanding import Analysis, UrgeStatus, analyze, analyze_batch, embed_one

MESSAGE = "He hasn't texted back in four hours, my chest is tight and I want to check his location."


def test_finds_body_trigger_and_urge_in_one_message() -> None:
    a = analyze(MESSAGE)
    assert {s.name for s in a.body} == {"tight_chest"}
    assert {s.name for s in a.triggers} == {"delayed_reply"}
    assert [(u.name, u.status) for u in a.urges] == [("checking", UrgeStatus.URGE)]
    assert 0.0 < a.intensity <= 1.0
    assert a.emotions and all(0.0 <= e.score <= 1.0 for e in a.emotions)


def test_uses_the_given_embedding() -> None:
    vector = embed_one(MESSAGE)
    assert analyze(MESSAGE, embedding=vector) == analyze(MESSAGE)


def test_is_deterministic() -> None:
    assert analyze(MESSAGE) == analyze(MESSAGE)


def test_batch_matches_one_by_one() -> None:
    texts = [MESSAGE, "We cooked dinner together.", "I'm such an idiot for sending that."]
    for single, batched in zip([analyze(t) for t in texts], analyze_batch(texts), strict=True):
        # Batches pad to the longest text, which moves int8 activations very slightly.
        assert [e.name for e in single.emotions] == [e.name for e in batched.emotions]
        assert (single.body, single.triggers, single.urges) == (batched.body, batched.triggers, batched.urges)
        assert [t.name for t in single.traps] == [t.name for t in batched.traps]
        assert single.intensity == pytest.approx(batched.intensity, abs=0.05)


def test_round_trips_through_a_dict() -> None:
    a = analyze(MESSAGE)
    assert Analysis.from_dict(a.to_dict()) == a


def test_empty_and_blank_messages_give_an_empty_analysis() -> None:
    assert analyze("") == Analysis()
    assert analyze("   \n") == Analysis()
    assert analyze_batch([]) == []


def test_calm_message_has_low_intensity() -> None:
    calm = analyze("We went for a walk and had a lovely, relaxed afternoon.")
    assert calm.intensity < 0.2
    assert not calm.body and not calm.urges and not calm.traps


def test_bad_input_gets_one_clear_sentence() -> None:
    with pytest.raises(InputError, match="must be text"):
        analyze(42)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=str(MAX_MESSAGE_CHARS)):
        analyze("a" * (MAX_MESSAGE_CHARS + 1))
    with pytest.raises(InputError, match="384 finite numbers"):
        analyze("hello", embedding=np.zeros(10, dtype=np.float32))
    with pytest.raises(InputError, match="384 finite numbers"):
        analyze("hello", embedding=np.full(384, np.nan, dtype=np.float32))
    with pytest.raises(InputError):
        analyze_batch(["fine", None])  # type: ignore[list-item]


def test_odd_text_does_not_crash() -> None:
    for text in ["😭😭😭", "?!?!", "\x00\x01", "ÄÖÜ ß", "a" * MAX_MESSAGE_CHARS, "...."]:
        analyze(text)


def test_emotion_groups_for_display() -> None:
    groups = analyze("I feel so jealous and lonely, I'm scared he'll leave.").emotion_groups()
    assert "anxious" in groups and "sad" in groups
    assert list(groups.values()) == sorted(groups.values(), reverse=True)


def test_wording_no_lexicon_knows_comes_from_the_learned_head_at_a_lower_score() -> None:
    from steadyheart.understanding import signal_head

    found = {s.name: s.score for s in analyze("Sleep just isn't happening this week.").body}
    assert found == {"trouble_sleeping": signal_head.HEAD_SCORE}
    assert analyze("My heart isn't racing anymore, thank god.").body == ()
