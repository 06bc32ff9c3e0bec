"""Crisis triage for one user message: patterns with negation, idioms and reported speech, then context
and similarity to the project's own examples. Deterministic: same text and context, same Triage.

May import steadyheart.safety.* , steadyheart.errors and numpy; the shared embedder only lazily, when a means
question needs earlier messages read again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from steadyheart import prefilter
from steadyheart.errors import InputError
from steadyheart.safety.means_questions import means_question
from steadyheart.safety.normalize import normalise
from steadyheart.safety.patterns import Pattern, load_patterns
from steadyheart.safety.sentences import LONG_WORDS, risky_sentences, sentence_vectors
from steadyheart.safety.similarity import INDIRECT_CATEGORIES
from steadyheart.safety.tiers import Category, Tier, Triage

#: How many earlier user messages count as "the recent conversation" for means questions.
CONTEXT_WINDOW = 8
#: How many of those a means question embeds again when their patterns found no distress.
CONTEXT_EMBEDDED = 4
#: An earlier message counts as risk around a means question when the risk branch gives it p(any risk) at least
#: this (None: never). Chosen with `python evals/safety_sweeps.py --means-context` (round 16, never fitted:
#: imminent 65 -> 72 of 97 with ASKED_LIKE_DISTRESS; ESConv and ED valid unchanged; one dev look-alike raised).
CONTEXT_BRANCH_RISK: float | None = 0.5
#: A question asked in everyday words this close to a means example needs only distress around it, not risk.
ASKED_LIKE_DISTRESS: float | None = 0.64
#: Shorter messages ("goodnight", "night night") are left to the patterns: their embeddings drift.
MIN_EMBEDDING_WORDS = 3
#: The embedding may raise a message the patterns put at this tier or below.
EMBEDDING_FROM = Tier.AMBIGUOUS
#: Crisis found by any path is raised to imminent when the risk branch is sure it is happening now (both heads
#: at BRANCH_SURE). Chosen on data the branch never saw (`python evals/safety_sweeps.py --branch-raise`):
#: round 15 raised 4 imminent and 1 elevated message, batches 14a-c 13 imminent and 6 elevated.
BRANCH_RAISES_FOUND_CRISIS = True
#: A negation cue this many words or fewer before a risk phrase cancels it ("not going to hurt myself").
NEGATION_REACH = 4

_NEGATION = re.compile(r"\b(?:not|never|no longer|nor|no way|no)\b")
# "not sure I want to live" hedges rather than negates; "can not stop thinking about" insists.
_NOT_NEGATION_AFTER = re.compile(
    r"^\s*(?:sure|certain|okay|ok|fine|safe|alright|doing well|doing ok|doing okay|stop|help|shake|escape|"
    r"get rid|bear|one|matter what|point|reason|longer want|longer see|longer care)\b"
)
#: A negation inside a condition ("if he does not call") ...
_IF_CLAUSE = re.compile(r"\b(?:if|unless)\s+(?:\w+\s+){1,3}$")
#: ... followed by a new clause with its own subject ("... i do not see myself making it").
_NEW_SUBJECT = re.compile(r"\w\s+i\b")
_WISH = re.compile(r"\b(?:if|wish|wishing|hope|hoping|pray|praying|sometimes|someday|one day|what if|imagine|imagining)\b")
_BARRIER = re.compile(r"[,;.!?]|\b(?:but|though|however|yet|although|except)\b")
_REPORTED = re.compile(
    r"\b(?:he|she|they|someone|somebody|people|my \w+|a \w+|the (?:song|lyrics|movie|film|show|book|character|"
    r"meme|post|video|article|quote|line|teacher|doctor|therapist|counsel+or|nurse|guy|girl))\s+(?:\w+\s+){0,3}"
    r"(?:said|says|say|asked|asks|ask|told|tells|wrote|writes|posted|posts|sings|sang|goes|went|tweeted|"
    r"texted|keeps saying|was saying|joked|jokes|screamed|yelled)(?:\s+me)?(?:\s+(?:about|that|if|whether))?"
    r"(?:\s+(?:he|she|they)(?:\s+(?:was|is|had|has|would|will|once))?)?"
    r"(?:\s+i(?:\s+(?:ever|sometimes|still|really))?(?:\s+(?:had|have|get|got|think|thought|feel|felt|want|wanted|"
    r"wish|wished|experience|experienced))?)?\s*(?:\"\s*)?$"
)
_QUOTE_SOURCE = re.compile(
    r"\b(?:song|lyrics?|movie|film|show|series|book|novel|character|meme|tiktok|post|quote|line|poem|story|"
    r"game|video|article|essay|project|said|says|asked|told|wrote|texted|sings|goes)\b"
)


@dataclass(frozen=True)
class Match:
    pattern: Pattern
    start: int
    end: int
    text: str


_RISK_WORDS = re.compile(
    r"\b(?:kill|killing|hurt|hurting|harm|harming|die|dying|dead|end (?:it|my life|things)|suicid\w*|"
    r"overdose\w*|cut|cutting|do anything stupid|do something stupid)\b"
)
_RISK_WORD_PATTERN = Pattern(id="risk_word", kind="risk", regex=_RISK_WORDS)


def triage(
    text: str,
    context: Sequence[str] = (),
    embedding: npt.NDArray[np.float32] | None = None,
) -> Triage:
    """Decide the tier for one message. `context` holds earlier user messages, oldest first;
    `embedding` is the message's own vector from the shared embedder (None: patterns only)."""
    if not isinstance(text, str):
        raise InputError("Triage needs the message as text.")
    norm = normalise(text)
    base = _pattern_triage(norm)
    tier, categories, evidence = base.tier, list(base.categories), list(base.evidence)

    means = _means_matches(norm)
    # Means asked in everyday words ("is the seventh floor high enough") count only after risk.
    asked_like = (means_question(norm, embedding)
                  if not means and embedding is not None and not _discounted(norm) else None)
    if means or asked_like is not None:
        lethal = [m for m in means if m.pattern.lethal]
        recent = [c for c in list(context)[-CONTEXT_WINDOW:] if isinstance(c, str)]
        # Asked in everyday words, the question needs risk itself (a gentle check or more) around it, not
        # only distress: "he left me and i can't stop crying" and then "which car park has a roof deck";
        # unless it is very close to a means example ("which vein is deeper, wrist or elbow").
        distress_here = tier.rank >= Tier.AMBIGUOUS.rank or (bool(means) and _has_distress(norm)) or _intent_now(norm)
        distress_only = bool(means) or (asked_like is not None and ASKED_LIKE_DISTRESS is not None
                                        and asked_like.score >= ASKED_LIKE_DISTRESS)
        distress_before = any(_context_distress(normalise(c)) if distress_only else _context_risk(normalise(c))
                              for c in recent) or (
            embedding is not None and not lethal and not distress_here and _embedded_context_risk(tuple(recent)))
        asked = (f"'{means[0].text}'" if means or asked_like is None
                 else f"like {asked_like.example!r} ({asked_like.score:.2f})")
        if lethal:
            reason = f"asks about lethal means: '{lethal[0].text}'"
            tier, categories = _raise(tier, categories, Tier.IMMINENT, Category.SUICIDE)
            evidence.append(reason)
        elif distress_here or distress_before:
            where = "in the same message" if distress_here else "earlier in the conversation"
            tier, categories = _raise(tier, categories, Tier.IMMINENT, Category.SUICIDE)
            evidence.append(f"asks about means ({asked}) after distress {where}")
        elif means:
            evidence.append(f"means question without distress: {asked}")

    # A means question without distress was weighed above; its words ("pills", "tallest") would pull the
    # embedding towards risk examples, so the embedding does not get a second say (asked in everyday words,
    # it may still earn a gentle check, never more: "how many floors up would you need to be"). The embedding may
    # raise a gentle check the patterns gave (hyperbole, a hint) unless a cap made it one: a joke or a
    # mundane condition ("kms lol this exam") was lowered on purpose.
    if (
        embedding is not None and base.tier.rank <= EMBEDDING_FROM.rank and not means
        and len(norm.split()) >= MIN_EMBEDDING_WORDS and not _discounted(norm) and not _capped_message(norm)
    ):
        from steadyheart.safety.embedded_signals import embedding_verdict

        verdict = embedding_verdict(embedding, len(norm.split()), norm, text)
        if verdict is not None and verdict[0] is Tier.AMBIGUOUS and _stops_the_habit_just_told(norm, context):
            verdict = None
        if verdict is not None and asked_like is not None and verdict[0].rank > Tier.AMBIGUOUS.rank:
            verdict = (Tier.AMBIGUOUS, verdict[1], f"{verdict[2]}; a question like a means question, without risk")
        # Over a gentle check from the patterns (hyperbole), only suicide and self-harm may be raised:
        # "i could murder my boyfriend right now" resembles a threat without being one.
        if verdict is not None and verdict[0].rank > tier.rank and (
            base.tier is Tier.NONE or verdict[1] in INDIRECT_CATEGORIES
        ):
            tier, categories = _raise(tier, categories, verdict[0], verdict[1])
            evidence.append(verdict[2])
    if embedding is not None and tier.rank < Tier.ELEVATED.rank and not means and len(norm.split()) > LONG_WORDS:
        found = _long_message_verdict(text)
        if found is not None and found[0].rank > tier.rank:
            tier, categories = _raise(tier, categories, found[0], found[1])
            evidence.append(found[2])
    if embedding is not None and tier is Tier.ELEVATED and not means and not _discounted(norm):
        # A very close match to an imminent example ("goodbye, i love you all" at 0.90) makes it imminent.
        from steadyheart.safety.similarity import nearest_examples

        near = nearest_examples(embedding)
        if near is not None and near.tier is Tier.IMMINENT:
            tier = Tier.IMMINENT
            evidence.append(f"close to imminent example {near.example!r} ({near.score:.2f})")

    if BRANCH_RAISES_FOUND_CRISIS and embedding is not None and tier is Tier.ELEVATED and not _discounted(norm):
        # Crisis is already found; the branch may say it is happening now, in words no pattern knows
        # ("level 7 of the multistorey, been sat here an hour working up to it").
        sure = _branch_sure_of_imminence(embedding, text, norm)
        if sure is not None:
            tier = Tier.IMMINENT
            evidence.append(sure)

    if tier is Tier.ELEVATED:
        cue = _urgency(norm, tuple(categories))
        if cue is not None:
            tier = Tier.IMMINENT
            evidence.append(f"{cue.pattern.id}: '{cue.text}'")

    return Triage(tier=tier, categories=tuple(categories), evidence=tuple(evidence))


