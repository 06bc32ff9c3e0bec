"""The risk branch reads the shared pass's trunk states, ships tied to its embedding model, and speaks in triage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

from steadyheart.errors import ContentError
from steadyheart.safety import risk_branch, triage
from steadyheart.safety.risk_branch import BRANCH_PATH, META_PATH, branch_scores, load_branch
from steadyheart.understanding import embed_one, get_embedder
from steadyheart.understanding.embedder import TRUNK_LAYERS
from steadyheart.understanding.model_file import model_id, quantized_model


def test_the_trunk_output_leaves_the_vectors_unchanged() -> None:
    plain = ort.InferenceSession(str(quantized_model()), providers=["CPUExecutionProvider"])
    embedder = get_embedder()
    for text in ("he left me on read again", "we had a lovely walk by the river"):
        ids = np.array([embedder._tokenizer.encode(text).ids], dtype=np.int64)
        hidden = plain.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids),
                                  "token_type_ids": np.zeros_like(ids)})[0][0].mean(axis=0)
        expected = hidden / np.linalg.norm(hidden)
        assert np.array_equal(embed_one(text), expected.astype(np.float32))


def test_trunk_states_belong_to_the_vector_of_the_same_pass() -> None:
    embedder = get_embedder()
    vector = embedder.embed_one("my chest is tight and he still hasn't replied")
    state = embedder.trunk_state(vector)
    assert state is not None
    assert state.ndim == 2 and state.shape[1] == embedder.dim and state.shape[0] > 5  # one row per word piece
    assert embedder.trunk_state(np.ones(embedder.dim, dtype=np.float32)) is None  # not made by a pass


def test_the_shipped_branch_matches_the_embedding_model() -> None:
    meta = json.loads(META_PATH.read_text(encoding="utf-8"))
    assert meta["model_id"] == model_id()
    assert meta["trunk_layers"] == TRUNK_LAYERS
    assert risk_branch.risk_branch() is not None


def test_the_branch_tells_a_plan_from_ordinary_worry() -> None:
    plan = branch_scores(embed_one("the rope is in the shed and i'm going out there once everyone is asleep"))
    worry = branch_scores(embed_one("he hasn't texted back since lunch and my stomach is in knots"))
    assert plan is not None and worry is not None
    assert plan.crisis >= risk_branch.CRISIS_THRESHOLD and plan.imminent >= risk_branch.IMMINENT_THRESHOLD
    assert worry.crisis < 0.25 and worry.any_risk < risk_branch.CHECK_THRESHOLD
    assert plan.crisis - worry.crisis > 0.5


def test_same_message_same_scores() -> None:
    first = branch_scores(embed_one("i don't see the point in anything since she left"))
    risk_branch._last = None  # run the branch again rather than reuse the last message's scores
    second = branch_scores(embed_one("i don't see the point in anything since she left"))
    assert first == second


def test_the_last_messages_scores_are_reused_not_run_again() -> None:
    shipped = risk_branch.risk_branch()
    assert shipped is not None
    runs: list[int] = []

    class Counting:
        def run(self, *args: object) -> object:
            runs.append(1)
            return shipped.session.run(*args)

    risk_branch.use_branch(risk_branch.RiskBranch(session=Counting(), input_name=shipped.input_name))
    try:
        vector = embed_one("sat on the wall by the canal again tonight, not sure why")
        first, again = branch_scores(vector), branch_scores(vector)
        assert first == again and len(runs) == 1
        other = branch_scores(embed_one("we booked the cottage for her birthday weekend"))
        assert other != first and len(runs) == 2
    finally:
        risk_branch.use_branch(None)


def test_a_vector_not_from_a_recent_pass_is_embedded_again_from_its_text() -> None:
    text = "i keep thinking everyone would be better off without me"
    vector = embed_one(text)
    expected = branch_scores(vector)
    stranger = vector.copy()
    stranger[0] += 1e-3  # no trunk states remembered for this vector
    assert branch_scores(stranger) is None  # without the text there is nothing to read
    assert branch_scores(stranger, text) == expected  # with it, the same pass again


def test_triage_names_the_branch_as_its_evidence() -> None:
    text = "i keep looking at the train tracks on my walk home and thinking how easy it would be"  # no pattern
    result = triage(text, [], embed_one(text))
    assert result.tier.is_crisis
    assert any("risk branch" in e for e in result.evidence), result.evidence


def test_a_branch_for_another_embedding_model_is_refused(tmp_path: Path) -> None:
    shutil.copy(BRANCH_PATH, tmp_path / "branch.onnx")
    meta = json.loads(META_PATH.read_text(encoding="utf-8"))
    (tmp_path / "branch.json").write_text(json.dumps({**meta, "model_id": "another-model:0"}), encoding="utf-8")
    with pytest.raises(ContentError, match="another embedding model"):
        load_branch(tmp_path / "branch.onnx")


def test_an_unreadable_branch_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "branch.onnx").write_bytes(b"not a model")
    (tmp_path / "branch.json").write_text(META_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ContentError, match="cannot be read"):
        load_branch(tmp_path / "branch.onnx")
