"""Safety: crisis triage, the deterministic crisis flow, crisis resources, the safety plan and the reply guard.

The pipeline calls `triage` first on every message and `guard` last on every reply; neither can be
switched off. Safety imports nothing from web or cli.
"""

from __future__ import annotations

from steadyheart.safety.disclosure import DISCLOSURE_INTERVAL, disclosure_due, disclosure_text
from steadyheart.safety.flow import SafetyTurn, handle_safety
from steadyheart.safety.guard import Guarded, guard, is_goodbye, is_identity_question
from steadyheart.safety.phq9 import triage_from_phq9_item9
from steadyheart.safety.resources import CountryResources, crisis_resources, format_resources, known_countries
from steadyheart.safety.tiers import Category, Tier, Triage
from steadyheart.safety.triage import triage

__all__ = [
    "DISCLOSURE_INTERVAL",
    "Category",
    "CountryResources",
    "Guarded",
    "SafetyTurn",
    "Tier",
    "Triage",
    "crisis_resources",
    "disclosure_due",
    "disclosure_text",
    "format_resources",
    "guard",
    "handle_safety",
    "is_goodbye",
    "is_identity_question",
    "known_countries",
    "triage",
    "triage_from_phq9_item9",
]
