"""The embedded responder: deterministic, never repeats a recent sentence, one question at most."""

from __future__ import annotations

from typing import Any

import pytest

from steadyheart.content.phrasings import load_phrasings
from steadyheart.dialogue.plan import Move, MoveName, Plan
from steadyheart.responders.base import RenderRequest, Responder, normalise_sentence, render, split_sentences
from steadyheart.responders.embedded import EmbeddedResponder
from steadyheart.understanding.analysis import Analysis

ANALYSIS = Analysis()
PARAMS: dict[MoveName, dict[str, Any]] = {
    MoveName.REFLECT: {"echo": "he hasn't replied all evening", "feeling": "anxious"},
    MoveName.NAME_TRAP: {"trap": "mind_reading", "evidence": "he's bored of me", "variant": "friend"},
    MoveName.OFFER_SKILL: {"flow": "calm_body", "flow_title": "a calming exercise", "flow_pitch": "It takes a minute."},
    MoveName.PSYCHOEDUCATE: {"title": "Thinking traps", "summary": "Worry takes shortcuts.", "source": "Beck (1976)"},
    MoveName.ANSWER_QUESTION: {"title": "Thinking traps", "summary": "Worry takes shortcuts.", "source": "Beck (1976)"},
    MoveName.REMEMBER: {"remembered": "that your partner's name is Sam"},
    MoveName.CONTINUE_FLOW: {"flow": "check_in", "node": "intensity"},
    MoveName.NOTICE_LOOP: {"echo_question": "are we okay"},
}


def request(*moves: Move, seed: int = 0, recent: frozenset[str] = frozenset(), name: str | None = None) -> RenderRequest:
    return RenderRequest(plan=Plan(moves), user_text="text", analysis=ANALYSIS, recent_sentences=recent,
                         seed=seed, name=name)


def test_implements_the_responder_protocol() -> None:
    responder = EmbeddedResponder()
    assert isinstance(responder, Responder)
    assert responder.name == "embedded"


@pytest.mark.parametrize("move", list(MoveName))
def test_every_move_renders_as_statement_and_as_question(move: MoveName) -> None:
    responder = EmbeddedResponder()
    for ask in (False, True):
        text = render(responder, request(Move(move, params={**PARAMS.get(move, {}), "ask": ask})))
        assert text.strip(), move
        assert text.count("?") <= 1
        assert "{" not in text and "}" not in text, text


def test_same_seed_same_reply_and_seeds_vary_the_wording() -> None:
    responder = EmbeddedResponder()
    plan = (Move(MoveName.REFLECT, params=PARAMS[MoveName.REFLECT]), Move(MoveName.VALIDATE),
            Move(MoveName.ASK, params={"ask": True}))
    first = render(responder, request(*plan, seed=3))
    assert first == render(responder, request(*plan, seed=3))
    assert len({render(responder, request(*plan, seed=s)) for s in range(12)}) >= 5


def test_reflection_uses_the_persons_words_and_names_the_feeling() -> None:
    text = render(EmbeddedResponder(), request(Move(MoveName.REFLECT, params=PARAMS[MoveName.REFLECT])))
    assert "he hasn't replied all evening" in text.lower()
    assert "anxious" in text


def test_at_most_one_question_even_when_several_moves_want_one() -> None:
    plan = [Move(MoveName.ASK, params={"ask": True}), Move(MoveName.ASK_BODY, params={"ask": True}),
            Move(MoveName.STAY, params={"ask": True})]
    for seed in range(20):
        assert render(EmbeddedResponder(), request(*plan, seed=seed)).count("?") == 1


def test_never_repeats_a_sentence_from_the_last_ten_replies() -> None:
    responder = EmbeddedResponder()
    plan = (Move(MoveName.VALIDATE), Move(MoveName.ASK, params={"ask": True}))
    replies: list[str] = []
    for turn in range(12):
        recent = frozenset(normalise_sentence(s) for r in replies[-10:] for s in split_sentences(r))
        text = render(responder, request(*plan, seed=1, recent=recent))
        for sentence in split_sentences(text):
            assert normalise_sentence(sentence) not in recent, (turn, sentence)
        replies.append(text)


def test_uses_the_name_when_given() -> None:
    greeting = render(EmbeddedResponder(), request(Move(MoveName.GREET), name="Robin"))
    assert "Robin" in greeting
    assert "{name}" not in render(EmbeddedResponder(), request(Move(MoveName.GREET)))


def test_essential_moves_are_said_even_when_every_wording_was_used() -> None:
    every = frozenset(normalise_sentence(p.text) for p in load_phrasings().group("answer_identity", "say"))
    text = render(EmbeddedResponder(), request(Move(MoveName.ANSWER_IDENTITY), recent=every))
    assert "AI" in text or "not a person" in text or "not a real person" in text


def test_flow_node_prompt_and_timed_breathing_are_rendered() -> None:
    text = render(EmbeddedResponder(), request(Move(MoveName.CONTINUE_FLOW, params={"flow": "calm_body", "node": "breathe"})))
    assert "4" in text and "6" in text
    assert "Breathe in" in text


def test_an_empty_plan_still_gets_a_reply() -> None:
    assert render(EmbeddedResponder(), request()).strip()


def test_a_chosen_flow_opens_with_a_short_welcome_then_its_first_step() -> None:
    move = Move(MoveName.CONTINUE_FLOW, params={"flow": "check_in", "node": "intensity", "opening": True})
    text = render(EmbeddedResponder(), request(move))
    openings = [p.text for p in load_phrasings().group("continue_flow", "say")]
    assert any(text.startswith(o) for o in openings)
    assert "0" in text and "10" in text and text.count("?") == 1


def test_a_named_trap_quotes_the_words_then_asks_about_them() -> None:
    move = Move(MoveName.NAME_TRAP, params={**PARAMS[MoveName.NAME_TRAP], "ask": True})
    for seed in range(6):
        text = render(EmbeddedResponder(), request(move, seed=seed))
        assert "mind reading" in text and '"he\'s bored of me"' in text
        assert text.count("?") == 1 and text.endswith("?")


def test_two_sentences_in_one_reply_never_open_with_the_same_two_words() -> None:
    trap = Move(MoveName.NAME_TRAP, params={**PARAMS[MoveName.NAME_TRAP], "ask": True})
    reflect = Move(MoveName.REFLECT, params=PARAMS[MoveName.REFLECT])
    validate = Move(MoveName.VALIDATE)
    for seed in range(40):
        text = render(EmbeddedResponder(), request(reflect, validate, trap, seed=seed))
        openings = [" ".join(normalise_sentence(s).split()[:2]) for s in split_sentences(text)]
        assert len(openings) == len(set(openings)), text