#: "how do i stop" (or "how can i stop this") in a few words: a question that refers back to what was just said.
_HOW_TO_STOP = re.compile(r"^(?:so |ok |okay |but |and )?(?:how (?:do|can|would|should) i|how to) (?:ever |just )?stop"
                          r"(?: (?:it|this|that|doing (?:it|this|that)))?\W*$")
#: Everyday habits of relationship anxiety, told in the recent conversation: checking, texting, scrolling, comparing.
_EVERYDAY_HABIT = re.compile(
    r"\b(?:check\w*|text\w*|messag\w*|scroll\w*|stalk\w*|snoop\w*|jealous\w*|overthink\w*|compar\w*|location|"
    r"(?:his|her|their) (?:phone|instagram|insta|stories|socials)|reassurance|asking (?:him|her|them))\b")


def _stops_the_habit_just_told(norm: str, context: Sequence[str]) -> bool:
    """Whether a short "how do i stop" asks how to stop an everyday habit the person has just described, in a
    conversation with no risk in it: the similarity to "help me stop" (self-harm) then misreads it. Session 12: after
    "i checked his location 6 times today", "how do i stop" drew the gentle question about suicide."""
    if not _HOW_TO_STOP.match(norm):
        return False
    recent = [normalise(c) for c in list(context)[-CONTEXT_WINDOW:] if isinstance(c, str)]
    return (any(_EVERYDAY_HABIT.search(c) for c in recent[-3:])
            and not any(_context_risk(c) or _context_distress(c) for c in recent))


