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
#: Longer than this without any answer words, a message is about something else.
SHORT_REPLY_WORDS = 6


def classify_answer(text: str, triage: Triage | None = None) -> Answer:
    norm = normalise(text).strip(" .!,")
    if triage is not None and triage.tier.rank >= Tier.ELEVATED.rank:
        return Answer.UNSAFE
    if _UNSAFE.search(norm):
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
