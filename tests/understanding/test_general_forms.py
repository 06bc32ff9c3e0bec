"""General forms behind the wording a second blind author used: project-written cases, not that part's text."""

from __future__ import annotations

import pytest

from steadyheart.understanding import analyze
from steadyheart.understanding.analysis import UrgeStatus
from steadyheart.understanding.signals import body_signals, triggers
from steadyheart.understanding.urges import detect_urges

from .support import names, statuses

URGE, ACTED, RESISTED = UrgeStatus.URGE, UrgeStatus.ACTED, UrgeStatus.RESISTED


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # A late reply told as the clock time and "nothing".
        ("She promised to ring after dinner. It's 11pm, nothing.", "delayed_reply"),
        ("Midnight and still nothing from him.", "delayed_reply"),
        ("He's been on the train all afternoon, not one text.", "delayed_reply"),
        ("She's at the pub with her sister, hasn't messaged back since six.", "delayed_reply"),
        ("He said he'd phone at seven and it's now gone ten.", "delayed_reply"),
        # The partner pulling away or feeling distant is distance, not only travel.
        ("There's a wall between us since the holiday.", "distance"),
        ("He's been pulling away from me for weeks.", "distance"),
        ("She told me she needs some space.", "distance"),
        ("He went cold on me after Christmas.", "distance"),
        ("She's away at her aunt's for a fortnight.", "distance"),
        # The partner out with mates, a hen or stag do, a work crowd.
        ("He's out drinking with his mates again.", "partner_with_others"),
        ("She's on a hen do in Bath all weekend.", "partner_with_others"),
        ("He spent the night at his friend's birthday without me.", "partner_with_others"),
        # Sideways mood, early days, an old betrayal, getting closer.
        ("Really snappy texts from him all morning.", "partner_mood"),
        ("Everything's still so new with her.", "early_uncertainty"),
        ("We agreed to just see how it goes.", "early_uncertainty"),
        ("Since what happened with my ex I can't relax.", "past_betrayal"),
        ("He turned round and said let's move in.", "closeness_deepening"),
    ],
)
def test_general_trigger_forms(text: str, label: str) -> None:
    assert label in names(triggers(text))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I lay there awake until the alarm went off.", "trouble_sleeping"),
        ("My heart's doing a drum solo.", "racing_heart"),
        ("Read the same line of that email about six times.", "trouble_concentrating"),
        ("There's a lump in my throat all day.", "crying"),
        ("I've had a tension headache since lunch.", "tension"),
        ("Legs went to jelly when I saw her.", "shaking"),
        ("I'm running on fumes and dog-tired.", "exhaustion"),
    ],
)
def test_general_body_forms(text: str, label: str) -> None:
    assert label in names(body_signals(text))


