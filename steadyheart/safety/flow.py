"""The crisis flow: decides whether a turn belongs to safety and, if so, answers it deterministically.

imminent  -> emergency number and crisis line first, "Are you safe right now?", resources kept visible
elevated  -> acknowledge, ask directly, offer resources and the safety plan; continue once safe
abuse     -> named as a safety concern (never insecurity), the DV line, the shared-device note
ambiguous -> one gentle check per conversation; escalate when the answer is not clearly safe
pending   -> the answer to a safety question is understood (yes/no/unclear/none) and followed up

State is a JSON-serialisable dict the caller keeps between turns. Imports steadyheart.safety.* and
steadyheart.dialogue.plan only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from steadyheart.dialogue.plan import Move, MoveName, Plan
from steadyheart.safety.answers import Answer, asks_what_to_do, classify_answer, says_fear_now
from steadyheart.safety.normalize import normalise
from steadyheart.safety.replies import CrisisReplies, fill, load_replies
from steadyheart.safety.resources import CountryResources, crisis_resources, format_resources
from steadyheart.safety.tiers import Category, Tier, Triage

#: Doubting oneself after describing a partner's control ("is that normal?", "i think i'm overreacting"): met with an
#: answer to the doubt, never read as an unclear answer that ends in the emergency reply.
_ABUSE_DOUBT = re.compile(
    r"\b(?:is (?:that|this|it) (?:normal|okay|ok|fine|a big deal|bad|wrong|abuse|controlling)|am i (?:overreacting|being "
    r"(?:dramatic|paranoid|silly|too sensitive))|(?:i think|maybe) i am (?:just |probably |only )?(?:overreacting|being "
    r"(?:dramatic|paranoid|silly|too sensitive))|i am (?:probably |just )?overreacting|(?:it is|it was) not (?:that|a) (?:bad|big deal)|(?:he|she|they) (?:is|are) "
    r"not (?:that|really) bad)\b"
)
#: Playing it down after describing it ("it's not like he forces me", "he's never hit me"): it does not have to be
#: force or violence to matter; answered as a doubt, never read as an unclear answer.
_ABUSE_MINIMISED = re.compile(
    r"\b(?:it is not like (?:he|she|they) (?:\w+ )?(?:forces?|forced|hits?|hurts?|beats?|rapes?|makes?)|(?:he|she|they) "
    r"(?:has |have |is |are )?(?:never|does not|do not|did not) (?:\w+ )?(?:hit|hits|force|forces|forced|hurt|hurts|beat|beats) me|"
    r"it is not (?:abuse|rape|assault|that serious)|(?:he|she|they) (?:is|are) not (?:abusive|violent|like that)|"
    r"(?:i do not know if|not sure if|does) (?:that|it|this) (?:counts?|is abuse))\b"
)
#: Questions where "yes" means danger; for "are_you_safe", "yes" means safe.
RISK_QUESTIONS = frozenset({"thoughts", "self_harm", "plan", "harm_others", "abuse_fear", "ambiguous"})
MAX_REASKS = 1
#: After abuse was described: "should I talk to him about it?" is answered by safety, never by coaching.
_CONFRONT = re.compile(
    r"\b(?:confront|talk to|speak to|talk with|tell|ask|stand up to|call out|have it out with|face) "
    r"(?:him|her|them|my (?:partner|boyfriend|girlfriend|husband|wife|ex))\b"
)


@dataclass(frozen=True)
class SafetyTurn:
    text: str
    plan: Plan
    state: dict[str, Any]
    resources_shown: bool


def handle_safety(
    text: str, triage: Triage, state: dict[str, Any] | None, country: str | None
) -> SafetyTurn | None:
    """The safety reply for this turn, or None when the normal dialogue should answer."""
    st = _fresh_state(state)
    turn = _Turn(text, triage, st, crisis_resources(country), load_replies())
    pending = st.get("pending")
    norm = normalise(text)
    if triage.tier is Tier.IMMINENT:
        return turn.imminent(_lead_category(triage))
    below_elevated = triage.tier.rank < Tier.ELEVATED.rank
    if st.get("abuse_flagged") and below_elevated and _CONFRONT.search(norm):
        return turn.confront_advice()
    if st.get("abuse_hinted") and not pending and below_elevated and _CONFRONT.search(norm):
        return turn.confront_advice(hinted=True, doubt=bool(_ABUSE_DOUBT.search(norm)))
    if st.get("abuse_flagged") and not pending and below_elevated and asks_what_to_do(text):
        # After abuse was described, "what should i do" gets safe next steps, never a thinking-trap lesson.
        return turn.abuse_next_steps()
    if (st.get("abuse_flagged") or st.get("abuse_hinted")) and not pending and below_elevated and (
            (minimised := bool(_ABUSE_MINIMISED.search(norm))) or _ABUSE_DOUBT.search(norm)):
        # "is that normal?", "he's never hit me" after a partner's control came up: the doubt is answered here, never
        # read by the dialogue as a thinking trap about the partner.
        return turn.abuse_doubt_open(minimised=minimised)
    if pending:
        answer = classify_answer(text, triage, question=str(pending["question"]))
        if triage.tier is Tier.ELEVATED and Category.PARTNER_ABUSE in triage.categories:
            if pending["question"] != "are_you_safe" or pending.get("category") != Category.PARTNER_ABUSE.value:
                return turn.elevated(Category.PARTNER_ABUSE)
            # More about the abuse is not yet an answer to "are you safe right now?"; fear now is: not safe.
            answer = Answer.UNSAFE if says_fear_now(text) else Answer.NONE
        elif (pending["question"] == "are_you_safe" and pending.get("category") == Category.PARTNER_ABUSE.value
              and triage.tier.rank < Tier.ELEVATED.rank
              and ((minimised := bool(_ABUSE_MINIMISED.search(norm))) or _ABUSE_DOUBT.search(norm))):
            return turn.abuse_doubt(pending, minimised=minimised)
        elif triage.tier is Tier.ELEVATED and _lead_category(triage).value != pending.get("category"):
            # New risk of another kind ("what's the point of anything anymore" after a check about a partner) is
            # met as itself, not read as the answer to a question about something else.
            return turn.elevated(_lead_category(triage))
        return turn.answer(pending, answer)
    if triage.tier is Tier.ELEVATED:
        return turn.elevated(_lead_category(triage))
    if triage.tier is Tier.AMBIGUOUS and not st.get("ambiguous_checked"):
        return turn.ambiguous(_lead_category(triage))
    return None


def _fresh_state(state: dict[str, Any] | None) -> dict[str, Any]:
    st = dict(state or {})
    st.setdefault("pending", None)
    st.setdefault("ambiguous_checked", False)
    st.setdefault("crisis_turns", 0)
    st.setdefault("resources_visible", False)
    st.setdefault("abuse_flagged", False)
    #: the gentle check about a partner was asked: control was hinted at, though nobody named abuse
    st.setdefault("abuse_hinted", False)
    return st


def _focus(category: Category) -> str:
    return "abuse" if category is Category.PARTNER_ABUSE else "crisis"


def _lead_category(triage: Triage) -> Category:
    return triage.categories[0] if triage.categories else Category.SUICIDE


class _Turn:
    def __init__(
        self, text: str, triage: Triage, state: dict[str, Any], res: CountryResources, replies: CrisisReplies
    ) -> None:
        self.text, self.triage, self.state, self.res, self.r = text, triage, state, res, replies

    # ------------------------------------------------------------------ building blocks
    def _variant(self, key: str) -> str:
        variants = self.r.openers[key]
        return fill(variants[self.state["crisis_turns"] % len(variants)], self.res)

    def _ask(self, question: str, tier: Tier, category: Category, *, asks: int = 0) -> None:
        self.state["pending"] = {
            "question": question, "tier": tier.value, "category": category.value, "asks": asks, "unclear": 0,
        }

    def _reply(
        self, parts: list[str], moves: list[Move], node: str, *, resources: str | None = None
    ) -> SafetyTurn:
        self.state["crisis_turns"] += 1
        text = "\n\n".join(p for p in parts if p)
        shown = resources is not None
        if resources is not None:
            text += "\n\n" + format_resources(self.res.code if not self.res.is_fallback else None, focus=resources)
            self.state["resources_visible"] = True
        plan = Plan(moves=tuple(moves), flow="safety", flow_node=node)
        return SafetyTurn(text=text, plan=plan, state=dict(self.state), resources_shown=shown)

    def _move(self, name: MoveName, because: str, **params: Any) -> Move:
        return Move(name, because, params)

    # ------------------------------------------------------------------ tiers
    def imminent(self, category: Category) -> SafetyTurn:
        key = {
            Category.PARTNER_ABUSE: "imminent_abuse", Category.MEDICAL_EMERGENCY: "imminent_medical",
            Category.SELF_HARM: "imminent_self_harm", Category.HARM_TO_OTHERS: "imminent_harm_others",
        }.get(category, "imminent_suicide")
        focus = "abuse" if category is Category.PARTNER_ABUSE else "crisis"
        parts = [self._variant(key), self.r.questions["are_you_safe"]]
        moves = [
            self._move(MoveName.CRISIS_RESOURCES, f"imminent {category.value} risk", country=self.res.code,
                       emergency=self.res.emergency),
            self._move(MoveName.CHECK_SAFETY, "ask directly whether the person is safe now", question="are_you_safe"),
        ]
        if category is Category.PARTNER_ABUSE:
            self.state["abuse_flagged"] = True
            parts.append(self.r.device_note)
            moves.append(self._move(MoveName.ABUSE_CONCERN, "danger from a partner is named as a safety concern"))
        elif category in (Category.SUICIDE, Category.SELF_HARM):
            parts.append(self.r.plan_offer)
            moves.append(self._move(MoveName.SAFETY_PLAN, "offered in every elevated or imminent turn"))
        self._ask("are_you_safe", Tier.IMMINENT, category)
        return self._reply(parts, moves, f"imminent_{category.value}", resources=focus)

    def elevated(self, category: Category) -> SafetyTurn:
        key = {
            Category.PARTNER_ABUSE: "abuse", Category.SELF_HARM: "self_harm",
            Category.HARM_TO_OTHERS: "harm_others", Category.MEDICAL_EMERGENCY: "medical",
        }.get(category, "suicide")
        question = {
            "abuse": "are_you_safe", "self_harm": "self_harm", "harm_others": "harm_others", "medical": "are_you_safe",
        }.get(key, "thoughts")
        parts = [self._variant(f"elevated_{key}"), fill(self.r.lines[f"elevated_{key}"], self.res)]
        moves = [
            self._move(MoveName.CHECK_SAFETY, f"elevated {category.value} risk: ask directly", question=question),
            self._move(MoveName.CRISIS_RESOURCES, "offer resources", country=self.res.code),
        ]
        if category is Category.PARTNER_ABUSE:
            self.state["abuse_flagged"] = True
            parts += [self.r.abuse_plan_offer, self.r.device_note]
            moves.insert(0, self._move(MoveName.ABUSE_CONCERN, "partner abuse is a safety concern, not insecurity"))
            moves.append(self._move(MoveName.SAFETY_PLAN, "domestic-violence services help plan for safety"))
        else:
            parts.append(self.r.plan_offer)
            moves.append(self._move(MoveName.SAFETY_PLAN, "offered in every elevated or imminent turn"))
        parts.append(self.r.questions[question])
        self._ask(question, Tier.ELEVATED, category)
        focus = "abuse" if category is Category.PARTNER_ABUSE else "crisis"
        return self._reply(parts, moves, f"elevated_{category.value}", resources=focus)

    def ambiguous(self, category: Category) -> SafetyTurn:
        question = {Category.PARTNER_ABUSE: "abuse_fear", Category.HARM_TO_OTHERS: "harm_others"}.get(
            category, "ambiguous"
        )
        self.state["ambiguous_checked"] = True
        if question == "abuse_fear":
            self.state["abuse_hinted"] = True
        self._ask(question, Tier.AMBIGUOUS, category)
        intro = "That sounds really hard." if question != "harm_others" else "That sounds really frustrating."
        moves = [self._move(MoveName.CHECK_SAFETY, "ambiguous wording: check gently, once", question=question)]
        return self._reply([intro, self.r.questions[question]], moves, f"ambiguous_{category.value}")

    # ------------------------------------------------------------------ answers
    def answer(self, pending: dict[str, Any], answer: Answer) -> SafetyTurn:
        question = str(pending["question"])
        tier = Tier(pending["tier"])
        category = Category(pending["category"])
        if answer in (Answer.YES, Answer.NO):
            danger = (answer is Answer.YES) == (question in RISK_QUESTIONS)
            answer = Answer.UNSAFE if danger else Answer.SAFE
        if answer is Answer.SAFE:
            return self._safe(question, tier, category)
        if answer is Answer.UNSAFE:
            return self._unsafe(question, tier, category)
        if tier is Tier.AMBIGUOUS and question == "abuse_fear":
            return self._abuse_check_open()
        if tier is Tier.AMBIGUOUS and (answer is Answer.UNCLEAR or pending.get("asks", 0) >= MAX_REASKS):
            return self._escalate_ambiguous(category)  # not clearly safe: escalate rather than ask again
        if answer is Answer.UNCLEAR and pending.get("unclear", 0) < MAX_REASKS:
            pending = {**pending, "unclear": pending.get("unclear", 0) + 1}
            self.state["pending"] = pending
            parts = [self.r.followups["unclear_reask"], self.r.questions[question]]
            moves = [self._move(MoveName.CHECK_SAFETY, "the answer was unclear: ask again, simply", question=question)]
            return self._reply(parts, moves, "reask", resources=_focus(category) if tier.is_crisis else None)
        if answer is Answer.UNCLEAR and tier is Tier.ELEVATED and category is Category.PARTNER_ABUSE:
            return self._abuse_release()  # still unclear: no emergency script over a partner's control
        if answer is Answer.UNCLEAR:
            return self._unsafe(question, tier, category)
        if pending.get("asks", 0) < MAX_REASKS:
            self.state["pending"] = {**pending, "asks": pending.get("asks", 0) + 1}
            parts = [self.r.followups["no_answer"], self.r.questions[question]]
            moves = [self._move(MoveName.CHECK_SAFETY, "no answer yet: come back to the question", question=question)]
            return self._reply(parts, moves, "followup", resources=_focus(category) if tier.is_crisis else None)
        self.state["pending"] = None
        moves = [self._move(MoveName.CRISIS_RESOURCES, "still no answer: leave resources in view")]
        return self._reply(
            [fill(self.r.followups["release"], self.res)], moves, "release", resources=_focus(category)
        )

    def _safe(self, question: str, tier: Tier, category: Category) -> SafetyTurn:
        if question == "plan":
            return self.plan_no(category)
        self.state["pending"] = None
        if question == "abuse_fear":
            self.state["abuse_hinted"] = False  # "no, never afraid of him": later doubts are about other things
        if category is Category.PARTNER_ABUSE:
            key = "safe_after_abuse_check" if tier is Tier.AMBIGUOUS else "safe_after_abuse"
        elif category is Category.HARM_TO_OTHERS:
            key = "safe_after_harm"
        elif tier is Tier.AMBIGUOUS:
            key = "safe_after_ambiguous"
        else:
            key = "safe_after_imminent" if tier is Tier.IMMINENT else "safe_after_elevated"
        moves = [self._move(MoveName.CHECK_SAFETY, "the person says they are safe: continue gently", answer="safe")]
        if tier is not Tier.AMBIGUOUS:
            moves.append(self._move(MoveName.SAFETY_PLAN, "offered in every elevated or imminent turn"))
        parts = [fill(self.r.followups[key], self.res)]
        if tier is not Tier.AMBIGUOUS and category in (Category.SUICIDE, Category.SELF_HARM):
            parts.append(self.r.plan_offer)
        return self._reply(parts, moves, "safe")

    def _unsafe(self, question: str, tier: Tier, category: Category) -> SafetyTurn:
        if question in ("thoughts", "self_harm"):
            self._ask("plan", Tier.ELEVATED, category)
            parts = [self.r.followups["thoughts_yes"], self.r.questions["plan"]]
            moves = [self._move(MoveName.CHECK_SAFETY, "thoughts present: ask about a plan or intent", question="plan")]
            return self._reply(parts, moves, "ask_plan", resources="crisis")
        if question == "abuse_fear":
            return self.elevated(Category.PARTNER_ABUSE)
        if question == "ambiguous":
            return self._escalate_ambiguous(category)
        return self.imminent(category)

    def _escalate_ambiguous(self, category: Category) -> SafetyTurn:
        if category is Category.PARTNER_ABUSE:
            return self.elevated(Category.PARTNER_ABUSE)
        if category is Category.HARM_TO_OTHERS:
            return self.elevated(Category.HARM_TO_OTHERS)
        return self.elevated(Category.SUICIDE)

    def confront_advice(self, *, hinted: bool = False, doubt: bool = False) -> SafetyTurn:
        """'should I talk to him about it?' after abuse (or, hinted, after the gentle check about a partner's control):
        never a suggestion to confront; where nobody described harm, no talk of danger either."""
        moves = [
            self._move(MoveName.ABUSE_CONCERN, "after abuse: never suggest confronting the partner"),
            self._move(MoveName.CRISIS_RESOURCES, "a domestic-violence service can help plan safely"),
        ]
        parts = [fill(self.r.followups["confront_hinted" if hinted else "confront"], self.res), self.r.device_note]
        if doubt:
            parts.insert(0, self.r.followups["abuse_doubt"])  # "is it normal? should I say something?": both answered
        return self._reply(parts, moves, "confront_advice", resources="abuse")

    def abuse_doubt_open(self, *, minimised: bool) -> SafetyTurn:
        """A doubt or a playing-down with no question pending: answered plainly, with the line, and no new question
        about safety (the person has been asked already)."""
        moves = [self._move(MoveName.ABUSE_CONCERN, "the person doubts themselves: control is not normal"),
                 self._move(MoveName.CRISIS_RESOURCES, "the domestic-violence line stays in view")]
        doubt = self.r.followups["abuse_minimised" if minimised else "abuse_doubt"]
        return self._reply([doubt, fill(self.r.followups["abuse_doubt_open"], self.res)], moves, "abuse_doubt",
                           resources="abuse")

    def abuse_next_steps(self) -> SafetyTurn:
        moves = [self._move(MoveName.ABUSE_CONCERN, "asked what to do after abuse: safe next steps, no confronting"),
                 self._move(MoveName.CRISIS_RESOURCES, "a domestic-violence service can help plan safely")]
        return self._reply([fill(self.r.followups["abuse_next_steps"], self.res), self.r.device_note], moves,
                           "abuse_next_steps", resources="abuse")

    def abuse_doubt(self, pending: dict[str, Any], *, minimised: bool = False) -> SafetyTurn:
        """'is that normal?' or 'it's not like he forces me' after a partner's control or coercion was described:
        answer the doubt, then the question once more."""
        if pending.get("asks", 0) + pending.get("unclear", 0) >= MAX_REASKS:
            return self._abuse_release()
        self.state["pending"] = {**pending, "asks": pending.get("asks", 0) + 1}
        moves = [self._move(MoveName.ABUSE_CONCERN, "the person doubts themselves: control is not normal"),
                 self._move(MoveName.CHECK_SAFETY, "then the question once more", question="are_you_safe")]
        doubt = self.r.followups["abuse_minimised" if minimised else "abuse_doubt"]
        return self._reply([doubt, self.r.questions["are_you_safe"]], moves, "abuse_doubt", resources="abuse")

    def _abuse_release(self) -> SafetyTurn:
        self.state["pending"] = None
        moves = [self._move(MoveName.ABUSE_CONCERN, "no clear answer: the concern stands, the question is left"),
                 self._move(MoveName.CRISIS_RESOURCES, "the domestic-violence line stays in view")]
        return self._reply([fill(self.r.followups["abuse_unclear_release"], self.res)], moves, "abuse_release",
                           resources="abuse")

    def _abuse_check_open(self) -> SafetyTurn:
        """An unclear answer to the gentle abuse check: do not name abuse nobody described; leave the door open."""
        self.state["pending"] = None
        moves = [self._move(MoveName.ABUSE_CONCERN, "unclear answer to the abuse check: offer support, no label")]
        return self._reply([fill(self.r.followups["abuse_check_open"], self.res)], moves, "abuse_check_open")

    def plan_no(self, category: Category) -> SafetyTurn:
        self.state["pending"] = None
        parts = [fill(self.r.followups["plan_no"], self.res), self.r.plan_offer]
        moves = [
            self._move(MoveName.CRISIS_RESOURCES, "thoughts without a plan: resources"),
            self._move(MoveName.SAFETY_PLAN, "offered in every elevated or imminent turn"),
        ]
        return self._reply(parts, moves, "plan_no", resources="crisis")
