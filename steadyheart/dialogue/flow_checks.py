"""Values a flow node derives from an answer: a waiting time, accusing words and a gentler start, the
balanced summary of "is it me or the relationship". Names match content.flows.DERIVES.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from steadyheart.content.flows import Flow
from steadyheart.dialogue.answers import is_yes

_DURATION = re.compile(r"\b(\d{1,3}|an?|one|two|five|ten|fifteen|twenty|thirty|half an?)\s*(min(?:ute)?s?|hours?|hrs?)\b", re.I)
#: Accusing or absolute openings. They are named back to the person, never rewritten into their sentence:
#: a word-for-word swap read "I'd really like it if you tell me anything and you're always hiding your phone".
ACCUSING: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.I) for p in (
    r"\byou always\b",
    r"\byou never\b",
    r"\byou(?:'re| are) (?:always|never|constantly)\b",
    r"\bwhy (?:didn'?t|don'?t|won'?t|can'?t) you\b",
    r"\byou don'?t (?:even )?care\b",
    r"\byou(?:'re| are) (?:so |such an? )?(?:selfish|cold|heartless|useless|a liar)\b",
    r"\byou made me\b",
    r"\beveryone (?:knows|says)\b",
))
#: A message meant to test or pressure a partner, which the flow never helps to write.
PRESSURE = re.compile(
    r"\b(?:test (?:him|her|them)|make (?:him|her|them) jealous|see if (?:he|she|they)(?:'ll| will)? (?:notice|care|react|get jealous)|"
    r"if you (?:really )?loved me(?: you would)?|guilt (?:him|her|them)|pretend (?:to|i'?m)|ignore (?:him|her|them) so)\b", re.I)


def derive_duration(answer: str, answers: dict[str, Any], flow: Flow) -> dict[str, str]:
    match = _DURATION.search(answer)
    return {"duration": " ".join(match.group(0).split())} if match else {}


def derive_accusing(answer: str, answers: dict[str, Any], flow: Flow) -> dict[str, str]:
    found: dict[str, str] = {}
    if PRESSURE.search(answer):
        found["pressure"] = "yes"
    words = [m.group(0) for pattern in ACCUSING for m in [pattern.search(answer)] if m]
    if words:
        found["accusing"] = ", ".join(f"“{w.lower()}”" for w in words)
    return found


def derive_balance(answer: str, answers: dict[str, Any], flow: Flow) -> dict[str, str]:
    inward = sum(is_yes(str(v)) for k, v in answers.items() if k.startswith("inward_") and not k.endswith("_rating"))
    outward = sum(is_yes(str(v)) for k, v in answers.items() if k.startswith("outward_") and not k.endswith("_rating"))
    if inward and outward:
        key = "balance_both"
    elif inward >= 2:
        key = "balance_inward"
    elif outward >= 2:
        key = "balance_relationship"
    elif inward or outward:
        key = "balance_inward" if inward else "balance_relationship"
    else:
        key = "balance_unclear"
    return {"balance": flow.texts.get(key, ""), "inward_signs": str(inward), "relationship_signs": str(outward)}


DERIVERS: dict[str, Callable[[str, dict[str, Any], Flow], dict[str, str]]] = {
    "duration": derive_duration,
    "accusing": derive_accusing,
    "balance": derive_balance,
}