@pytest.mark.parametrize(
    "text",
    [
        # Someone else's body is not the person's signal.
        "My girlfriend cried when I told her.",
        "His hands were shaking when he opened it.",
        "She burst into tears at the station.",
        "My sister was sobbing on the phone.",
        # A good night and a sore back from pulling back are not signals.
        "Slept eight hours straight, finally.",
        "I want to pull back before she can hurt me.",
    ],
)
def test_not_the_persons_body_signal(text: str) -> None:
    assert body_signals(text) == ()


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # The person's own company, or a post they only think of making, is not a trigger.
        ("I'm tempted to tell her I'm going to the gig with a girl from my course.", "partner_with_others"),
        ("I nearly posted a selfie with my old flatmate to rattle him.", "social_media"),
        # "get back from" is coming home, not replying.
        ("Waiting for him to get back from football.", "delayed_reply"),
    ],
)
def test_not_a_trigger(text: str, absent: str) -> None:
    assert absent not in names(triggers(text))


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        # A quoted challenge is an accusation; its status comes from the words before it.
        ("I shouted 'who were you really with' as soon as she got in.", "accusing", ACTED),
        ("I stopped myself instead of going 'so where have you been then'.", "accusing", RESISTED),
        ("I told him he obviously fancies his colleague.", "accusing", ACTED),
        # A bare verb after a wish keeps the wish.
        ("I want to go cold on her, pull back for a while.", "withdrawing", URGE),
        ("I want to ask him who that woman is. Actually have it out with him.", "accusing", URGE),
        # "not going to", "but I picked up", "phone face down": held back.
        ("I'm not going to sit here comparing myself to her ex.", "comparing", RESISTED),
        ("Wanted to let his call ring out to make him sweat but I picked up.", "testing", RESISTED),
        ("I almost opened her location but put my phone face down.", "checking", RESISTED),
        # Testing by purpose, jealousy games, and other sideways wording.
        ("I'm tempted to post a picture with a guy so she gets jealous.", "testing", URGE),
        ("I didn't play mind games with him this time.", "testing", RESISTED),
        ("I kept waking up to see if she'd been online.", "checking", ACTED),
        ("I keep asking him if it's something I did.", "reassurance_seeking", ACTED),
        ("I just want to drop off the radar for a week.", "withdrawing", URGE),
        ("I've crawled back into my shell with him.", "withdrawing", ACTED),
        ("I keep thinking over and over that I said the wrong thing.", "rumination", ACTED),
        ("Kept going over what he said on the phone.", "rumination", ACTED),
        ("Her ex is taller and funnier than me.", "comparing", ACTED),
        ("I keep wondering what she has that I don't.", "comparing", ACTED),
    ],
)
def test_general_urge_forms(text: str, name: str, status: UrgeStatus) -> None:
    assert statuses(text).get(name) is status, statuses(text)


def test_making_him_sweat_is_a_test_not_a_retreat() -> None:
    found = statuses("I ignored his calls all evening just to make him sweat.")
    assert found.get("testing") is ACTED and "withdrawing" not in found


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        # Curly apostrophes from a phone keyboard, and contractions typed without one.
        ("I can\u2019t sleep at all.", "body", "trouble_sleeping"),
        ("I cant sleep at all.", "body", "trouble_sleeping"),
        ("He hasn\u2019t replied since lunch.", "trigger", "delayed_reply"),
        ("I couldnt stop crying.", "body", "crying"),
    ],
)
def test_apostrophes(text: str, kind: str, label: str) -> None:
    found = body_signals(text) if kind == "body" else triggers(text)
    assert label in names(found)
    assert all(s.evidence in text for s in found)


def test_curly_negation_still_negates_and_evidence_is_the_persons_words() -> None:
    assert body_signals("My heart isn\u2019t racing.") == ()
    (finding,) = detect_urges("I didn\u2019t check his phone.")
    assert finding.status is RESISTED and finding.evidence in "I didn\u2019t check his phone."


def test_the_whole_analysis_keeps_someone_elses_tears_out() -> None:
    a = analyze("I told her she was flirting with him, she cried, and I feel awful.")
    assert "crying" not in names(a.body)
    assert {u.name: u.status for u in a.urges}.get("accusing") is ACTED


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        # Texting shorthand: no apostrophes, "bf" / "hubby" for the partner.
        ("im so on edge my hearts pounding", "body", "racing_heart"),
        ("ive been bawling all night", "body", "crying"),
        # "distant" is the partner's mood since session 11 (seven of ten authors labelled it so)
        ("bf is being super distant rn", "trigger", "partner_mood"),
        ("my hubby hasnt texted back all day", "trigger", "delayed_reply"),
        ("hes been so cold with me", "trigger", "partner_mood"),
    ],
)
def test_texting_shorthand(text: str, kind: str, label: str) -> None:
    found = body_signals(text) if kind == "body" else triggers(text)
    assert label in names(found)


