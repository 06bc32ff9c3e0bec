"""Situations that call for a particular guided flow, read from the words and from the analysis topics.

Each entry maps a flow id to patterns; the planner offers that flow (it never starts one unasked).
"""

from __future__ import annotations

import re

from steadyheart.understanding.analysis import Analysis
from steadyheart.understanding.traps import ACT_LEFT_UNSAID

_I = re.IGNORECASE

FLOW_SIGNALS: dict[str, re.Pattern[str]] = {
    "worry_time": re.compile(
        r"\b(?:(?:keep|kept|been|am|i'?m) (?:replaying|going over|rehashing|overthinking)|over and over (?:again )?in my head|"
        r"round and round (?:in my head)?|on a loop|can'?t (?:stop|switch off) (?:thinking|my brain|my mind)|"
        r"overthinking|ruminat\w*|spiral(?:l?ing)? (?:about|over))\b", _I),
    "comparison_audit": re.compile(
        r"\b(?:instagram|insta|tiktok|snapchat|facebook|twitter|social media|scroll(?:ing|ed)?|feed|"
        r"(?:his|her|their) ex'?s? (?:photos|pics|pictures|posts|profile|page)|compar(?:e|ing) myself|"
        r"everyone else'?s relationships?|perfect couples?|(?:her|his) followers)\b", _I),
    "new_relationship": re.compile(
        r"\b(?:new relationship|just started (?:dating|seeing)|started seeing (?:someone|him|her)|"
        r"first (?:few )?(?:dates?|weeks|months)|only been (?:dating|seeing each other|together) (?:for )?"
        r"(?:a few|a couple of|two|three|four|\d+) (?:weeks|dates|months)|talking stage|situationship|"
        r"we'?re not official|haven'?t defined)\b", _I),
    "where_from": re.compile(
        r"\b(?:(?:my )?ex cheated|cheated on me (?:before|in the past|last time)|(?:was|been|got) cheated on|"
        r"betrayed (?:me|before)|trust issues|my parents|growing up|when i was (?:a kid|little|young)|"
        r"why am i (?:like this|so insecure|always like this)|where does this come from)\b", _I),
    "self_worth": re.compile(
        r"\b(?:not good enough|i'?m worthless|i'?m unlovable|nobody could love me|why would (?:anyone|he|she|they) "
        r"(?:want|love|choose) me|i'?m too much|i'?m (?:so )?boring|i'?m (?:so )?ugly|i hate myself|"
        r"i'?m not enough|i'?m a burden)\b", _I),
    "say_it": re.compile(
        r"\b(?:how (?:do|should|can) i (?:tell|say|bring (?:it|this) up|talk to)|what should i (?:say|text|write)|"
        r"help me (?:write|word|say)|draft(?:ed)? a (?:text|message)|want to tell (?:him|her|them))\b", _I),
    "is_it_me": re.compile(
        r"\b(?:is it me or|is it just me|am i (?:overreacting|crazy|being (?:too )?(?:sensitive|paranoid|dramatic|needy))|"
        r"is (?:this|the relationship) (?:healthy|toxic|normal)|red flags?)\b", _I),
    "when_to_seek_help": re.compile(
        # one sleepless night is not a reason to look for help; weeks of them are
        r"\b(?:every relationship|for years|never goes away|all the time now|(?:can'?t|cannot) (?:sleep|eat|focus|work)"
        r"(?=[^.!?]{0,40}\b(?:anymore|any more|for (?:days|weeks|months)|every night|most nights|lately|these days|"
        r"properly in))|not sleeping (?:for|in) (?:days|weeks|months)|(?:see|find|need) a (?:therapist|counsell?or|"
        r"professional)|therapy|ruining my life)\b", _I),
    "calm_body": re.compile(
        r"\b(?:panic(?:king)?|can'?t breathe|heart (?:is )?(?:racing|pounding)|shaking|chest (?:is )?tight|"
        r"hyperventilat\w*|spiral(?:l?ing)?|freaking out|(?:can'?t|cannot) (?:get to )?sleep|wide awake)\b", _I),
}
URGE_WORDS = re.compile(
    r"\b(?:(?:want|urge|tempted|going|about|dying|need) to (?:text|call|message|check|look (?:at|through)|go through|"
    r"track|stalk|test|snoop|read|send)|(?:keep|kept) (?:checking|texting|calling)|check(?:ing)? (?:his|her|their) "
    r"(?:phone|location|messages|instagram|last seen|online)|(?:send|sent) (?:another|more) (?:texts?|messages?))\b", _I)
