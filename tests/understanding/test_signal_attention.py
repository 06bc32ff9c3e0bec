"""The signal head's attention model (signal_attention.py) as analyze() runs it, on the real embedder: the shipped
file, the refusal of a file fitted for another model, a few fresh messages, the fall-back to the linear head and
determinism."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from steadyheart.errors import ContentError
from steadyheart.understanding import analyze, embed_one, signal_attention, signal_head
from steadyheart.understanding.embedder import TRUNK_LAYERS, TRUNK_MEMORY, get_embedder
from steadyheart.understanding.model_file import model_id

RACING = "He still has not answered and my pulse is going like crazy."
CALM_EXERCISE = "Went for a long run this morning and my heart rate got up to 160, felt great afterwards."


def racing_heart(text: str) -> float:
    vector = embed_one(text)
    chosen = signal_head.head_for(vector)
    assert isinstance(chosen, signal_head.AttentionHead)
    return float(chosen.probabilities(text, vector)[chosen.labels.index(("body", "racing_heart"))])


def shipped_fields() -> dict[str, np.ndarray]:
    with np.load(signal_attention.ATTENTION_WEIGHTS) as data:
        return {key: data[key] for key in data.files}


def test_the_shipped_file_loads_with_the_linear_heads_labels() -> None:
    weights = signal_attention.attention_weights()
    assert weights.labels == signal_head.head().labels
    assert 0.0 < weights.threshold < 1.0
    fields = shipped_fields()
    assert str(fields["model_id"]) == model_id() and int(fields["trunk_layers"]) == TRUNK_LAYERS


@pytest.mark.parametrize(("field", "value"), [("model_id", np.array("some-other-model")),
                                               ("trunk_layers", np.int64(TRUNK_LAYERS + 1))])
def test_a_file_fitted_for_another_model_is_refused(tmp_path: Path, field: str, value: np.ndarray) -> None:
    stale = tmp_path / "stale.npz"
    np.savez(stale, **(shipped_fields() | {field: value}))
    with pytest.raises(ContentError, match="another embedding model"):
        signal_attention.attention_weights(stale)


def test_an_unreadable_or_malformed_file_fails_loudly(tmp_path: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not an npz")
    with pytest.raises(ContentError, match="could not be loaded"):
        signal_attention.attention_weights(broken)
    short = tmp_path / "short.npz"
    np.savez(short, **(shipped_fields() | {"query": np.zeros((384, 3), np.float32)}))
    with pytest.raises(ContentError, match="malformed"):
        signal_attention.attention_weights(short)


def test_a_racing_heart_in_new_words_is_found_by_the_model() -> None:
    assert racing_heart(RACING) >= signal_attention.attention_weights().threshold
    body, _, _ = signal_head.with_head(RACING, embed_one(RACING), (), (), ())
    assert "racing_heart" in {s.name for s in body}


def test_a_calm_message_about_exercise_gets_no_racing_heart() -> None:
    assert racing_heart(CALM_EXERCISE) < signal_attention.attention_weights().threshold
    assert "racing_heart" not in {s.name for s in analyze(CALM_EXERCISE).body}
    assert analyze("Did a spin class at lunch, sweaty but relaxed now.").body == ()


def test_a_vector_made_elsewhere_falls_back_to_the_linear_head() -> None:
    vector = embed_one(RACING)
    elsewhere = vector.copy()
    elsewhere[0] += 1e-6  # not the vector of any pass the embedder remembers
    assert signal_head.head_for(elsewhere) is signal_head.head()
    linear = signal_head.with_head(RACING, elsewhere, (), (), (), signal_head=signal_head.head())
    assert signal_head.with_head(RACING, elsewhere, (), (), ()) == linear
    assert "racing_heart" in {s.name for s in linear[0]}


def test_a_message_scores_the_same_after_a_long_batch_as_alone() -> None:
    vector = embed_one(RACING)
    alone = signal_head.with_head(RACING, vector, (), (), ())
    get_embedder().embed([f"filler message number {i} about the weekend" for i in range(TRUNK_MEMORY + 5)])
    assert get_embedder().trunk_state(vector) is None  # the pass that made it is forgotten
    assert signal_head.with_head(RACING, vector, (), (), ()) == alone


def test_without_the_file_the_linear_head_answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(signal_head, "ATTENTION_WEIGHTS", tmp_path / "absent.npz")
    assert signal_head.head_for(embed_one(RACING)) is signal_head.head()


def test_the_guards_read_the_linear_recipes_word_weights() -> None:
    weights = signal_attention.attention_weights()
    bound = signal_head.head_for(embed_one(RACING))
    assert bound.word_weights is weights.guard_word_weights
    assert not np.array_equal(weights.guard_word_weights, weights.word_weights)


def test_the_same_message_gives_the_same_scores() -> None:
    first = signal_head.head_for(embed_one(RACING)).probabilities(RACING, embed_one(RACING))
    for other in ("We cooked dinner together tonight.", CALM_EXERCISE):
        embed_one(other)
    again = signal_head.head_for(embed_one(RACING)).probabilities(RACING, embed_one(RACING))
    assert np.array_equal(first, again)
    assert analyze(RACING) == analyze(RACING)
