"""Body signals and triggers, including negation; project-written cases."""

from __future__ import annotations

import pytest

from steadyheart.understanding.signals import body_signals, feelings, triggers

from .support import names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My heart is racing and my hands are shaking.", {"racing_heart", "shaking"}),
        ("I can't sleep and I can't focus at work.", {"trouble_sleeping", "trouble_concentrating"}),
        ("There's a knot in my stomach and I keep crying.", {"stomach_knots", "crying"}),
        ("I'm exhausted and my shoulders are so tense.", {"exhaustion", "tension"}),
        ("My chest feels tight and I can't sit still.", {"tight_chest", "restlessness"}),
    ],
)
def test_body_signals_found(text: str, expected: set[str]) -> None:
    assert names(body_signals(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "My heart isn't racing anymore.",
        "I'm not shaking now.",
        "I've stopped crying.",
        "My heart was pounding earlier but it has calmed down now.",
        "I don't feel restless tonight.",
        "I slept well for once.",
    ],
)
def test_negated_or_resolved_body_signals_are_dropped(text: str) -> None:
    assert body_signals(text) == ()


def test_double_negation_keeps_the_signal() -> None:
    assert names(body_signals("I couldn't stop shaking after the call.")) == {"shaking"}
    # The affirmer may sit a few words before the stop: still not a negation.
    assert names(triggers("I can't stop thinking about her ex.")) == {"partner_with_others"}
    # A negation does not reach across "when": the late reply is still there.
    assert names(triggers("I can't breathe when she doesn't answer.")) == {"delayed_reply"}


def test_evidence_is_the_words_in_the_message() -> None:
    text = "Honestly my heart is pounding right now."
    (found,) = body_signals(text)
    assert found.evidence in text and "pounding" in found.evidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She left me on read again.", {"delayed_reply"}),
        ("He cancelled our date and went out with his ex.", {"cancelled_plans", "partner_with_others"}),
        ("We had a fight after I saw his Instagram.", {"conflict", "social_media"}),
        ("He's away on a business trip all week.", {"distance"}),
        ("He wants me to meet his parents.", {"closeness_deepening"}),
        ("My last partner cheated on me.", {"past_betrayal"}),
        ("We've only been on three dates.", {"early_uncertainty"}),
        ("She seems distant lately.", {"partner_mood", "distance"}),  # distance now covers a partner feeling distant
    ],
)
def test_triggers_found(text: str, expected: set[str]) -> None:
    assert names(triggers(text)) == expected


def test_the_persons_own_silence_is_not_a_late_reply_trigger() -> None:
    assert "delayed_reply" not in names(triggers("I didn't reply to him on purpose."))


def test_product_feelings_with_negation() -> None:
    assert names(feelings("I feel so jealous and lonely tonight.")) == {"jealousy", "loneliness"}
    assert "jealousy" not in names(feelings("I'm not jealous, just tired."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My heart's going a mile a minute.", {"racing_heart"}),
        ("I can't catch my breath.", {"tight_chest"}),
        ("My tummy is doing flips.", {"stomach_knots"}),
        ("I'm so antsy tonight.", {"restlessness"}),
        ("Got maybe two hours of sleep.", {"trouble_sleeping"}),
        ("I keep losing my train of thought.", {"trouble_concentrating"}),
        ("My voice was wobbling.", {"shaking"}),
        ("My eyes keep welling up.", {"crying"}),
        ("I've been grinding my teeth.", {"tension"}),
        ("I'm running on empty.", {"exhaustion"}),
        ("I'm knackered, I can't do this anymore.", {"exhaustion"}),
        ("I'm too tired to even cry.", {"exhaustion"}),
        ("I'm running on no energy at all.", {"exhaustion"}),
        ("My heart is about to jump out of my chest.", {"racing_heart"}),
    ],
)
def test_body_signals_in_everyday_wording(text: str, expected: set[str]) -> None:
    assert names(body_signals(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I cried laughing at his joke.",
        "I'm sick and tired of the rain.",
        "My heart goes out to them.",
        "I was on the edge of my seat.",
    ],
)
def test_idioms_are_not_body_signals(text: str) -> None:
    assert body_signals(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "He made me laugh so hard I cried.",
        "She cried off the party at the last minute.",
        "He's knackered after work.",
    ],
)
def test_someone_elses_state_or_an_idiom_is_not_the_persons_body(text: str) -> None:
    assert body_signals(text) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Still no word from him since last night.", {"delayed_reply"}),
        ("He's been in a funny mood all week.", {"partner_mood"}),
        ("She bailed again and pushed our date back.", {"cancelled_plans"}),
        ("We had words and it got heated.", {"conflict"}),
        ("He's working offshore for a month.", {"distance"}),
        ("I've been burned before.", {"past_betrayal"}),
        ("We're looking at flats together.", {"closeness_deepening"}),
    ],
)
def test_triggers_in_everyday_wording(text: str, expected: set[str]) -> None:
    assert names(triggers(text)) == expected


def test_doubt_about_where_it_is_going_survives_a_negation() -> None:
    # "don't know" does not undo the doubt: the pattern is marked negatable: false.
    assert names(triggers("I don't know where this is heading with her.")) == {"early_uncertainty"}
    assert names(triggers("We haven't had the talk yet.")) == {"early_uncertainty"}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("I got it wrong three times in a row.", "conflict"),
        ("My hands shook so much I dropped my cup.", "cancelled_plans"),
        ("I want to disappear for a bit and not answer anyone.", "delayed_reply"),
        ("She cried off the party at the last minute.", "conflict"),
        ("I yelled at him for being late.", "conflict"),
        ("I left him on read to see if he'd chase me.", "delayed_reply"),
        ("He's been posted abroad for six months.", "social_media"),
    ],
)
def test_look_alike_wording_is_not_a_trigger(text: str, absent: str) -> None:
    assert absent not in names(triggers(text))


def test_the_persons_own_plans_are_not_a_trigger() -> None:
    found = names(triggers("She's in a great mood today and I said I'd fight for us."))
    assert not found & {"partner_mood", "conflict"}
