"""PHQ-9 item 9 as a safety signal: any answer above 0 starts the safety flow.

A 0 is not evidence of safety (most people who died by suicide in a VA study had answered 0), so it
returns Tier.NONE and free-text triage keeps running.
"""

from __future__ import annotations

from steadyheart.errors import InputError
from steadyheart.safety.tiers import Category, Tier, Triage

_ANSWERS = {1: "several days", 2: "more than half the days", 3: "nearly every day"}


def triage_from_phq9_item9(value: int) -> Triage:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
        raise InputError("PHQ-9 item 9 takes an answer from 0 to 3.")
    if value == 0:
        return Triage(evidence=("phq9 item 9 = 0 (not evidence of safety; free text is still read)",))
    return Triage(
        tier=Tier.ELEVATED,
        categories=(Category.SUICIDE, Category.SELF_HARM),
        evidence=(f"phq9 item 9 = {value} ({_ANSWERS[value]}): thoughts of death or self-harm",),
    )
