"""Urges and behaviours: which one, and whether the person wanted to, did it, or held back.

Reads the words just before the verb ("want to check" / "checked" / "didn't check"), then the words
after an urge ("... but I didn't"). May import the lexicon, prefilter and spans modules and the Analysis
contract.
"""

from __future__ import annotations

import re
from functools import lru_cache

from steadyheart import prefilter
from steadyheart.understanding import lexicon
from steadyheart.understanding.analysis import UrgeFinding, UrgeStatus
from steadyheart.understanding.spans import clause_start, sentence_bounds

_SCORE = {UrgeStatus.ACTED: 0.9, UrgeStatus.RESISTED: 0.85, UrgeStatus.URGE: 0.8}
#: "to see if he notices", "just to make him sweat", "on purpose": ignoring or going quiet is then a test, not a
#: retreat.
_PURPOSE_TEST = re.compile(
    r"\bon\s+purpose\b|\blet\s+(?:him|her|them)\s+(?:wonder|sweat|worry|stew|panic)\b|(?:(?:\b(?:to|and)\s+|,\s*)see\s+(?:if|whether|how)|(?:to|so)\s+(?:make|get)\s+(?:him|her|them)\s+(?:\w+\s+)?"
    r"(?:jealous|sweat|worry|worried|wonder|squirm|notice|chase|miss\s+me|panic|work\s+for\s+it|realise|realize)|"
    r"so\s+(?:that\s+)?(?:he|she|they)(?:'ll|'d|\s+will|\s+would)?\s+(?:\w+\s+)?(?:gets?\s+jealous|notices?|worr|"
    r"miss|chases?|wonders?|sweats?|panics?)|(?:he'll|she'll|they'll|he\s+will|she\s+will|they\s+will)\s+"
    r"(?:come\s+running|come\s+crawling|chase|notice|miss\s+me|panic|get\s+the\s+message))",
    re.IGNORECASE,
)
_LOOKAHEAD_CHARS = 90
_PURPOSE_TO = re.compile(r"\b\w+\s+to\s*$", re.IGNORECASE)
#: In a message that states a wish, the signs it was held back, including a deed denied beside the wish
#: ("I didn't text him even though I wanted to").
_HELD_BACK_ANYWHERE = re.compile(
    r"\b(?:held\s+back|resisted|walked\s+away|instead|talked\s+myself\s+out|thought\s+better|decided\s+against|"
    r"put\s+(?:it|my\s+phone|the\s+phone)\s+(?:down|away))\b"
    # The wish undone in a few words: "I didn't.", "Deleted the draft.", "bit my tongue", "closed the app".
    r"|\bI\s+(?:didn't|didnt|did\s+not)(?:\s+(?:do\s+it|send\s+it|in\s+the\s+end))?\s*(?:[.!;]|$)"
    r"|\b(?:deleted|binned|scrapped)\s+(?:it|the\s+(?:draft|text|message|post))\b|\b(?:tore|ripped)\s+it\s+up\b"
    r"|\bbit\s+my\s+tongue\b|\b(?:kept|keeping|keep)\s+my\s+mouth\s+shut\b|\bclosed\s+the\s+(?:app|tab|browser|laptop)\b"
    r"|\bI\s+(?:didn't|didnt|did\s+not|haven't|havent|have\s+not|never)\b[^.!?]*\b(?:even\s+though|although|though|but)\b"
    r"[^.!?]*\b(?:want|wanted|wanting|tempted|itching|dying\s+to)\b",
    re.IGNORECASE,
)
#: "I didn't look at it", "I stopped myself": a deed denied, for a behaviour named without a known verb.
_HELD_BACK_DEED = re.compile(
    r"\b(?:I\s+(?:didn't|didnt|did\s+not|never|won't|wont|will\s+not|haven't|havent|have\s+not)|stopped\s+myself|"
    r"managed\s+not|kept\s+myself\s+from|held\s+back|resisted)\b",
    re.IGNORECASE,
)
#: A subject of its own before a verb: "I", "we", "he" ... ("pull back" after a comma has none).
_SUBJECT = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|we|we're|he|she|they|you|people|everyone)\b", re.IGNORECASE)
_STOPPED = re.compile(
    r"\b(?:stopped\s+myself|held\s+(?:back|off)|resisted|managed\s+not|refrained|kept\s+myself\s+from)\b", re.IGNORECASE
)
#: "typed 'are we ok??' and deleted it": words drafted are a wish until the message says they were sent.
_DRAFTED = re.compile(r"\b(?:typed(?:\s+out)?|drafted|wrote(?:\s+out)?)\s*(?:\w+\s+){0,2}['\"]\s*$", re.IGNORECASE)
#: A wish said as such in the person's own words, for a behaviour named without a known verb: "I want to",
#: "I'm tempted to", "part of me wants to", "Been thinking about"; not "we're going to start" or "what I should've
#: said".
_OWN_WISH = re.compile(
    r"\b(?:I|I'm|I\s+am|I\s+was|I've\s+been|part\s+of\s+me)\s+(?:\w+\s+){0,2}?(?:want|wanted|wants|wanna|tempted|itching|"
    r"dying|desperate|so\s+close|about|thinking\s+(?:about|of)|considering|nearly|almost|could|might|need|feel\s+like|"
    r"going\s+to|gonna)\b(?!'ve|\s+have\b)"
    r"|(?:^|[.!?]\s*)(?:been\s+|so\s+|really\s+)?(?:thinking\s+(?:about|of)|tempted|itching|dying|want|wanted|wanna)\b",
    re.IGNORECASE,
)
#: "... and every night I lie awake wondering": a phrase right after its own "I" is a clause of its own, not the
#: earlier "we're going to".
_OWN_SUBJECT = re.compile(r"\bI\s+$", re.IGNORECASE)
#: "I used to check his phone ... I don't anymore": a habit given up is no behaviour now.
_PAST_HABIT = re.compile(r"\bused\s+to\s*(?:\w+\s+)?$", re.IGNORECASE)
_GIVEN_UP = re.compile(
    r"\b(?:not|don't|dont|do\s+not|never)\s+(?:do\s+(?:it|that)\s+)?any\s*more\b|\bno\s+longer\b"
    # "... but I stopped over a year ago", "that was years ago and I don't do it now"
    r"|\bI\s+stopped\b|\b(?:years|months|ages)\s+ago\b|\b(?:don't|dont|do\s+not)\s+do\s+(?:it|that)\s+now\b",
    re.IGNORECASE,
)
#: How far back a bare verb looks for the wish it continues.
_WISH_BACK_CHARS = 100
#: Evidence keeps this many words before the behaviour ("I want to" check ...).
_EVIDENCE_LEAD_WORDS = 4
#: "after he goes quiet": the partner's behaviour, not the person's.
_PARTNER_SUBJECT = re.compile(
    r"\b(?:he|she|they|he's|she's|they're|partner|boyfriend|girlfriend|husband|wife)\s+(?:\w+\s+)?$", re.IGNORECASE
)


