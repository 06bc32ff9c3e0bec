"""General forms behind the wording the sixth blind author (blind6) used: project-written cases, none of that
part's messages. Each form has sentences it must find and near misses it must leave alone."""

from __future__ import annotations

import numpy as np
import pytest

from steadyheart.understanding import analyze, embed_one, signal_head
from steadyheart.understanding.analysis import Scored, UrgeFinding, UrgeStatus
from steadyheart.understanding.post_filters import (
    without_busy_night,
    without_own_yardstick,
    without_second_hand_company,
    without_settled,
)
from steadyheart.understanding.signals import body_signals, triggers
from steadyheart.understanding.urges import declined, status_of_text

from .support import names, statuses


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # No goodnight from a partner who always sends one; a partner who takes ages.
        ("It's half eleven and she still hasn't said goodnight.", "delayed_reply"),
        ("I hate how he takes forever to text back.", "delayed_reply"),
        # A partner silent in the room.
        ("He's sat right next to me on the sofa and hasn't said a word since dinner.", "partner_mood"),
        # A row on a named day.
        ("My neck still aches from the row on Tuesday.", "conflict"),
        # Two cities for the two of them; a call from far away.
        ("She's in Toronto and I'm in Bristol, so our evenings never line up.", "distance"),
        ("He rang me from Singapore at 4am my time.", "distance"),
        ("We've been talking across the Atlantic for a year.", "distance"),
        # Early days: a new person a few weeks in, not yet asked, dating since a month named.
        ("New girl, three weeks, and I already check my phone like a maniac.", "early_uncertainty"),
        ("Five months and she still hasn't asked me to be her boyfriend.", "early_uncertainty"),
        ("We've only been seeing each other since March.", "early_uncertainty"),
        # A lie found out before.
        ("Ever since she lied about the weekend in Leeds I can't relax when she's out.", "past_betrayal"),
        ("He lied to me about where he was once and I still think about it.", "past_betrayal"),
        ("Since finding out he'd lied about the job, every excuse sounds fake.", "past_betrayal"),
        # Engaged, "I love you" said first, a partner moving here, family asking about marriage.
        ("We got engaged on Sunday and I feel sick with nerves.", "closeness_deepening"),
        ("She said 'I love you' first and I froze.", "closeness_deepening"),
        ("He told me he loved me and I didn't say it back.", "closeness_deepening"),
        ("She's finally moving here in the spring and I'm scared it'll change things.", "closeness_deepening"),
        ("His aunt keeps asking when we'll get married.", "closeness_deepening"),
        # A post of mine the partner did not like; stories the partner stopped viewing.
        ("She didn't even like my photo from the concert.", "social_media"),
        ("he's stopped watching my stories this week", "social_media"),
    ],
)
def test_triggers_said_sideways(text: str, label: str) -> None:
    assert label in names(triggers(text))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # A row on a rowing boat is no quarrel; a commute is no trip.
        ("We sat in the front row on Saturday and the band was great.", "conflict"),
        ("I made her a coffee before she left for work.", "distance"),
        # A named place that is not the partner's city.
        ("He rang me from work to say he'd be late for tea.", "distance"),
        # "Stopped" before the story is the partner's doing, but not seeing one story is no trigger.
        ("I stopped posting stories ages ago, I just don't enjoy it.", "social_media"),
    ],
)
def test_trigger_near_misses(text: str, label: str) -> None:
    assert label not in names(triggers(text))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("It feels like my lungs are too small for my body tonight.", "tight_chest"),
        ("I can't keep any food down since the argument.", "stomach_knots"),
        ("I can't eat or concentrate at work.", "trouble_concentrating"),
        ("Honestly I can't hold a single thought today.", "trouble_concentrating"),
        ("Exams next week and I can't revise at all.", "trouble_concentrating"),
        ("Lying here at 3am, no chance of sleep.", "trouble_sleeping"),
    ],
)
def test_body_wording_is_found(text: str, label: str) -> None:
    assert label in names(body_signals(text))


def test_a_hungry_stomach_is_no_knot() -> None:
    assert "stomach_knots" not in names(body_signals("My stomach's growling, time for a sandwich."))
    assert "stomach_knots" not in names(body_signals("My tummy is rumbling so loud in this meeting."))