def _branch_sure_of_imminence(embedding: npt.NDArray[np.float32], text: str, norm: str) -> str | None:
    """The evidence when the risk branch is sure of both crisis and imminence; else None."""
    from steadyheart.safety.embedded_signals import BRANCH_SURE, closes_the_chat
    from steadyheart.safety.risk_branch import branch_scores

    scores = branch_scores(embedding, text)
    if scores is None or min(scores.crisis, scores.imminent) < BRANCH_SURE or closes_the_chat(norm):
        return None
    return f"risk branch sure it is happening now: p(crisis)={scores.crisis:.2f} p(imminent)={scores.imminent:.2f}"


@lru_cache(maxsize=256)
def _long_message_verdict(text: str) -> tuple[Tier, Category | None, str] | None:
    """The embedding's say on the riskiest sentences of a long message, each weighed on its own (a
    negation, quote, idiom or joke in one sentence no longer silences the rest of the message)."""
    from steadyheart.safety.embedded_signals import embedding_verdict

    normalised = {s: normalise(s) for s in risky_sentences(text)}
    sentences = [s for s, n in normalised.items() if not _discounted(n) and not _capped_message(n)
                 and not _means_matches(n)]
    if not sentences:
        return None
    best: tuple[Tier, Category | None, str] | None = None
    for sentence, vector in zip(sentences, sentence_vectors(tuple(sentences)), strict=True):
        verdict = embedding_verdict(vector, len(normalised[sentence].split()), normalised[sentence], sentence)
        if verdict is not None and (best is None or verdict[0].rank > best[0].rank):
            best = (verdict[0], verdict[1], f"in the sentence {sentence[:60]!r}: {verdict[2]}")
    return best