def _unanchored(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern.replace(r"(?:\s+\w+){0,2}\s*$", "").rstrip("$"), pattern.flags)


def _status_from_prefix(
    prefix: str, phrase: lexicon.Phrase, sentence_prefix: str, form: str | None, text_before: str = ""
) -> UrgeStatus | None:
    """The status the words before the behaviour give it; None when a wish is turned down."""
    marks = lexicon.markers()
    if marks["declined"].search(prefix):
        return None
    if marks["acted"].search(prefix):
        return UrgeStatus.ACTED
    if not phrase.negation_is_act and marks["resisted"].search(prefix):
        return UrgeStatus.RESISTED
    if _DRAFTED.search(prefix):
        return UrgeStatus.URGE
    if marks["urge"].search(prefix):
        return UrgeStatus.URGE
    # No marker next to it: the clause (or sentence, after "and") sets the mood.
    # A gerund ("... asking if") or a verb after "and" takes the mood of what came before it.
    # So does a purpose ("... made up a story to test him").
    purpose = _PURPOSE_TO.search(prefix) is not None
    own_clause = not phrase.verb and _OWN_SUBJECT.search(prefix) is not None
    if (
        (not phrase.verb or form == "gerund" or purpose or marks["conjunction"].search(prefix))
        and not own_clause
        and _unanchored(marks["urge"]).search(sentence_prefix)
    ):
        return UrgeStatus.URGE
    # "I stopped myself from texting him ... asking if we're ok": a gerund takes a held-back clause's mood.
    if (form == "gerund" or not phrase.verb) and _STOPPED.search(sentence_prefix):
        return UrgeStatus.RESISTED
    # A bare verb with no subject of its own continues a wish said just before it: "I want to go cold on
    # him, pull back ..." or "I want to ask her. Like actually have it out with her".
    if form == "base" and not _SUBJECT.search(prefix) and _unanchored(marks["urge"]).search(text_before):
        return UrgeStatus.URGE
    return UrgeStatus.ACTED


