"""Guided flows are graphs: list their nodes and edges, walk them to the end, and reject bad files."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest

from steadyheart.content.flows import Flow, guaranteed_slots, load_flows, parse_flow
from steadyheart.dialogue import flow_runner
from steadyheart.errors import ContentError
from steadyheart.journal.chat_records import checkin_fields

ISSUE_FLOWS = {
    "check_in", "thought_record", "pause_before", "calm_body", "say_it", "where_from", "is_it_me",
    "new_relationship", "self_worth", "comparison_audit", "when_to_seek_help",
}
#: Flows added beyond the companion-core issue's eleven: worry time for rumination (session 10).
MORE_FLOWS = {"worry_time"}


def _can_reach_end(flow: Flow, start: str) -> bool:
    seen, queue = {start}, deque([start])
    while queue:
        node = flow.nodes[queue.popleft()]
        if node.is_end:
            return True
        for edge in node.transitions:
            if edge.to not in seen:
                seen.add(edge.to)
                queue.append(edge.to)
    return False


def test_all_eleven_flows_exist() -> None:
    assert set(load_flows()) == ISSUE_FLOWS | MORE_FLOWS


@pytest.mark.parametrize("flow_id", sorted(ISSUE_FLOWS | MORE_FLOWS))
def test_every_node_is_reachable_and_can_finish(flow_id: str) -> None:
    flow = load_flows()[flow_id]
    assert flow.reachable() == set(flow.nodes)
    for node_id in flow.nodes:
        assert _can_reach_end(flow, node_id), f"{flow_id}.{node_id} can never finish"
    edges = flow.transitions()
    assert edges and all(origin in flow.nodes and target in flow.nodes for origin, target, _ in edges)
    for node in flow.nodes.values():
        assert len(node.prompts) >= 2
        assert all(p.count("?") <= 1 for p in node.prompts)


#: One plausible answer per node, enough to walk every flow to its end.
ANSWERS: dict[str, str] = {
    "intensity": "7", "intensity_again": "6", "feelings": "scared and jealous, 8", "body": "tight chest",
    "trigger": "he didn't reply", "urge": "text him again", "situation": "He left my message on read",
    "thought": "he is losing interest in me", "evidence_for": "he replied late",
    "evidence_against": "he said he loves me this morning", "balanced": "he is busy at work today",
    "rerate": "4", "name_urge": "checking his location", "rate": "8", "delay": "20 minutes",
    "meanwhile": "go for a walk", "waiting": "5", "decide": "let it go", "outcome": "I didn't check",
    "ready": "yes", "breathe": "a bit calmer", "see": "lamp, door, cup, book, window", "touch": "sofa",
    "hear": "cars", "smell": "coffee", "taste": "mint", "draft": "Why didn't you text me, you never care",
    "spot_words": "You got home late and didn't text", "observation": "you got home late",
    "feeling": "worried", "need": "to know you're okay", "request": "send a quick text when you're late",
    "familiar": "yes, I've felt it before", "growing_up": "not always", "betrayal": "my ex cheated",
    "worth": "it goes up and down", "comparison": "a bit", "present": "not really", "summary": "an old fear",
    "safety": "no", "same_fear": "yes", "proportion": "sometimes", "reassurance": "yes it fades",
    "dishonesty": "no", "dismissed": "no", "worse": "no", "friends": "no", "how_long": "three weeks",
    "worry": "whether it's serious", "why_early": "yes that fits", "what_helps": "keep my own plans",
    "proud": "finished my course", "friend_view": "loyal", "value": "honesty", "moment": "yesterday",
    "what_seen": "couples on instagram", "before_after": "3 then 7", "story": "we're boring",
    "left_out": "the fights", "experiment": "no scrolling after 9", "duration": "two years",
    "harm": "checking his phone", "old_wounds": "my parents' divorce", "kinds_of_help": "talk to my doctor",
    "not_a_test": "he came home late",
    "name_loop": "whether she still wants to be with me", "can_act": "nothing today",
    "park": "after dinner", "refocus": "tidy the kitchen", "rate_after": "4",
}


def walk(flow: Flow) -> tuple[list[str], dict[str, Any] | None]:
    step = flow_runner.start(flow)
    visited = [step.node.id]
    state = step.state
    while state is not None:
        step = flow_runner.advance(flow, state, ANSWERS[step.node.id])
        visited.append(step.node.id)
        state = step.state
        assert len(visited) < 40, "flow walk did not end"
    return visited, step.record


@pytest.mark.parametrize("flow_id", sorted(ISSUE_FLOWS | MORE_FLOWS))
def test_each_flow_walks_to_an_end(flow_id: str) -> None:
    flow = load_flows()[flow_id]
    visited, _ = walk(flow)
    assert visited[0] == flow.start
    assert flow.nodes[visited[-1]].is_end


def test_check_in_saves_a_record_for_the_journal() -> None:
    visited, record = walk(load_flows()["check_in"])
    assert visited == ["intensity", "feelings", "body", "trigger", "urge", "done"]
    assert record is not None
    assert record["kind"] == "checkin"
    assert record["intensity_rating"] == 7
    assert record["feelings"] == "scared and jealous, 8"
    assert record["trigger"] == "he didn't reply" and record["urge"] == "text him again"


def test_check_in_asks_again_when_no_number_is_given() -> None:
    flow = load_flows()["check_in"]
    step = flow_runner.advance(flow, flow_runner.start(flow).state or {}, "really bad")
    assert step.node.id == "intensity_again"


def test_thought_record_keeps_the_original_thought_in_view() -> None:
    flow = load_flows()["thought_record"]
    known = guaranteed_slots(flow)
    after_thought = [n for n in flow.nodes.values() if "thought" in known[n.id]]
    assert {n.id for n in after_thought} == {"feelings", "evidence_for", "evidence_against", "balanced", "rerate", "done"}
    for node in after_thought:
        assert all("{thought}" in p for p in node.prompts)


def test_calm_body_breathing_has_timed_prompts_with_a_longer_out_breath() -> None:
    node = load_flows()["calm_body"].nodes["breathe"]
    times = [t.at for t in node.timed]
    assert times == sorted(times) and len(times) >= 10
    ins = [b - a for a, b, t in zip(times, times[1:], node.timed, strict=False) if "in" in t.say.lower().split("…")[0]]
    outs = [b - a for a, b, t in zip(times, times[1:], node.timed, strict=False) if "out" in t.say.lower()]
    assert ins and outs and min(outs) > max(ins)


def test_say_it_names_accusing_words_and_rebuilds_without_rewriting_them() -> None:
    flow = load_flows()["say_it"]
    step = flow_runner.advance(flow, flow_runner.start(flow).state or {},
                               "You never text me back and you're always hiding your phone")
    assert step.node.id == "spot_words"
    assert "“you never”" in step.answers["accusing"] and "“you're always”" in step.answers["accusing"]
    assert "softened" not in step.answers  # a swapped-in phrase made ungrammatical sentences
    assert all("{softened}" not in p for p in step.node.prompts)


def test_say_it_refuses_to_write_a_test() -> None:
    flow = load_flows()["say_it"]
    step = flow_runner.advance(flow, flow_runner.start(flow).state or {}, "I want to make him jealous so he notices me")
    assert step.node.id == "not_a_test"


def test_is_it_me_hands_over_to_safety_when_afraid() -> None:
    flow = load_flows()["is_it_me"]
    step = flow_runner.advance(flow, flow_runner.start(flow).state or {}, "yes, sometimes I'm scared of him")
    assert step.node.handover == "safety" and step.state is None


def test_is_it_me_ends_with_a_balanced_summary() -> None:
    visited, record = walk(load_flows()["is_it_me"])
    assert "summary" in visited
    assert record is not None and "some of both" not in record["balance"].lower()  # inward signs only here
    assert record["inward_signs"] == "3" and record["relationship_signs"] == "0"


def _flow(nodes: dict[str, Any], start: str = "a") -> dict[str, Any]:
    return {"id": "x", "title": "x", "pitch": "A pitch.", "start": start, "nodes": nodes}


NODE = {"prompts": ["One?", "Two?"]}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (_flow({"a": {**NODE, "next": "missing"}}), "missing node"),
        (_flow({"a": NODE, "b": NODE}), "nobody can reach"),
        (_flow({"a": {**NODE, "transitions": [{"to": "a", "when": "maybe"}]}}), "unknown condition"),
        (_flow({"a": {**NODE, "transitions": [{"to": "b", "when": "yes"}]}, "b": NODE}), "when: always"),
        (_flow({"a": {**NODE, "next": "a"}}), "never ends"),
        (_flow({"a": {"prompts": ["Only one?"]}}), "at least two prompts"),
        (_flow({"a": {"prompts": ["One? Two?", "Three?"]}}), "more than one question"),
        (_flow({"a": {"prompts": ["Quote {thought}?", "Again {thought}?"]}}), "only quotes answers"),
        (_flow({"a": {**NODE, "derive": ["magic"]}}), "unknown values"),
        (_flow({"a": {**NODE, "wants_words": True}}), "wants words but captures no answer"),
        (_flow({"a": NODE}, start="z"), "start node"),
        ({"id": "x"}, "missing 'title'"),
        ({**_flow({"a": NODE}), "pitch": "Why?"}, "must not ask"),
    ],
)
def test_bad_flows_fail_loudly(data: dict[str, Any], problem: str) -> None:
    with pytest.raises(ContentError, match=problem):
        parse_flow(data, "x.yaml")


def test_flow_prompts_are_plain() -> None:
    from steadyheart.content.readability import flesch_kincaid_grade

    grades = [flesch_kincaid_grade(p) for f in load_flows().values() for n in f.nodes.values() for p in n.prompts]
    assert sum(grades) / len(grades) <= 6.0  # measured 3.9
    assert max(grades) <= 11.0


def test_every_answer_a_prompt_quotes_back_wants_words() -> None:
    # "You named it: \"ok\"" is what a bare "ok" saved as the urge would read like.
    checked = 0
    for flow in load_flows().values():
        quoted = {
            node.capture for node in flow.nodes.values() if node.capture
            and any("{" + node.capture + "}" in p for other in flow.nodes.values() for p in other.prompts)}
        for node in flow.nodes.values():
            if node.capture in quoted:
                checked += 1
                assert node.wants_words, (flow.id, node.id)
    assert checked >= 10  # the urge, meanwhile, the four parts of a message, the balanced thought ...


def test_worry_time_parks_the_question_and_saves_a_reflection() -> None:
    visited, record = walk(load_flows()["worry_time"])
    assert visited == ["name_loop", "rate", "can_act", "park", "refocus", "rate_after", "done"]
    assert record is not None and record["kind"] == "reflection" and record["worry_slot"] == "after dinner"
    fields = checkin_fields(record)  # the journal keeps how loud the question was before and after
    assert (fields["exercise"], fields["intensity_before"], fields["intensity_after"]) == ("worry time", 8, 4)
