"""General forms behind the calm messages of the tenth blind author (blind10, retired in session 11): a body signal
with an everyday cause named beside it, and excitement or pride said outright. Project-written cases, none of that
part's messages; each form has sentences it must leave unlabelled and near misses it must still read."""

from __future__ import annotations

import pytest

from steadyheart.understanding import analyze


@pytest.mark.parametrize("text", [
    # An illness, a medicine, a pregnancy, a ride, a film, a jump, a drill, the neighbours, a shift, the weather.
    "Proper head cold this week, my chest is tight and I sound like a goose. She keeps making me lemon tea.",
    "Came down with a tummy bug on holiday. Queasy all day. Otherwise a lovely trip with him.",
    "Seven months pregnant and can't sleep for kicking. Husband rubs my back every night.",
    "Turbulence over the Alps had my heart going like mad, he just laughed and held my hand.",
    "My legs were jelly after the bungee jump, best birthday present ever from my girlfriend.",
    "Shaky hands all morning, the new meds take some getting used to. All fine at home.",
    "Can't sleep with the neighbours' dog barking, my wife wears earplugs and sleeps like a log.",
    "Wiped out after a double shift on the ward, he ran me a bath.",
    "Heart thumping after that scary movie, we had to watch a cartoon after it lol.",
    # Excitement or pride said outright.
    "So excited, we're getting a puppy on Saturday!",
    "Haven't checked his location once this month. Proud of myself.",
    "He proposed on the beach and I'm over the moon.",
])
def test_calm_messages_with_an_everyday_cause_stay_unlabelled(text: str) -> None:
    analysis = analyze(text)
    assert [s.name for s in analysis.body] == [] and [t.name for t in analysis.triggers] == []


@pytest.mark.parametrize(("text", "label"), [
    # The cause set aside, only a simile, or the partner in the same clause: the signal is the worry's.
    ("My stomach's in knots and it's not the flu. He still hasn't said where he was last night.", "stomach_knots"),
    ("Dragging myself round like I've got flu since she cancelled on me again.", "exhaustion"),
    ("My hands shake when he goes quiet, even on the ferry home.", "shaking"),
    ("I can't concentrate on my exams because he's stopped replying.", "trouble_concentrating"),
    ("Grinding my teeth so much the dentist asked what's wrong. It's us. It's always us lately.", "tension"),
    ("Chest feels like it's wrapped in cling film. Seen at 9, no reply.", "tight_chest"),
])
def test_signals_beside_an_everyday_word_still_count(text: str, label: str) -> None:
    assert label in [s.name for s in analyze(text).body]


@pytest.mark.parametrize(("text", "label"), [
    # A worry after the excitement still counts.
    ("I should be over the moon that he wants to move in. Instead I'm dreading it.", "closeness_deepening"),
    ("Thrilled to meet her parents. Also terrified, she hasn't texted since breakfast.", "delayed_reply"),
    ("I can't wait for this week to be over, he's been so distant", "partner_mood"),
])
def test_worry_after_excitement_keeps_its_trigger(text: str, label: str) -> None:
    assert label in [t.name for t in analyze(text).triggers]


@pytest.mark.parametrize(("text", "present", "absent"), [
    # "Distant" is a mood; a shared, called-off or friends' trip ahead is not being apart.
    ("He's been so distant since Sunday and I keep replaying it.", "partner_mood", "distance"),
    ("She cancelled our weekend in Cornwall, again.", "cancelled_plans", "distance"),
    ("He's booked on the lads' weekend to Prague and I feel sick.", "partner_with_others", "distance"),
])
def test_moods_and_trips_that_are_not_distance(text: str, present: str, absent: str) -> None:
    found = [t.name for t in analyze(text).triggers]
    assert present in found and absent not in found


@pytest.mark.parametrize("text", [
    "She's on a hen weekend in Dublin till Monday and the flat is so quiet.",
    "He postponed his trip to see me for the third time, the flights were too dear.",
])
def test_being_apart_is_still_distance(text: str) -> None:
    assert "distance" in [t.name for t in analyze(text).triggers]


@pytest.mark.parametrize("text", [
    # An earlier partner and what they did, told sideways.
    "The last man I lived with hid a second phone for a year, so every buzz makes me jump.",
    "I keep thinking about what she did two years ago whenever she's late.",
    "The lies from last time are all I can hear when he says he's working late.",
    "This is exactly how it started with Marcus, the late nights first.",
    "My ex gave me plenty of reasons to check. He's given me none.",
])
def test_an_earlier_betrayal_told_sideways(text: str) -> None:
    assert "past_betrayal" in [t.name for t in analyze(text).triggers]

