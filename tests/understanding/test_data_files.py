"""The lexicon files load, and a broken one fails loudly with ContentError."""

from __future__ import annotations

import pytest

from steadyheart.errors import ContentError
from steadyheart.understanding import emotions, lexicon


def test_all_lexicons_load() -> None:
    assert len(lexicon.body_signals()) == 10
    assert len(lexicon.triggers()) == 10
    assert {b.name for b in lexicon.behaviours()} == {
        "reassurance_seeking", "checking", "testing", "withdrawing", "accusing", "rumination", "comparing",
    }
    assert {f.name for f in lexicon.feelings()} == set(emotions.PRODUCT_FEELINGS)
    assert set(lexicon.markers()) >= {"acted", "resisted", "urge"}


def test_every_emotion_has_a_display_group() -> None:
    for name in [*emotions.GOEMOTIONS, *emotions.PRODUCT_FEELINGS]:
        assert emotions.group_of(name) in {"anxious", "sad", "angry", "ashamed", "warm", "unsure", "calm"}


def test_bad_pattern_fails_loudly() -> None:
    with pytest.raises(ContentError, match="not a valid regular expression"):
        lexicon.parse_entries({"x": {"label": "x", "patterns": ["(unclosed"]}}, "test.yaml")
    with pytest.raises(ContentError, match="label and a list of patterns"):
        lexicon.parse_entries({"x": {"patterns": ["ok"]}}, "test.yaml")


def test_bad_verb_slot_fails_loudly() -> None:
    with pytest.raises(ContentError, match="four forms"):
        lexicon.parse_phrase("{check|checked} his phone", "test.yaml")


def test_missing_weights_fail_loudly(tmp_path: object) -> None:
    from pathlib import Path

    with pytest.raises(ContentError, match="could not be loaded"):
        emotions.EmotionHead.load(Path(str(tmp_path)) / "missing.npz")