def test_ill_with_its_apostrophe_still_marks_a_wish() -> None:
    assert statuses("I'll check his phone later.").get("checking") is URGE


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        ("I was going to call her out on it but I chickened out.", "accusing", RESISTED),
        ("I held back from messaging him again asking if we're alright.", "reassurance_seeking", RESISTED),
        ("I threw his lies in his face again.", "accusing", ACTED),
        ("I keep rereading our old messages from the summer.", "rumination", ACTED),
        ("Gonna post a gym selfie so she sees what she's missing.", "testing", URGE),
    ],
)
def test_us_and_slang_urge_forms(text: str, name: str, status: UrgeStatus) -> None:
    assert statuses(text).get(name) is status, statuses(text)


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("He's at a bachelor party in Miami till Sunday.", "trigger", "partner_with_others"),
        ("She's been MIA since this morning.", "trigger", "delayed_reply"),
        ("He flew to Denver for a conference.", "trigger", "distance"),
        ("She told her parents about us.", "trigger", "closeness_deepening"),
        ("I'm losing so much sleep over this.", "body", "trouble_sleeping"),
    ],
)
def test_us_and_slang_signal_forms(text: str, kind: str, label: str) -> None:
    found = body_signals(text) if kind == "body" else triggers(text)
    assert label in names(found)


def test_a_post_only_thought_of_is_no_trigger_even_without_i() -> None:
    assert "social_media" not in names(triggers("Gonna post a gym selfie so she sees what she's missing."))


@pytest.mark.parametrize(
    "text", ["The baby was crying all night.", "Our dog was shaking during the storm.", "The kids were sobbing in the back seat."]
)
def test_a_child_or_pet_is_not_the_person(text: str) -> None:
    assert body_signals(text) == ()


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        # British idioms.
        ("Still waiting for his reply and it's nearly midnight.", "trigger", "delayed_reply"),
        ("She pulled the plug on our trip to Bath.", "trigger", "cancelled_plans"),
        ("We had a right barney over the bins.", "trigger", "conflict"),
        ("He's off on the stag till Monday.", "trigger", "partner_with_others"),
        ("There's been talk of a wedding and I'm panicking.", "trigger", "closeness_deepening"),
        ("Been up since half three.", "body", "trouble_sleeping"),
    ],
)
def test_british_idioms(text: str, kind: str, label: str) -> None:
    found = body_signals(text) if kind == "body" else triggers(text)
    assert label in names(found)


def test_going_quiet_so_he_comes_running_is_a_test() -> None:
    found = statuses("If I go quiet for a day he'll come running.")
    assert found.get("testing") is URGE and "withdrawing" not in found


def test_a_mind_that_wont_stop_is_acted_not_held_back() -> None:
    assert statuses("My head won't stop going round in circles.").get("rumination") is ACTED


@pytest.mark.parametrize(
    ("text", "present"),
    [
        # Contractions typed without the apostrophe negate (or affirm) like the full forms.
        ("my heart wasnt racing at all tonight", False),
        ("my chest isnt tight anymore", False),
        ("i couldnt stop shaking when he left", True),
        ("i cant stop crying", True),
    ],
)
def test_negation_without_apostrophes(text: str, present: bool) -> None:
    assert bool(body_signals(text)) is present


# General forms behind the wording of the third blind author (blind3): project-written cases, not its text.
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Her train got in at nine and I haven't heard a thing.", "delayed_reply"),
        ("He's hardly texted all weekend.", "delayed_reply"),
        ("She forgot to call me again last night.", "delayed_reply"),
        ("He still hasn't picked up, I've tried four times.", "delayed_reply"),
        ("Her phone's been switched off since the match ended.", "delayed_reply"),
        ("He keeps ignoring my voice notes.", "delayed_reply"),
        ("It just says seen 21:40 under my text.", "delayed_reply"),
        ("She said she'd ring when she landed. That was three hours ago.", "delayed_reply"),
        ("Day two of the silent treatment from her.", "partner_mood"),
        ("He's hardly said a word to me since Friday.", "partner_mood"),
        ("She's gone totally quiet since the argument.", "partner_mood"),
        ("He's at his cousin's engagement party tonight.", "partner_with_others"),
        ("Waiting up for her to come home from the leaving do.", "partner_with_others"),
        ("There are pictures from a party I wasn't invited to.", "partner_with_others"),
        ("He's gone up to Glasgow for his brother for a fortnight.", "distance"),
        ("We fight so much because of the distance.", "distance"),
    ],
)
def test_general_trigger_forms_third_author(text: str, label: str) -> None:
    assert label in names(triggers(text))


