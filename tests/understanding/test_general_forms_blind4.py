"""General forms behind the wording the fourth blind author (blind4) used: project-written cases, none of that
part's messages. Each form has sentences it must find and near misses it must leave alone."""

from __future__ import annotations

import pytest

from steadyheart.understanding import analyze
from steadyheart.understanding.analysis import Scored
from steadyheart.understanding.post_filters import (
    about_someone_else,
    without_second_hand_company,
    without_settled,
    without_someone_elses,
)
from steadyheart.understanding.signals import triggers
from steadyheart.understanding.urges import detect_urges

from .support import names


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # The typing indicator that comes to nothing.
        ("She's been typing for about five minutes and nothing has arrived.", "delayed_reply"),
        ("The dots popped up, then vanished, and no message.", "delayed_reply"),
        ("he keeps 'typing...' and then nothing", "delayed_reply"),
        # A call at a set time that has not come.
        ("We were meant to ring at 7. It's now half 9.", "delayed_reply"),
        ("we agreed to facetime at eight and it's gone ten", "delayed_reply"),
        # No word that the partner has arrived.
        ("His train got in ages ago and he still hasn't said he's home.", "delayed_reply"),
        ("She hasn't let me know she got there safely.", "delayed_reply"),
        # Replies that grow shorter, a promised call days overdue.
        ("His texts have been getting shorter every day.", "delayed_reply"),
        ("She said she'd call me on Monday and it's Wednesday.", "delayed_reply"),
        # Coming or going without a word.
        ("He walked in and went to the shed without saying hello.", "partner_mood"),
        ("She's gone to sleep without so much as a goodnight.", "partner_mood"),
        ("He drove us home and didn't say a single word to me.", "partner_mood"),
        # The person's own former partner and a deceit in one sentence.
        ("My old boyfriend had a secret family in Leeds.", "past_betrayal"),
        ("My ex-husband used his golf weekends to see her.", "past_betrayal"),
        ("my last gf was seeing someone from her course the whole time", "past_betrayal"),
        # What the two of them are; a partner not (yet) called one.
        ("Honestly no idea what me and him are now.", "early_uncertainty"),
        ("I can't tell if this is even a real relationship.", "early_uncertainty"),
        ("She's not my girlfriend yet, so why does it hurt this much", "early_uncertainty"),
        ("He says he isn't ready to call me his girlfriend.", "early_uncertainty"),
    ],
)
def test_sideways_triggers_are_found(text: str, label: str) -> None:
    assert label in names(triggers(text))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I was typing my essay for ages.", "delayed_reply"),
        ("The dots on the dice are worn off.", "delayed_reply"),
        ("We're meant to ring the landlord at 9.", "delayed_reply"),
        ("He texted to say he landed safely.", "delayed_reply"),
        ("He left without his keys again.", "partner_mood"),
        ("She left without saying goodbye to the kids, she was late for work.", "partner_mood"),
        ("I went to bed without saying goodnight to him.", "partner_mood"),
        ("My ex never lied to me, to be fair.", "past_betrayal"),
        ("My ex is seeing someone new and I'm pleased for him.", "past_betrayal"),
        ("We argued about what he and I are going to cook.", "early_uncertainty"),
        ("He's not my boyfriend, he's my brother!", "early_uncertainty"),
    ],
)
def test_near_misses_are_left_alone(text: str, label: str) -> None:
    assert label not in names(triggers(text))


def partner_with_others(text: str, found: tuple[str, ...]) -> bool:
    scored = tuple(Scored(name, 0.9, evidence) for name, evidence in (f.split("|") for f in found))
    return "partner_with_others" in names(without_second_hand_company(text, scored))


@pytest.mark.parametrize(
    ("text", "found", "kept"),
    [
        # Online only: social media, not the partner with others.
        ("He liked some girl's beach photo at 3am.", ("partner_with_others|some girl", "social_media|liked"), False),
        ("She follows her ex again.", ("partner_with_others|her ex", "social_media|follows"), False),
        ("A girl keeps commenting on his pics.", ("partner_with_others|A girl", "social_media|pics"), False),
        # Being with them, seen online, is still the partner with others.
        ("He posted a photo at a party with some girl.", ("partner_with_others|some girl", "social_media|posted"), True),
        ("She liked a pic of her out with her ex.", ("partner_with_others|her ex", "social_media|liked"), True),
        # Without social media found, the rule does not apply.
        ("He likes spending time with his ex.", ("partner_with_others|his ex",), True),
        # The person's own former partner's cheating: a past betrayal.
        ("My ex had a fling with his colleague.", ("partner_with_others|colleague",), False),
        ("My last girlfriend said the same things while seeing two other guys.", ("partner_with_others|other guys",), False),
        # ... unless the sentence has moved on to the current partner.
        ("My ex cheated, so when my boyfriend stays at a female friend's I panic.",
         ("partner_with_others|female friend",), True),
    ],
)
def test_partner_with_others_second_hand(text: str, found: tuple[str, ...], kept: bool) -> None:
    assert partner_with_others(text, found) is kept