@lru_cache(maxsize=4096)
def _urgency(norm: str, categories: tuple[Category, ...]) -> Match | None:
    """An immediacy cue that makes an elevated message imminent, unless negated, someone else's words,
    or inside a wish or a condition ("i wish i could sleep tonight and never wake up")."""
    for match in _find(load_patterns().urgency, norm):
        if match.pattern.category is not None and match.pattern.category not in categories:
            continue
        if _negated(norm, match) or _reported(norm, match) or _WISH.search(_clause_before(norm, match.start)):
            continue
        return match
    return None


def _raise(
    tier: Tier, categories: list[Category], new_tier: Tier, category: Category | None
) -> tuple[Tier, list[Category]]:
    cats = list(categories)
    if category is not None and category not in cats:
        cats.append(category)
    return (new_tier if new_tier.rank > tier.rank else tier), cats


@lru_cache(maxsize=4096)
def _pattern_triage(norm: str) -> Triage:
    """Risk patterns only, on normalised text (cached: context messages are triaged again and again)."""
    patterns = load_patterns()
    matches = [m for m in _find(patterns.risk, norm) if not _negated(norm, m) and not _reported(norm, m)]
    caps = list(_find(patterns.caps, norm))
    by_category: dict[Category, Tier] = {}
    evidence: list[str] = []
    for match in matches:
        tier = _capped(match, caps)
        if tier is Tier.NONE:
            continue
        assert match.pattern.category is not None
        for category in (match.pattern.category, *match.pattern.also):
            if tier.rank > by_category.get(category, Tier.NONE).rank:
                by_category[category] = tier
        evidence.append(f"{match.pattern.id}: '{match.text}'")
    if not by_category:
        return Triage()
    top = Tier.highest(list(by_category.values()))
    # Most serious first, in a fixed order so the same message always gives the same tuple.
    order = list(Category)
    categories = tuple(sorted(by_category, key=lambda c: (-by_category[c].rank, order.index(c))))
    return Triage(tier=top, categories=categories, evidence=tuple(evidence))


