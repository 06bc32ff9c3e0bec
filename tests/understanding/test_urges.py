"""Urges vs deeds vs resisting; project-written cases."""

from __future__ import annotations

import pytest

from steadyheart.understanding import analyze
from steadyheart.understanding.analysis import UrgeStatus
from steadyheart.understanding.urges import detect_urges

URGE, ACTED, RESISTED = UrgeStatus.URGE, UrgeStatus.ACTED, UrgeStatus.RESISTED


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        ("I want to check his phone.", "checking", URGE),
        ("I checked his phone while he slept.", "checking", ACTED),
        ("I didn't check his phone.", "checking", RESISTED),
        ("I keep checking her location.", "checking", ACTED),
        ("I stopped myself from checking his messages.", "checking", RESISTED),
        ("I really wanted to look through his phone but I didn't.", "checking", RESISTED),
        ("I'm so tempted to ask him if he still loves me.", "reassurance_seeking", URGE),
        ("I asked her three times if we're okay.", "reassurance_seeking", ACTED),
        ("I haven't asked him for reassurance today.", "reassurance_seeking", RESISTED),
        ("I ignored his texts to see if he'd notice.", "testing", ACTED),
        ("I want to pull away from him.", "withdrawing", URGE),
        ("I accused her of lying.", "accusing", ACTED),
        ("I keep replaying the argument.", "rumination", ACTED),
        ("I can't stop comparing myself to his ex.", "comparing", ACTED),
        ("I had a peek at his texts.", "checking", ACTED),
        ("I held back from asking him if we're alright.", "reassurance_seeking", RESISTED),
        ("I'm this close to confronting her.", "accusing", URGE),
        ("I was going to test him but I didn't.", "testing", RESISTED),
        ("I nearly made up a story to test him but didn't.", "testing", RESISTED),
        ("She's prettier than me, I know it.", "comparing", ACTED),
        ("I want to see if he'll text first.", "testing", URGE),
        ("I stopped myself comparing to her today.", "comparing", RESISTED),
        ("I wake at 4 with my mind racing.", "rumination", ACTED),
        ("I almost went quiet on her but I texted back.", "withdrawing", RESISTED),
        ("I want her to promise me she won't leave.", "reassurance_seeking", URGE),
        ("I was going to make him jealous but I decided against it.", "testing", RESISTED),
        ("I want to play hard to get.", "testing", URGE),
        ("I've been keeping my distance from him.", "withdrawing", ACTED),
        ("I wanted to have a go at her but I bit my tongue.", "accusing", RESISTED),
        ("I've been stewing over it all day.", "rumination", ACTED),
        ("I'm trying not to dwell on it.", "rumination", RESISTED),
        ("I'll never match up to her ex.", "comparing", ACTED),
        ("I want to see how I stack up against her.", "comparing", URGE),
    ],
)
def test_status(text: str, name: str, status: UrgeStatus) -> None:
    found = {u.name: u.status for u in detect_urges(text)}
    assert found.get(name) is status, found


def test_evidence_comes_from_the_message() -> None:
    text = "Honestly, I want to check his phone so badly."
    (finding,) = detect_urges(text)
    assert finding.evidence in text and "check" in finding.evidence


def test_a_wish_turned_down_is_no_urge() -> None:
    assert detect_urges("I don't want to check his phone, I want to trust him.") == ()


def test_the_partners_behaviour_is_not_the_persons_urge() -> None:
    assert detect_urges("I cry every night after he goes quiet.") == ()


def test_context_settles_a_short_reply() -> None:
    earlier = "I really want to check his phone right now."
    assert [(u.name, u.status) for u in analyze("But I didn't.", context=[earlier]).urges] == [
        ("checking", RESISTED)
    ]
    assert [(u.name, u.status) for u in analyze("and then I did it", context=[earlier]).urges] == [
        ("checking", ACTED)
    ]
    assert analyze("But I didn't.").urges == ()


def test_a_deed_denied_beside_the_wish_is_held_back() -> None:
    from steadyheart.understanding.urges import status_of_text

    assert status_of_text("I didn't text her even though I badly wanted to") is RESISTED
    assert status_of_text("I never messaged him, though I was dying to") is RESISTED
    # a denial about something else leaves the wish a wish
    assert status_of_text("I didn't sleep and I want to message him") is URGE
