"""The pipeline's promises: triage first, the guard last, and a reply even when a responder fails."""

from __future__ import annotations

from pathlib import Path

from steadyheart import Companion
from steadyheart.companion import Reply
from steadyheart.errors import ResponderError
from steadyheart.pipeline import TurnInput, run_turn
from steadyheart.responders.scripted import ScriptedResponder


def test_a_crisis_never_reaches_the_responder(home: Path) -> None:
    responder = ScriptedResponder().enqueue("This should never be said.")
    companion = Companion.open(responder=responder)
    reply = companion.reply("I have the pills in my hand and I'm going to take them all tonight")
    assert reply.tier == "imminent"
    assert responder.requests == []
    assert reply.responder == "safety"
    assert reply.resources_shown


def test_the_responder_phrases_an_ordinary_turn_and_sees_the_plan(home: Path) -> None:
    responder = ScriptedResponder().enqueue(["That sounds like a long evening. ", "What happened before it started?"])
    companion = Companion.open(responder=responder)
    reply = companion.reply("he hasn't answered since this morning and I feel sick")
    assert reply.responder == "scripted"
    assert reply.text == "That sounds like a long evening. What happened before it started?"
    assert responder.requests[0].plan.move_names == reply.plan


def test_a_failing_responder_falls_back_to_the_embedded_one(home: Path) -> None:
    responder = ScriptedResponder().enqueue(ResponderError("timed out", reason="first_token_timeout"))
    companion = Companion.open(responder=responder)
    # An ordinary worry, so the turn reaches the responder: "I can't breathe" after "she needs space" is
    # close to a batch-11 example the triage now checks gently (a breath stopping can mean dying).
    reply = companion.reply("she said she needs space and my chest feels tight")
    assert reply.responder == "embedded"
    assert reply.fallback_reason == "first_token_timeout"
    assert reply.text.strip()


def test_a_guard_block_mid_stream_withdraws_what_was_shown(home: Path) -> None:
    responder = ScriptedResponder().enqueue(
        ["I hear you. ", "Yes, he is probably losing interest in you. ", "What will you do?"])
    companion = Companion.open(responder=responder)
    items = list(companion.stream_reply("is he losing interest in me?"))
    reply = items[-1]
    assert isinstance(reply, Reply)
    assert reply.responder == "embedded"
    assert reply.fallback_reason and reply.fallback_reason.startswith("guard:")
    assert "probably losing interest" not in reply.text
    shown = [i for i in items if isinstance(i, str)]
    assert not any("probably losing interest" in chunk for chunk in shown)
    assert reply.replaced_stream  # "I hear you." was shown before the block, so the surface must replace it
    stored = companion.turns(reply.conversation_id)[0]
    assert stored.reply_text == reply.text and stored.responder == "embedded"


def test_same_input_same_outcome() -> None:
    turn = TurnInput("I'll die if he leaves me", seed=3)
    first, second = run_turn(turn), run_turn(turn)
    assert first.triage == second.triage
    assert first.plan == second.plan
    assert first.text == second.text


def test_are_you_a_real_person_is_answered_even_inside_the_crisis_flow(home: Path) -> None:
    companion = Companion.open()
    first = companion.reply("I want to kill myself")
    assert first.tier in {"elevated", "imminent"}
    reply = companion.reply("are you a real person?", first.conversation_id)
    assert "AI companion" in reply.text and "not a person" in reply.text
