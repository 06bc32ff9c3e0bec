"""General forms behind the wording the fifth blind author (blind5) used: project-written cases, none of that
part's messages. Each form has sentences it must find and near misses it must leave alone."""

from __future__ import annotations

import pytest

from steadyheart.understanding import analyze
from steadyheart.understanding.analysis import Scored, UrgeFinding, UrgeStatus
from steadyheart.understanding.post_filters import (
    without_dots_withdrawing,
    without_errands,
    without_exertion,
    without_own_silence,
    without_past_symptom,
    without_settled,
    without_step_called_off,
)
from steadyheart.understanding.signals import triggers

from .support import names, statuses


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # The partner away or out with a group; a trip named for the group; drinks with the team.
        ("He's flying to Malaga with the lads on Friday.", "partner_with_others"),
        ("she's gone to the lake with her uni mates for the weekend", "partner_with_others"),
        ("he's back from his lads' weekend in Newcastle", "partner_with_others"),
        ("She's having leaving drinks with her department tonight.", "partner_with_others"),
        ("There's a party at his mate's and I'm not going.", "partner_with_others"),
        # Someone described, talking to or touching the partner; a crush the partner owned up to.
        ("He was chatting to some tall ginger guy at the bar all night.", "partner_with_others"),
        ("That woman from the choir is always touching her arm.", "partner_with_others"),
        ("She told me once she had a huge crush on her flatmate.", "partner_with_others"),
        ("His phone has been off since he went to that do.", "partner_with_others"),
        # Social media said sideways: a feed, Strava, the partner on a dating app, comments on the pictures.
        ("Every wedding on my feed makes me feel behind.", "social_media"),
        ("I saw on Strava that she cycled with a guy from her club.", "social_media"),
        ("He's still on Bumble and we've been together a year.", "social_media"),
        ("Some lad keeps commenting on her photos.", "social_media"),
        # Late replies: days of one-word texts, a call meant to come, a phone that has died, voicemail.
        ("A week of 'ok' and 'sure' from him.", "delayed_reply"),
        ("He was supposed to call on his break and hasn't.", "delayed_reply"),
        ("her phone's died, or so she says", "delayed_reply"),
        ("He keeps sending my calls to voicemail.", "delayed_reply"),
        ("seen and ignored again", "delayed_reply"),
        ("She missed our video call for the second night.", "delayed_reply"),
        ("His answer took six hours.", "delayed_reply"),
        # A partner quiet in person; a raised voice.
        ("he's been mega quiet since his brother visited", "partner_mood"),
        ("Why does he go so quiet around his dad?", "partner_mood"),
        ("She raised her voice at me in front of everyone.", "conflict"),
    ],
)
def test_sideways_triggers_are_found(text: str, label: str) -> None:
    assert label in names(triggers(text))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Met him on Hinge last spring and it's been lovely.", "social_media"),
        ("I went for dinner with his friends and they were lovely.", "partner_with_others"),
        ("Her phone died at the fair so we met at the gate like we'd planned.", "delayed_reply"),
    ],
)
def test_near_misses_are_left_alone(text: str, label: str) -> None:
    assert label not in names(analyze(text).triggers)


@pytest.mark.parametrize(
    ("text", "label", "status"),
    [
        ("I'll go dark on him for a bit.", "withdrawing", UrgeStatus.URGE),
        ("I wanted to hide under the duvet all day.", "withdrawing", UrgeStatus.URGE),
        ("I deleted her number last night.", "withdrawing", UrgeStatus.ACTED),
        ("I haven't answered him since Tuesday.", "withdrawing", UrgeStatus.ACTED),
        ("I ended it with her before she could end it with me.", "withdrawing", UrgeStatus.ACTED),
        ("I told her about the date offer just to get a rise out of her.", "testing", UrgeStatus.ACTED),
        ("I posted it for him to see and get jealous.", "testing", UrgeStatus.ACTED),
        # A wish held back, said later in the message or with an intensifier.
        ("I wanted so badly to check his phone but I put it in a drawer.", "checking", UrgeStatus.RESISTED),
        ("I wanted to accuse her of lying about the gym. Glad I kept quiet.", "accusing", UrgeStatus.RESISTED),
        ("I keep wanting to block him, but I haven't.", "withdrawing", UrgeStatus.RESISTED),
        ("i've typed and deleted 'do you still love me' three times", "reassurance_seeking", UrgeStatus.RESISTED),
        ("I need to stop overthinking what he said.", "rumination", UrgeStatus.ACTED),
    ],
)
def test_behaviours_and_their_status(text: str, label: str, status: UrgeStatus) -> None:
    assert statuses(text).get(label) is status


def test_a_habit_given_up_years_ago_is_no_behaviour() -> None:
    assert "checking" not in statuses("I used to check his phone every night but I stopped a long time back.")
    assert "checking" not in statuses("I used to read her messages, that was years ago.")


