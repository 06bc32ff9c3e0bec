"""Thinking traps: which of the twelve hold, the words that show each, and a one-line reason.

A softmax head over the sentence embedding, one cue feature per trap and a small word bag
(weights/traps.npz), fitted only on the project-written examples in data/trap_examples/ by
evals/train/train_traps.py. Cue features are 0.5, not 1 (cue_scale in the weights), so the head leans
less on the textbook words: many thoughts show a trap without them. Cue words and explanations live in
data/traps.yaml. May import numpy, yaml and own modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from steadyheart import prefilter
from steadyheart.errors import ContentError
from steadyheart.understanding.analysis import TrapFinding
from steadyheart.understanding.spans import sentence_bounds
from steadyheart.understanding.wordbag import words

DATA = Path(__file__).parent / "data"
WEIGHTS = Path(__file__).parent / "weights" / "traps.npz"
TRAP_NAMES = ["catastrophizing", "mind_reading", "fortune_telling", "personalization", "all_or_nothing", "overgeneralization", "emotional_reasoning", "labeling", "should_statements", "mental_filter", "discounting_positive", "magnification"]
NONE = "none"
_MAX_EVIDENCE = 120


@dataclass(frozen=True)
class TrapDefinition:
    name: str
    label: str
    why: str
    why_plain: str
    cues: tuple[re.Pattern[str], ...]
    #: Per cue, strings one of which its every match contains (prefilter.needed): a cue without them is skipped.
    cue_needs: tuple[prefilter.Needs | None, ...] = ()

    def first_cue(self, text: str) -> re.Match[str] | None:
        lower = prefilter.lowered(text)
        for cue, needs in zip(self.cues, self.cue_needs or (None,) * len(self.cues), strict=True):
            if needs is not None and lower is not None and not any(x in lower for x in needs):
                continue
            match = cue.search(text)
            if match and match.group(0).strip():
                return match
        return None


@cache
def definitions() -> dict[str, TrapDefinition]:
    try:
        data = yaml.safe_load((DATA / "traps.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"traps.yaml could not be read ({error}).") from error
    if not isinstance(data, dict) or sorted(data) != sorted(TRAP_NAMES):
        raise ContentError("traps.yaml must define exactly the twelve thinking traps.")
    out = {}
    for name in TRAP_NAMES:
        body = data[name]
        fields = ("label", "why", "why_plain")
        if not isinstance(body, dict) or any(not isinstance(body.get(f), str) for f in fields):
            raise ContentError(f"traps.yaml: {name} needs label, why and why_plain.")
        if "{cue}" not in body["why"] or not body.get("cues"):
            raise ContentError(f"traps.yaml: {name} needs cues and a why that quotes {{cue}}.")
        try:
            cues = tuple(re.compile(c, re.IGNORECASE) for c in body["cues"])
        except (re.error, TypeError) as error:
            raise ContentError(f"traps.yaml: a cue of {name} is not a valid pattern ({error}).") from error
        out[name] = TrapDefinition(
            name, body["label"], body["why"], body["why_plain"], cues, tuple(prefilter.needed(c) for c in cues)
        )
    return out


def cue_features(text: str, scale: float = 1.0) -> npt.NDArray[np.float32]:
    """`scale` for each trap (in TRAP_NAMES order) whose cue words appear in the text, else 0."""
    defs = definitions()
    return np.array([scale if defs[n].first_cue(text) else 0.0 for n in TRAP_NAMES], dtype=np.float32)


def bag_features(text: str, vocab: dict[str, int], scale: float) -> npt.NDArray[np.float32]:
    """`scale` for each vocabulary word present in the text, else 0."""
    out = np.zeros(len(vocab), dtype=np.float32)
    for word in set(words(text)):
        index = vocab.get(word)
        if index is not None:
            out[index] = scale
    return out


def trap_features(
    text: str, embedding: npt.NDArray[np.float32], vocab: dict[str, int], scale: float, cue_scale: float
) -> npt.NDArray[np.float32]:
    """What the head reads: embedding, cue features, word bag (the training script uses this too)."""
    cues = cue_features(text, cue_scale)
    return np.concatenate([embedding.astype(np.float32), cues, bag_features(text, vocab, scale)])


@dataclass(frozen=True)
class TrapHead:
    classes: tuple[str, ...]
    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    vocab: dict[str, int]
    bag_scale: float
    cue_scale: float
    trap_threshold: float
    distorted_threshold: float

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> TrapHead:
        try:
            with np.load(path) as data:
                classes = tuple(str(c) for c in data["classes"])
                head = cls(
                    classes,
                    data["weights"].astype(np.float32),
                    data["bias"].astype(np.float32),
                    {str(w): i for i, w in enumerate(data["vocab"])},
                    float(data["bag_scale"]),
                    float(data["cue_scale"]),
                    float(data["trap_threshold"]),
                    float(data["distorted_threshold"]),
                )
        except (OSError, KeyError, ValueError) as error:
            raise ContentError(f"The thinking-trap weights {path.name} could not be loaded ({error}).") from error
        if classes != (*TRAP_NAMES, NONE):
            raise ContentError(f"The thinking-trap weights {path.name} do not match the twelve traps.")
        return head

    def probabilities(self, text: str, embedding: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Softmax over the twelve traps and 'none' (last)."""
        x = trap_features(text, embedding, self.vocab, self.bag_scale, self.cue_scale)
        logits = x @ self.weights + self.bias
        logits = logits - logits.max()
        exp = np.exp(logits)
        probs: npt.NDArray[np.float32] = (exp / exp.sum()).astype(np.float32)
        return probs


