"""Pattern detectors for body signals, triggers and the product's feelings, with negation and evidence;
for wording the lexicons do not know, a nearest-example back-off and a learned head over the message
embedding and a small word bag (`with_head`).

May import the lexicon, spans, urges and wordbag modules, numpy and the Analysis contract only.
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

from steadyheart.errors import ContentError
from steadyheart.understanding import lexicon, urges
from steadyheart.understanding.analysis import Scored, UrgeFinding
from steadyheart.understanding.model_file import model_id
from steadyheart.understanding.spans import NEGATOR, RESOLVED_AFTER, clause_start, is_negated, sentence_bounds
from steadyheart.understanding.wordbag import words

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
_EASED = re.compile(
    r"\b(?:relax\w*|rested|calm\w*|loosen\w*|eased?|easing|settled|better\s+now|fine\s+now|good\s+mood|great\s+mood|"
    r"happy|helped|fine|slept\s+(?:really\s+)?(?:well|great)|like\s+a\s+(?:log|baby)|\d+\s+hours\s+straight|"
    r"within\s+(?:minutes|seconds)|straight\s+away|right\s+away|instantly)\b",
    re.IGNORECASE,
)
#: A behaviour is the person's own: the back-off names one only when the person speaks of themself.
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|myself)\b", re.IGNORECASE)
#: "his hands were shaking": a message about someone else's body gives no body signal from the back-off.
_OWN = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|myself)\b", re.IGNORECASE)
_THIRD_PERSON = re.compile(r"\b(?:he|she|they|his|her|their|he's|she's|they're)\b", re.IGNORECASE)


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
    found, declined = [], []
    for entry in entries:
        if entry.any_pattern is not None and entry.any_pattern.search(text) is None:
            continue
        for pattern in entry.patterns:
            hit = next(
                (
                    m
                    for m in pattern.regex.finditer(text)
                    if m.group(0).strip()
                    and not (
                        pattern.negatable
                        and is_negated(text, m.start(), m.end(), own_negation=pattern.own_negation)
                    )
                    and not (persons_own and _someone_elses(text, m.start()))
                    and not _own_action(text, entry, m.start(), m.end())
                ),
                None,
            )
            if hit is not None:
                found.append(Scored(entry.name, MATCH_SCORE, original[hit.start() : hit.end()].strip()))
                break
        else:
            declined.append(entry.name)
    return tuple(found), frozenset(declined)


def detect(text: str, entries: Iterable[lexicon.Entry], *, persons_own: bool = False) -> tuple[Scored, ...]:
    """Every entry with at least one non-negated match; the evidence is the first such match."""
    return scan(text, entries, persons_own=persons_own)[0]


# Kept for the last few messages only: with_head asks which labels were turned down in the message that
# body_signals() and triggers() have just read (the patterns are the slow part of a turn). Small on
# purpose, so that a benchmark cycling through a handful of messages still pays for every scan.
@lru_cache(maxsize=4)
def _body_scan(text: str) -> tuple[tuple[Scored, ...], frozenset[str]]:
    return scan(text, lexicon.body_signals(), persons_own=True)


@lru_cache(maxsize=4)
def _trigger_scan(text: str) -> tuple[tuple[Scored, ...], frozenset[str]]:
    return scan(text, lexicon.triggers())


def body_signals(text: str) -> tuple[Scored, ...]:
    return _body_scan(text)[0]


def triggers(text: str) -> tuple[Scored, ...]:
    return _trigger_scan(text)[0]


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


def _first_sentence(text: str) -> str:
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
    if not text.strip() or NEGATOR.search(plain) or _EASED.search(plain) or RESOLVED_AFTER.search(plain):
        return body, triggers, found_urges
    kind, label, similarity = nearest_example(vector)
    if similarity < BACKOFF_THRESHOLD:
        return body, triggers, found_urges
    evidence = _first_sentence(text)
    if kind == "body" and not body and not (_THIRD_PERSON.search(plain) and not _OWN.search(plain)):
        return (Scored(label, BACKOFF_SCORE, evidence),), triggers, found_urges
    if kind == "trigger" and not triggers:
        return body, (Scored(label, BACKOFF_SCORE, evidence),), found_urges
    if kind == "urge" and not found_urges and _FIRST_PERSON.search(text):
        status = urges.status_of_text(text)
        return body, triggers, (UrgeFinding(label, status, BACKOFF_SCORE, evidence),)
    return body, triggers, found_urges


#: Score for a finding of the learned head: a guess, like the back-off's, ranked below every lexicon match.
HEAD_SCORE = 0.6
HEAD_WEIGHTS = Path(__file__).parent / "weights" / "signal_heads.npz"
#: A label also needs the message's words to speak for it (their part of the logit at least this): the
#: embedding alone put "distance" on "what are some nice things to do for an anniversary". Leave-one-author-
#: out (evals/train/train_signal_heads.py) it moved blind2 P 0.928 -> 0.933 and blind3 P 0.915 -> 0.917,
#: R 0.925 -> 0.920; 0.0 and 1.0 gave the same, 1.5 and 2.0 cost blind3 recall.
MIN_WORDS_LOGIT = 0.5
_KINDS = ("body", "trigger", "urge")


@dataclass(frozen=True)
class SignalHead:
    """One logistic regression per label over [embedding, word bag]; labels are "kind:name"."""

    labels: tuple[tuple[str, str], ...]  # (kind, name) per column
    embedding_weights: npt.NDArray[np.float32]  # (384, labels)
    word_weights: npt.NDArray[np.float32]  # (vocabulary, labels), already times the bag scale
    bias: npt.NDArray[np.float32]
    vocabulary: dict[str, int]
    threshold: float

    def probabilities(self, text: str, vector: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        return self.scores(text, vector)[0]

    def scores(
        self, text: str, vector: npt.NDArray[np.float32]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """Each label's probability, and the part of its logit that the message's words give."""
        rows = self.word_rows(text)
        words_part = self.word_weights[rows].sum(axis=0) if rows else np.zeros(len(self.labels), np.float32)
        logits = vector @ self.embedding_weights + self.bias + words_part
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float32), words_part

    def word_rows(self, text: str) -> list[int]:
        return sorted({self.vocabulary[w] for w in words(text) if w in self.vocabulary})


@cache
def head(path: Path = HEAD_WEIGHTS) -> SignalHead:
    try:
        with np.load(path) as data:
            labels = tuple(tuple(str(x).split(":", 1)) for x in data["labels"])
            weights = np.asarray(data["weights"], dtype=np.float32)
            vocabulary = [str(w) for w in data["vocab"]]
            scale = float(data["bag_scale"])
            bias = np.asarray(data["bias"], dtype=np.float32)
            threshold = float(data["threshold"])
            model = str(data["model_id"])
    except (OSError, KeyError, ValueError) as error:
        raise ContentError(f"The signal head {path.name} could not be loaded ({error}).") from error
    dim = weights.shape[0] - len(vocabulary)
    if any(len(x) != 2 or x[0] not in _KINDS for x in labels) or weights.shape[1] != len(labels) or dim <= 0:
        raise ContentError(f"{path.name} is malformed: run evals/train/train_signal_heads.py.")
    if model != model_id():
        raise ContentError(f"{path.name} was fitted on another embedding model: run evals/train/train_signal_heads.py.")
    return SignalHead(
        labels=labels,  # type: ignore[arg-type]
        embedding_weights=np.ascontiguousarray(weights[:dim]),
        word_weights=np.ascontiguousarray(weights[dim:] * scale),
        bias=bias,
        vocabulary={w: i for i, w in enumerate(vocabulary)},
        threshold=threshold,
    )


def _declined(text: str, kind: str) -> frozenset[str]:
    """Labels of `kind` whose lexicon patterns matched only where they were turned down."""
    if kind == "body":
        return _body_scan(text)[1]
    return _trigger_scan(text)[1] if kind == "trigger" else frozenset()


#: A trigger is something in the person's own relationship: a general question ("what are some nice things
#: to do for an anniversary") names nobody and gets none from the head.
_PEOPLE = re.compile(rf"\b(?:I|I'm|I've|I'd|me|my|we|we're|us|our|{lexicon.PARTNER})\b", re.IGNORECASE)


def _eased_or_someone_elses(plain: str) -> bool:
    """The message speaks of a symptom easing, or only of someone else's body."""
    if _EASED.search(plain) or RESOLVED_AFTER.search(plain):
        return True
    return bool(_THIRD_PERSON.search(plain) and not _OWN.search(plain))


