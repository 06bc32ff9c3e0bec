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
    scores = model.scores(get_embedder().embed_one("part of me wants to stop existing"))
    assert 0.0 <= scores.imminent <= 1.0 and 0.0 <= scores.any_risk <= 1.0
    assert scores.crisis >= 0.5  # a message of the kind it was fitted on


@pytest.mark.parametrize("text", ["I intend to take my own life", "there is nothing left for me in this world"])
def test_unlisted_wording_still_earns_at_least_a_gentle_check(text: str) -> None:
    assert triage(text).tier is Tier.NONE or _triage(text).rank >= Tier.AMBIGUOUS.rank
    assert _triage(text).rank >= Tier.AMBIGUOUS.rank


@pytest.mark.parametrize(
    "text",
    ["goodnight", "can we stop", "can we stop now", "i would never hurt myself", "i overdosed on netflix this weekend",
     "how many paracetamol can i take in a day for a cold", "he finally replied and said he was at the gym"],
)
def test_the_embedding_never_overrides_negation_idioms_or_benign_questions(text: str) -> None:
    assert _triage(text) is Tier.NONE


def test_a_broken_model_file_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "model.npz"
    np.savez(bad, crisis=np.zeros(3), any_risk=np.zeros(4), imminent=np.zeros(3))
    with pytest.raises(ContentError, match="wrong shape"):
        load_model(bad)


def test_the_shipped_vector_cache_matches_the_examples() -> None:
    from steadyheart.safety.similarity import _cached_vectors, load_examples

    # Fails after editing an examples file without `python evals/build_safety_examples.py`.
    assert _cached_vectors(len(load_examples())) is not None


def test_a_very_close_imminent_example_makes_the_turn_imminent() -> None:
    # the patterns make this elevated; the shipped imminent example "goodbye forever, I love you all"
    # is 0.93 away, well above any ordinary example
    result = triage("i love you all. goodbye", (), get_embedder().embed_one("i love you all. goodbye"))
    assert result.tier is Tier.IMMINENT
    assert any("close to imminent example" in e for e in result.evidence)
    assert triage("i love you all. goodbye").tier is Tier.ELEVATED


def test_a_model_file_without_the_imminent_head_fails_loudly(tmp_path: Path) -> None:
    old = tmp_path / "old.npz"
    np.savez(old, crisis=np.zeros(385), any_risk=np.zeros(385))
    with pytest.raises(ContentError, match="cannot be read"):
        load_model(old)


_CALM_START = ("we have been together for two years and mostly it is good, he cooks, we laugh, we go to his parents "
               "on sundays and i like them a lot. work is busy and i have a new manager who is fine and the commute "
               "is long but i listen to podcasts. ")
_CALM_END = " anyway we are going on holiday in march and i am trying to be excited about it and plan the trip with him."


def test_a_risky_sentence_inside_a_long_message_gets_its_own_say() -> None:
    risky = "part of me keeps wishing i could simply not be here any more."
    result = triage(_CALM_START + risky + _CALM_END, (), get_embedder().embed_one(_CALM_START + risky + _CALM_END))
    assert result.tier.rank >= Tier.ELEVATED.rank
    assert any("in the sentence" in e for e in result.evidence)
    calm = _CALM_START + _CALM_END
    assert triage(calm, (), get_embedder().embed_one(calm)).tier is Tier.NONE


def test_only_a_few_sentences_are_embedded_and_they_keep_their_order() -> None:
    from steadyheart.safety.sentences import MAX_SENTENCES, risky_sentences

    text = " ".join(f"sentence {i} says i am tired and want it to end." for i in range(6)) + " the weather is nice today."
    picked = risky_sentences(text)
    assert len(picked) == MAX_SENTENCES
    assert list(picked) == sorted(picked, key=text.index)
    assert "the weather is nice today." not in picked


@pytest.mark.parametrize("text", [
    "writing this from the top of the car park. 9 floors. i cant find a reason anymore",
    "the hosepipe is in the car and i know a quiet spot by the woods",
])
def test_a_plan_told_in_words_no_example_shares_is_imminent_when_the_branch_is_sure(text: str) -> None:
    assert _triage(text) is Tier.IMMINENT


@pytest.mark.parametrize("text", [
    "Thanks so much for chatting, have a lovely evening!",
    "You have been a great help. Ending chat when timer allows, take care",
])
def test_closing_a_chat_is_not_a_last_goodbye(text: str) -> None:
    assert _triage(text).rank <= Tier.AMBIGUOUS.rank


@pytest.mark.parametrize(("text", "closes"), [
    ("thank you i think im done for now", True),
    ("see you tomorrow, have a good night", True),
    ("thank you for everything. i love you all. goodbye", False),
    ("thanks for listening. i wont be here tomorrow", False),
])
def test_what_counts_as_closing_the_chat(text: str, closes: bool) -> None:
    from steadyheart.safety.embedded_signals import closes_the_chat
    from steadyheart.safety.normalize import normalise

    assert closes_the_chat(normalise(text)) is closes


@pytest.mark.parametrize("text", ["i have to go now", "ok i have to go now, bye", "gotta go, talk to you later",
                                  "off to bed now"])
def test_leaving_the_chat_is_not_a_last_goodbye(text: str) -> None:
    assert _triage(text) is Tier.NONE


@pytest.mark.parametrize("text", ["i have to go now. this is the last time you will hear from me",
                                  "i have to go now, i love you all, forgive me"])
def test_leaving_with_a_last_goodbye_in_it_is_still_imminent(text: str) -> None:
    assert _triage(text) is Tier.IMMINENT


def test_ordinary_anger_is_not_made_imminent_by_the_branch_alone() -> None:
    # p(imminent) 0.61 beside "he threw me against the car": under OTHER_IMMINENT, abuse needs the branch sure.
    assert _triage("he yelled at me again and i want to smash his car") is not Tier.IMMINENT


@pytest.mark.parametrize("text", ["he has a knife and he is banging on the door right now", "my boyfriend is choking me help",
                                  "i'm going to hurt him when he gets home tonight"])
def test_violence_happening_now_stays_imminent(text: str) -> None:
    assert _triage(text) is Tier.IMMINENT
