"""The planner on its own, with analyses written by hand (unit tests of our own logic)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from steadyheart.dialogue import MoveName, PlanOutcome, plan_turn, yield_to_safety
from steadyheart.dialogue.state import DialogueState
from steadyheart.understanding.analysis import Analysis, Scored, TrapFinding, UrgeFinding, UrgeStatus

ANXIOUS = Analysis(emotions=(Scored("nervousness", 0.8),), intensity=0.5)


def run(messages: list[str], analysis: Analysis = ANXIOUS, memory: dict[str, str] | None = None) -> list[PlanOutcome]:
    state: dict[str, Any] = {}
    outcomes = []
    for text in messages:
        outcome = plan_turn(text, analysis, state, memory or {})
        json.dumps(outcome.state)  # the lead stores it as JSON
        state = outcome.state
        outcomes.append(outcome)
    return outcomes


def names(outcome: PlanOutcome) -> list[str]:
    return outcome.plan.move_names


def asks(outcome: PlanOutcome) -> int:
    return sum(1 for m in outcome.plan.moves if m.params.get("ask"))


def test_same_inputs_same_plan() -> None:
    first = run(["He still hasn't answered and I feel sick"])[0]
    again = run(["He still hasn't answered and I feel sick"])[0]
    assert first.plan.to_dict() == again.plan.to_dict() and first.state == again.state


@pytest.mark.parametrize("text", ["are you a real person?", "Am I talking to a bot?", "are you human", "is this an AI?"])
def test_identity_questions_get_the_truth(text: str) -> None:
    assert names(run([text])[0])[0] == MoveName.ANSWER_IDENTITY


@pytest.mark.parametrize("text", ["bye", "ok thanks, good night", "I have to go now", "talk later!"])
def test_goodbye_is_only_a_goodbye(text: str) -> None:
    assert names(run([text])[0]) == [MoveName.GOODBYE]


@pytest.mark.parametrize("text", ["you're the only one who understands me", "only you get me", "you're all I have"])
def test_dependence_encourages_human_connection(text: str) -> None:
    assert MoveName.ENCOURAGE_CONNECTION in names(run([text])[0])


def test_reassurance_loop_is_noticed_from_the_second_ask() -> None:
    outcomes = run(["are we okay?"] * 5)
    assert MoveName.NOTICE_LOOP not in names(outcomes[0])
    for outcome in outcomes[1:]:
        assert names(outcome)[0] == MoveName.NOTICE_LOOP
    assert outcomes[-1].state["reassurance_asks"] == 5


def test_old_reassurance_asks_stop_counting() -> None:
    outcomes = run(["are we okay?", *["I went for a walk today and it was nice"] * 13, "are we okay?"])
    assert MoveName.NOTICE_LOOP not in names(outcomes[-1])


def test_every_plan_has_at_most_one_question() -> None:
    messages = ["hi", "I want to check his phone", "are we okay?", "are we okay?", "are we okay?",
                "what is anxious attachment?", "my partner's name is Sam", "he's in a bad mood, it's my fault",
                "I scrolled through his ex's instagram for an hour", "ok", "yes"]
    for outcome in run(messages):
        assert asks(outcome) <= 1, names(outcome)


def test_a_strong_trap_is_named_with_its_evidence() -> None:
    trap = TrapFinding("mind_reading", 0.9, "he's bored of me", "you can't know what he thinks")
    outcome = run(["he's bored of me, I just know it"], Analysis(traps=(trap,), emotions=ANXIOUS.emotions))[0]
    move = outcome.plan.moves[-1]
    assert move.name == MoveName.NAME_TRAP
    assert move.params["trap"] == "mind_reading" and move.params["evidence"] == "he's bored of me"


def test_urge_to_check_offers_the_pause_and_accepting_starts_it() -> None:
    urge = UrgeFinding("checking_phone", UrgeStatus.URGE, 0.9, "check his phone")
    first = plan_turn("I want to check his phone", Analysis(urges=(urge,)), {}, {})
    offer = first.plan.moves[-1]
    assert offer.name == MoveName.OFFER_SKILL and offer.params["flow"] == "pause_before"
    second = plan_turn("yes", Analysis(), first.state, {})
    assert names(second) == [MoveName.CONTINUE_FLOW]
    assert second.plan.flow == "pause_before" and second.plan.flow_node == "name_urge"


def test_declining_an_offer_is_respected() -> None:
    urge = UrgeFinding("checking_phone", UrgeStatus.URGE, 0.9)
    first = plan_turn("I want to check his phone", Analysis(urges=(urge,)), {}, {})
    second = plan_turn("no thanks", Analysis(), first.state, {})
    assert MoveName.CONTINUE_FLOW not in names(second) and second.state["flow"] is None


def test_acted_and_resisted_urges_get_no_shame_and_praise() -> None:
    acted = run(["I checked his phone again"], Analysis(urges=(UrgeFinding("checking_phone", UrgeStatus.ACTED, 0.9),)))[0]
    assert acted.plan.moves[1].params.get("variant") == "acted"
    resisted = run(["I didn't text him"], Analysis(urges=(UrgeFinding("texting", UrgeStatus.RESISTED, 0.9),)))[0]
    assert resisted.plan.moves[1].params.get("variant") == "resisted"


def test_a_check_in_flow_ends_with_a_record() -> None:
    outcomes = run(["can we do a check-in?", "7", "scared", "my stomach", "no reply", "text him"])
    assert [o.plan.flow_node for o in outcomes] == ["intensity", "feelings", "body", "trigger", "urge", "done"]
    assert outcomes[-1].records[0]["kind"] == "checkin"
    assert outcomes[-1].state["flow"] is None


@pytest.mark.parametrize("stop", ["stop", "can we stop", "let's stop here", "I don't want to do this", "skip it"])
def test_stopping_a_flow_midway(stop: str) -> None:
    outcomes = run(["can we do a check-in?", stop])
    assert outcomes[-1].state["flow"] is None and MoveName.CONTINUE_FLOW not in names(outcomes[-1])


def test_abuse_inside_a_flow_closes_it_and_raises_concern() -> None:
    outcomes = run(["let's do a thought record", "We argued about my friends", "he grabbed my arm hard"])
    assert outcomes[1].plan.flow == "thought_record"
    assert names(outcomes[-1])[-1] == MoveName.ABUSE_CONCERN
    assert outcomes[-1].state["flow"] is None


def test_yield_to_safety_closes_the_flow() -> None:
    state = run(["can we do a check-in?"])[0].state
    assert DialogueState.from_dict(yield_to_safety(state)).flow is None


def test_knowledge_questions_cite_an_article() -> None:
    move = run(["what is anxious attachment?"])[0].plan.moves[0]
    assert move.name == MoveName.ANSWER_QUESTION
    assert move.params["article"] == "attachment-and-working-models" and "Bowlby" in move.params["source"]


def test_shared_details_are_remembered_and_said_out_loud() -> None:
    outcome = run(["my boyfriend is called Sam"])[0]
    assert outcome.memory_updates == {"partner_name": "Sam"}
    assert names(outcome)[0] == MoveName.REMEMBER
    assert run(["I feel awful about it all"])[0].memory_updates == {}


def test_what_helped_before_is_brought_back() -> None:
    outcome = run(["I feel so anxious again tonight"], memory={"what_helps": "a walk with music"})[0]
    move = outcome.plan.moves[-1]
    assert move.params.get("variant") == "memory" and move.params.get("remembered") == "a walk with music"


def test_unknown_or_old_state_starts_fresh() -> None:
    assert plan_turn("hi", Analysis(), {"v": 999, "flow": {"id": "gone"}}, {}).state["flow"] is None
    stale = {"v": 1, "flow": {"id": "no_such_flow", "node": "x", "answers": {}}}
    assert plan_turn("hello there", Analysis(), stale, {}).state["flow"] is None


def test_compassion_is_kept_for_painful_feelings() -> None:
    happy = plan_turn("I told him how I felt and it went well", Analysis(emotions=(Scored("joy", 0.9),)), {}, {})
    assert happy.plan.moves[0].params.get("feeling") == "happy"
    assert "hard_feeling" not in happy.plan.moves[0].params
    scared = plan_turn("He went quiet after dinner again", Analysis(emotions=(Scored("fear", 0.9),)), {}, {})
    assert scared.plan.moves[0].params.get("hard_feeling") == "scared"


def test_a_feeling_already_in_the_words_is_not_named_twice() -> None:
    outcome = plan_turn("I checked his location again, I feel terrible", Analysis(emotions=(Scored("sadness", 0.8),)), {}, {})
    assert "feeling" not in outcome.plan.moves[0].params


def test_no_pleasant_feeling_is_named_when_the_body_is_in_alarm_or_an_urge_pulls() -> None:
    # 'caring' scores high on "left on read and my chest is tight"; saying it back would misread the person.
    caring = (Scored("caring", 0.6),)
    tight = Analysis(emotions=caring, body=(Scored("tight_chest", 0.9),))
    outcome = plan_turn("he left me on read again and my chest is tight", tight, {}, {})
    assert outcome.plan.moves[0].params.get("feeling") is None
    pulled = Analysis(emotions=caring, urges=(UrgeFinding("checking", UrgeStatus.ACTED, 0.9),))
    assert plan_turn("I keep checking if he's online, I care so much", pulled, {}, {}).plan.moves[0].params.get("feeling") is None
    held_back = Analysis(emotions=(Scored("relief", 0.8),), urges=(UrgeFinding("checking", UrgeStatus.RESISTED, 0.9),))
    assert plan_turn("I didn't check his phone tonight", held_back, {}, {}).plan.moves[0].params.get("feeling") == "relieved"


@pytest.mark.parametrize("ask", ["what should I do instead?", "maybe you're right. what do i do", "ok so what can I try?",
                                 "tell me what to do", "now what"])
def test_asking_what_to_do_after_an_offer_starts_what_was_offered(ask: str) -> None:
    urge = UrgeFinding("checking", UrgeStatus.URGE, 0.9, "check his phone")
    first = plan_turn("I want to check his phone", Analysis(urges=(urge,)), {}, {})
    second = plan_turn(ask, Analysis(), first.state, {})
    assert second.plan.flow == "pause_before" and second.plan.flow_node == "name_urge"


def test_what_to_do_without_an_offer_opens_no_exercise() -> None:
    outcome = plan_turn("what should I do?", ANXIOUS, {}, {})
    assert outcome.plan.flow != "pause_before"


def test_a_new_moment_instead_of_a_rating_leaves_the_exercise_and_is_answered() -> None:
    urge = UrgeFinding("checking", UrgeStatus.URGE, 0.9, "check his phone")
    state = plan_turn("I want to check his phone", Analysis(urges=(urge,)), {}, {}).state
    state = plan_turn("yes", Analysis(), state, {}).state
    state = plan_turn("checking his phone", Analysis(), state, {}).state
    assert state["flow"]["node"] == "rate"  # "How strong is it right now, from 0 to 10?"
    trap = TrapFinding("fortune_telling", 0.9, "I'm sure", "'I'm sure' predicts the future as if it were certain")
    news = Analysis(traps=(trap,), triggers=(Scored("partner_with_others", 0.9),))
    outcome = plan_turn("he just texted his ex and I'm sure he's going to leave me for her", news, state, {})
    assert outcome.state["flow"] is None and MoveName.CONTINUE_FLOW not in names(outcome)


@pytest.mark.parametrize("answer", ["7", "about a 6, he still hasn't texted back and I'm sure he's bored",
                                    "my chest is still tight but it's easing a little now"])
def test_a_rating_or_a_body_answer_keeps_the_exercise_going(answer: str) -> None:
    urge = UrgeFinding("checking", UrgeStatus.URGE, 0.9, "check his phone")
    state = plan_turn("I want to check his phone", Analysis(urges=(urge,)), {}, {}).state
    state = plan_turn("yes", Analysis(), state, {}).state
    state = plan_turn("checking his phone", Analysis(), state, {}).state
    body = Analysis(body=(Scored("tight_chest", 0.9),))
    outcome = plan_turn(answer, body if "chest" in answer else Analysis(triggers=(Scored("delayed_reply", 0.8),)), state, {})
    assert outcome.plan.flow == "pause_before" and outcome.plan.flow_node == "delay"


def test_a_bare_ok_where_words_are_needed_is_asked_again_once() -> None:
    urge = UrgeFinding("checking", UrgeStatus.URGE, 0.9, "check his phone")
    state = plan_turn("I want to check his phone", Analysis(urges=(urge,)), {}, {}).state
    started = plan_turn("yes", Analysis(), state, {})
    again = plan_turn("ok", Analysis(), started.state, {})
    assert again.plan.flow_node == "name_urge" and "urge" not in again.state["flow"]["answers"]
    taken = plan_turn("ok", Analysis(), again.state, {})
    assert taken.plan.flow_node == "rate" and taken.state["flow"]["answers"]["urge"] == "ok"


def test_a_bare_ok_that_answers_a_question_moves_on() -> None:
    outcomes = run(["can we do a breathing exercise?", "ok", "ok"])  # "ready?" and "how do you feel?" take an ok
    assert [o.plan.flow_node for o in outcomes] == ["ready", "breathe", "see"]


@pytest.mark.parametrize("text", ["please just tell me he still loves me", "can you tell me that she still wants me",
                                  "just tell me everything will be ok", "please just say it'll be okay",
                                  "promise me we're going to be fine", "can you just say he still loves me"])
def test_asking_to_be_told_it_is_fine_counts_as_reassurance_seeking(text: str) -> None:
    outcomes = run(["are we okay?", text])
    assert MoveName.NOTICE_LOOP in names(outcomes[-1])


@pytest.mark.parametrize("text", ["people say it's okay to cry", "my mum always says it's fine to take a break"])
def test_someone_saying_it_is_fine_is_not_a_request_for_reassurance(text: str) -> None:
    assert plan_turn(text, ANXIOUS, {}, {}).state["reassurance_asks"] == 0


def test_a_why_question_after_a_filler_word_is_a_question_for_the_library() -> None:
    outcome = plan_turn("ok. why do I always need reassurance", ANXIOUS, {}, {})
    assert MoveName.ANSWER_QUESTION in names(outcome), names(outcome)


@pytest.mark.parametrize("text", ["we broke up last week and I keep looking at old photos", "I miss her so much since she left",
                                  "my ex blocked me everywhere", "he dumped me on Sunday and I can't eat"])
def test_grief_after_a_breakup_is_validated_as_grief(text: str) -> None:
    outcome = plan_turn(text, ANXIOUS, {}, {})
    variants = [m.params.get("variant") for m in outcome.plan.moves if m.name == MoveName.VALIDATE]
    assert variants == ["breakup"], names(outcome)


@pytest.mark.parametrize("text", ["I think I'm too needy and that's why all my relationships fail",
                                  "I'm so clingy, no wonder he pulls away"])
def test_a_harsh_belief_about_oneself_is_said_back_as_the_worry_talking(text: str) -> None:
    outcome = plan_turn(text, ANXIOUS, {}, {})
    assert outcome.plan.moves[0].params.get("variant") == "belief"


def test_a_found_thinking_trap_makes_the_reflection_a_belief_not_a_fact() -> None:
    trap = TrapFinding("labeling", 0.8, "a mess", "'a mess' is a label for a whole person")
    outcome = plan_turn("I'm such a mess in every relationship I have had", Analysis(traps=(trap,)), {}, {})
    reflect = outcome.plan.moves[0]
    assert reflect.name == MoveName.REFLECT and reflect.params.get("variant") == "belief"


def test_a_trap_guessed_over_a_whole_plain_event_does_not_make_it_a_belief() -> None:
    text = "he has not texted back all night and my chest is tight"
    guess = TrapFinding("catastrophizing", 0.56, text, "a guess over the whole message")
    reflect = plan_turn(text, Analysis(traps=(guess,)), {}, {}).plan.moves[0]
    assert reflect.name == MoveName.REFLECT and reflect.params.get("variant") != "belief"


@pytest.mark.parametrize("ask", ["what do you remember about me?", "do you remember my girlfriend's name?",
                                 "what have you saved", "whats my name"])
def test_asking_what_is_remembered_is_answered_from_memory(ask: str) -> None:
    trap = TrapFinding("overgeneralization", 0.9, ask, "a question is not a pattern")  # the detector once fired here
    kept = plan_turn(ask, Analysis(traps=(trap,)), {}, {"name": "Sam", "partner_name": "Maya"})
    assert names(kept) == [MoveName.REMEMBER] and kept.plan.moves[0].params["variant"] == "list"
    assert "Sam" in kept.plan.moves[0].params["remembered"] and "Maya" in kept.plan.moves[0].params["remembered"]
    empty = plan_turn(ask, Analysis(), {}, {})
    assert names(empty) == [MoveName.REMEMBER] and empty.plan.moves[0].params["variant"] == "empty"


@pytest.mark.parametrize("ask", ["do you think I have anxious attachment?", "I think I might have BPD honestly",
                                 "am I a narcissist", "could I have ptsd from my last relationship",
                                 "my mum thinks I have depression but I'm not sure"])
def test_asking_for_a_diagnosis_gets_none_and_a_way_to_ask_a_professional(ask: str) -> None:
    trap = TrapFinding("mind_reading", 0.9, ask, "not a trap: a question")  # the detector once fired here
    outcome = plan_turn(ask, Analysis(traps=(trap,)), {}, {})
    first = outcome.plan.moves[0]
    assert first.params.get("variant") == "diagnosis", names(outcome)
    assert MoveName.NAME_TRAP not in names(outcome)


@pytest.mark.parametrize("text", ["I think I have feelings for him", "do you think I'm too needy",
                                  "I should go talk to him about it"])
def test_ordinary_sentences_are_not_taken_for_a_diagnosis_question_or_a_goodbye(text: str) -> None:
    outcome = plan_turn(text, ANXIOUS, {}, {})
    assert all(m.params.get("variant") != "diagnosis" for m in outcome.plan.moves)
    assert MoveName.GOODBYE not in names(outcome)


@pytest.mark.parametrize("text", ["sorry for taking up so much of your time, I should go", "ok I'll let you go, thanks",
                                  "i better get going now"])
def test_more_ways_of_saying_goodbye(text: str) -> None:
    assert names(plan_turn(text, ANXIOUS, {}, {})) == [MoveName.GOODBYE]


def test_a_diagnosis_a_professional_suggested_is_explained_not_second_guessed() -> None:
    outcome = plan_turn("my therapist said I might have anxious attachment, what does that mean?", ANXIOUS, {}, {})
    assert MoveName.ANSWER_QUESTION in names(outcome)
    assert all(m.params.get("variant") != "diagnosis" for m in outcome.plan.moves)


def test_a_trap_no_words_show_is_not_named() -> None:
    # The model's guess over a whole sentence ("he's working offshore for three weeks" as labeling) stays unsaid.
    guess = TrapFinding("labeling", 0.9, "he's working offshore for three weeks", "This labels a person.", in_words=False)
    outcome = run(["he's working offshore for three weeks"], Analysis(traps=(guess,), emotions=ANXIOUS.emotions))[0]
    assert MoveName.NAME_TRAP not in names(outcome)


@pytest.mark.parametrize("text", ["i'm not going to text him tonight", "i won't check her location",
                                  "im not gonna reply to him till tomorrow", "i've decided not to call her tonight"])
def test_a_decision_to_hold_off_is_supported_as_a_decision(text: str) -> None:
    outcome = plan_turn(text, ANXIOUS, {}, {})
    variants = [m.params.get("variant") for m in outcome.plan.moves]
    assert variants[1:] == ["decided", "decided"], names(outcome)
    assert variants[0] != "belief"  # said back plainly, not as "the anxious voice"


def test_holding_off_already_done_stays_resisted() -> None:
    outcome = plan_turn("i didn't text him even though i wanted to", ANXIOUS, {}, {})
    assert [m.params.get("variant") for m in outcome.plan.moves][1:] == ["resisted", "resisted"]


@pytest.mark.parametrize("text", ["can you be my girlfriend tonight?", "do you love me?", "let's roleplay that we're a couple",
                                  "pretend you're my boyfriend", "would you kiss me"])
def test_asking_the_companion_for_romance_is_declined_kindly(text: str) -> None:
    outcome = plan_turn(text, ANXIOUS, {}, {})
    first = outcome.plan.moves[0]
    assert first.name == MoveName.ANSWER_IDENTITY and first.params["variant"] == "romance"


@pytest.mark.parametrize("text", ["my girlfriend and i want to plan a date night", "does he love me?",
                                  "i want him to be my boyfriend"])
def test_romance_between_people_is_not_asked_of_the_companion(text: str) -> None:
    assert MoveName.ANSWER_IDENTITY not in names(plan_turn(text, ANXIOUS, {}, {}))


@pytest.mark.parametrize("text", ["i keep replaying our fight over and over", "i can't stop thinking about what she said",
                                  "i've been overthinking his text all day"])
def test_a_thought_on_repeat_is_offered_worry_time(text: str) -> None:
    offers = [m.params.get("flow") for m in plan_turn(text, ANXIOUS, {}, {}).plan.moves if m.name == MoveName.OFFER_SKILL]
    assert offers == ["worry_time"]


@pytest.mark.parametrize("text", ["it's 2am and he still hasn't texted back, he always texts goodnight",
                                  "she didn't even say goodnight", "no goodnight text tonight"])
def test_the_partners_goodnight_is_no_goodbye(text: str) -> None:
    assert MoveName.GOODBYE not in names(plan_turn(text, ANXIOUS, {}, {}))


@pytest.mark.parametrize("text", ["ok goodnight", "i'm going to try to sleep", "night night"])
def test_a_goodbye_on_the_way_to_bed_is_answered_for_the_night(text: str) -> None:
    moves = plan_turn(text, ANXIOUS, {}, {}).plan.moves
    assert [m.name for m in moves] == [MoveName.GOODBYE] and moves[0].params.get("variant") == "sleep"


@pytest.mark.parametrize("text", ["thanks that helps", "thank you so much", "ok thanks, that makes sense"])
def test_thanks_is_met_with_warmth_not_read_for_feelings(text: str) -> None:
    moves = plan_turn(text, ANXIOUS, {}, {}).plan.moves
    assert [m.params.get("variant") for m in moves] == ["thanks", "thanks"]


@pytest.mark.parametrize("text", ["thanks but it doesn't really help", "this isn't helping", "talking isn't working"])
def test_saying_it_does_not_help_changes_course(text: str) -> None:
    trap = TrapFinding("discounting_positive", 0.9, "but it doesn't really help", "explains away", in_words=True)
    moves = plan_turn(text, Analysis(traps=(trap,)), {}, {}).plan.moves
    assert [m.params.get("variant") for m in moves] == ["not_helping", "not_helping"]
    assert MoveName.NAME_TRAP not in [m.name for m in moves]


@pytest.mark.parametrize("text", ["how do i even start the conversation", "how do i bring it up with him?"])
def test_asking_how_to_start_a_hard_talk_opens_the_say_it_exercise(text: str) -> None:
    outcome = plan_turn(text, ANXIOUS, {}, {})
    assert outcome.plan.flow == "say_it"


def test_declining_the_urge_just_named_is_a_decision() -> None:
    from steadyheart.dialogue.topics import decided_not_to_act

    assert decided_not_to_act("i won't. but it's so hard") and decided_not_to_act("I'm not going to.")
    assert not decided_not_to_act("i won't lie, i'm scared")


@pytest.mark.parametrize("text", ["can you help me find out where my girlfriend is right now",
                                  "how do i see who she's been messaging", "is there a way to read his whatsapp"])
def test_a_request_to_check_on_a_partner_is_declined_and_the_urge_met(text: str) -> None:
    moves = plan_turn(text, ANXIOUS, {}, {}).plan.moves
    assert moves[0].params.get("variant") == "check_request" and moves[1].name == MoveName.OFFER_SKILL


@pytest.mark.parametrize("text", ["how do i see my messages on the web app", "can you help me find a therapist"])
def test_other_requests_are_not_taken_for_checking(text: str) -> None:
    moves = plan_turn(text, ANXIOUS, {}, {}).plan.moves
    assert all(m.params.get("variant") != "check_request" for m in moves)


def test_a_first_ask_to_be_told_is_met_honestly_and_a_second_is_noticed() -> None:
    first, second = run(["can you just tell me she still loves me", "please just say it"])
    assert any(m.params.get("variant") == "reassurance" for m in first.plan.moves)
    assert names(second)[0] == MoveName.NOTICE_LOOP


def test_does_that_mean_he_is_not_interested_asks_for_reassurance() -> None:
    moves = plan_turn("does that mean he's not interested", ANXIOUS, {}, {}).plan.moves
    assert any(m.params.get("variant") == "reassurance" for m in moves)


@pytest.mark.parametrize("text", ["like is she breaking up with me", "is he leaving me?"])
def test_is_she_breaking_up_with_me_asks_for_reassurance(text: str) -> None:
    moves = plan_turn(text, ANXIOUS, {}, {}).plan.moves
    assert any(m.params.get("variant") == "reassurance" for m in moves)


@pytest.mark.parametrize("text", ["can we talk about something else", "i don't want to talk about him anymore",
                                  "can we change the subject"])
def test_asking_to_change_the_topic_is_followed_not_reflected(text: str) -> None:
    moves = plan_turn(text, ANXIOUS, {}, {}).plan.moves
    assert [m.params.get("variant") for m in moves] == ["change_topic", "change_topic"]
    assert MoveName.REFLECT not in [m.name for m in moves]


def test_one_sleepless_night_is_offered_calm_not_a_guide_to_getting_help() -> None:
    moves = plan_turn("it's 2am and i can't sleep", ANXIOUS, {}, {}).plan.moves
    offers = [m.params.get("flow") for m in moves if m.name is MoveName.OFFER_SKILL]
    assert offers == ["calm_body"]
    weeks = plan_turn("i can't sleep anymore, it's been like this for weeks", ANXIOUS, {}, {}).plan.moves
    assert "when_to_seek_help" in [m.params.get("flow") for m in weeks if m.name is MoveName.OFFER_SKILL]


def test_asking_for_another_exercise_mid_exercise_starts_it() -> None:
    first = plan_turn("i want to text him again right now", ANXIOUS, {}, {})
    started = plan_turn("yes", ANXIOUS, first.state, {})
    assert started.plan.flow == "pause_before"
    switched = plan_turn("can you help me calm down", ANXIOUS, started.state, {})
    assert switched.plan.flow == "calm_body"


def test_a_feared_breakup_is_a_question_for_reassurance_not_grief() -> None:
    from steadyheart.dialogue.topics import BREAKUP_WORDS

    moves = plan_turn("does that mean he wants to break up?", ANXIOUS, {}, {}).plan.moves
    assert [m.params.get("variant") for m in moves if m.name is MoveName.VALIDATE] == ["reassurance"]
    assert not BREAKUP_WORDS.search("does that mean he wants to break up?")
    assert BREAKUP_WORDS.search("we broke up last month") and BREAKUP_WORDS.search("since the break up i can't eat")


@pytest.mark.parametrize("text", ["i don't know how to bring it up without sounding needy",
                                  "ok can you help me plan what to say"])
def test_not_knowing_what_to_say_before_a_talk_starts_the_say_it_exercise(text: str) -> None:
    assert plan_turn(text, ANXIOUS, {}, {}).plan.flow == "say_it"
