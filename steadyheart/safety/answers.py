"""Understand the answer to a safety question: yes, no, a clear "I'm safe", a clear "I'm not", unclear,
or no answer at all (the person moved on). Deterministic word patterns on normalised text.

Imports steadyheart.safety.normalize and .tiers only.
"""

from __future__ import annotations

import re
from enum import StrEnum

from steadyheart.safety.normalize import normalise
from steadyheart.safety.tiers import Tier, Triage


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    SAFE = "safe"          # a clear statement of safety, whatever the question
    UNSAFE = "unsafe"      # a clear statement of danger, whatever the question
    UNCLEAR = "unclear"
    NONE = "none"          # not an answer: the person talked about something else


#: "i'm completely fine", "i am not really safe": a word of degree between "i am" and the state changes nothing.
_DEGREE = r"(?:(?:completely|totally|perfectly|really|honestly|absolutely|actually|definitely|genuinely|quite|very|100%?) )?"
_UNSAFE = re.compile(
    r"\b(?:i am " + _DEGREE + r"not " + _DEGREE + r"(?:safe|okay|ok|fine|alright|all right|good)|not safe|not really safe|"
    r"i do not feel safe|i am in danger|i need help|help me|please help|i want to die|i want to go|"
    r"i cannot (?:do this|go on|keep going)|i am going to do it|i will do it|i still want to)\b"
)
_SAFE = re.compile(
    r"\b(?:i am " + _DEGREE + r"(?:safe|okay|ok|fine|alright|all right|good|not going to (?:do|hurt|kill) (?:anything|myself)|"
    r"not suicidal|not in danger)|i feel safe|i am safe now|(?:just|only) venting|(?:a |just a )?figure of speech|"
    r"not literally|i did not mean (?:it )?(?:literally|like that)|not like that|i would never|i will not (?:do|hurt)|"
    r"no thoughts like that|no plans?|i do not have (?:a plan|any plans?|those thoughts|thoughts like that)|"
    r"i was (?:just )?(?:exaggerating|joking|kidding)|it was a joke|just an expression|"
    r"i did not mean (?:that|it)|no i am fine|i am just (?:sad|upset|hurt|tired|stressed|frustrated|anxious))\b"
)
_YES = re.compile(
    r"^(?:yes|yeah|yea|yep|yup|ya|y|sure|i (?:am|do|have)(?: yes| really| actually)?$|definitely|always|sometimes|a little|a bit|"
    r"kind of yes|i think so|honestly yes|to be honest yes|true|correct|right|uh huh|mhm|often|every day|"
    r"most days|at times|lately yes|yes i am|yes i do|yes i have|i guess yes|yes sometimes)\b"
)
_NO = re.compile(
    r"^(?:no|nope|nah|not really|not at all|never|no never|of course not|god no|no way|"
    r"i (?:am not|do not|have not)(?: really| at all)?$|definitely not|not anymore|no no|nothing like that|none)\b"
)
_UNCLEAR = re.compile(
    r"^(?:i do not know|dunno|maybe|not sure|i am not sure|kind of|sort of|i guess|hmm+|um+|uh+|perhaps|"
    r"possibly|it depends|idk|what do you mean|why|sometimes maybe|i do not want to (?:talk|say|answer)|"
    r"does it matter|whatever|i cannot say|hard to say|not really sure)\b|^\W*\?+\W*$"
)
#: Fear or danger said in answer to "are you safe right now?" ("i'm scared to go home tonight"): not safe.
_FEAR_NOW = re.compile(r"\b(?:scared|afraid|terrified|frightened|petrified|not safe|in danger|hiding from)\b")
#: Asking what to do when asked whether one is safe: not clearly safe, so the next steps come first.
_WHAT_TO_DO = re.compile(
    r"^(?:(?:so|but|ok|okay|please|and|then)\s+)?(?:what (?:do|should|can|would) i do|what now|what do i do now|"
    r"i do not know what to do|i have no idea what to do|tell me what to do|what are my options|where do i go)\b"
)
#: "no plan, i just wish i could disappear", asked about a plan: the wish is why the question was asked; the
#: answer to it is no.
_NO_PLAN = re.compile(
    r"\b(?:no (?:plans?|real plan)|not (?:a|any) plan|i do not have (?:a |any )?plans?|i have no (?:plans?|idea how)|"
    r"(?:have|had) not (?:planned|thought about how)|not planning (?:anything|to)|i would never (?:act|do it|do anything))\b"
)
#: Longer than this without any answer words, a message is about something else.
SHORT_REPLY_WORDS = 6


def asks_what_to_do(text: str) -> bool:
    """Whether the message asks what to do now ("what should i do?", "i don't know what to do")."""
    return bool(_WHAT_TO_DO.search(normalise(text).strip(" .!?,")))


def says_fear_now(text: str) -> bool:
    """Whether the message says the person is afraid or in danger now."""
    return bool(_FEAR_NOW.search(normalise(text)))


def classify_answer(text: str, triage: Triage | None = None, question: str | None = None) -> Answer:
    """The answer `text` gives; `question` (the flow's pending question, e.g. "plan", "are_you_safe") lets the
    same words mean what they mean in reply to it."""
    norm = normalise(text).strip(" .!,")
    elevated = triage is not None and triage.tier is Tier.ELEVATED
    if question == "plan" and elevated and _NO_PLAN.search(norm):
        return Answer.SAFE  # no plan, said beside the very wish the question was about
    if triage is not None and triage.tier.rank >= Tier.ELEVATED.rank:
        return Answer.UNSAFE
    if _UNSAFE.search(norm) or (question == "are_you_safe" and _WHAT_TO_DO.search(norm.strip(" ?"))):
        return Answer.UNSAFE
    yes, no, unclear = bool(_YES.match(norm)), bool(_NO.match(norm)), bool(_UNCLEAR.match(norm))
    if _SAFE.search(norm) and not yes:
        return Answer.SAFE
    if yes and re.search(r"\b(?:but|though|except)\b", norm) and len(norm.split()) > 2:
        return Answer.UNCLEAR  # "yes but ..." is not a clear answer
    if unclear:
        return Answer.UNCLEAR
    if no:
        return Answer.NO
    if yes:
        return Answer.YES
    if len(norm.split()) <= SHORT_REPLY_WORDS:
        return Answer.UNCLEAR
    return Answer.NONE