@lru_cache(maxsize=4096)
def _discounted(norm: str) -> bool:
    """True when risk words here are negated, reported, or an idiom: the embedding cannot see that,
    so similarity must not raise the tier ("I'm not going to hurt myself" is close to "hurting myself")."""
    patterns = load_patterns()
    if any(c.pattern.tier is Tier.NONE for c in _find(patterns.caps, norm)):
        return True
    if any(_negated(norm, m) or _reported(norm, m) for m in _find(patterns.risk, norm)):
        return True
    # Negated risk words that no pattern matched: "i would never hurt myself", "i wouldn't ever end my life".
    return any(
        _negated(norm, Match(_RISK_WORD_PATTERN, w.start(), w.end(), w.group(0))) for w in _RISK_WORDS.finditer(norm)
    )


@lru_cache(maxsize=4096)
def _capped_message(norm: str) -> bool:
    """True when a cap lowered a risk match here (a joke, a mundane condition, a past resolved)."""
    patterns = load_patterns()
    caps = _find(patterns.caps, norm)
    return bool(caps) and any(_capped(m, caps).rank < m.pattern.tier.rank for m in _find(patterns.risk, norm))


#: The matches of one pattern group in one message (triage asks for the same group up to four times per
#: message), with the words each group's patterns need; an entry holds its group, so an id is never reused.
_FOUND: dict[tuple[int, str], tuple[Sequence[Pattern], tuple[Match, ...]]] = {}
_NEEDED: dict[int, tuple[Sequence[Pattern], prefilter.Needs]] = {}


def _find(patterns: Sequence[Pattern], norm: str) -> tuple[Match, ...]:
    entry = _FOUND.get((id(patterns), norm))
    if entry is not None and entry[0] is patterns:
        return entry[1]
    needs = _NEEDED.get(id(patterns))
    if needs is None or needs[0] is not patterns:
        needs = _NEEDED[id(patterns)] = (patterns, prefilter.literals(patterns))
    found = tuple(
        Match(pattern, m.start(), m.end(), m.group(0))
        for pattern in prefilter.candidates(patterns, needs[1], prefilter.lowered(norm))
        for m in pattern.regex.finditer(norm)
        if m.end() > m.start()
    )
    if len(_FOUND) >= 64:
        _FOUND.clear()
    _FOUND[(id(patterns), norm)] = (patterns, found)
    return found


def _capped(match: Match, caps: Sequence[Match]) -> Tier:
    tier = match.pattern.tier
    for cap in caps:
        if cap.pattern.scope == "message":
            if match.pattern.firm:
                continue
        elif cap.end <= match.start or cap.start >= match.end:
            continue
        if cap.pattern.tier.rank < tier.rank:
            tier = cap.pattern.tier
    return tier


def _clause_before(norm: str, start: int) -> str:
    before = norm[:start]
    barriers = list(_BARRIER.finditer(before))
    return before[barriers[-1].end() :] if barriers else before


def _negated(norm: str, match: Match) -> bool:
    if match.pattern.third_party and match.pattern.tier is not Tier.AMBIGUOUS:
        # "he never lets me see my friends" carries its own negation inside the pattern
        return False
    clause = _clause_before(norm, match.start)
    for cue in reversed(list(_NEGATION.finditer(clause))):
        rest = clause[cue.end() :]
        if _NOT_NEGATION_AFTER.match(rest):
            continue
        if _IF_CLAUSE.search(clause[: cue.start()]) and _NEW_SUBJECT.search(rest):
            # "if she does not take me back i do not see myself making it": the "not" belongs to the
            # condition, and the risk words have a subject of their own
            return False
        return len(rest.split()) <= NEGATION_REACH
    return False


