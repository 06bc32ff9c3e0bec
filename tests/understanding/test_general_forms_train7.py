"""General forms read from train7a/b's errors (session 7): older and under-saying voices, teens, slang and English
as a second language. Every sentence is the project's own, never one of the parts'; each group has calm
neighbours that must stay unlabelled."""

from __future__ import annotations

import pytest

from steadyheart.understanding import analyze


def labels(text: str) -> set[str]:
    a = analyze(text)
    return {s.name for s in a.body} | {s.name for s in a.triggers} | {u.name for u in a.urges}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("My husband told me he wants time alone to rethink things.", "partner_mood"),
        ("She said she's not sure what she wants anymore.", "partner_mood"),
        ("He's been 'too busy' to ring me all week.", "partner_mood"),
        ("She's sleeping in the spare room again.", "partner_mood"),
        ("my gf back home has gone really quiet", "partner_mood"),
        ("He hasn't picked up my calls since this morning.", "delayed_reply"),
        ("Since he moved, the calls have slowed down to once a week.", "delayed_reply"),
        ("Lying in bed waiting for her good morning text.", "delayed_reply"),
        ("He started typing then stopped typing, twice.", "delayed_reply"),
        ("Her contract in Doha runs till spring.", "distance"),
        ("We have a 7 hour time difference now.", "distance"),
        ("we're 900km apart and it shows", "distance"),
        ("She's on a date with her new person tonight.", "partner_with_others"),
        ("I saw her story, some guy's arm around her.", "partner_with_others"),
        ("I saw her story from the bar.", "social_media"),
        ("I didn't open his insta once today.", "social_media"),
        ("We got into it over text about his friends.", "conflict"),
        ("After what he said at dinner I'm still raw.", "conflict"),
        ("We're moving in together next month.", "closeness_deepening"),
        ("His parents want to meet me at Easter.", "closeness_deepening"),
        ("I can't shake what Dean did to me.", "past_betrayal"),
        ("I'm lying here at 4am again.", "trouble_sleeping"),
        ("I ain't gonna sleep tonight, am I.", "trouble_sleeping"),
        ("I can't even think straight at work.", "trouble_concentrating"),
        ("My mind's all over the place today.", "trouble_concentrating"),
        ("My neck is in spasm since the row.", "tension"),
        ("I'm literally vibrating waiting for him.", "restlessness"),
        ("I couldn't finish my dinner after his text.", "stomach_knots"),
        ("My legs went like jelly when she said it.", "shaking"),
        ("I'm running on fumes this week.", "exhaustion"),
        ("I opened whatsapp like 30 times to see if he was on.", "checking"),
        ("I keep staring at her discord status.", "checking"),
        ("I switched it off just to see if he'd even notice.", "testing"),
        ("I turned my phone off so she feels what I feel.", "withdrawing"),
        ("I clammed up the whole evening.", "withdrawing"),
        ("That one line has been on loop in my head all day.", "rumination"),
        ("I've picked it apart a hundred ways.", "rumination"),
        ("I'll never measure up to her.", "comparing"),
        ("I feel like the cheap replacement.", "comparing"),
        ("I want to ask him why he lied.", "accusing"),
    ],
)
def test_general_form(text: str, label: str) -> None:
    assert label in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not sure what he wants for his birthday, any ideas?",
        "We have a long chat every Sunday, it's lovely.",
        "Her phone died at the concert so she used her mate's, all good.",
        "Shared locations with my brother for the hike tomorrow.",
        "I'm reading a great story to my niece tonight.",
        "Moving in next door is our new neighbour, seems nice.",
        "I woke at 7 feeling rested for once.",
        "We talked it through and we're fine.",
        "The old shelf is like a plank of wood, needs sanding.",
    ],
)
def test_calm_neighbour(text: str) -> None:
    assert labels(text) & {"partner_mood", "delayed_reply", "checking", "social_media", "distance", "closeness_deepening",
                           "trouble_sleeping", "tension", "conflict"} == set()
