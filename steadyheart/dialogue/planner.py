"""The planner: from the message, its analysis, the conversation state and what the person chose to share,
decide the moves of one reply. Deterministic: the same inputs always give the same plan.

Order of concern: safety signals the safety layer left to us (abuse and control) -> who we are ->
goodbye -> dependence -> an open guided flow -> an accepted offer -> a question for the library ->
the reassurance loop -> real red flags -> urges -> situations that call for a flow -> strong feeling ->
thinking traps -> the body -> staying with the person. Exactly one move per reply may ask a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from steadyheart.content.flows import Flow, load_flows
from steadyheart.content.phrasings import load_phrasings
from steadyheart.dialogue import flow_runner
from steadyheart.dialogue.answers import parse_number
from steadyheart.dialogue.intents import Intents, read_intents
from steadyheart.dialogue.plan import Move, MoveName, Plan
from steadyheart.dialogue.reflection import (
    PLEASANT,
    echo,
    feeling_word,
    is_belief,
    is_reported,
    names_a_feeling,
)
from steadyheart.dialogue.remember import MemoryChange, describe, join_phrases, read_memory_change
from steadyheart.dialogue.state import LOOP_WINDOW_TURNS, DialogueState
from steadyheart.dialogue.topics import (
    ACTED_WORDS,
    BAD_MOOD,
    BREAKUP_WORDS,
    MY_FAULT,
    RELATIONSHIP_WORDS,
    RESISTED_WORDS,
    URGE_WORDS,
    decided_not_to_act,
    flow_signals,
)
from steadyheart.understanding.analysis import Analysis, TrapFinding, UrgeFinding, UrgeStatus

TRAP_MIN_SCORE = 0.5
STRONG_FEELING = 0.85
TRAP_ANGLES = ("evidence", "alternative", "friend")
#: habits of the mind, not deeds: "acting on an urge is human" would answer the wrong thing; the ordinary
#: path (the body, a thinking trap, a flow) meets going over it or measuring oneself against others
MENTAL_HABITS = frozenset({"rumination", "comparing"})
#: Words that ask for a flow by name ("can we do a check-in") rather than describe a situation.
_REQUEST_WORDS = ("can we", "could we", "let's", "lets ", "help me", "i want to", "i'd like to", "i would like",
                  "show me", "start", "do a", "try", "walk me", "guide me", "need to",
                  "don't know how to", "dont know how to", "do not know how to")


#: An explicit request in the middle of an exercise ("can you help me calm down"): not an answer to its question.
_ASKS_FOR_ANOTHER = re.compile(r"^\W*(?:(?:can|could) (?:you|we)|help me|let'?s|i'?d like to|i would like to|please)\b",
                               re.IGNORECASE)
#: A goodbye on the way to bed ("goodnight", "i'm going to try to sleep") is answered for the night ahead.
_TO_BED = re.compile(r"\b(?:good ?night|night night|sleep|bed)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PlanOutcome:
    plan: Plan
    #: JSON-serialisable dialogue state; store it and pass it back next turn
    state: dict[str, Any]
    #: what the person chose to share (key -> value) or asked to forget (key -> None)
    memory_updates: dict[str, str | None] = field(default_factory=dict)
    #: things to persist elsewhere, e.g. {"kind": "checkin", ...} when a check-in flow ends
    records: list[dict[str, Any]] = field(default_factory=list)


def plan_turn(user_text: str, analysis: Analysis, state: dict[str, Any], memory: dict[str, str]) -> PlanOutcome:
    turn = _Turn(user_text, analysis, DialogueState.from_dict(state), dict(memory))
    moves = turn.decide()
    st = turn.state
    flow_id = st.flow["id"] if st.flow else turn.flow_shown
    node = st.flow["node"] if st.flow else turn.node_shown
    return PlanOutcome(Plan(tuple(moves), flow=flow_id, flow_node=node), st.to_dict(),
                       dict(turn.change.updates), turn.records)


def yield_to_safety(state: dict[str, Any]) -> dict[str, Any]:
    """Close any open flow and pending offer: call when the safety layer answered the turn instead."""
    st = DialogueState.from_dict(state)
    st.flow, st.offer = None, None
    return st.to_dict()


def _guard_would_block(echoed: str, user_text: str, belief: bool) -> bool:
    """Whether the reply guard would stop the person's own words said back (it checks every reply)."""
    from steadyheart.safety.guard import blocked_category
    from steadyheart.safety.tiers import Tier

    framed = f"Your fear is telling you this: {echoed}." if belief else f"It sounds like {echoed}."
    return blocked_category(framed, user_text, Tier.NONE) is not None


