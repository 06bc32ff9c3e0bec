"""What the person is doing with this message, beyond feelings: asking who we are, saying goodbye,
asking "are we okay?" again, leaning on the companion alone, asking a question, accepting an offer.

Plain patterns, deterministic and auditable. Feelings, traps and urges come from the analysis instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), _I)


PARTNER = r"(?:he|she|they|him|her|them|my (?:partner|boyfriend|girlfriend|bf|gf|husband|wife|fianc[eé]e?))"

IDENTITY = _rx(
    r"\bare (?:you|u) (?:a |an )?(?:real|human|person|bot|robot|ai|a\.i\.|machine|computer|program|therapist|chatbot|alive)\b",
    r"\b(?:am i|are we) (?:talking|chatting|speaking|texting) (?:to|with) (?:a |an )?(?:real|human|person|bot|ai|machine|computer|robot)",
    r"\bis (?:this|there) (?:a |an )?(?:real )?(?:bot|ai|human|person|someone)(?: real| there| behind| typing)?\b.*\?",
    r"\bwho am i (?:talking|speaking|chatting) (?:to|with)\b",
    r"\bwhat are you\b.*\?",
    r"\bare you (?:even )?real\b",
)
GOODBYE = _rx(
    r"^\W*(?:ok(?:ay)?|thanks?|thank you|alright)?[\s,.!]*(?:bye|goodbye|good ?night|night night|see (?:you|ya)|talk (?:to you )?(?:later|soon|tomorrow)|ttyl|later)\b",
    r"\b(?:i(?:'ve| have)? (?:got|gotta|have|need) to go|i(?:'m| am) (?:off|logging off|heading (?:off|out)|going to (?:try (?:and |to )?)?(?:sleep|bed|get some sleep))|going to bed now|that'?s all for (?:today|now|tonight))\b",
    # not the partner's goodnight: "he always texts goodnight", "not even a goodnight"
    r"(?<!\btexts )(?<!\btext )(?<!\btexted )(?<!\bsays )(?<!\bsaid )(?<!\bsay )(?<!\bsends )(?<!\bsent )(?<!\bsend )"
    r"(?<!\bno )(?<!\ba )(?<!\bthe )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bmy )(?<!\beven )(?<!\bme )"
    r"\b(?:bye|goodbye|good ?night)\W*$",
    r"\bi (?:should|better|must|ought to) (?:go|get going|head off|log off)(?: now| to (?:bed|sleep))?\W*$",
    r"\bi'?ll let you go\b",
)
#: Asking the companion for romance or to play a partner: it says what it is and declines, kindly.
ROMANCE = _rx(
    r"(?:^\W*|\b(?:you|u)\s+(?:\w+\s+){0,2})(?:be|become|act as|play) my (?:girlfriend|boyfriend|gf|bf|partner|wife|husband|lover|date|"
    r"valentine|crush)\b",
    r"\bpretend (?:to be|you(?:'re| are)) my (?:girlfriend|boyfriend|gf|bf|partner|wife|husband|lover)\b",
    r"\b(?:will|would|can|could) (?:you|u) (?:date|marry|kiss|cuddle|flirt with) me\b",
    r"\b(?:let'?s|can we|could we|wanna) (?:role ?-?play|pretend)\b.{0,40}\b(?:couple|dating|date|girlfriend|boyfriend|married|"
    r"lovers|kiss\w*|in love)\b",
    r"\b(?:are|r) (?:you|u) in love with me\b",
    r"\bdo (?:you|u) (?:love|fancy|have feelings for) me\b",
)
DEPENDENCE = _rx(
    r"\b(?:you(?:'re| are)|ur) the only (?:one|thing|person)\b",
    r"\bonly (?:you|u) (?:understand|get|listen|care)",
    r"\bno ?one (?:else )?(?:understands|gets|listens to|cares about) me (?:like|the way|as well as) (?:you|u)\b",
    r"\byou(?:'re| are) all i(?:'ve got| have)\b",
    r"\byou(?:'re| are) my (?:only|best) friend\b",
    r"\b(?:i )?(?:don'?t|do not) need (?:anyone|anybody|people|friends) (?:else )?(?:when|now|because|since) i (?:have|talk to|got) you\b",
    r"\bi(?:'d| would) rather talk to you than\b",
    r"\byou understand me better than\b",
    r"\bi love you\b",
    r"\bcan'?t (?:live|cope|go on|do this) without (?:you|talking to you)\b",
)
_ASK_TO_SAY = (r"(?:tell me|promise me|reassure me|(?:^|please |pls |plz |just |can you |could you |will you |would you )"
               r"(?:just )?(?:say|promise))")
REASSURANCE = _rx(
    r"\bare we (?:okay|ok|alright|all right|fine|good|going to be (?:okay|ok|fine))\b",
    rf"\b(?:is|do you think) {PARTNER} (?:is |'s )?(?:losing interest|going to leave|gonna leave|going to break up|cheating|still (?:into|interested in) me|bored of me|over me|mad at me|falling out of love|pulling away)",
    rf"\b(?:does|do you think) {PARTNER} (?:still |even )?(?:loves?|likes?|wants?|cares? about|miss(?:es)?) me\b",
    rf"\bwill {PARTNER} (?:leave|dump|break up|come back|get bored|stop loving)\b",
    r"\b(?:is|are) (?:he|she|they) (?:breaking up with|leaving|dumping|done with|going off) me\b",
    r"\bis (?:it|this|the relationship|our relationship) (?:over|ending|doomed|going to last)\b",
    # "say" only as a request to the companion: "people say it's okay to cry" is not one.
    rf"\b{_ASK_TO_SAY} (?:that )?(?:it'?s|it will be|it'?ll be|it'?s going to be|we'?re|we will be|we'?re going to be|everything will be|everything'?s going to be) (?:okay|ok|fine|alright)\b",
    rf"\b{_ASK_TO_SAY} (?:that )?{PARTNER} (?:still |really )?(?:loves?|likes?|wants?|cares? about|miss(?:es)?) me\b",
    r"\b(?:losing|lost) interest in me\b.*\?",
    # "does that mean he's not interested", "please just say it" (after asking to be told): session 11
    rf"\b(?:does (?:that|this|it) mean|do you think|is it because) {PARTNER}(?: is |'s | isn'?t | is not | )(?:not )?"
    r"(?:interested|into me|attracted to me|serious about me|over me|done with me)\b",
    rf"\b(?:does (?:that|this|it) mean|do you think) {PARTNER} (?:wants?|is going|'s going|is gonna|'s gonna|is about) to "
    r"(?:break up|leave|end (?:it|things)|dump me|split up)\b",
    r"^\W*(?:(?:please|pls|plz|just|can you|could you|will you)\s+)*(?:say it|say so|say yes|tell me|promise me)\W*$",
)
#: Asking the companion to help find, track or read a partner: declined kindly, the urge met instead.
CHECK_REQUEST = _rx(
    rf"\b(?:help me|how (?:do|can|could) i|can (?:you|u)|could (?:you|u)|is there a way to|show me how to)\s+(?:\w+\s+)?"
    rf"(?:find out|see|track|trace|locate|check|read|look at|get into|access|monitor|spy on|hack|find)\s+"
    rf"(?:where|who|what|whether|if|{PARTNER}|his|her|their)\b.{{0,60}}\b(?:is|messag\w*|text\w*|chat\w*|phone|location|"
    r"dms?|whatsapp|snap\w*|instagram|emails?|talking to|been|goes|went|at|right now|password)\b",
)
#: A question may open with a filler word or two: "ok. why do I always need to hear it", "so what is attachment".
_LEAD = r"^\W*(?:(?:ok(?:ay)?|so|but|and|hm+|um+|well|honestly|right|yeah|sorry)\b\W*){0,2}"
KNOWLEDGE = _rx(
    _LEAD + r"(?:what|what's|whats) (?:is|are|does|do)\b.+",
    _LEAD + r"(?:what's|whats) (?:an?|the)\b.+",
    r"\bwhat does .+ (?:mean|look like)\b",
    _LEAD + r"(?:can you )?(?:explain|tell me (?:more )?about)\b",
    _LEAD + r"how (?:does|do) .+ work\b",
    _LEAD + r"is it normal (?:to|that|for)\b",
    _LEAD + r"why do (?:i|people|we) (?:always |keep )?\b",
    _LEAD + r"how (?:can|do|should) i (?:support|help|stop|deal with|cope with|know|tell)\b",
    _LEAD + r"when should (?:i|someone|people) (?:get|seek|see|look for)\b",
    _LEAD + r"how do i find (?:a |an )?(?:therapist|counsell?or|help)\b",
)
YES = re.compile(r"^\W*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|please|let'?s|alright|sounds good|i'?d like that|go (?:on|ahead)|why not|i guess|ya|y)\b", _I)
NO = re.compile(r"^\W*(?:no|nope|nah|not now|not really|maybe later|i'?d rather not|not right now|no thanks?|i don'?t want)\b", _I)
STOP_FLOW = _rx(
    r"^\W*(?:stop|enough|skip(?: this| it)?|exit|quit)\W*$",
    r"\b(?:can we|could we|let'?s|i want to|i'?d like to) (?:stop|quit|end|skip|leave|pause)(?:\s+(?:this|it|the exercise|now|here))?\b",
    r"\b(?:i don'?t want to|i can'?t) (?:do|continue) (?:this|it|the exercise)\b",
    r"\b(?:change the subject|talk about something else|something else)\b",
)
#: Asking to leave the topic outside an exercise ("can we talk about something else"): followed, never reflected back.
CHANGE_TOPIC = _rx(
    r"\b(?:change the (?:subject|topic)|talk about (?:something|anything) else|(?:don'?t|do not) want to talk about "
    r"(?:it|this|that|him|her|them)(?: anymore| any more| right now| now)?|(?:can|could) we (?:leave|drop) (?:it|this|that))\b",
)
#: Conditions a person may ask to be told they have: the answer is never yes or no (we never diagnose).
_CONDITION = (r"(?:an? )?(?:anxious|avoidant|disorgani[sz]ed|insecure) attachment(?: style)?|an? attachment (?:disorder|issue)|"
              r"bpd|borderline(?: personality)?|bipolar|depression|clinical(?:ly)? depress\w*|an? anxiety disorder|gad|ocd|"
              r"adhd|c-?ptsd|ptsd|narcissis\w*|an? narcissist|npd|codependen\w*|an? personality disorder|"
              r"retroactive jealousy|rejection sensitiv\w*|rsd|abandonment issues|an? mental illness|an? disorder")
DIAGNOSIS_ASK = _rx(
    r"\b(?:do|could|might|may) i (?:have|be)\b.{0,20}\b(?:" + _CONDITION + r")\b",
    r"\b(?:do you think|would you say|can you tell(?: me)?(?: if| whether)?|is it possible) i(?:'m| am| have| might| could| may)?\b"
    r".{0,25}\b(?:" + _CONDITION + r")\b",
    r"\bi (?:think|feel like|wonder if|worry|'m (?:scared|afraid|worried)|am (?:scared|afraid|worried)) (?:that )?i "
    r"(?:might |may |could |probably |really )?(?:have|am|'m)\b.{0,15}\b(?:" + _CONDITION + r")\b",
    r"\bam i (?:an? )?(?:" + _CONDITION + r"|codependent|narcissistic|depressed|bipolar|borderline)\b",
    r"\b(?:thinks?|says?|said|told me|reckons?|suggested) (?:that )?i (?:might |may |could |probably |really )?"
    r"(?:have|am|'m)\b.{0,15}\b(?:" + _CONDITION + r")\b",
    r"\bdiagnose me\b",
)
#: A professional already named it ("my therapist said I might have …"): the question is what it means.
_PROFESSIONAL_SAID = _rx(
    r"\b(?:therapist|counsell?or|psychologist|psychiatrist|psychotherapist|doctor|gp|nurse)\b.{0,25}\b(?:thinks?|says?|"
    r"said|told me|suggested|diagnosed|mentioned)\b",
)
#: "what do you remember about me?": answered from memory, never read as a thinking trap.
RECALL = _rx(
    r"\bwhat (?:do|did) you (?:remember|know|keep|have (?:saved|stored|kept|noted)) (?:about|on|of) me\b",
    r"\bwhat have you (?:remembered|saved|kept|stored|noted)\b",
    r"\bdo you (?:still )?(?:remember|know) (?:my name|anything about me|who i am|my (?:partner|girlfriend|boyfriend|husband|wife|bf|gf)'?s? name)\b",
    r"\bwhat(?:'?s| is) my (?:name|(?:partner|girlfriend|boyfriend|husband|wife|bf|gf)'?s? name)\b",
)
#: "what should I do instead?" right after an offer: a request for the very help on offer, so it takes the offer.
WHAT_TO_DO = _rx(
    r"\bwhat (?:should|shall|can|could|do) i (?:do|try)\b",
    r"\bwhat do i do\b",
    r"\btell me what to do\b",
    r"\bhow do i (?:stop|resist|not do it|get through (?:this|it|tonight))\b",
    r"^\W*(?:so )?(?:what now|now what)\W*$",
    r"\b(?:help me|show me how to) (?:not (?:do|to do) it|resist|stop|get through)\b",
)
#: "thanks, that helps", "thank you so much": gratitude, met with warmth rather than read for feelings.
THANKS = re.compile(
    r"^\W*(?:ok(?:ay)?[\s,.!]*)?(?:thanks?|thank you|thx|ty|cheers)\b(?![^.!?]*\b(?:but|though|for nothing)\b)", _I)
#: "that doesn't help", "this isn't working": feedback on the conversation, met by changing course.
NOT_HELPING = re.compile(
    r"\b(?:that|this|it|you|talking|these questions)(?:'s|'re| is| are)?\s+(?:(?:really|actually|just|honestly)\s+)?"
    r"(?:not|doesn'?t|does not|didn'?t|did not|isn'?t|aren'?t|won'?t)\s+(?:really\s+|even\s+)?(?:help|helping|helpful|working|work)\b",
    _I)
GREETING = re.compile(r"^\W*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|howdy)\b[\s\w,!.]{0,20}$", _I)
LOW_CONTENT = re.compile(r"^\W*(?:ok(?:ay)?|k|hm+|idk|i don'?t know|dunno|yeah|yes|no|maybe|sure|fine|thanks?|thank you|i guess|\.+|\W*)\W*$", _I)

ABUSE = _rx(
    rf"\b{PARTNER} (?:hit|hits|hurt|hurts|slapped|slaps|smacked|punched|punches|kicked|kicks|choked|chokes|shoved|shoves|pushed|strangled|strangles|grabbed|grabs|beat|beats|bit|spat at|threw|throws)\b",
    rf"\b{PARTNER} (?:threaten(?:s|ed)?|is threatening) (?:me|to)\b",
    rf"\b(?:afraid|scared|terrified) (?:of|that) {PARTNER}\b(?! (?:is|will|might|would) (?:leave|lose|break|cheat|get bored))",
    rf"\b{PARTNER} (?:won'?t|doesn'?t|does not|will not) (?:let|allow) me (?:to )?(?:see|go|leave|talk|have|work|use|wear)",
    rf"\b{PARTNER} (?:controls?|decides?) (?:my|who i|where i|what i|all)\b",
    rf"\b{PARTNER} (?:takes?|took|keeps?) my (?:phone|money|keys|passport|bank card|card)\b",
    rf"\b{PARTNER} (?:tracks?|tracked|monitors?|reads?|goes through|demands?) my (?:phone|location|messages|texts|passwords?)\b",
    rf"\b{PARTNER} (?:forced|forces|makes) me (?:to )?(?:have sex|do things|stay)\b",
    rf"\b{PARTNER} (?:cut|cuts|keeps?) me (?:off|away) from (?:my )?(?:friends|family)\b",
    r"\bisolat(?:es|ing|ed) me\b",
)
RED_FLAG = _rx(
    rf"\b{PARTNER} (?:lied|lies to me|keeps lying|has been lying|lied to me)\b",
    rf"\b(?:admitted|confessed|told me) (?:that )?{PARTNER} (?:cheated|has been cheating|was cheating)\b",
    rf"\b{PARTNER} (?:mocks?|mocked|laughs? at|laughed at|makes? fun of|made fun of|rolls? (?:his|her|their) eyes at) (?:me|my)\b",
    rf"\b{PARTNER} (?:calls?|called) me (?:stupid|crazy|pathetic|worthless|ugly|fat|dramatic|needy|psycho)\b",
    rf"\b{PARTNER} (?:puts?|put) me down\b",
    r"\bcontempt\b",
    rf"\b(?:caught|found out) {PARTNER} (?:lying|texting|cheating|on (?:a |dating))",
)


@dataclass(frozen=True)
class Intents:
    identity: bool = False
    goodbye: bool = False
    dependence: bool = False
    romance: bool = False
    reassurance: bool = False
    knowledge: bool = False
    yes: bool = False
    no: bool = False
    what_to_do: bool = False
    recall: bool = False
    diagnosis_ask: bool = False
    stop_flow: bool = False
    greeting: bool = False
    thanks: bool = False
    check_request: bool = False
    not_helping: bool = False
    change_topic: bool = False
    low_content: bool = False
    abuse: str | None = None
    red_flag: str | None = None


def _found(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


def read_intents(text: str) -> Intents:
    clean = " ".join(text.split())
    words = len(clean.split())
    return Intents(
        identity=bool(IDENTITY.search(clean)),
        goodbye=words <= 14 and bool(GOODBYE.search(clean)),
        dependence=bool(DEPENDENCE.search(clean)),
        romance=bool(ROMANCE.search(clean)),
        reassurance=bool(REASSURANCE.search(clean)),
        knowledge=bool(KNOWLEDGE.search(clean)) and words <= 25,
        yes=words <= 8 and bool(YES.search(clean)) and not NO.search(clean),
        no=words <= 8 and bool(NO.search(clean)),
        what_to_do=words <= 16 and bool(WHAT_TO_DO.search(clean)),
        recall=words <= 14 and bool(RECALL.search(clean)),
        diagnosis_ask=bool(DIAGNOSIS_ASK.search(clean)) and not _PROFESSIONAL_SAID.search(clean),
        stop_flow=words <= 12 and bool(STOP_FLOW.search(clean)),
        greeting=bool(GREETING.search(clean)),
        check_request=bool(CHECK_REQUEST.search(clean)),
        thanks=words <= 10 and bool(THANKS.search(clean)) and not NOT_HELPING.search(clean),
        not_helping=words <= 14 and bool(NOT_HELPING.search(clean)),
        change_topic=words <= 14 and bool(CHANGE_TOPIC.search(clean)),
        low_content=bool(LOW_CONTENT.match(clean)),
        abuse=_found(ABUSE, clean),
        red_flag=_found(RED_FLAG, clean),
    )
