"""Turn the person's words round for a reflection ("I feel stupid" -> "you feel stupid"), and name the feeling."""

from __future__ import annotations

import re

from steadyheart.content.phrasings import Phrasings
from steadyheart.understanding.analysis import Analysis, UrgeStatus
from steadyheart.understanding.traps import DELIBERATE_VERBS

MAX_ECHO_WORDS = 20
_SWAPS = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "im": "you're", "i've": "you've", "ive": "you've", "i'll": "you'll", "i'd": "you'd",
    "we": "you two", "us": "you two", "our": "your", "ours": "yours", "we're": "you two are",
    "we've": "you two have", "ourselves": "yourselves",
}
_LOWER_FIRST = set(
    ["he", "she", "they", "it", "it's", "the", "this", "that", "there", "a", "an", "everything", "nothing", "today", "yesterday", "last", "every", "when", "since", "just", "his", "her", "their", "he's", "she's", "they're", "all", "no", "nobody", "someone", "somebody", "everyone", "people", "my", "me", "tonight", "now", "after", "before", "life", "things", "work", "school", "money", "family", "friends", "lately", "recently", "sometimes", "maybe", "also", "then", "even", "still", "only", "most", "some", "many", "lots", "being", "having", "getting", "going", "trying", "feeling", "thinking", "what", "how", "why", "if", "because", "while", "during", "at", "in", "on", "for", "with", "without", "about", "over", "our", "we're", "those", "these", "one", "two"]
)
_WORD = re.compile(r"[A-Za-z0-9']+|[^A-Za-z0-9']+")
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
_CLAUSE_BREAK = re.compile(r",|;|:|\s+-\s+|\s+(?:but|because|so|and|and then|which)\s+")
_FILLER = re.compile(
    r"^(?:(?:so|well|um+|uh+|hmm+|like|honestly|basically|ok(?:ay)?|yeah|yes|yep|no|nope|nah|hi|hey|hello|oh|ah|"
    r"absolutely|actually|exactly|definitely|true|right|sure|thanks|thank you|i mean|to be honest|tbh|i guess|"
    # a hedge before the person's own option stays: "maybe i should leave him" echoed as "you should leave him"
    # would sound like advice
    r"(?:i think|maybe)(?!\s+i(?:'d|'ll|\s+should|\s+need|\s+have to|\s+could|\s+might|\s+will|\s+am going|'m going|"
    r"\s+ought|\s+just\s+(?:need|have|should)))|anyway|also|and|but|i know(?=\s*[,.!])|i get it(?=\s*[,.!])|"
    r"it'?s just that)\b[,.!\s]*)+", re.I)
#: Echoes that only point back at something ("that is true", "it was fine") say nothing worth reflecting.
_REFERENTIAL = re.compile(r"^(?:that|this|it|those|these)(?:'s| is| was| are| were| would| will)?\b", re.I)
MIN_ECHO_WORDS = 4
#: Words that make a sentence a belief about someone's mind or the future, not a report of what happened.
BELIEF = re.compile(
    r"\b(?:must|probably|definitely|obviously|clearly|surely|going to|gonna|will|won't|'ll|bored (?:of|with)|"
    r"losing interest|lost interest|over (?:me|you)|doesn't (?:love|care|want|like)|don't (?:love|care|want)|"
    r"hates?|cheating|someone else|leave (?:me|you)|break up|dump|never|always|nobody|no one|everyone|"
    r"for sure|i know|you know|just know|not good enough|not enough|worthless|unlovable|too much|a failure|"
    r"pathetic|stupid|ugly|boring|crazy|an idiot|a burden|ruin(?:ed|s)? everything|needy|clingy|"
    r"fail(?:s|ed)?|all my|my fault)\b", re.I)


#: Feeling words that are not painful; compassion ("I'm sorry you feel …") is kept for the others.
PLEASANT = frozenset({"relieved", "happy", "grateful", "loving", "caring", "hopeful", "proud", "excited",
                      "surprised", "calm", "okay", "fine", "good", "better"})


def names_a_feeling(text: str) -> bool:
    """Whether the words already say how the person feels ("you feel terrible")."""
    return bool(_SAID_FEELING.search(text.replace("you're", "I'm").replace("you feel", "I feel")))


#: "he said you're too much": what someone said is an event, even when its words are harsh.
REPORTED = re.compile(
    r"^(?:he|she|they|your (?:partner|boyfriend|girlfriend|husband|wife|ex|bf|gf))\s+(?:said|says|told you|texted|wrote)\b",
    re.I)


def is_reported(echoed: str) -> bool:
    """Whether the echo tells what someone else said (an event to reflect as such)."""
    return bool(REPORTED.match(echoed))


#: The person's own plan for an act, said back ("you'll just text him and ask", "you're going to call her"): a choice,
#: not a fear about the partner or the future, so its "will" or "going to" is not a belief.
_OWN_PLAN = re.compile(
    r"\byou(?:'ll| will|'re going to| are going to|'re gonna| are gonna| won't| will not|'re not going to| are not going to"
    r"|'re not gonna| aren't going to)(?: just| probably| maybe| even)?\s+" + DELIBERATE_VERBS
    + r"|\byou (?:don't|do not) want to\b",  # the person's own wish ("you don't want to be that guy"), not "he doesn't want you"
    re.I)


def is_belief(echoed: str) -> bool:
    """Whether the echo states a belief (mind reading, fortune telling) rather than an event."""
    return bool(BELIEF.search(_OWN_PLAN.sub(" ", echoed))) and not is_reported(echoed)


