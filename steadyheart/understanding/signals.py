"""Pattern detectors for body signals, triggers and the product's feelings, with negation and evidence;
for wording the lexicons do not know, a nearest-example back-off (`with_backoff`). The learned head lives
in `signal_head.py`, the last word on a message's triggers in `post_filters.py`.

May import the lexicon, spans, urges and model_file modules, numpy and the Analysis contract only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from steadyheart import prefilter
from steadyheart.errors import ContentError
from steadyheart.understanding import lexicon, urges
from steadyheart.understanding.analysis import Scored, UrgeFinding
from steadyheart.understanding.model_file import model_id
from steadyheart.understanding.spans import NEGATOR, RESOLVED_AFTER, clause_start, is_negated, sentence_bounds

#: Score for a lexicon match that is not negated: a clear statement, not a model's guess.
MATCH_SCORE = 0.9
#: Score for a back-off finding: a guess from similarity, ranked below every lexicon match.
BACKOFF_SCORE = 0.6
#: Cosine to the nearest example phrase needed for the back-off. Chosen on the tune2 part scored with
#: the lexicons of commit fd5e0be (before tune2 widened them: the back-off is for wording the lexicons
#: do not know), with the 324 phrases: 0.65 added 42 right and 2 wrong labels, 0.60 58 right and 6
#: wrong, 0.55 71 right and 9 wrong. evals/train/check_signal_backoff.py measures it with the current
#: lexicons.
BACKOFF_THRESHOLD = 0.65
EXAMPLE_VECTORS = Path(__file__).parent / "weights" / "signal_examples.npz"
#: Similarity cannot tell a symptom from its easing ("my chest is loosening") or a good mood from a bad one.
EASED = re.compile(
    r"\b(?:relax\w*|rested|calm\w*|loosen\w*|eased?|easing|settled|better\s+now|fine\s+now|good\s+mood|great\s+mood|"
    r"happy|helped|fine|slept\s+(?:really\s+)?(?:well|great)|like\s+a\s+(?:log|baby)|\d+\s+hours\s+straight|"
    r"within\s+(?:minutes|seconds)|straight\s+away|right\s+away|instantly)\b",
    re.IGNORECASE,
)
#: A behaviour is the person's own: the back-off names one only when the person speaks of themself.
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|myself)\b", re.IGNORECASE)
#: "his hands were shaking": a message about someone else's body gives no body signal from the back-off.
OWN = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|myself)\b", re.IGNORECASE)
THIRD_PERSON = re.compile(r"\b(?:he|she|they|his|her|their|he's|she's|they're)\b", re.IGNORECASE)


#: "she cried", "his hands were shaking": someone else's body, when the words between that person and the
#: signal are only helpers, adverbs and body parts ("he left, can't sleep" keeps its signal).
_RELATION = (
    r"(?:best\s+|little\s+|big\s+|older\s+|younger\s+)?(?:partner|boyfriend|girlfriend|husband|wife|bf|gf|fianc[eé]e?|"
    r"ex|mum|mom|mother|dad|father|sister|brother|friend|mate|pal|son|daughter|kid|kids|baby|babies|child|children|"
    r"toddler|flatmate|roommate|housemate|colleague|coworker|boss|cousin|aunt|auntie|uncle|nan|gran|grandma|grandad|"
    r"grandpa|nephew|niece|neighbours?|neighbors?|dog|cat|puppy)"
)
_SOMEONE_ELSES = re.compile(
    r"\b(?:he|she|they|his|her|their|he's|she's|they're|he'd|she'd|they'd|"
    # "my boyfriend's brother", "my girlfriend's mate", "a friend": the chain names someone else.
    rf"(?:my|our|a|the|his|her|their)\s+{_RELATION}(?:'s\s+{_RELATION})*(?:'s)?)\s+"
    r"(?:(?:is|was|were|are|be|been|being|has|had|have|keeps?|kept|starts?|started|began|begins|just|still|so|"
    r"really|all|got|gets|get|getting|gone|went|goes|burst|bursts|broke|breaks|into|in|up|eyes|hands|voice|legs|"
    r"knees|heart|chest|face|whole|body|lip|lips|shoulders|jaw|can't|couldn't|cannot|can|could|looks?|looked|"
    r"seems?|seemed|sounds?|sounded|feels?|felt|very|a|bit|little|too|always|also|then|totally|completely|quite|"
    r"pretty|super|literally|almost|nearly|actually|ended|filled|with|welled|clearly|obviously|visibly|"
    r"definitely|must|must've|might|probably)\s+){0,4}$",
    re.IGNORECASE,
)


def _someone_elses(text: str, start: int) -> bool:
    return _SOMEONE_ELSES.search(text, clause_start(text, start), start) is not None


def _own_action(text: str, entry: lexicon.Entry, start: int, end: int) -> bool:
    if entry.own_action is None:
        return False
    return entry.own_action.search(text[clause_start(text, start) : end]) is not None


def scan(
    text: str, entries: Iterable[lexicon.Entry], *, persons_own: bool = False
) -> tuple[tuple[Scored, ...], frozenset[str]]:
    """Every entry with at least one non-negated match (the evidence is the first such match), and the
    names of the entries whose patterns matched only where they were turned down (negated, eased,
    someone else's, the person's own doing).

    `persons_own` (body signals) drops a match that is someone else's ("she cried").
    """
    original, text = text, lexicon.normalise_quotes(text)
    lower = prefilter.lowered(text)
    found, declined = [], []
    for entry in entries:
        hit, matched = None, False
        for pattern in prefilter.candidates(entry.patterns, entry.literals, lower):
            for m in pattern.regex.finditer(text):
                matched = True
                if (
                    m.group(0).strip()
                    and not (
                        pattern.negatable
                        and is_negated(text, m.start(), m.end(), own_negation=pattern.own_negation)
                    )
                    and not (persons_own and _someone_elses(text, m.start()))
                    and not _own_action(text, entry, m.start(), m.end())
                ):
                    hit = m
                    break
            if hit is not None:
                break
        if hit is not None:
            found.append(Scored(entry.name, MATCH_SCORE, original[hit.start() : hit.end()].strip()))
        elif matched:
            declined.append(entry.name)
    return tuple(found), frozenset(declined)


def detect(text: str, entries: Iterable[lexicon.Entry], *, persons_own: bool = False) -> tuple[Scored, ...]:
    """Every entry with at least one non-negated match; the evidence is the first such match."""
    return scan(text, entries, persons_own=persons_own)[0]


# Kept for the last few messages only: signal_head.with_head asks which labels were turned down in the message that
# body_signals() and triggers() have just read (the patterns are the slow part of a turn). Small on
# purpose, so that a benchmark cycling through a handful of messages still pays for every scan.
@lru_cache(maxsize=4)
def body_scan(text: str) -> tuple[tuple[Scored, ...], frozenset[str]]:
    return scan(text, lexicon.body_signals(), persons_own=True)


@lru_cache(maxsize=4)
def trigger_scan(text: str) -> tuple[tuple[Scored, ...], frozenset[str]]:
    return scan(text, lexicon.triggers())


def body_signals(text: str) -> tuple[Scored, ...]:
    return body_scan(text)[0]


def triggers(text: str) -> tuple[Scored, ...]:
    return trigger_scan(text)[0]


def feelings(text: str) -> tuple[Scored, ...]:
    return detect(text, lexicon.feelings())


@dataclass(frozen=True)
class _Examples:
    vectors: npt.NDArray[np.float32]
    keys: tuple[tuple[str, str], ...]  # (kind, label) per row


@cache
def _examples(path: Path = EXAMPLE_VECTORS) -> _Examples:
    examples = lexicon.signal_examples()
    source = lexicon.DATA_DIR / "signal_examples.yaml"
    try:
        with np.load(path) as data:
            vectors = np.asarray(data["vectors"], dtype=np.float32)
            keys = tuple(zip((str(k) for k in data["kinds"]), (str(v) for v in data["labels"]), strict=True))
            digest = str(data["source_sha256"])
            model = str(data["model_id"]) if "model_id" in data.files else "unknown"
    except (OSError, KeyError, ValueError) as error:
        raise ContentError(f"The example vectors {path.name} could not be loaded ({error}).") from error
    if digest != hashlib.sha256(source.read_bytes()).hexdigest() or keys != tuple(
        (e.kind, e.label) for e in examples
    ):
        raise ContentError(
            f"{path.name} does not match signal_examples.yaml: run evals/train/build_signal_examples.py."
        )
    if model != model_id():
        raise ContentError(
            f"{path.name} was computed with another embedding model: run evals/train/build_signal_examples.py."
        )
    return _Examples(vectors, keys)


def nearest_example(vector: npt.NDArray[np.float32]) -> tuple[str, str, float]:
    """(kind, label, cosine) of the example phrase closest to a unit-length message embedding."""
    examples = _examples()
    sims = examples.vectors @ vector
    best = int(np.argmax(sims))
    kind, label = examples.keys[best]
    return kind, label, float(sims[best])


def first_sentence(text: str) -> str:
    start = len(text) - len(text.lstrip())
    _, end = sentence_bounds(text, start, start)
    return text[start:end].strip()


def with_backoff(
    text: str,
    vector: npt.NDArray[np.float32],
    body: tuple[Scored, ...],
    triggers: tuple[Scored, ...],
    found_urges: tuple[UrgeFinding, ...],
) -> tuple[tuple[Scored, ...], tuple[Scored, ...], tuple[UrgeFinding, ...]]:
    """The lexicon findings plus at most one back-off label from the nearest example phrase.

    Used only when the message holds no negation or easing (similarity cannot tell "my heart is racing"
    from "my heart isn't racing" or "... has calmed down") and the lexicons found nothing of that
    label's kind; a behaviour only when the person speaks of themself.
    """
    plain = lexicon.normalise_quotes(text)
    if not text.strip() or NEGATOR.search(plain) or EASED.search(plain) or RESOLVED_AFTER.search(plain):
        return body, triggers, found_urges
    kind, label, similarity = nearest_example(vector)
    if similarity < BACKOFF_THRESHOLD:
        return body, triggers, found_urges
    evidence = first_sentence(text)
    if kind == "body" and not body and not (THIRD_PERSON.search(plain) and not OWN.search(plain)):
        return (Scored(label, BACKOFF_SCORE, evidence),), triggers, found_urges
    if kind == "trigger" and not triggers:
        return body, (Scored(label, BACKOFF_SCORE, evidence),), found_urges
    if kind == "urge" and not found_urges and FIRST_PERSON.search(text):
        status = urges.status_of_text(text)
        return body, triggers, (UrgeFinding(label, status, BACKOFF_SCORE, evidence),)
    return body, triggers, found_urges