def test_an_errand_called_off_is_no_cancelled_plan() -> None:
    text = "We cancelled the broadband contract, finally."
    assert not without_errands(text, (Scored("cancelled_plans", 0.9, "cancelled"),))
    kept = "She cancelled the dinner we booked."
    assert without_errands(kept, (Scored("cancelled_plans", 0.9, "cancelled"),))


def test_a_body_stirred_by_exercise_with_no_partner_is_dropped() -> None:
    racing = (Scored("racing_heart", 0.9, "heart was pounding"),)
    assert not without_exertion("My heart was pounding on the treadmill.", racing)
    assert without_exertion("My heart was pounding at the gym because he hasn't texted.", racing)
    assert not without_exertion("I was shaking the bottle too hard.", (Scored("shaking", 0.9, "shaking"),))
    assert without_exertion("I was shaking the whole time.", (Scored("shaking", 0.9, "shaking"),))


def test_the_persons_own_silence_is_not_a_late_reply() -> None:
    text = "I've gone quiet on him all week, one-word replies only."
    late = (Scored("delayed_reply", 0.9, "one-word replies"),)
    withdrew = (UrgeFinding("withdrawing", UrgeStatus.ACTED, 0.9, "I've gone quiet"),)
    assert not without_own_silence(text, late, withdrew)
    partner = "I went quiet on him and he's sent one-word replies since."
    assert without_own_silence(partner, late, withdrew)


def test_the_typing_dots_do_not_withdraw() -> None:
    dots = (UrgeFinding("withdrawing", UrgeStatus.ACTED, 0.9, "the dots appeared and disappeared"),)
    assert not without_dots_withdrawing(dots)


def test_a_step_called_off_is_not_a_step_taken() -> None:
    step = (Scored("closeness_deepening", 0.9, "meeting his parents"),)
    assert not without_step_called_off("He postponed meeting his parents again.", step)
    assert without_step_called_off("I'm meeting his parents on Sunday.", step)


def test_a_symptom_long_gone_is_dropped() -> None:
    sleep = (Scored("trouble_sleeping", 0.9, "lie awake"),)
    assert not without_past_symptom("I used to lie awake over him, but that was years ago.", sleep)
    assert without_past_symptom("I lie awake every night now.", sleep)


@pytest.mark.parametrize(
    "text",
    [
        "He's in Oslo for work and I'm enjoying the peace.",
        "Our first weekend away, it was magic.",
        "We've lived together a year now and it feels like home.",
        "She's away with her sister and I'm reading in peace.",
    ],
)
def test_settled_messages_keep_no_trigger(text: str) -> None:
    assert not without_settled(text, (Scored("distance", 0.9, "away"),))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("My jaw's been clamped shut all evening.", "tension"),
        ("I haven't touched my lunch since he left.", "stomach_knots"),
        ("I've been in knots since the call.", "stomach_knots"),
        ("there's a sick sort of dread in me all day", "stomach_knots"),
        ("I'm too tired to even cry any more.", "exhaustion"),
        ("My legs feel heavy and spent.", "exhaustion"),
        ("I can't hear her ringtone without my heart jumping.", "racing_heart"),
        ("that racing pulse is back", "racing_heart"),
        ("eyes streaming on the train again", "crying"),
        ("My sleep's completely shot this week.", "trouble_sleeping"),
        ("Zero focus in the lecture today.", "trouble_concentrating"),
        ("I haven't been able to sit still all morning.", "restlessness"),
    ],
)
def test_body_wording_is_found(text: str, label: str) -> None:
    assert label in names(analyze(text).body)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("My neck has been in knots all week.", "stomach_knots"),
        ("my heart does a fluttery happy thing when she walks in", "stomach_knots"),
        ("I went to bed without crying tonight.", "crying"),
    ],
)
def test_body_near_misses_are_left_alone(text: str, label: str) -> None:
    assert label not in names(analyze(text).body)


@pytest.mark.parametrize(
    ("text", "label", "status"),
    [
        ("I'm going to demand to see her phone tonight.", "checking", UrgeStatus.URGE),
        ("I made a fake account to look at his stories.", "checking", UrgeStatus.ACTED),
        ("I keep asking him what's wrong.", "reassurance_seeking", UrgeStatus.ACTED),
        ("Every night I end with 'we're good, right?'", "reassurance_seeking", UrgeStatus.ACTED),
    ],
)
def test_more_behaviours(text: str, label: str, status: UrgeStatus) -> None:
    assert statuses(text).get(label) is status


def test_someone_elses_secret_profile_is_no_checking() -> None:
    assert "checking" not in statuses("The last person I dated had a secret profile on Tinder.")