@pytest.mark.parametrize(
    ("text", "label", "status"),
    [
        # Reassurance from family or friends about the partner.
        ("I asked my brother, my flatmate and my aunt whether they think she's losing interest.",
         "reassurance_seeking", UrgeStatus.ACTED),
        # Checking: the office rung, a shoulder read over, old posts gone through, a drive past, a last seen.
        ("I nearly rang her office to check she was really in.", "checking", UrgeStatus.URGE),
        ("I keep reading his messages over his shoulder.", "checking", UrgeStatus.ACTED),
        ("I've gone through all her old photos from before we met.", "checking", UrgeStatus.ACTED),
        ("I drove past after work to see if her car was outside his place.", "checking", UrgeStatus.ACTED),
        ("I want to look at his last seen again.", "checking", UrgeStatus.URGE),
        # Testing: done on purpose, so the partner sees, "let's see if", "then I'll know".
        ("Left his message on read on purpose.", "testing", UrgeStatus.ACTED),
        ("I wore the red dress so he'd notice.", "testing", UrgeStatus.ACTED),
        ("Changed my profile picture. Let's see if she notices.", "testing", UrgeStatus.ACTED),
        ("If he doesn't ask about my day then I'll know.", "testing", UrgeStatus.ACTED),
        # Withdrawing: the phone switched off, no reply all evening.
        ("I switched my phone off and went for a walk alone.", "withdrawing", UrgeStatus.ACTED),
        ("I haven't answered him for hours and I don't plan to.", "withdrawing", UrgeStatus.ACTED),
        # Accusing: demanding the partner explain.
        ("I demanded she explain the hotel receipt.", "accusing", UrgeStatus.ACTED),
        # Rumination: every second gone over, the timing analysed, a mind at a hundred miles an hour,
        # lying awake working it out, every word reread, a whole day spent on it, a row on loop.
        ("I went over every second of our goodbye at the station.", "rumination", UrgeStatus.ACTED),
        ("I spent the whole commute analysing the timing of her texts.", "rumination", UrgeStatus.ACTED),
        ("My head's going a hundred miles an hour about tonight.", "rumination", UrgeStatus.ACTED),
        ("I lay awake till four working out what he meant.", "rumination", UrgeStatus.ACTED),
        ("I reread every single word of her email at lunch.", "rumination", UrgeStatus.ACTED),
        ("I could easily spend hours going over it.", "rumination", UrgeStatus.URGE),
        ("I keep playing that phone call on loop.", "rumination", UrgeStatus.ACTED),
        # Comparing: held up against someone, a list of what the other has, what a named person had.
        ("I keep holding myself up against her best friend.", "comparing", UrgeStatus.ACTED),
        ("Her ex? He's taller and richer, obviously.", "comparing", UrgeStatus.ACTED),
        ("I wonder what Priya had that I don't.", "comparing", UrgeStatus.ACTED),
    ],
)
def test_behaviours_and_their_status(text: str, label: str, status: UrgeStatus) -> None:
    assert statuses(text).get(label) is status


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("He was late on purpose, I swear.", "testing"),
        ("I rang his mum to ask about Sunday lunch.", "checking"),
        ("I keep playing that song on repeat.", "rumination"),
        ("I can't stop thinking about the ending of that film.", "rumination"),
        ("We spent all day going over the wedding budget with the planner.", "rumination"),
    ],
)
def test_behaviour_near_misses(text: str, label: str) -> None:
    assert label not in statuses(text)


@pytest.mark.parametrize(
    ("text", "label", "status"),
    [
        # A wish held back, said after it in other words.
        ("I want to ask her if she still finds me attractive but I'm not going to.",
         "reassurance_seeking", UrgeStatus.RESISTED),
        ("I wanted to leave the call and ignore her. I didn't, I stayed and listened.",
         "withdrawing", UrgeStatus.RESISTED),
        ("I want to go cold on him this weekend to see if he notices. I won't.", "testing", UrgeStatus.RESISTED),
        ("I was itching to text asking if we're ok. Didn't send a single one.",
         "reassurance_seeking", UrgeStatus.RESISTED),
        ("I was about to check his location and I closed it.", "checking", UrgeStatus.RESISTED),
        ("I really want to ignore her call but I picked up.", "withdrawing", UrgeStatus.RESISTED),
        ("I almost went quiet on her. Then I thought, no, I'll just say it.", "withdrawing", UrgeStatus.RESISTED),
        ("I could go over it all night but I'm forcing myself not to.", "rumination", UrgeStatus.RESISTED),
        # The old self's habit, not acted on.
        ("This time I talked it through. Old me would've ghosted her for a week.", "withdrawing", UrgeStatus.RESISTED),
        # "and then just go dark" continues the wish.
        ("I want to say I'm fine and then just go dark for a bit.", "withdrawing", UrgeStatus.URGE),
        # Words typed out are a wish until sent; sent, a deed.
        ("I typed 'are we ok' and deleted it.", "reassurance_seeking", UrgeStatus.RESISTED),
        ("I typed 'are we ok' and sent it.", "reassurance_seeking", UrgeStatus.ACTED),
        # "Stopped myself from ..." holds back a comparison said without a verb too.
        ("Stopped myself from opening her profile to see if she's thinner than me.", "comparing",
         UrgeStatus.RESISTED),
        # A clause with its own "I" is a deed, not the earlier plan's wish.
        ("We're going to look at flats and every night I lie awake wondering if she's sure.", "rumination",
         UrgeStatus.ACTED),
    ],
)
def test_status_said_elsewhere(text: str, label: str, status: UrgeStatus) -> None:
    assert statuses(text).get(label) is status