@cache
def head() -> TrapHead:
    return TrapHead.load()


def distortion_score(text: str, embedding: npt.NDArray[np.float32]) -> float:
    """0-1: how clearly the message shows one thinking trap (the strongest trap's probability).

    The strongest trap ranked distorted thoughts better than 1 - p(none) on thinking_traps (a measuring
    set): a balanced thought spreads its little trap probability over many traps.
    """
    return float(head().probabilities(text, embedding)[:-1].max())


def _evidence(text: str, definition: TrapDefinition) -> tuple[str, str, bool]:
    """The words that show the trap, the reason, and whether cue words showed it (else: the first sentence)."""
    match = definition.first_cue(text)
    if match is not None:
        cue = " ".join(match.group(0).split())
        return cue, definition.why.format(cue=cue), True
    begin, end = sentence_bounds(text, 0, 0)
    sentence = " ".join(text[begin:end].split()) or " ".join(text.split())
    return sentence[:_MAX_EVIDENCE], definition.why_plain, False


#: The person's own decision about an act ("i'm not going to text him tonight", "i won't do anything stupid", "i'm
#: going to call her"): a choice, not a forecast. Outcomes ("i'm never going to find anyone", "i won't be happy")
#: use other verbs and stay predictions.
_OWN_DECISION = re.compile(
    r"\bi(?:'m| am)(?: not| never)? (?:going to|gonna)(?: \w+ly)?"
    r"|\bi(?:'ll| will)(?: not| never)?(?: \w+ly)?(?= )|\bi (?:won't|wont)(?: \w+ly)?(?=[ .!,;]|$)",
    re.IGNORECASE,
)
#: The act left unsaid because it was just named: "i won't." / "i won't, but it's so hard".
ACT_LEFT_UNSAID = re.compile(r"\s*(?:[.!,;]|$|(?:but|though)\b)", re.IGNORECASE)
#: Verbs of an act a person decides on. Not "go", "keep", "sleep": "i'm going to go crazy", "i'll keep losing people",
#: "i won't sleep" are forecasts. Shared with the dialogue's reflection (an own plan said back is not a belief).
DELIBERATE_VERBS = (
    r"(?:text|call|ring|message|dm|check|look|snoop|scroll|stalk|hurt|harm|cut|kill|do|reply|answer|ask|say|send|"
    r"contact|open|read|drink|take|beg|chase|wait|sit|stay|block|unblock|like|post|comment|try|talk|tell|write|leave|"
    r"walk|breathe|stop|make (?:a scene|it worse)|act)\b"
)
_DELIBERATE_ACT = re.compile(r"\s*(?:just |even |ever )?" + DELIBERATE_VERBS, re.IGNORECASE)


def _cue_matches(text: str, definition: TrapDefinition) -> list[re.Match[str]]:
    """Every match of every cue of the trap (first_cue stops at the first)."""
    return [m for cue in definition.cues for m in cue.finditer(text) if m.group(0).strip()]


def _only_own_decisions(text: str, definition: TrapDefinition) -> bool:
    """Whether the text has fortune-telling cues and each lies in the person's own decision about an act."""
    decisions = [d for d in _OWN_DECISION.finditer(text)
                 if _DELIBERATE_ACT.match(text, d.end()) or ACT_LEFT_UNSAID.match(text, d.end())]
    cues = _cue_matches(text, definition)
    return bool(cues) and all(any(d.start() <= m.start() < d.end() for d in decisions) for m in cues)


#: "he's never hit me", "she has never once cheated": a partner's harm that did not happen is a fact the person is
#: weighing (often while playing down control), not a rule made of one event.
_HARM_NOT_DONE = re.compile(
    r"\s+(?:once\s+|ever\s+|actually\s+)?(?:hit|hits|hurt|hurts|cheated|cheats|lied|lies|raised\s+a\s+hand|"
    r"laid\s+a\s+(?:finger|hand)|been\s+(?:violent|unfaithful|rough|physical)|forced|forces|threatened|strayed)\b",
    re.IGNORECASE,
)


def _only_harm_not_done(text: str, definition: TrapDefinition) -> bool:
    """Whether every overgeneralizing cue is a "never" before a harm or betrayal that did not happen."""
    cues = _cue_matches(text, definition)
    return bool(cues) and all(m.group(0).lower() == "never" and _HARM_NOT_DONE.match(text, m.end()) for m in cues)


def detect_traps(text: str, embedding: npt.NDArray[np.float32]) -> tuple[TrapFinding, ...]:
    """The traps that hold, strongest first; () when the thought looks balanced."""
    model = head()
    trap_probs = model.probabilities(text, embedding)[:-1]
    if trap_probs.max() < model.distorted_threshold:
        return ()
    chosen = [i for i, p in enumerate(trap_probs) if p >= model.trap_threshold]
    if not chosen:
        chosen = [int(np.argmax(trap_probs))]
    findings = []
    defs = definitions()
    t = model.trap_threshold
    for i in sorted(chosen, key=lambda i: -trap_probs[i]):
        if TRAP_NAMES[i] == "fortune_telling" and _only_own_decisions(text, defs["fortune_telling"]):
            continue
        if TRAP_NAMES[i] == "overgeneralization" and _only_harm_not_done(text, defs["overgeneralization"]):
            continue
        evidence, why, in_words = _evidence(text, defs[TRAP_NAMES[i]])
        score = 0.5 + 0.5 * max(float(trap_probs[i]) - t, 0.0) / max(1.0 - t, 1e-6)
        findings.append(TrapFinding(TRAP_NAMES[i], round(score, 4), evidence, why, in_words))
    return tuple(findings)