@pytest.mark.parametrize(
    ("text", "label", "status"),
    [
        ("I drove past his flat on the way home, twice.", "checking", ACTED),
        ("I sat outside her office at five to see who she left with.", "checking", ACTED),
        ("I zoomed in on every photo from the night out.", "checking", ACTED),
        ("I keep refreshing instagram to see if she's posted.", "checking", ACTED),
        ("I texted his mate to ask if he was really at the match.", "checking", ACTED),
        ("I really want to look at where she is right now.", "checking", URGE),
        ("I can't stop picturing them at that dinner.", "rumination", ACTED),
        ("My brain keeps flicking back to that phone call.", "rumination", ACTED),
        ("I pulled his last message apart line by line.", "rumination", ACTED),
        ("The argument is going round and round my head.", "rumination", ACTED),
        ("I've been keeping everything to myself lately.", "withdrawing", ACTED),
    ],
)
def test_general_urge_forms_third_author(text: str, label: str, status: UrgeStatus) -> None:
    assert statuses(text).get(label) is status


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("We argued all the way home from the party.", "partner_with_others"),
        ("I went quiet and gave him the silent treatment.", "partner_mood"),
        ("I haven't heard anything about the job yet, fingers crossed.", "delayed_reply"),
        ("Her story about the weekend keeps changing.", "social_media"),
    ],
)
def test_third_author_forms_keep_their_limits(text: str, label: str) -> None:
    assert label not in names(triggers(text))


def test_a_symptom_that_stopped_is_not_reported() -> None:
    assert "shaking" not in names(body_signals("The trembling finally stopped around midnight."))
    assert "shaking" in names(body_signals("I'm trembling and it won't stop."))


def test_someone_elses_relative_crying_is_not_the_persons() -> None:
    assert "crying" not in names(body_signals("My flatmate's sister was sobbing in the kitchen."))
    assert "crying" in names(body_signals("I cried when my flatmate's sister left."))


def test_the_persons_own_comparison_with_an_ex_is_not_the_partner_with_others() -> None:
    """Both blind authors labelled comparing with a partner's ex, or looking her up, as the person's own act."""
    compared = analyze("I keep measuring myself against his ex, she's so glamorous.")
    assert "comparing" in {u.name for u in compared.urges}
    assert "partner_with_others" not in names(compared.triggers)
    with_her = analyze("He's out for dinner with his ex tonight.")
    assert "partner_with_others" in names(with_her.triggers)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Honestly I can't take in a single word of this lecture.", "trouble_concentrating"),
        ("Couldn't get a thing done all afternoon.", "trouble_concentrating"),
        ("Nothing is going in today, I've read this page forever.", "trouble_concentrating"),
        ("Still waiting to hear back from him.", "delayed_reply"),
        ("She's having drinks with the girls from work.", "partner_with_others"),
    ],
)
def test_more_general_forms(text: str, label: str) -> None:
    assert label in names(body_signals(text)) | names(triggers(text))


@pytest.mark.parametrize(
    ("text", "label", "status"),
    [
        ("I keep asking myself what I did wrong.", "rumination", ACTED),
        ("That comment he made is stuck in my head.", "rumination", ACTED),
        ("I followed her home from the station.", "checking", ACTED),
        ("I want to see who he's been liking.", "checking", URGE),
    ],
)
def test_more_general_urge_forms(text: str, label: str, status: UrgeStatus) -> None:
    assert statuses(text).get(label) is status


def test_the_persons_own_night_out_is_not_the_partners() -> None:
    assert "partner_with_others" not in names(triggers("I had drinks with the girls tonight."))


def test_a_settled_stomach_and_a_habit_given_up() -> None:
    assert "stomach_knots" not in names(body_signals("My stomach has finally settled."))
    assert "stomach_knots" in names(body_signals("My stomach has been in knots all day."))
    assert statuses("I no longer compare myself to other women.") == {"comparing": RESISTED}