_OBJECT = r"(?:his|her|their|my (?:partner|boyfriend|girlfriend|husband|wife)'?s?)"
#: A floor under the understanding layer's urge detector for the behaviours this planner relies on.
ACTED_WORDS = re.compile(
    rf"\bi (?:checked|looked (?:at|through)|went through|read|tracked|stalked|snooped (?:on|through)) {_OBJECT}"
    r"|\bi (?:sent|texted|messaged|called) (?:him|her|them) (?:again|\d+|twenty|ten|so many|a million)"
    r"|\bi (?:tested|tried to make) (?:him|her|them)\b", _I)
RESISTED_WORDS = re.compile(
    r"\bi (?:didn'?t|did not|managed not to|resisted|stopped myself from|held off|held back from) "
    r"(?:text|call|message|check|look|send|go through|snoop|track)\w*", _I)
#: A decision not to act yet ("i'm not going to text him tonight", "i won't check her location"): held off ahead of time.
DECIDED_WORDS = re.compile(
    r"\bi(?:'m| am|m)? (?:not|never) (?:going to|gonna)|\bi (?:won'?t|will not|will never)"
    r"|\bi(?:'ve| have)? (?:decided|promised myself|told myself) not to|\bi(?:'m| am) (?:trying|going) not to", _I)
_DECIDED_ACT = re.compile(
    r"\s*(?:even |just )?(?:text|call|message|dm|check|look|send|go through|snoop|track|stalk|reply|answer|beg|chase)\w*",
    _I)


def decided_not_to_act(text: str) -> bool:
    """Whether the person says they will hold off an act of checking or contact."""
    # "i won't." in answer to an urge just named: the act is the one already said
    return any(_DECIDED_ACT.match(text, m.end()) or ACT_LEFT_UNSAID.match(text, m.end())
               for m in DECIDED_WORDS.finditer(text))


BAD_MOOD = re.compile(
    r"\b(?:he|she|they|my (?:partner|boyfriend|girlfriend|husband|wife))(?:'s| is| was| seems?| seemed| has been)"
    r" (?:in a (?:bad|weird|foul|off) mood|quiet|distant|short with me|cold|off|grumpy|snappy|irritable|upset)\b", _I)
RELATIONSHIP_WORDS = re.compile(
    r"\b(?:partner|boyfriend|girlfriend|bf|gf|husband|wife|fianc[eé]e?|relationship|dating|date|ex|"
    r"he|she|him|her|we|us|our|text(?:ed|s)?|repl(?:y|ied|ies)|love)\b", _I)
#: The relationship has ended: grief is validated as grief, never as a feeling that "isn't a fact about your
#: relationship" (there may be no relationship left to reassure about).
BREAKUP_WORDS = re.compile(
    # a breakup feared ("does that mean he wants to break up?") is not one that happened
    r"\b(?:broke up|(?<!wants to )(?<!want to )(?<!going to )(?<!gonna )(?<!will )(?<!might )break ?up(?! with me\s*\?)|split up|separated|divorc(?:e|ed|ing)|dumped me|(?:he|she|they) (?:ended|ended it|finished it)|"
    r"ended (?:it|things) with me|left me for|since (?:he|she|they) left|my ex\b|miss (?:him|her|them|us)\b)", _I)
MY_FAULT = re.compile(r"\b(?:my fault|because of me|i (?:must have|did something|caused|ruined)|what did i do)\b", _I)


def flow_signals(text: str, analysis: Analysis) -> list[str]:
    """Flows whose situation this message describes, in the order of FLOW_SIGNALS."""
    topics = {t.lower() for t in analysis.topics}
    found = [flow for flow, pattern in FLOW_SIGNALS.items() if pattern.search(text)]
    if {"social_media", "comparison"} & topics and "comparison_audit" not in found:
        found.append("comparison_audit")
    if {"new_relationship"} & topics and "new_relationship" not in found:
        found.append("new_relationship")
    if {"betrayal", "past_betrayal"} & topics and "where_from" not in found:
        found.append("where_from")
    return found