def _reported(norm: str, match: Match) -> bool:
    """Someone else's words (a friend, a song, a therapist's question) are not the person's own risk."""
    if match.pattern.third_party:
        return False
    before = norm[: match.start]
    quotes = before.count('"')
    if quotes % 2 == 1:  # inside a quotation: whose words?
        opening = before.rfind('"')
        lead_in = before[max(0, opening - 60) : opening]
        first_person_speaker = re.search(r"\bi (?:\w+ )?(?:said|say|told|wrote|texted|typed|screamed)\b", lead_in)
        return bool(_QUOTE_SOURCE.search(lead_in)) and not first_person_speaker
    return bool(_REPORTED.search(_clause_before(norm, match.start)))


def _means_matches(norm: str) -> list[Match]:
    patterns = load_patterns()
    caps = [c for c in _find(patterns.caps, norm) if c.pattern.scope == "overlap"]
    return [
        m
        for m in _find(patterns.means, norm)
        if not _negated(norm, m) and not any(c.start < m.end and c.end > m.start for c in caps)
    ]


@lru_cache(maxsize=1024)
def _embedded_context_risk(recent: tuple[str, ...]) -> bool:
    """Whether an earlier message shows risk once its own embedding is read: it reaches a gentle check or more, or
    the risk branch gives it p(any risk) >= CONTEXT_BRANCH_RISK ("maybe he's right" after "he says i'd disappear if
    i loved him", which no gate raises).

    The patterns alone miss risk said in new words ("everyone would be happier if i wasnt here"); only a means
    question pays for embedding the recent messages again, once each, newest first, at most CONTEXT_EMBEDDED.
    """
    from steadyheart.safety.risk_branch import branch_scores
    from steadyheart.understanding.embedder import get_embedder

    embedder, threshold = get_embedder(), CONTEXT_BRANCH_RISK
    for earlier in reversed(recent[-CONTEXT_EMBEDDED:]):
        vector = embedder.embed_one(earlier)
        if triage(earlier, (), vector).tier.rank >= Tier.AMBIGUOUS.rank:
            return True
        if threshold is not None and (scores := branch_scores(vector, earlier)) is not None \
                and scores.any_risk >= threshold:
            return True
    return False


@lru_cache(maxsize=4096)
def _has_distress(norm: str) -> bool:
    return bool(_find(load_patterns().distress, norm))


@lru_cache(maxsize=4096)
def _context_distress(norm: str) -> bool:
    return _has_distress(norm) or _pattern_triage(norm).tier.rank >= Tier.AMBIGUOUS.rank


def _intent_now(norm: str) -> bool:
    """'i'm taking them tonight' beside a means question: the person's own intent with an hour, not negated,
    not someone else's words, not a wish."""
    return any(match.pattern.id == "urgent_time" and not _negated(norm, match) and not _reported(norm, match)
               and not _WISH.search(_clause_before(norm, match.start))
               for match in _find(load_patterns().urgency, norm))


def _context_risk(norm: str) -> bool:
    return _pattern_triage(norm).tier.rank >= Tier.AMBIGUOUS.rank


@dataclass(frozen=True)
class MessageRisk:
    """What the guard needs to know about the person's message: its pattern tier and any means question."""

    tier: Tier
    categories: tuple[Category, ...]
    asks_means: bool


def triage_context(text: str) -> MessageRisk:
    norm = normalise(text)
    base = _pattern_triage(norm)
    return MessageRisk(tier=base.tier, categories=base.categories, asks_means=bool(_means_matches(norm)))