def swap_pronouns(text: str) -> str:
    out: list[str] = []
    previous = ""
    for token in _WORD.findall(text):
        lower = token.lower()
        if lower == "was" and previous == "i":
            out.append("were")
        elif lower == "am" and previous == "i":
            out.append("are")  # "I am" only; "2 am" and "9am" stay as they are
        elif lower in _SWAPS:
            out.append(_SWAPS[lower])
        else:
            out.append(token)
        if token.strip():
            previous = lower
    return "".join(out)


#: A question typed without its question mark, or a request: said back, it reads wrong ("please just tell
#: you he still loves you", "part of you believes this: why do you always need to hear it").
_ASKS = re.compile(
    r"(?:please|(?:just )?tell me|promise me|what if)\b"
    r"|(?:why|how|what|when|where|who|which)\s+(?:do|does|did|is|are|am|was|were|can|could|would|should|will|"
    r"won't|don't|doesn't|didn't|can't|has|have|had|shall|might|must)\b"
    r"|(?:is|are|am|do|does|did|can|could|would|should|shall|will)\s+(?:i|he|she|they|we|it|this|that|there|"
    r"my|his|her|their|our)\b", re.I)


#: Emoji and other pictographs: said back inside a sentence of ours they read as mockery ("a painful thought: … 😭").
_PICTOGRAPHS = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+")
#: Chat tags at the end of a sentence ("tbh", "lol", "ngl"): ours to drop, not to say back.
_TAIL = re.compile(r"(?:[\s,]+(?:tbh|lol+|lmao|ngl|fr|smh|haha+|hah|ikr|idk))+[\s.!…]*$", re.I)


def echo(text: str) -> str | None:
    """A short, turned-round version of the first statement in the message, or None if there is none."""
    text = text.replace("’", "'").replace("‘", "'")  # curly apostrophes would slip past the swaps
    for sentence in _SENTENCES.split(text.strip()):
        sentence = _FILLER.sub("", _TAIL.sub("", " ".join(_PICTOGRAPHS.sub(" ", sentence).split()))).strip()
        if (not sentence or "?" in sentence or _ASKS.match(sentence)
                or re.search(r"\byou\b|\byour\b", sentence, re.I)):
            continue
        words = sentence.split()
        if len(words) < MIN_ECHO_WORDS or (_REFERENTIAL.match(sentence) and len(words) < 8):
            continue
        if len(words) > MAX_ECHO_WORDS:
            # Cut at a clause boundary; never mid-phrase. Too long without one: reflect the feeling instead.
            parts = [p for p in _CLAUSE_BREAK.split(sentence) if p and len(p.split()) >= MIN_ECHO_WORDS]
            sentence = parts[0] if parts else sentence
            if len(sentence.split()) > MAX_ECHO_WORDS:
                continue
        swapped = swap_pronouns(sentence.rstrip(".!… ").strip())
        swapped = re.sub(r"[\"“”]", "", swapped)
        first = swapped.split(" ", 1)[0].lower()
        if first in _LOWER_FIRST or first.startswith("you"):
            swapped = swapped[:1].lower() + swapped[1:]  # names keep their capital letter
        return swapped or None
    return None


#: Feelings the person names outright ("I'm so scared"): a floor under the emotion detectors, used only
#: when the analysis names none, so a reflection can still say the feeling back in plain words.
_SAID_FEELING = re.compile(
    r"\b(?:i(?:'m| am)|i feel|feeling|i felt|i was|makes me(?: feel)?|made me(?: feel)?)\s+(?:so |really |very |a bit |kind of |pretty |super |quite )?"
    r"(anxious|scared|afraid|terrified|worried|nervous|jealous|sad|lonely|alone|angry|furious|hurt|ashamed|"
    r"embarrassed|guilty|insecure|overwhelmed|hopeless|helpless|confused|exhausted|tired|stupid|unwanted|"
    r"unloved|rejected|panicky|awful|terrible|empty|numb|frustrated|upset|heartbroken|desperate)\b", re.I)


#: Happiness that belongs to someone else ("she looks happier", "they seem so happy together"): the emotion
#: detectors read the word, but the person is hurting, not happy.
_THEIR_HAPPINESS = re.compile(
    r"\b(?:he|she|they|his|her|their|them|him|ex|everyone|everybody)\b[^.!?]{0,30}?\b(?:happy|happier|happiest|glad|"
    r"excited|in love|loved up|smiling|glowing|thriving|having fun|having the time of)\b", re.I)
_OWN_HAPPINESS = re.compile(
    r"\bi(?:'m| am| feel| felt| was)\s+(?:so |really |very |actually |genuinely )?(?:happy|glad|relieved|grateful|"
    r"excited|proud|hopeful|calm|better|good|fine|okay)\b", re.I)


def feeling_word(analysis: Analysis, phrasings: Phrasings, threshold: float = 0.3, text: str = "") -> str | None:
    """The plainest word for the strongest feeling the analysis found, or the one the person named.

    A pleasant word is never named for a message whose body is in alarm or whose urge is pulling at them:
    "left on read and my chest is tight" scores 'caring', and "that leaves you feeling caring" misreads them; nor
    for someone else's happiness ("she looks happier"), unless the person says they are happy too.
    """
    not_pleasant = (bool(analysis.body) or any(u.status is not UrgeStatus.RESISTED for u in analysis.urges)
                    or bool(_THEIR_HAPPINESS.search(text) and not _OWN_HAPPINESS.search(text)))
    for emotion in sorted(analysis.emotions, key=lambda e: e.score, reverse=True):
        if emotion.score < threshold:
            break
        word = phrasings.feelings.get(emotion.name.lower())
        if word and not (not_pleasant and word in PLEASANT):
            return word
    said = _SAID_FEELING.search(text)
    return said.group(1).lower() if said else None
