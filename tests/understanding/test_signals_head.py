"""The learned head for wording the lexicons do not know: it adds labels, never over a turned-down match."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from steadyheart.errors import ContentError
from steadyheart.understanding import embed_one, lexicon, signal_head, signals, urges
from steadyheart.understanding.analysis import Scored, UrgeStatus


def sure_of_everything() -> signal_head.SignalHead:
    """A head that gives every label probability ~1: what is left out is left out by the guards."""
    shipped = signal_head.head()
    return signal_head.SignalHead(
        labels=shipped.labels,
        embedding_weights=np.zeros_like(shipped.embedding_weights),
        word_weights=np.zeros_like(shipped.word_weights),
        bias=np.full(len(shipped.labels), 20.0, np.float32),
        vocabulary=shipped.vocabulary,
        threshold=shipped.threshold,
    )


def run(text: str, given: signal_head.SignalHead | None = None) -> tuple[set[str], set[str], dict[str, UrgeStatus]]:
    body, found_triggers, found_urges = signal_head.with_head(
        text, embed_one(text), signals.body_signals(text), signals.triggers(text), urges.detect_urges(text),
        signal_head=given,
    )
    return {s.name for s in body}, {s.name for s in found_triggers}, {u.name: u.status for u in found_urges}


def test_the_head_covers_every_lexicon_label() -> None:
    labels = set(signal_head.head().labels)
    expected = {("body", e.name) for e in lexicon.body_signals()} | {("trigger", e.name) for e in lexicon.triggers()}
    expected |= {("urge", b.name) for b in lexicon.behaviours()}
    assert labels == expected
    assert 0.0 < signal_head.head().threshold < 1.0


def test_wording_no_lexicon_knows_is_found_at_a_lower_score() -> None:
    text = "Sleep just isn't happening this week."
    assert signals.body_signals(text) == ()
    body, _, _ = signal_head.with_head(text, embed_one(text), (), (), ())
    assert [s.name for s in body] == ["trouble_sleeping"]
    assert body[0].score == signal_head.HEAD_SCORE < signals.MATCH_SCORE
    assert body[0].evidence in text


def test_the_embedding_alone_adds_nothing() -> None:
    """Without a single known word for it, no label comes from the head, however close the embedding."""
    shipped = signal_head.head()
    no_words = signal_head.SignalHead(
        shipped.labels, shipped.embedding_weights, np.zeros_like(shipped.word_weights),
        np.full(len(shipped.labels), 20.0, np.float32), {}, shipped.threshold,
    )
    text = "Everything feels off and I don't know what to do."
    plain = (signals.body_signals(text), signals.triggers(text), urges.detect_urges(text))
    assert signal_head.with_head(text, embed_one(text), *plain, signal_head=no_words) == plain


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("My heart isn't racing anymore, thank god.", "racing_heart"),
        ("My chest was tight earlier but it has eased now.", "tight_chest"),
        ("she was sobbing on the phone to me", "crying"),
        ("My sister's boyfriend was shaking like a leaf after the crash.", "shaking"),
    ],
)
def test_a_turned_down_or_eased_or_someone_elses_signal_is_never_added(text: str, label: str) -> None:
    body, _, _ = run(text, sure_of_everything())
    assert label not in body


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("We didn't argue tonight, for once.", "conflict"),
        ("He isn't ignoring my texts anymore.", "delayed_reply"),
        ("She has not cancelled on me.", "cancelled_plans"),
    ],
)
def test_a_negated_trigger_is_not_added(text: str, label: str) -> None:
    assert label in signal_head._declined(text, "trigger")
    _, found_triggers, _ = run(text, sure_of_everything())
    assert label not in found_triggers


def test_a_behaviour_needs_the_person_to_speak_of_themself() -> None:
    _, _, found = run("He keeps going through his ex's photos.", sure_of_everything())
    assert found == {}


def test_lexicon_findings_are_kept_as_they_are() -> None:
    text = "My heart is racing."
    lexical = (Scored("racing_heart", signals.MATCH_SCORE, "heart is racing"),)
    body, _, _ = signal_head.with_head(text, embed_one(text), lexical, (), ())
    assert body[0] == lexical[0]
    assert [s.name for s in body].count("racing_heart") == 1


def test_ordinary_talk_gets_nothing() -> None:
    assert run("Work was fine, had a sandwich, going to watch the football later.") == (set(), set(), {})


def test_another_models_weights_are_refused(tmp_path: Path) -> None:
    with np.load(signal_head.HEAD_WEIGHTS) as data:
        fields = {key: data[key] for key in data.files}
    fields["model_id"] = np.array("some-other-model")
    stale = tmp_path / "stale.npz"
    np.savez(stale, **fields)
    with pytest.raises(ContentError, match="another embedding model"):
        signal_head.head(stale)


def test_an_unreadable_file_fails_loudly(tmp_path: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not an npz")
    with pytest.raises(ContentError, match="could not be loaded"):
        signal_head.head(broken)


def test_a_general_question_naming_nobody_gets_no_trigger() -> None:
    _, found_triggers, _ = run("What are some nice things to do for an anniversary?", sure_of_everything())
    assert found_triggers == set()
    _, found_triggers, _ = run("He cancelled on me again.", sure_of_everything())
    assert "cancelled_plans" in found_triggers


def test_a_prompt_reply_is_no_late_reply() -> None:
    _, found_triggers, _ = run("He replied within minutes today.", sure_of_everything())
    assert "delayed_reply" not in found_triggers


def test_a_denied_strongest_word_adds_nothing() -> None:
    shipped = signal_head.head()
    column = shipped.labels.index(("body", "racing_heart"))
    weights = np.zeros_like(shipped.word_weights)
    weights[shipped.vocabulary["coffee"], column] = 30.0  # a made-up head: "coffee" means a racing heart
    coffee_only = signal_head.SignalHead(
        shipped.labels, np.zeros_like(shipped.embedding_weights), weights,
        np.full(len(shipped.labels), -10.0, np.float32), shipped.vocabulary, shipped.threshold,
    )
    assert run("I had no coffee at all today.", coffee_only)[0] == set()
    assert run("I had so much coffee today.", coffee_only)[0] == {"racing_heart"}
