"""The crisis flow's words (data/crisis_replies.yaml), validated and filled in for a country.

Every placeholder is checked at load time, so a typo in the file fails loudly instead of reaching a
person in crisis. Imports yaml, pydantic, steadyheart.errors and steadyheart.safety.resources.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from steadyheart.errors import ContentError
from steadyheart.safety.resources import CountryResources

REPLIES_PATH = Path(__file__).parent / "data" / "crisis_replies.yaml"
PLACEHOLDERS = frozenset({"emergency", "crisis_line", "abuse_line"})
QUESTIONS = ("are_you_safe", "thoughts", "self_harm", "plan", "harm_others", "abuse_fear", "ambiguous")
OPENERS = (
    "imminent_suicide", "imminent_self_harm", "imminent_abuse", "imminent_medical", "imminent_harm_others",
    "elevated_suicide", "elevated_self_harm", "elevated_abuse", "elevated_harm_others", "elevated_medical",
)
LINES = ("elevated_suicide", "elevated_self_harm", "elevated_abuse", "elevated_harm_others", "elevated_medical")
FOLLOWUPS = (
    "safe_after_imminent", "safe_after_elevated", "safe_after_ambiguous", "safe_after_abuse",
    "safe_after_abuse_check", "abuse_check_open", "confront", "safe_after_harm", "thoughts_yes", "plan_no", "unclear_reask", "no_answer", "release",
    "abuse_doubt", "abuse_unclear_release", "abuse_minimised", "abuse_next_steps", "confront_hinted",
    "abuse_doubt_open",
)


class CrisisReplies(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    plan_offer: str = Field(min_length=10)
    abuse_plan_offer: str = Field(min_length=10)
    device_note: str = Field(min_length=10)
    resources_stay: str = Field(min_length=10)
    questions: dict[str, str]
    openers: dict[str, list[str]]
    lines: dict[str, str]
    followups: dict[str, str]


@lru_cache(maxsize=2)
def load_replies(path: Path = REPLIES_PATH) -> CrisisReplies:
    try:
        replies = CrisisReplies.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ContentError(f"The crisis replies file {path.name} is invalid: {exc}") from exc
    for section, names in (
        ("questions", QUESTIONS), ("openers", OPENERS), ("lines", LINES), ("followups", FOLLOWUPS)
    ):
        have = getattr(replies, section)
        missing = [n for n in names if n not in have]
        if missing:
            raise ContentError(f"The crisis replies file {path.name} lacks {section}: {', '.join(missing)}.")
    texts = [replies.plan_offer, replies.abuse_plan_offer, replies.device_note, replies.resources_stay, *replies.questions.values(),
             *replies.lines.values(), *replies.followups.values()]
    texts += [variant for variants in replies.openers.values() for variant in variants]
    for variants in replies.openers.values():
        if not variants:
            raise ContentError(f"Every opener in {path.name} needs at least one variant.")
    for text in texts:
        unknown = {f for _, f, _, _ in string.Formatter().parse(text) if f} - PLACEHOLDERS
        if unknown:
            raise ContentError(f"The crisis replies file {path.name} uses unknown placeholders {sorted(unknown)}.")
    return replies


def fill(text: str, resources: CountryResources) -> str:
    """Put the person's own numbers into a sentence."""
    crisis = resources.crisis[0]
    abuse = resources.abuse[0]
    return text.format(
        emergency=resources.emergency,
        crisis_line=_line_phrase(crisis.name, crisis.contact, crisis.confirmed),
        abuse_line=_line_phrase(abuse.name, abuse.contact, abuse.confirmed),
    )


def _line_phrase(name: str, contact: str, confirmed: bool) -> str:
    check = ", please check locally" if not confirmed else ""
    return f"{name} ({contact}{check})"
