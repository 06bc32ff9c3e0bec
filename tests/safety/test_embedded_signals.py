"""The embedding's say in triage: the risk model and close examples, and what they must not do."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from steadyheart.errors import ContentError
from steadyheart.safety import Tier, triage
from steadyheart.safety.model import load_model, risk_model
from steadyheart.understanding.embedder import get_embedder


def _triage(text: str) -> Tier:
    return triage(text, (), get_embedder().embed_one(text)).tier


def test_the_model_ships_and_gives_probabilities() -> None:
    model = risk_model()
    assert model is not None
    p_crisis, p_any = model.probabilities(get_embedder().embed_one("part of me wants to stop existing"))
    assert 0.0 <= p_crisis <= 1.0 and 0.0 <= p_any <= 1.0


@pytest.mark.parametrize("text", ["I intend to take my own life", "there is nothing left for me in this world"])
def test_unlisted_wording_still_earns_at_least_a_gentle_check(text: str) -> None:
    assert triage(text).tier is Tier.NONE or _triage(text).rank >= Tier.AMBIGUOUS.rank
    assert _triage(text).rank >= Tier.AMBIGUOUS.rank


@pytest.mark.parametrize(
    "text",
    ["goodnight", "i would never hurt myself", "i overdosed on netflix this weekend",
     "how many paracetamol can i take in a day for a cold", "he finally replied and said he was at the gym"],
)
def test_the_embedding_never_overrides_negation_idioms_or_benign_questions(text: str) -> None:
    assert _triage(text) is Tier.NONE


def test_a_broken_model_file_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "model.npz"
    np.savez(bad, crisis=np.zeros(3), any_risk=np.zeros(4))
    with pytest.raises(ContentError, match="wrong shape"):
        load_model(bad)


def test_the_shipped_vector_cache_matches_the_examples() -> None:
    from steadyheart.safety.similarity import _cached_vectors, load_examples

    # Fails after editing an examples file without `python evals/build_safety_examples.py`.
    assert _cached_vectors(len(load_examples())) is not None
