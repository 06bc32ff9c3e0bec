"""A safety flag in a questionnaire (PHQ-9 item 9 above 0) handed to the safety layer.

The safety layer owns the crisis resources, the triage vocabulary and the event log; this module turns
the flag into a Triage, the resources text for the person's country, and one counted safety event
(labels only, never answers). Imports steadyheart.safety and the store (read the user's country).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from steadyheart.measures.catalog import Instrument
from steadyheart.safety import Category, Tier, Triage, format_resources, triage_from_phq9_item9
from steadyheart.safety.plans import record_safety_event
from steadyheart.store.models.conversations import User


@dataclass(frozen=True)
class SafetySignal:
    triage: Triage
    #: crisis lines for the person's country, emergency number first
    resources: str


def crisis_resources(country: str | None) -> str:
    return format_resources(country, focus="crisis")


def safety_triage(instrument: Instrument, answers: Mapping[str, int]) -> Triage:
    """PHQ-9 item 9 goes through the safety layer's own rule; an operator's safety flag is elevated."""
    if instrument.id == "phq9" and "9" in answers:
        return triage_from_phq9_item9(answers["9"])
    evidence = tuple(
        f"{instrument.id} item {f.item} = {answers[f.item]}" for f in instrument.flags
        if f.safety and f.item is not None and f.at_least is not None and answers.get(f.item, -1) >= f.at_least
    )
    if not evidence:
        return Triage()
    return Triage(tier=Tier.ELEVATED, categories=(Category.SUICIDE, Category.SELF_HARM), evidence=evidence)


def raise_safety_signal(session: Session, user_id: int, instrument: Instrument,
                        answers: Mapping[str, int]) -> SafetySignal:
    """Count the event and return what to show at once: the person's crisis resources."""
    triage = safety_triage(instrument, answers)
    record_safety_event(session, user_id, "phq9", tier=triage.tier.value,
                        category=triage.categories[0].value if triage.categories else None)
    user = session.get(User, user_id)
    return SafetySignal(triage, crisis_resources(user.country if user else None))
