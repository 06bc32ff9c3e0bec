"""The crisis flow: every tier, and every kind of answer to a safety question (yes, no, unclear, none)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from steadyheart.dialogue.plan import MoveName
from steadyheart.safety import SafetyTurn, Tier, guard, handle_safety, triage


class Conversation:
    """Feeds messages through triage and the flow, keeping the state the way the pipeline does."""

    def __init__(self, country: str | None = "US") -> None:
        self.country = country
        self.state: dict[str, Any] = {}
        self.history: list[str] = []

    def say(self, text: str) -> SafetyTurn | None:
        result = triage(text, self.history)
        turn = handle_safety(text, result, self.state, self.country)
        self.history.append(text)
        if turn is not None:
            json.dumps(turn.state)  # the pipeline stores it as JSON
            self.state = turn.state
            assert guard(turn.text, text, result.tier).blocked is None
        return turn


def moves(turn: SafetyTurn | None) -> list[str]:
    assert turn is not None
    return turn.plan.move_names


def test_imminent_gives_emergency_number_first_and_asks_if_safe() -> None:
    turn = Conversation("UK").say("I'm going to kill myself tonight")
    assert turn is not None and turn.resources_shown
    assert turn.text.index("999") < turn.text.index("Samaritans")
    assert "Are you safe right now?" in turn.text
    assert {MoveName.CRISIS_RESOURCES.value, MoveName.CHECK_SAFETY.value} <= set(moves(turn))
    assert "breath" not in turn.text.lower()  # no exercises in an imminent turn


def test_imminent_answers_no_yes_unclear() -> None:
    chat = Conversation("DE")
    chat.say("I have the pills ready and I'm going to take them")
    unsafe = chat.say("no")
    assert unsafe is not None and "112" in unsafe.text and "Are you safe right now?" in unsafe.text
    unclear = chat.say("idk")
    assert unclear is not None and unclear.plan.flow_node == "reask"
    safe = chat.say("yes I'm safe now, my sister is here")
    assert safe is not None and safe.plan.flow_node == "safe"
    assert chat.state["pending"] is None
    assert chat.say("can we talk about my boyfriend") is None  # the normal dialogue answers again


def test_elevated_asks_directly_then_about_a_plan() -> None:
    chat = Conversation("AU")
    first = chat.say("I want to die")
    assert first is not None
    assert "Are you having thoughts of ending your life?" in first.text
    assert "13 11 14" in first.text and MoveName.SAFETY_PLAN.value in moves(first)
    plan_question = chat.say("yes")
    assert plan_question is not None and chat.state["pending"]["question"] == "plan"
    with_plan = chat.say("yes")
    assert with_plan is not None and with_plan.plan.flow_node == "imminent_suicide" and "000" in with_plan.text


@pytest.mark.parametrize(("first", "answer"), [
    ("everyone would be better off without me", "no, no plan"),
    # the wish said again with the "no" is why the plan question was asked; the answer to it is still no
    ("I want to die", "no plan, i just wish i could disappear"),
])
def test_elevated_no_plan_offers_support_and_releases(first: str, answer: str) -> None:
    chat = Conversation("NZ")
    chat.say(first)
    chat.say("yeah")
    no_plan = chat.say(answer)
    assert no_plan is not None and no_plan.plan.flow_node == "plan_no" and "1737" in no_plan.text
    assert chat.state["pending"] is None


def test_no_answer_is_followed_up_once_then_released() -> None:
    chat = Conversation("US")
    chat.say("I don't want to be alive anymore")
    followup = chat.say("anyway he finally texted me back and said he was at his brother's place all evening")
    assert followup is not None and followup.plan.flow_node == "followup"
    assert "Are you having thoughts of ending your life?" in followup.text
    release = chat.say("so now I don't know whether to believe him or not, he always has an excuse")
    assert release is not None and release.plan.flow_node == "release" and "988" in release.text
    assert chat.state["pending"] is None


def test_ambiguous_is_checked_gently_once_per_conversation() -> None:
    chat = Conversation("US")
    check = chat.say("I'll die if he leaves")
    assert check is not None and moves(check) == [MoveName.CHECK_SAFETY.value]
    assert not check.resources_shown  # a gentle check does not alarm
    safe = chat.say("no, it's just a figure of speech")
    assert safe is not None and safe.plan.flow_node == "safe"
    assert chat.say("this waiting is killing me") is None  # not asked twice


def test_ambiguous_escalates_when_the_answer_is_not_clearly_safe() -> None:
    chat = Conversation("US")
    chat.say("I can't do this anymore")
    escalated = chat.say("maybe")
    assert escalated is not None and escalated.plan.flow_node == "elevated_suicide"
    assert escalated.resources_shown and "988" in escalated.text


def test_partner_abuse_is_named_with_dv_line_and_device_note() -> None:
    turn = Conversation("UK").say("my boyfriend hit me last night")
    assert turn is not None
    assert "not your insecurity" in turn.text
    assert "0808 2000 247" in turn.text
    assert "share this phone" in turn.text
    assert MoveName.ABUSE_CONCERN.value in moves(turn)
    assert "confront" not in turn.text.lower().replace("don't confront", "")


def test_after_abuse_asking_about_confronting_is_answered_by_safety() -> None:
    chat = Conversation("IE")
    chat.say("he grabbed my arm so hard it bruised")
    chat.say("I'm safe right now")
    advice = chat.say("should I talk to him about it tonight?")
    assert advice is not None and advice.plan.flow_node == "confront_advice"
    assert "1800 341 900" in advice.text


def test_unknown_country_falls_back_to_international_lines() -> None:
    turn = Conversation(None).say("I'm going to end my life tonight")
    assert turn is not None and "findahelpline.com" in turn.text


def test_unconfirmed_numbers_say_check_locally() -> None:
    turn = Conversation("AE").say("I want to kill myself")
    assert turn is not None and "please check locally" in turn.text


def test_repeated_crisis_messages_do_not_repeat_the_same_opening() -> None:
    chat = Conversation("US")
    first = chat.say("I want to die")
    chat.state["pending"] = None
    second = chat.say("I still want to die")
    assert first is not None and second is not None
    assert first.text.split("\n")[0] != second.text.split("\n")[0]


def test_none_tier_without_pending_question_is_left_to_dialogue() -> None:
    assert handle_safety("he hasn't replied", triage("he hasn't replied"), {}, "US") is None
    assert Tier.NONE.rank == 0


def test_a_safe_answer_with_a_word_of_degree_releases_the_question() -> None:
    # A carer's dose question after talk of a partner's bad back can draw the imminent flow; the explanation
    # that follows must be read as "I'm safe", not as a change of subject that makes the question come back.
    chat = Conversation("UK")
    chat.say("I have the pills ready and I'm going to take them")
    safe = chat.say("oh no, i'm completely fine, it's for his back. i just wanted to check the dose")
    assert safe is not None and safe.plan.flow_node == "safe"
    assert chat.state["pending"] is None


def test_not_safe_with_a_word_of_degree_is_not_safe() -> None:
    chat = Conversation("UK")
    chat.say("I have the pills ready and I'm going to take them")
    unsafe = chat.say("i'm really not okay")
    assert unsafe is not None and "999" in unsafe.text and "Are you safe right now?" in unsafe.text


@pytest.mark.parametrize(("disclosure", "answer", "node", "phrase"), [
    # fear now answers "are you safe right now?": not safe
    ("we had a huge fight and he threw my phone at the wall", "i'm scared to go home tonight", "imminent_partner_abuse",
     "999"),
    # doubting oneself is answered (control is not normal), then the question once more
    ("my boyfriend makes me show him my phone whenever he wants", "is that normal?", "abuse_doubt",
     "not a normal part of caring"),
])
def test_an_answer_after_a_partner_abuse_disclosure_is_read_for_what_it_says(
        disclosure: str, answer: str, node: str, phrase: str) -> None:
    chat = Conversation("UK")
    chat.say(disclosure)
    reply = chat.say(answer)
    assert reply is not None and reply.plan.flow_node == node
    assert phrase in reply.text and "Are you safe right now?" in reply.text


def test_more_about_the_abuse_is_still_not_an_answer() -> None:
    chat = Conversation("UK")
    chat.say("we had a huge fight and he threw my phone at the wall")
    more = chat.say("he also reads all my messages and takes my bank card")
    assert more is not None and more.plan.flow_node == "followup"


def test_asking_what_to_do_gets_the_next_steps_first() -> None:
    chat = Conversation("UK")
    chat.say("he said he'd kill me if i ever left and he's got a knife")
    steps = chat.say("what do i do")
    assert steps is not None and steps.plan.flow_node == "imminent_partner_abuse"
    assert steps.text.index("999") < steps.text.index("Are you safe right now?")


def test_a_plan_said_after_no_is_still_a_plan() -> None:
    chat = Conversation("NZ")
    chat.say("I want to die")
    chat.say("yes")
    answer = chat.say("no plan yet but i have the pills here and i'm taking them tonight")
    assert answer is not None and answer.plan.flow_node.startswith("imminent")


def test_new_risk_of_another_kind_is_met_as_itself() -> None:
    chat = Conversation("UK")
    chat.say("he gets so angry when i see my friends")
    assert chat.state["pending"]["question"] == "abuse_fear"
    hopeless = chat.say("what's the point of anything anymore")
    assert hopeless is not None and hopeless.plan.flow_node == "elevated_suicide"
    assert "Are you having thoughts of ending your life?" in hopeless.text


@pytest.mark.parametrize("answers", [("is that normal?", "i think i'm overreacting"), ("idk", "hmm")])
def test_doubt_or_no_clear_answer_after_control_releases_the_question_never_the_emergency_reply(
        answers: tuple[str, str]) -> None:
    chat = Conversation("UK")
    chat.say("my boyfriend makes me show him my phone whenever he wants")
    chat.say(answers[0])
    second = chat.say(answers[1])
    assert second is not None and second.plan.flow_node == "abuse_release"
    assert "dangerous" not in second.text and chat.state["pending"] is None


def test_playing_down_coercion_is_answered_not_read_as_unclear() -> None:
    chat = Conversation("UK")
    chat.say("i usually just give in to sex so he doesn't sulk for days")
    reply = chat.say("i don't know. it's not like he forces me")
    assert reply is not None and reply.plan.flow_node == "abuse_doubt"
    assert "doesn't have to be force" in reply.text and "Are you safe right now?" in reply.text
    assert "simpler way" not in reply.text


def test_what_to_do_after_abuse_gets_safe_next_steps() -> None:
    chat = Conversation("UK")
    chat.say("he checks my phone every night and takes my bank card")
    chat.say("yes i'm safe, he's at work")
    steps = chat.say("what should i do")
    assert steps is not None and steps.plan.flow_node == "abuse_next_steps"
    assert "0808 2000 247" in steps.text and "confront" not in steps.text.lower()


def test_what_to_do_without_abuse_is_left_to_the_dialogue() -> None:
    chat = Conversation("UK")
    assert chat.say("what should i do") is None


def _after_a_control_hint(country: str = "US") -> Conversation:
    chat = Conversation(country)
    first = chat.say("she went through my phone again last night and deleted my friend's number")
    assert first is not None and first.plan.flow_node == "ambiguous_partner_abuse"
    chat.say("she says it's only because she cares")  # no clear answer: the door is left open
    return chat


def test_a_doubt_after_a_control_hint_is_answered_by_safety_not_coached() -> None:
    chat = _after_a_control_hint()
    doubt = chat.say("maybe i'm just overreacting")
    assert doubt is not None and doubt.plan.flow_node == "abuse_doubt"
    assert "not a normal part of caring" in doubt.text and "1-800-799-7233" in doubt.text
    assert "Are you safe right now?" not in doubt.text  # asked once already; no new question
    played_down = chat.say("she's never hit me")
    assert played_down is not None and "doesn't have to be force or a hit" in played_down.text


def test_should_i_say_something_after_a_control_hint_never_suggests_confronting_nor_danger_nobody_described() -> None:
    chat = _after_a_control_hint()
    reply = chat.say("is that normal? should i talk to her about it")
    assert reply is not None and reply.plan.flow_node == "confront_advice"
    assert "your call" in reply.text and "not a normal part of caring" in reply.text
    assert "dangerous" not in reply.text and "hurt or threatened you" not in reply.text


def test_no_fear_of_the_partner_clears_the_hint() -> None:
    chat = Conversation("US")
    chat.say("she went through my phone again last night and deleted my friend's number")
    chat.say("no, never, i'm not scared of her")
    assert chat.state["abuse_hinted"] is False
    assert chat.say("am i overreacting about her texting her ex?") is None  # back to the dialogue