def _status_after(text: str, end: int, status: UrgeStatus) -> UrgeStatus:
    if status is not UrgeStatus.URGE:
        return status
    tail = text[end : end + _LOOKAHEAD_CHARS]
    marks = lexicon.markers()
    if marks["resolved_after"].search(tail) or marks["resolved_instead"].search(tail):
        return UrgeStatus.RESISTED
    if marks["acted_after"].search(tail):
        return UrgeStatus.ACTED
    if marks["held_back_later"].search(text, end):
        return UrgeStatus.RESISTED
    return status


def _mentions(
    text: str, behaviour: lexicon.Behaviour, original: str, lower: str | None
) -> tuple[list[tuple[int, UrgeStatus, str]], bool]:
    """Mentions found in `text` (quotes made plain); evidence is taken from `original` at the same offsets.
    `lower` is `prefilter.lowered(text)`. Also whether a mention's wish was turned down ("not to test him", "I
    don't want to check")."""
    found = []
    turned_down = False
    for phrase in prefilter.candidates(behaviour.phrases, behaviour.literals, lower):
        for match in phrase.regex.finditer(text):
            form = next((g for g in ("base", "past", "gerund", "third") if match.groupdict().get(g)), None)
            # "she ... walks out of the room": a third-person verb is someone else's doing, never the person's.
            if form == "third":
                continue
            verb_start = match.start(form) if form else match.start()
            sentence_begin, sentence_end = sentence_bounds(text, match.start(), match.end())
            if behaviour.name == "withdrawing" and _PURPOSE_TEST.search(text, match.end(), sentence_end):
                continue
            prefix = text[clause_start(text, verb_start) : verb_start]
            if _PAST_HABIT.search(prefix) and _GIVEN_UP.search(text, match.end()):
                continue
            # "she's prettier than me" is the person's comparison, whoever the sentence starts with.
            if behaviour.name != "comparing" and _PARTNER_SUBJECT.search(prefix):
                continue
            status: UrgeStatus | None
            if phrase.status is not None:
                status = UrgeStatus(phrase.status)
            else:
                before = text[max(0, verb_start - _WISH_BACK_CHARS) : verb_start]
                status = _status_from_prefix(prefix, phrase, text[sentence_begin:verb_start], form, before)
            if status is None:
                turned_down = True
                continue
            status = _status_after(text, match.end(), status)
            lead = " ".join(original[clause_start(text, verb_start) : verb_start].split()[-_EVIDENCE_LEAD_WORDS:])
            evidence = f"{lead} {original[match.start() : match.end()].strip()}".strip()
            found.append((match.start(), status, evidence))
    return sorted(found), turned_down


def _settle(mentions: list[tuple[int, UrgeStatus, str]]) -> tuple[UrgeStatus, str]:
    """The last mention wins, except that a later wish does not undo an earlier deed."""
    _, status, evidence = mentions[-1]
    if status is UrgeStatus.URGE:
        acted = [m for m in mentions if m[1] is UrgeStatus.ACTED]
        if acted:
            return acted[-1][1], acted[-1][2]
    return status, evidence


# Kept for the last few messages only, like signals.body_scan: signal_head.with_head asks which behaviours were
# turned down in the message that detect_urges() has just read, and the phrases are the slow part of the scan.
@lru_cache(maxsize=4)
def urge_scan(text: str) -> tuple[tuple[UrgeFinding, ...], frozenset[str]]:
    """The behaviours found, and those named only where the person turned the wish down."""
    plain = lexicon.normalise_quotes(text)
    lower = prefilter.lowered(plain)
    out = []
    declined_names = set()
    for behaviour in lexicon.behaviours():
        mentions, turned_down = _mentions(plain, behaviour, text, lower)
        if mentions:
            status, evidence = _settle(mentions)
            out.append(UrgeFinding(behaviour.name, status, _SCORE[status], evidence))
        elif turned_down:
            declined_names.add(behaviour.name)
    return tuple(out), frozenset(declined_names)


def detect_urges(text: str) -> tuple[UrgeFinding, ...]:
    return urge_scan(text)[0]


def declined(text: str) -> frozenset[str]:
    """Behaviours named only where the person turned the wish down: the learned head adds none of them."""
    return urge_scan(text)[1]


def status_of_text(text: str) -> UrgeStatus:
    """A status for a behaviour named without a known verb: a wish when the person says one, held back
    when it also says so ("... but I held back") or the person denies a deed ("I didn't look at it"),
    else a deed."""
    text = lexicon.normalise_quotes(text)
    if _OWN_WISH.search(text):
        held = _HELD_BACK_ANYWHERE.search(text) or lexicon.markers()["held_back_later"].search(text)
        return UrgeStatus.RESISTED if held else UrgeStatus.URGE
    return UrgeStatus.RESISTED if _HELD_BACK_DEED.search(text) else UrgeStatus.ACTED