def test_going_quiet_on_purpose_or_to_see_is_a_test_not_a_retreat() -> None:
    assert "withdrawing" not in statuses("Didn't reply to her all evening on purpose.")
    assert "withdrawing" not in statuses("thinking of going quiet on him for a day, see if he even notices")
    assert "withdrawing" not in statuses("I want to switch my phone off and let her wonder where I am.")


def test_a_purpose_denied_is_no_behaviour_and_the_head_may_not_add_it() -> None:
    text = "I didn't text her back tonight. Not to test her, I was just tired."
    assert "testing" not in statuses(text)
    assert "testing" in declined(text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Been thinking about making a fake profile to message him.", UrgeStatus.URGE),
        ("We're going to start house hunting and I lie awake most nights.", UrgeStatus.ACTED),
        ("I blocked her for a day. What I should've said was different.", UrgeStatus.ACTED),
        ("I wanted to scroll through her chats. I gave it straight back.", UrgeStatus.RESISTED),
    ],
)
def test_status_of_text_needs_the_persons_own_wish(text: str, status: UrgeStatus) -> None:
    assert status_of_text(text) is status


@pytest.mark.parametrize(
    "text",
    [
        "She's in Rome for a conference, sending me pictures of pasta. Love it.",
        "He's on a stag with his mates and I'm at a spa with my sister. Everyone wins.",
        "Her parents came for lunch, the easiest visit ever.",
        "We argued about the paint colour, both of us laughing by the end.",
        "We had a silly row about the bins and sorted it over a cuppa.",
        "Long distance was hard but we're properly settled now.",
    ],
)
def test_settled_messages_keep_no_trigger(text: str) -> None:
    assert not without_settled(text, (Scored("distance", 0.9, "away"),))


def test_a_what_if_after_good_news_keeps_the_trigger() -> None:
    text = "We had such a lovely time at her parents'. What if they think I'm not good enough?"
    assert without_settled(text, (Scored("closeness_deepening", 0.9, "her parents"),))


def test_staying_calm_news_with_a_proposal_still_counts() -> None:
    assert "closeness_deepening" in names(analyze("He proposed at the lake and I said yes.").triggers)


def test_someone_after_the_person_or_their_own_past_is_not_the_partner_with_others() -> None:
    company = (Scored("partner_with_others", 0.9, "the woman from the office"),)
    text = "I could mention the woman from the office who flirts with me, just to see his face."
    assert not without_second_hand_company(text, company)
    kept = "She's at dinner with the woman from the office again."
    assert without_second_hand_company(kept, company)
    past = (Scored("partner_with_others", 0.9, "a guy"),)
    assert not without_second_hand_company("I dated a guy for a year who was seeing three others.", past)


def test_a_partners_last_girlfriend_as_yardstick_is_comparing_only() -> None:
    found = (Scored("partner_with_others", 0.9, "his last girlfriend"),)
    comparing = (UrgeFinding("comparing", UrgeStatus.ACTED, 0.9, "compared to"),)
    assert not without_own_yardstick(found, comparing)


def test_a_night_up_for_a_task_is_not_trouble_sleeping() -> None:
    up = (Scored("trouble_sleeping", 0.9, "up till 3"),)
    assert not without_busy_night("Stayed up till 3 packing for the holiday, so excited.", up)
    assert without_busy_night("Stayed up till 3 again, couldn't switch off.", up)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I'm still sore about her bailing on our anniversary.", "cancelled_plans"),
        ("He bailed for some golf thing with his dad.", "cancelled_plans"),
        ("Turns out she's been messaging her ex every night.", "partner_with_others"),
        ("He's so much friendlier with his colleague than he is with me.", "partner_with_others"),
        ("She stiffened when I hugged her in the kitchen.", "partner_mood"),
    ],
)
def test_more_triggers_said_sideways(text: str, label: str) -> None:
    assert label in names(triggers(text))


def test_fine_taken_back_is_not_settled() -> None:
    text = "I said it's fine. It's not fine. He's skipped three dates now."
    assert without_settled(text, (Scored("cancelled_plans", 0.9, "skipped"),))


@pytest.mark.parametrize(("weight", "behaviours_added"), [(1.2, False), (1.6, True)])
def test_the_head_asks_more_of_the_words_for_a_behaviour(weight: float, behaviours_added: bool) -> None:
    shipped = signal_head.head()
    word_weights = np.zeros_like(shipped.word_weights)
    word_weights[shipped.vocabulary["tonight"]] = weight
    given = signal_head.SignalHead(
        labels=shipped.labels,
        embedding_weights=np.zeros_like(shipped.embedding_weights),
        word_weights=word_weights,
        bias=np.full(len(shipped.labels), 20.0, np.float32),
        vocabulary=shipped.vocabulary,
        threshold=shipped.threshold,
    )
    text = "I am home tonight."
    body, _, found_urges = signal_head.with_head(text, embed_one(text), (), (), (), signal_head=given)
    assert body
    assert bool(found_urges) is behaviours_added