@pytest.mark.parametrize(
    "text",
    [
        "Ever since I found those texts I can't settle when he's out.",
        "After what my first husband did I check everything.",
        "They'd been sleeping together the whole time we were engaged.",
    ],
)
def test_past_betrayal_said_sideways(text: str) -> None:
    assert "past_betrayal" in names(triggers(text))


@pytest.mark.parametrize(
    ("text", "label", "status"),
    [
        ("I want to ask him if he's bored of me, but I'm holding it in.", "reassurance_seeking", UrgeStatus.RESISTED),
        ("I nearly walked out of the room mid-row, then sat back down.", "withdrawing", UrgeStatus.RESISTED),
        ("I really want to read her messages. Haven't yet.", "checking", UrgeStatus.RESISTED),
        ("I nearly had a go at him about the gym, then thought better of it.", "accusing", UrgeStatus.RESISTED),
        ("I nearly started comparing myself to his ex again but I closed the app.", "comparing", UrgeStatus.RESISTED),
        ("I started comparing myself to his ex again.", "comparing", UrgeStatus.ACTED),
        ("I keep going over everything she said at dinner.", "rumination", UrgeStatus.ACTED),
    ],
)
def test_held_back_later_and_nearly_started(text: str, label: str, status: UrgeStatus) -> None:
    assert statuses(text).get(label) is status


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I walked out of the shop with the wrong change.", "withdrawing"),
        ("I could go through everything she said again tonight.", "checking"),
    ],
)
def test_behaviour_near_misses(text: str, label: str) -> None:
    assert label not in statuses(text)


@pytest.mark.parametrize(
    ("text", "label", "status"),
    [
        # Leave-one-author-out misses of blind4 (written afresh, none of its messages).
        ("I lay there running through every single word of the call.", "rumination", UrgeStatus.ACTED),
        ("I keep convincing myself she's about to leave.", "rumination", UrgeStatus.ACTED),
        ("I went over it all night.", "rumination", UrgeStatus.ACTED),
        ("I can't stop picturing who's at that party.", "rumination", UrgeStatus.ACTED),
        ("I didn't text back, to see if he'd ring back.", "testing", UrgeStatus.ACTED),
        ("I left it a day to see how long before he notices.", "testing", UrgeStatus.ACTED),
        ("I want to post it so she sees and gets jealous.", "testing", UrgeStatus.URGE),
        ("He asked if I trusted him and I said 'prove it'.", "testing", UrgeStatus.ACTED),
        ("I told him he's obviously lost interest.", "accusing", UrgeStatus.ACTED),
        ("I keep lining myself up against his colleagues.", "comparing", UrgeStatus.ACTED),
        ("Everyone else's girlfriends remember anniversaries.", "comparing", UrgeStatus.ACTED),
        ("I nearly asked her to send me a photo of where she is.", "checking", UrgeStatus.URGE),
        ("I want to turn up at his flat and see.", "checking", UrgeStatus.URGE),
        ("Maybe I should end it first.", "withdrawing", UrgeStatus.URGE),
        # A marker is a whole word: "a voice note" holds no "not".
        ("I sent her a voice note saying I know she's seeing someone.", "accusing", UrgeStatus.ACTED),
    ],
)
def test_leave_one_author_out_forms(text: str, label: str, status: UrgeStatus) -> None:
    assert statuses(text).get(label) is status


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The manager will go over it with all of us on Monday.", "rumination"),
        ("It's hard to convince myself it's getting better.", "rumination"),
        ("I went over it several times before the presentation.", "rumination"),
    ],
)
def test_leave_one_author_out_near_misses(text: str, label: str) -> None:
    assert label not in statuses(text)


@pytest.mark.parametrize("text", ["I keep losing my place in the book.", "I can't follow the plot tonight."])
def test_losing_the_thread_is_trouble_concentrating(text: str) -> None:
    assert "trouble_concentrating" in names(analyze(text).body)


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        # Leave-one-author-out misses of blind3 (written afresh).
        ("We've been rowing about money all week.", "trigger", "conflict"),
        ("We said things we can't take back.", "trigger", "conflict"),
        ("I still can't believe she proposed.", "trigger", "closeness_deepening"),
        ("I'm saying I love you for the first time tonight.", "trigger", "closeness_deepening"),
        ("My hands shake when his name comes up.", "body", "shaking"),
        ("Butterflies all morning, the bad kind.", "body", "stomach_knots"),
    ],
)
def test_blind3_forms(text: str, kind: str, label: str) -> None:
    a = analyze(text)
    assert label in names(a.triggers if kind == "trigger" else a.body)


def test_rowing_a_boat_is_no_conflict() -> None:
    assert "conflict" not in names(analyze("We love rowing about on the lake at weekends.").triggers)


def test_a_charge_in_the_persons_own_words() -> None:
    assert statuses("I texted her 'so you lied to me then?'").get("accusing") is UrgeStatus.ACTED