class _Turn:
    def __init__(self, text: str, analysis: Analysis, state: DialogueState, memory: dict[str, str]) -> None:
        self.text, self.analysis, self.state, self.memory = text, analysis, state, memory
        self.state.turn += 1
        self.intents: Intents = read_intents(text)
        self.change: MemoryChange = read_memory_change(text, memory)
        self.flows: dict[str, Flow] = load_flows()
        self.records: list[dict[str, Any]] = []
        self.flow_shown: str | None = None
        self.node_shown: str | None = None

    # -- the decision ----------------------------------------------------------------------------
    def decide(self) -> list[Move]:
        lead = [self._remember()] if self.change.updates else []
        return lead + self._respond(has_lead=bool(lead))

    def _respond(self, has_lead: bool) -> list[Move]:
        i, st = self.intents, self.state
        if i.abuse or "abuse" in {t.lower() for t in self.analysis.topics}:
            st.flow, st.offer = None, None
            because = f'you described something that sounds like abuse or control ("{i.abuse or "abuse"}")'
            return [self._reflect(), Move(MoveName.ABUSE_CONCERN, because, {"ask": True})]
        if i.romance:
            st.flow, st.offer = None, None
            return [Move(MoveName.ANSWER_IDENTITY, "you asked for romance; an AI cannot be a partner, even in play",
                         {"variant": "romance"}),
                    self._ask("what is behind the wish matters more", variant="romance")]
        if i.identity:
            return self._identity()
        if i.goodbye:
            st.flow, st.offer = None, None
            to_bed = bool(_TO_BED.search(self.text))
            return [Move(MoveName.GOODBYE, "you said goodbye", {"variant": "sleep"} if to_bed else {})]
        if i.dependence:
            return [self._reflect(), Move(MoveName.ENCOURAGE_CONNECTION,
                                          "you said we are the only one who understands you; people in your life matter",
                                          {"ask": True})]
        if i.recall and not self.change.updates:
            return [self._recall()]
        if st.flow:
            switch = self._requested_flow() if _ASKS_FOR_ANOTHER.search(self.text) else None
            if switch and switch != st.flow["id"]:
                return self._start_flow(switch, "you asked for something else in the middle of an exercise")
            if not self._left_the_exercise():
                return self._continue_flow()
            st.flow = None  # a new moment instead of the rating asked for: answer the person, not the form
        if st.offer and (i.yes or i.no or i.what_to_do):
            return self._answer_offer()
        st.offer = None
        requested = self._requested_flow()
        if requested:
            return self._start_flow(requested, "you asked for it")
        if i.check_request:
            # Never help to track or read a partner; say so kindly and meet the urge behind the request.
            st.flow = None
            return [self._validate("you asked for help to check on your partner; I won't, and here is why",
                                   variant="check_request"),
                    self._offer("calm_body" if st.recently(st.offered.get("pause_before"), 8) else "pause_before",
                                "the urge to check passes if it is given time", ask=True)]
        if i.reassurance:
            return self._reassurance()
        st.reassurance_asks = 0 if st.turn - st.last_reassurance_turn > LOOP_WINDOW_TURNS else st.reassurance_asks
        if i.diagnosis_ask:
            return self._no_diagnosis()
        if i.knowledge:
            answer = self._answer_question()
            if answer:
                return answer
        if i.red_flag:
            return self._red_flag()
        if has_lead and len(self.text.split()) <= 12:
            return [self._ask("you shared something for me to keep", variant="open")]
        return self._support()

    # -- special situations ----------------------------------------------------------------------
    def _identity(self) -> list[Move]:
        moves = [Move(MoveName.ANSWER_IDENTITY, "you asked whether you are talking to a person")]
        if self.state.flow:
            moves.append(self._flow_move(self.flows[self.state.flow["id"]], str(self.state.flow["node"]),
                                         self.state.flow.get("answers", {}), "we were in the middle of an exercise"))
        else:
            moves.append(self._ask("to carry on from what matters to you", variant="open"))
        return moves

    def _reassurance(self) -> list[Move]:
        st = self.state
        if st.turn - st.last_reassurance_turn > LOOP_WINDOW_TURNS:
            st.reassurance_asks = 0
        st.reassurance_asks += 1
        st.last_reassurance_turn = st.turn
        count = st.reassurance_asks
        question = " ".join(self.text.split())[:120].rstrip("?!. ")
        if count == 1:
            return [self._reflect(), self._validate("a question like this comes from caring; no one can promise it",
                                                    variant="reassurance"),
                    self._ask("no one can read a partner's mind; understanding the worry helps more than a guess")]
        st.loops_noticed += 1
        because = f"you have asked this {count} times; more reassurance would feed the loop"
        notice = {"echo_question": question}
        if count == 2 or count % 3 == 2:
            return [Move(MoveName.NOTICE_LOOP, because, {**notice, "ask": True})]
        if count % 3 == 0 and not st.recently(st.articles_shared.get("reassurance-painkiller"), 8):
            st.articles_shared["reassurance-painkiller"] = st.turn
            return [Move(MoveName.NOTICE_LOOP, because, notice),
                    self._article_move("reassurance-painkiller", MoveName.PSYCHOEDUCATE,
                                       "reassurance soothes for a shorter time each time", ask=True)]
        skill = "calm_body" if st.recently(st.offered.get("pause_before"), 8) else "pause_before"
        return [Move(MoveName.NOTICE_LOOP, because, notice),
                self._offer(skill, "a skill helps more than another answer", ask=True)]

    def _red_flag(self) -> list[Move]:
        because = f'"{self.intents.red_flag}" is a real concern about the relationship, not a thinking trap'
        moves = [self._reflect(), Move(MoveName.VALIDATE, because, {"variant": "concern"})]
        if not self.state.recently(self.state.offered.get("is_it_me"), 6):
            return [*moves, self._offer("is_it_me", "sorting inner worry from real problems helps", ask=True)]
        return [*moves, self._ask("to understand what happened")]

    # -- flows -------------------------------------------------------------------------------------
    def _requested_flow(self) -> str | None:
        lowered = self.text.lower()
        asking = len(lowered.split()) <= 6 or lowered.rstrip().endswith("?") or any(w in lowered for w in _REQUEST_WORDS)
        if not asking:
            return None
        for flow in self.flows.values():
            if any(phrase in lowered for phrase in flow.starts_on):
                return flow.id
        return None

    def _start_flow(self, flow_id: str, because: str) -> list[Move]:
        flow = self.flows[flow_id]
        step = flow_runner.start(flow)
        self.state.flow, self.state.offer = step.state, None
        move = self._flow_move(flow, step.node.id, {}, because)
        return [Move(move.name, move.because, {**move.params, "opening": True})]

    def _left_the_exercise(self) -> bool:
        """A rating was asked for and, instead, a full sentence about a new moment came: a trigger, a thinking
        trap or an urge ("he left me on read again and I want to text him"). Body words alone are not new:
        "my chest is still tight" answers "how strong is it now?" without a number."""
        st = self.state
        assert st.flow is not None
        flow = self.flows.get(str(st.flow["id"]))
        if flow is None or str(st.flow["node"]) not in flow.nodes:
            return False
        a = self.analysis
        new_moment = bool(a.triggers or a.traps or any(u.status is not UrgeStatus.RESISTED for u in a.urges))
        return (flow.node(str(st.flow["node"])).asks_for_rating and new_moment
                and parse_number(self.text) is None and len(self.text.split()) >= 8)

    def _continue_flow(self) -> list[Move]:
        st = self.state
        assert st.flow is not None
        flow = self.flows.get(str(st.flow["id"]))
        if flow is None or self.intents.stop_flow:
            st.flow = None
            return [Move(MoveName.STAY, "you wanted to stop the exercise, and that's fine"),
                    self._ask("to follow what matters to you now")]
        node_id = str(st.flow["node"])
        if (node_id in flow.nodes and flow.node(node_id).wants_words and self.intents.low_content
                and st.flow.get("asked_again") != node_id):
            st.flow = {**st.flow, "asked_again": node_id}  # once: a second "ok" is taken as the answer
            return [self._flow_move(flow, node_id, dict(st.flow.get("answers", {})),
                                    "a few words of yours are needed here, so I asked again")]
        step = flow_runner.advance(flow, st.flow, self.text)
        st.flow = step.state
        if step.state is None:
            st.flows_done.append(flow.id)
            if step.record:
                self.records.append(step.record)
        if step.node.handover == "safety":
            self.flow_shown, self.node_shown = flow.id, step.node.id
            return [Move(MoveName.ABUSE_CONCERN, "you said you feel afraid of or controlled by your partner; "
                         "that is about safety, not insecurity", {"ask": True})]
        return [self._flow_move(flow, step.node.id, step.answers, f"the next step of {flow.title}")]

    def _flow_move(self, flow: Flow, node_id: str, answers: dict[str, Any], because: str) -> Move:
        self.flow_shown, self.node_shown = flow.id, node_id
        fill = flow_runner.fill_values(answers)
        return Move(MoveName.CONTINUE_FLOW, because, {"flow": flow.id, "node": node_id, "fill": fill, "ask": True})

    def _answer_offer(self) -> list[Move]:
        flow_id, self.state.offer = self.state.offer, None
        if self.intents.what_to_do and not self.intents.no and flow_id in self.flows:
            return self._start_flow(flow_id, "you asked what to do, and this is what I had offered")
        if self.intents.yes and flow_id in self.flows:
            return self._start_flow(flow_id, "you said yes to trying it")
        return [Move(MoveName.STAY, "you'd rather not try the exercise now, and that's okay"),
                self._ask("to follow what you need instead")]

    def _offer(self, flow_id: str, because: str, ask: bool = True) -> Move:
        flow = self.flows[flow_id]
        self.state.offer = flow_id
        self.state.offered[flow_id] = self.state.turn
        return Move(MoveName.OFFER_SKILL, because,
                    {"flow": flow_id, "flow_title": flow.title, "flow_pitch": flow.pitch, "ask": ask})

    # -- knowledge ---------------------------------------------------------------------------------
    def _answer_question(self, because: str | None = None, variant: str | None = None) -> list[Move] | None:
        from steadyheart.knowledge import answer_question

        hit = answer_question(self.text)
        if hit is None:
            return None
        self.state.articles_shared[hit.article.slug] = self.state.turn
        because = because or f'you asked a question our article "{hit.article.title}" answers (score {hit.score:.2f})'
        move = self._article_move(hit.article.slug, MoveName.ANSWER_QUESTION, because, ask=True)
        return [Move(move.name, move.because, {**move.params, "variant": variant})] if variant else [move]

    def _no_diagnosis(self) -> list[Move]:
        """'Do I have anxious attachment / BPD?': never a yes or no; what the library knows, and where to ask."""
        because = "you asked whether a diagnosis fits you; only a professional who knows you can say, and I never diagnose"
        answer = self._answer_question(because, variant="diagnosis")
        if answer:
            return answer
        moves = [self._validate(because, variant="diagnosis")]
        if "when_to_seek_help" in self.flows and not self.state.recently(self.state.offered.get("when_to_seek_help"), 6):
            return [*moves, self._offer("when_to_seek_help", "a professional can look at the whole picture with you")]
        return [*moves, self._ask("to understand what made you wonder")]

    def _article_move(self, slug: str, name: MoveName, because: str, ask: bool) -> Move:
        from steadyheart.knowledge import article_by_slug

        article = article_by_slug(slug)
        if article is None:
            return self._ask(because)
        return Move(name, because, {"article": article.slug, "title": article.title, "summary": article.summary,
                                    "source": article.citation, "ask": ask})

    # -- everyday support ------------------------------------------------------------------------
    def _support(self) -> list[Move]:
        st, analysis, text = self.state, self.analysis, self.text
        if self.intents.greeting and len(text.split()) <= 6:
            return [Move(MoveName.GREET, "you said hello", {"ask": True})]
        if self.intents.not_helping:
            return [Move(MoveName.STAY, "you said this isn't helping; change course", {"variant": "not_helping"}),
                    Move(MoveName.STAY, "ask what would help instead", {"ask": True, "variant": "not_helping"})]
        if self.intents.change_topic:
            return [Move(MoveName.STAY, "you asked to talk about something else; follow your lead", {"variant": "change_topic"}),
                    Move(MoveName.STAY, "ask what you would like to talk about", {"ask": True, "variant": "change_topic"})]
        if self.intents.thanks:
            return [Move(MoveName.STAY, "you said thank you", {"variant": "thanks"}),
                    Move(MoveName.STAY, "leaving room for what comes next", {"ask": True, "variant": "thanks"})]
        if self.intents.low_content:
            return [Move(MoveName.STAY, "a short answer; there's no need to push"),
                    Move(MoveName.STAY, "leaving room to say more", {"ask": True})]
        urge = max((u for u in analysis.urges if u.name not in MENTAL_HABITS), key=lambda u: u.score, default=None)
        resisted, decided = bool(RESISTED_WORDS.search(text)), decided_not_to_act(text)
        if urge is None and (ACTED_WORDS.search(text) or resisted or decided):
            status = UrgeStatus.RESISTED if resisted or decided else UrgeStatus.ACTED
            urge = UrgeFinding("checking_or_texting", status, 0.6, text[:80])
        if urge is not None and urge.status is UrgeStatus.ACTED:
            return [self._reflect(), self._validate("acting on an urge is human; shame makes the next one stronger",
                                                    variant="acted"),
                    self._ask("to understand what led up to it", variant="acted")]
        if urge is not None and urge.status is UrgeStatus.RESISTED and decided and not resisted:
            return [self._reflect(), self._validate("you decided to hold off before the urge won", variant="decided"),
                    self._ask("to plan how to keep to it", variant="decided")]
        if urge is not None and urge.status is UrgeStatus.RESISTED:
            return [self._reflect(), self._validate("you held off an urge, which is worth noticing",
                                                    variant="resisted"),
                    self._ask("to learn what helped", variant="resisted")]
        if urge is not None or URGE_WORDS.search(text):
            return self._urge()
        for flow_id in flow_signals(text, analysis):
            if not st.recently(st.offered.get(flow_id), 6) and flow_id not in st.flows_done:
                return [self._reflect(), self._validate("the feeling makes sense in this situation"),
                        self._offer(flow_id, f"what you describe is what {self.flows[flow_id].title} is for")]
        if analysis.intensity >= STRONG_FEELING and not st.recently(st.offered.get("calm_body"), 5):
            return [self._reflect(), self._offer("calm_body", "the feeling is very strong right now; calming the body comes first")]
        if analysis.body and st.body_asked_turn == st.turn - 1 and not st.recently(st.offered.get("calm_body"), 5):
            # They have just told us where it sits in the body: the moment to help the body settle.
            return [self._reflect(), self._offer("calm_body", "you found it in your body; calming the body can ease it")]
        trap = self._trap()
        if trap is not None:
            # The trap is named with the person's own words, so the reflection stays with the feeling.
            return [self._reflect(with_words=False, variant="warm"), self._name_trap(trap)]
        if analysis.emotions and not analysis.body and not st.recently(st.body_asked_turn, 5) and st.turn > 1:
            st.body_asked_turn = st.turn
            return [self._reflect(), self._validate("warmth first, then the body"),
                    Move(MoveName.ASK_BODY, "noticing the body helps to calm it", {"ask": True})]
        helps = self.memory.get("what_helps")
        if helps and analysis.emotions and not st.recently(st.memory_prompt_turn, 8):
            st.memory_prompt_turn = st.turn
            return [self._reflect(), self._ask("you told me before what helps you", variant="memory",
                                               remembered=helps.split(";")[-1].strip())]
        return [self._reflect(), self._validate("feelings make sense before they are examined"),
                self._ask("to understand more")]

    def _urge(self) -> list[Move]:
        st = self.state
        moves = [self._reflect(), self._validate("the pull to check or ask is strong when you feel unsure")]
        if not st.recently(st.offered.get("pause_before"), 5):
            return [*moves, self._offer("pause_before", "a pause lets the urge peak and pass before you decide")]
        if not st.recently(st.articles_shared.get("checking-and-testing"), 10):
            st.articles_shared["checking-and-testing"] = st.turn
            return [moves[0], self._article_move("checking-and-testing", MoveName.PSYCHOEDUCATE,
                                                 "knowing how checking keeps worry going can help", ask=True)]
        st.body_asked_turn = st.turn
        return [moves[0], Move(MoveName.ASK_BODY, "urges live in the body too", {"ask": True})]

    def _trap(self) -> TrapFinding | None:
        # Only a trap the person's own words show is named: the model's guess over a whole sentence ("he's working
        # offshore for three weeks" read as labeling) is no evidence a person would accept.
        traps = sorted((t for t in self.analysis.traps if t.score >= TRAP_MIN_SCORE and t.in_words),
                       key=lambda t: -t.score)
        if not traps and BAD_MOOD.search(self.text) and MY_FAULT.search(self.text):
            match = MY_FAULT.search(self.text)
            traps = [TrapFinding("personalization", 0.6, match.group(0) if match else "",
                                 "their mood may have causes that have nothing to do with you")]
        for trap in traps:
            if not self.state.recently(self.state.traps_named.get(trap.name), 3):
                return trap
        return None

    def _name_trap(self, trap: TrapFinding) -> Move:
        st = self.state
        st.traps_named[trap.name] = st.turn
        angle = TRAP_ANGLES[st.trap_angle % len(TRAP_ANGLES)]
        st.trap_angle += 1
        evidence = " ".join(trap.evidence.split())[:100] or " ".join(self.text.split()[:10])
        return Move(MoveName.NAME_TRAP, trap.why or f"this looks like {trap.name}",
                    {"trap": trap.name, "evidence": evidence, "angle": angle, "variant": angle, "ask": True})

    # -- small builders --------------------------------------------------------------------------
    def _reflect(self, with_words: bool = True, variant: str | None = None) -> Move:
        # variant="warm": compassion first, for replies that go on to examine a thought.
        params: dict[str, Any] = {"variant": variant} if variant else {}
        said = echo(self.text) if with_words else None
        if said and _guard_would_block(said, self.text, belief=is_belief(said)):
            said = None  # e.g. "you have depression" said back would read as a diagnosis
        feeling = feeling_word(self.analysis, load_phrasings(), text=self.text)
        if said:
            params["echo"] = said
            # "you're not going to text him tonight" is a decision, not the anxious voice.
            belief = is_belief(said) and not decided_not_to_act(self.text)
            if belief or (self._trap_in_words() and not is_reported(said)):
                params["variant"] = "belief"  # never said back as a fact: "you're too needy" would agree with it
        if feeling and not (said and (feeling in said.lower() or names_a_feeling(said))):
            params["feeling"] = feeling  # not when the echo already says it ("you feel terrible, and you feel sad")
            if feeling not in PLEASANT:
                params["hard_feeling"] = feeling
        because = "to show you were heard" + (f" and name the feeling ({feeling})" if feeling else "")
        return Move(MoveName.REFLECT, because, params)

    def _validate(self, because: str, variant: str | None = None) -> Move:
        self.state.validated_turn = self.state.turn
        if variant is None and BREAKUP_WORDS.search(self.text):
            variant = "breakup"
        elif variant is None and RELATIONSHIP_WORDS.search(self.text):
            variant = "relationship"
        return Move(MoveName.VALIDATE, because, {"variant": variant} if variant else {})

    def _ask(self, because: str, variant: str | None = None, remembered: str | None = None) -> Move:
        params: dict[str, Any] = {"ask": True}
        if variant:
            params["variant"] = variant
        if remembered:
            params["remembered"] = remembered
        return Move(MoveName.ASK, because, params)

    def _trap_in_words(self) -> bool:
        """A thinking trap shown by the person's own words (its evidence is a phrase, not the whole message:
        a model's guess over a whole "he hasn't texted all night" is no belief to soften)."""
        whole = " ".join(self.text.split()).lower()
        return any(t.score >= TRAP_MIN_SCORE and t.evidence and " ".join(t.evidence.split()).lower() != whole
                   for t in self.analysis.traps)

    def _recall(self) -> Move:
        kept = [describe(key, value) for key, value in sorted(self.memory.items()) if value]
        if not kept:
            return Move(MoveName.REMEMBER, "you asked what I keep; nothing yet", {"variant": "empty"})
        return Move(MoveName.REMEMBER, "you asked what I keep about you",
                    {"variant": "list", "remembered": join_phrases(kept)})

    def _remember(self) -> Move:
        change = self.change
        keys = sorted(k for k in change.updates)
        because = ("you asked me to forget " if change.forgot else "you chose to share ") + ", ".join(keys)
        params: dict[str, Any] = {"remembered": change.said, "keys": keys}
        if change.forgot:
            params["variant"] = "forgot"
        return Move(MoveName.REMEMBER, because, params)
