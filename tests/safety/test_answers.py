"""Answers to a safety question read for what they say, and for the question they answer."""

from __future__ import annotations

import pytest

from steadyheart.safety import Tier, triage
from steadyheart.safety.answers import Answer, classify_answer, says_fear_now
from steadyheart.understanding import embed_one


@pytest.mark.parametrize(("text", "answer"), [
    ("oh no, i'm completely fine, it's for his back", Answer.SAFE),
    ("i'm really not okay", Answer.UNSAFE),
    ("no", Answer.NO),
    ("idk", Answer.UNCLEAR),
])
def test_plain_answers(text: str, answer: Answer) -> None:
    assert classify_answer(text) is answer


def test_no_plan_beside_the_wish_is_a_no_only_to_the_plan_question() -> None:
    text = "no plan, i just wish i could disappear"
    risk = triage(text, (), embed_one(text))
    assert risk.tier is Tier.ELEVATED  # the wish itself is risk: without the question, the answer is unsafe
    assert classify_answer(text, risk, question="plan") is Answer.SAFE
    assert classify_answer(text, risk, question="thoughts") is Answer.UNSAFE


def test_asking_what_to_do_is_not_safe_only_in_reply_to_are_you_safe() -> None:
    assert classify_answer("what do i do?", question="are_you_safe") is Answer.UNSAFE
    assert classify_answer("what do i do?", question="thoughts") is Answer.UNCLEAR


def test_fear_now_is_read_from_the_words() -> None:
    assert says_fear_now("i'm scared to go home tonight") and not says_fear_now("i'm going home tonight")