def _evidence(text: str, signal_head: SignalHead, column: int) -> str | None:
    """The sentence holding the known word that speaks most for the label (else the first sentence), or
    None when that word is denied ("he's not distant at all")."""
    best, weight = None, 0.0
    for match in re.finditer(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?", text):
        row = signal_head.vocabulary.get(match.group(0).lower().replace("\u2019", "'"))
        if row is not None and signal_head.word_weights[row, column] > weight:
            best, weight = match, float(signal_head.word_weights[row, column])
    if best is None:
        return _first_sentence(text)
    if is_negated(lexicon.normalise_quotes(text), best.start(), best.end()):
        return None
    begin, end = sentence_bounds(text, best.start(), best.end())
    return text[begin:end].strip()


def with_head(
    text: str,
    vector: npt.NDArray[np.float32],
    body: tuple[Scored, ...],
    triggers: tuple[Scored, ...],
    found_urges: tuple[UrgeFinding, ...],
    signal_head: SignalHead | None = None,
) -> tuple[tuple[Scored, ...], tuple[Scored, ...], tuple[UrgeFinding, ...]]:
    """The findings so far plus each label the learned head gives at least its threshold (with the
    message's words for it, not the embedding alone).

    An embedding cannot tell "my heart is racing" from "my heart isn't racing anymore", so the head never
    adds a label whose lexicon pattern matched and was turned down (negated, eased, someone else's), a
    body signal or trigger whose strongest word is denied, a body signal when the message speaks of easing
    or only of someone else, a trigger to a message of relief or one that names nobody, or a behaviour
    when the person does not speak of themself. Urge status comes from the markers, as for the back-off.
    """
    signal_head = signal_head or head()
    if not text.strip():
        return body, triggers, found_urges
    probabilities, words_part = signal_head.scores(text, vector)
    sure = (probabilities >= signal_head.threshold) & (words_part >= MIN_WORDS_LOGIT)
    columns = [int(c) for c in np.flatnonzero(sure)]
    if not len(columns):
        return body, triggers, found_urges
    have = {("body", s.name) for s in body} | {("trigger", s.name) for s in triggers}
    have |= {("urge", u.name) for u in found_urges}
    new_body, new_triggers, new_urges = list(body), list(triggers), list(found_urges)
    for column in columns:
        kind, name = signal_head.labels[column]
        if (kind, name) in have or name in _declined(text, kind):
            continue
        if kind == "body" and not _eased_or_someone_elses(lexicon.normalise_quotes(text)):
            if (evidence := _evidence(text, signal_head, column)) is not None:
                new_body.append(Scored(name, HEAD_SCORE, evidence))
        elif kind == "trigger" and _PEOPLE.search(text) and not _EASED.search(lexicon.normalise_quotes(text)):
            if (evidence := _evidence(text, signal_head, column)) is not None:
                new_triggers.append(Scored(name, HEAD_SCORE, evidence))
        elif kind == "urge" and _FIRST_PERSON.search(text):
            # A denied deed is still the behaviour, held back: its status says so.
            evidence = _evidence(text, signal_head, column) or _first_sentence(text)
            new_urges.append(UrgeFinding(name, urges.status_of_text(text), HEAD_SCORE, evidence))
    return tuple(new_body), tuple(new_triggers), tuple(new_urges)


#: A partner's ex as the person's own yardstick or target ("I keep comparing myself to his ex", "I looked up
#: her ex"), or other women or men in a comparison ("I rank myself against every woman he follows"): both
#: blind authors (blind2, blind3) read that as comparing or checking only, not as the partner with others;
#: the suite's first author counted it as both.
_EX = re.compile(r"\b(?:ex|ex's|exes|ex-\w+|old\s+flame)\b", re.IGNORECASE)
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
