"""Thinking traps: findings with evidence and a plain reason; the examples files; project-written cases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from steadyheart.understanding import analyze, embed_one
from steadyheart.understanding.traps import TRAP_NAMES, definitions, detect_traps, distortion_score

EXAMPLES = Path(__file__).resolve().parents[2] / "steadyheart" / "understanding" / "data" / "trap_examples"


def test_every_trap_has_at_least_forty_unique_examples() -> None:
    seen: set[str] = set()
    for name in [*TRAP_NAMES, "none"]:
        data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
        assert data["trap"] == name
        assert len(data["examples"]) >= 40
        assert not seen & set(data["examples"]), "an example is filed under two traps"
        seen |= set(data["examples"])


def test_persona_rounds_name_a_trap_and_repeat_no_example() -> None:
    seen: set[str] = set()
    for path in [*sorted(EXAMPLES.glob("*.yaml")), *sorted((EXAMPLES / "persona").glob("*.yaml"))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["trap"] == path.stem and data["trap"] in [*TRAP_NAMES, "none"]
        examples = data["examples"]
        assert len(set(examples)) == len(examples), f"{path.name} repeats an example"
        assert not seen & set(examples), f"{path.name} repeats an example of another file"
        seen |= set(examples)
    assert len(list((EXAMPLES / "persona").glob("*.yaml"))) >= 10


def test_definitions_cover_the_twelve_traps() -> None:
    assert sorted(definitions()) == sorted(TRAP_NAMES)


@pytest.mark.parametrize(
    ("text", "trap"),
    [
        # Written for this test, not in the training examples.
        ("I'm such a pathetic loser for texting him again.", "labeling"),
        ("He should always text me back within the hour.", "should_statements"),
        ("She's definitely going to break up with me next week.", "fortune_telling"),
        ("He never makes time for me, not once.", "overgeneralization"),
        # The textbook core of each PatternReframe trap, outside relationships too (also not trained on).
        ("I lost one tennis match, so I'll lose every match from now on.", "overgeneralization"),
        ("My coworkers must think I'm not pulling my weight.", "mind_reading"),
        ("This rash must be something terrible and I'll end up in hospital for months.", "catastrophizing"),
        ("My friends say my painting is good, but they only say that to be nice.", "discounting_positive"),
        ("My son got a detention, and it's my fault for being too soft on him.", "personalization"),
        ("The party was great, but all I can think about is the awkward toast.", "mental_filter"),
        ("If my novel isn't a bestseller, writing it was a waste.", "all_or_nothing"),
        ("She's going to turn me down when I ask her out on Friday.", "fortune_telling"),
        ("I forgot her name at the party, I'm such an idiot.", "labeling"),
    ],
)
def test_clear_traps_are_named(text: str, trap: str) -> None:
    findings = detect_traps(text, embed_one(text))
    assert trap in {f.name for f in findings}


def test_findings_carry_evidence_from_the_text_and_a_one_line_reason() -> None:
    text = "She's definitely going to leave me, I'm such an idiot."
    findings = analyze(text).traps
    assert findings
    for finding in findings:
        assert finding.evidence and finding.evidence in " ".join(text.split())
        assert finding.why and "\n" not in finding.why and len(finding.why) < 160
        assert 0.5 <= finding.score <= 1.0


def test_balanced_thoughts_score_lower_than_distorted_ones() -> None:
    balanced = "He hasn't replied yet; he's at work, and I'll hear from him later."
    distorted = "He hasn't replied, so he obviously hates me and I'll always be alone."
    assert distortion_score(balanced, embed_one(balanced)) < distortion_score(distorted, embed_one(distorted))
    assert detect_traps(balanced, embed_one(balanced)) == ()


def test_a_plain_any_is_not_all_or_nothing() -> None:
    """'Any idea what to do?' asks for help; 'I don't have any friends' leaves no middle ground."""
    plain = "any idea what to do about the programming course?"
    assert "all_or_nothing" not in {t.name for t in detect_traps(plain, embed_one(plain))}
    absolute = "I don't have any friends left and never will"
    found = {t.name: t for t in detect_traps(absolute, embed_one(absolute))}
    assert found, "an absolute statement should show a trap"


@pytest.mark.parametrize("question", ["any idea what i should do now?", "Should I text him again?",
                                      "What do I have to say to make it right?"])
def test_asking_for_advice_is_not_a_should_statement(question: str) -> None:
    assert "should_statements" not in {t.name for t in detect_traps(question, embed_one(question))}


def test_a_rule_said_as_a_statement_still_is() -> None:
    rule = "I should be over this by now"
    assert "should_statements" in {t.name for t in detect_traps(rule, embed_one(rule))}


@pytest.mark.parametrize("text", ["i'm not going to text him tonight", "i won't do anything stupid, i'm just upset",
                                  "i'm not going to hurt myself, i just feel really sad", "i will not beg him to stay"])
def test_a_decision_about_ones_own_act_is_not_fortune_telling(text: str) -> None:
    assert "fortune_telling" not in {f.name for f in detect_traps(text, embed_one(text))}


@pytest.mark.parametrize("text", ["he's going to leave me, i know it", "i'm never going to find anyone who loves me",
                                  "i'm not going to text him, he's going to ignore me anyway"])
def test_a_prediction_beside_a_decision_is_still_fortune_telling(text: str) -> None:
    found = {f.name: f for f in detect_traps(text, embed_one(text))}
    assert "fortune_telling" in found and found["fortune_telling"].in_words


@pytest.mark.parametrize("text", [
    "he hasn't replied in 5 hours. what should i do",
    "should i text him again or wait",
    "i don't know if i should say something",
])
def test_asking_what_one_should_do_is_no_should_statement(text: str) -> None:
    assert not any(t.name == "should_statements" and t.in_words for t in analyze(text).traps)


def test_a_rule_said_is_still_a_should_statement() -> None:
    assert any(t.name == "should_statements" and t.in_words for t in analyze("I should be over this by now").traps)


@pytest.mark.parametrize("text", ["i won't. but it's so hard", "I'm not going to, though I really want to"])
def test_declining_the_act_just_named_is_no_fortune_telling(text: str) -> None:
    assert not any(t.name == "fortune_telling" and t.in_words for t in analyze(text).traps)


def test_a_huge_fight_is_a_report_not_a_magnified_thought() -> None:
    assert not any(t.name == "magnification" and t.in_words for t in analyze("we had a huge fight last night").traps)
    assert any(t.name == "magnification" and t.in_words
               for t in analyze("him forgetting to text is a huge red flag, it's unforgivable").traps)


@pytest.mark.parametrize("text", ["he's never hit me", "she has never once cheated on me but i still panic"])
def test_a_harm_that_never_happened_is_a_fact_not_overgeneralizing(text: str) -> None:
    assert "overgeneralization" not in [t.name for t in analyze(text).traps]


@pytest.mark.parametrize("text", ["he never listens to me", "she never texts back, ever"])
def test_never_about_everyday_behaviour_can_still_be_overgeneralizing(text: str) -> None:
    assert "overgeneralization" in [t.name for t in analyze(text).traps]