@pytest.mark.parametrize(
    ("text", "settled"),
    [
        ("He's away in Leeds this week but honestly we're good.", True),
        ("She's out with her friends tonight and I'm glad she's having fun.", True),
        ("We argued about the bins and then laughed, it's all fine.", True),
        ("He likes other people's posts all the time, it doesn't bother me.", True),
        ("He's away in Leeds this week and I can't sleep.", False),
        ("She says she's fine but she won't look at me.", False),
        ("I'm not glad he went, I'm gutted.", False),
        # A worry after the reassurance still counts.
        ("I'm glad he's home but he's been cold with me all evening.", False),
        ("She's out with her friends and I'm glad, though I keep checking my phone.", False),
    ],
)
def test_a_settled_message_gets_no_trigger(text: str, settled: bool) -> None:
    found = (Scored("distance", 0.9, "away"),)
    assert (without_settled(text, found) == ()) is settled


@pytest.mark.parametrize(
    ("text", "someone_else"),
    [
        ("My sister's boyfriend cancelled on her again.", True),
        ("my mate keeps checking his girlfriend's location, it's grim", True),
        ("If my best friend's husband ever cheated on her I'd be furious.", True),
        ("My sister's boyfriend cancelled on us.", False),  # "us": the person's own plans
        ("I almost cut him off but I rang my sister instead.", False),  # the sister is not the subject
        ("My friend says my boyfriend is flirting with her.", False),
    ],
)
def test_someone_elses_relationship(text: str, someone_else: bool) -> None:
    assert about_someone_else(text) is someone_else


def test_a_parents_affair_stays_a_past_betrayal() -> None:
    found = (Scored("past_betrayal", 0.9, "cheated"), Scored("conflict", 0.9, "fight"))
    kept, urges = without_someone_elses("My dad cheated on my mum and they had a huge fight.", found, ())
    assert names(kept) == {"past_betrayal"} and urges == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I used to go through his messages, but I don't any more.", set()),
        ("I used to compare myself to her. No longer, thankfully.", set()),
        ("I used to check her location every hour and I still do.", {"checking"}),
        ("I used to check her location every hour.", {"checking"}),
    ],
)
def test_a_habit_given_up_is_no_behaviour(text: str, expected: set[str]) -> None:
    assert {u.name for u in detect_urges(text)} == expected


def test_analyze_applies_the_rules() -> None:
    assert analyze("He's in Madrid for work till Friday and we're good, we call every night.").triggers == ()
    assert analyze("my cousin's girlfriend cancelled their holiday again, poor guy").triggers == ()


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        # A wish undone in a few words after it.
        ("I wanted to text him again. I didn't.", "reassurance_seeking", "resisted"),
        ("Was about to scroll through her followers, and closed the app.", "checking", "resisted"),
        ("I want to ask if he still loves me but I'm keeping my mouth shut", "reassurance_seeking", "resisted"),
        # Wishes said another way.
        ("Felt the pull to check his location again.", "checking", "urge"),
        ("All I want is to ask her if we're okay.", "reassurance_seeking", "urge"),
        ("Everything in me is screaming at me to check his phone.", "checking", "urge"),
        # Near misses: a friend's suggestion is no wish of the person's; a deed stays a deed.
        ("I checked his phone last night. I feel awful.", "checking", "acted"),
    ],
)
def test_urge_status_forms(text: str, name: str, status: str) -> None:
    found = {u.name: u.status.value for u in detect_urges(text)}
    assert found.get(name) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Wanted to go silent on him for a day. I didn't. Made tea instead.", "resisted"),
        ("I wanted to test him with a fake text. Deleted the draft.", "resisted"),
        ("I want to go quiet on her. Bit my tongue and stayed.", "resisted"),
        ("I want to go quiet on her for a day.", "urge"),
    ],
)
def test_status_of_text_reads_a_wish_undone(text: str, status: str) -> None:
    from steadyheart.understanding.urges import status_of_text

    assert status_of_text(text).value == status
