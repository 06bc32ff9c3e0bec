"""Reflections turn the person's words round without mangling them."""

from __future__ import annotations

import pytest

from steadyheart.content.phrasings import load_phrasings
from steadyheart.dialogue.reflection import echo, feeling_word, is_belief, swap_pronouns
from steadyheart.understanding.analysis import Analysis, Scored


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm scared he will leave me.", "you're scared he will leave you"),
    ("My boyfriend hasn't texted back and I was up all night", "your boyfriend hasn't texted back and you were up all night"),
    ("Sam went quiet after dinner", "Sam went quiet after dinner"),
    ("are we okay?", None),
    ("ok", None),
    ("So, we had a fight about money", "you two had a fight about money"),
])
def test_echo(text: str, expected: str | None) -> None:
    assert echo(text) == expected


def test_long_messages_are_cut_to_a_short_clause() -> None:
    said = echo("I keep thinking about the party last weekend, because he talked to his ex for an hour and I "
                "just stood there feeling like I didn't exist and nobody noticed me at all")
    assert said is not None and len(said.split()) <= 16 and said.startswith("you keep thinking")


def test_swap_pronouns_keeps_other_words() -> None:
    assert swap_pronouns("I told him my fear") == "you told him your fear"


def test_feeling_word_names_the_strongest_clear_feeling() -> None:
    phrasings = load_phrasings()
    assert feeling_word(Analysis(emotions=(Scored("fear", 0.9), Scored("sadness", 0.4))), phrasings) == "scared"
    assert feeling_word(Analysis(emotions=(Scored("fear", 0.1),)), phrasings) is None
    assert feeling_word(Analysis(), phrasings) is None


def test_questions_are_never_echoed_even_with_odd_punctuation() -> None:
    assert echo("Why can't I just get it together already??. I'm so done") is None


@pytest.mark.parametrize(("text", "belief"), [
    ("He is bored of me, I just know it", True),
    ("I'm not good enough for him", True),
    ("She will leave me for someone else", True),
    ("He hasn't texted back in three hours", False),
    ("We had a fight about money last night", False),
])
def test_beliefs_are_told_apart_from_events(text: str, belief: bool) -> None:
    said = echo(text)
    assert said is not None and is_belief(said) is belief


@pytest.mark.parametrize(("text", "expected"), [
    ("i know, i know. it's just that nobody ever stays with me", "nobody ever stays with you"),
    ("I get it. But he never calls when he says he will", "he never calls when he says he will"),
    ("I know he is seeing someone else", "you know he is seeing someone else"),  # "I know" as a claim stays
])
def test_interjections_are_not_echoed(text: str, expected: str) -> None:
    assert echo(text) == expected


@pytest.mark.parametrize("text", ["please just tell me he still loves me", "ok. why do I always need to hear it",
                                  "did he even notice I was upset", "Is it normal to feel like this all the time",
                                  "will he ever text me back", "just tell me it will be fine"])
def test_questions_without_a_question_mark_and_requests_are_not_said_back(text: str) -> None:
    assert echo(text) is None


@pytest.mark.parametrize(("text", "said"), [
    ("what he said last night keeps going round my head", "what he said last night keeps going round your head"),
    ("when he goes quiet I panic and start texting more", "when he goes quiet you panic and start texting more"),
    ("Will hasn't texted me back all day", "Will hasn't texted you back all day"),
])
def test_statements_that_open_with_a_question_word_are_still_said_back(text: str, said: str) -> None:
    assert echo(text) == said


@pytest.mark.parametrize(("text", "said"), [
    ("he's out with his coworkers and there's this girl he always mentions 😭",
     "he's out with his coworkers and there's this girl he always mentions"),
    ("i already did it yesterday tbh", "you already did it yesterday"),
    ("he hasn't texted all day lol ngl", "he hasn't texted all day"),
    ("I can't stop crying 😢😢 he left", "you can't stop crying he left"),
    ("my friend said lol when I told her", "your friend said lol when you told her"),
])
def test_emoji_and_chat_tags_are_not_said_back(text: str, said: str) -> None:
    assert echo(text) == said


@pytest.mark.parametrize("echoed", ["he said you're too much and he needs a break",
                                    "your girlfriend told you you're always overreacting"])
def test_what_someone_said_is_an_event_not_the_persons_belief(echoed: str) -> None:
    assert not is_belief(echoed)


def test_a_hedge_before_the_persons_own_option_is_kept() -> None:
    # without it, "maybe i should just leave him" would come back as advice: "you should just leave him"
    assert echo("maybe i should just leave him before he leaves me") == "maybe you should just leave him before he leaves you"
    assert echo("i think i should text him") == "you think you should text him"


def test_someone_elses_happiness_is_not_said_back_as_the_persons_feeling() -> None:
    joy = Analysis(emotions=(Scored("joy", 0.8),))
    phrasings = load_phrasings()
    assert feeling_word(joy, phrasings, text="she definitely looks happier with him") is None
    assert feeling_word(joy, phrasings, text="they seem so happy together on his story") is None
    assert feeling_word(joy, phrasings, text="she looks happier and honestly i'm happy for her") == "happy"


@pytest.mark.parametrize(("echoed", "belief"), [
    ("you'll just text him and ask", False),
    ("you're going to call her after work", False),
    ("he'll leave you for someone else", True),
    ("you'll never be good enough for her", True),
])
def test_an_own_plan_is_not_a_belief_but_a_forecast_about_the_partner_is(echoed: str, belief: bool) -> None:
    assert is_belief(echoed) is belief


def test_a_what_if_question_is_never_echoed() -> None:
    assert echo("what if he says no") is None


def test_a_decision_not_to_act_said_back_is_not_a_belief() -> None:
    assert not is_belief("you're not going to say anything to her, you don't want to be that guy")
    assert is_belief("she doesn't want you anymore")


def test_a_forecast_about_oneself_is_still_a_belief() -> None:
    # "go" is not an act one decides on: "you're going to go crazy" forecasts
    assert is_belief("you're going to go crazy without her")
