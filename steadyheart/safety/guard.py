"""The reply guard: the last step of every turn, for every responder. It cannot be switched off.

`guard(reply, user_text, tier)` returns the reply unchanged, or a safe replacement and the category that
blocked it. Blocks are logged by category only (logger "steadyheart.safety.guard"); message text never is.
Rules live in data/guard_rules.yaml. Imports steadyheart.safety.* and steadyheart.errors only.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from steadyheart.errors import ContentError
from steadyheart.safety.disclosure import disclosure_text
from steadyheart.safety.normalize import normalise
from steadyheart.safety.tiers import Category, Tier

logger = logging.getLogger("steadyheart.safety.guard")
RULES_PATH = Path(__file__).parent / "data" / "guard_rules.yaml"
WHEN = ("always", "risk", "goodbye", "identity", "abuse")


@dataclass(frozen=True)
class Guarded:
    text: str
    blocked: str | None = None


@dataclass(frozen=True)
class _Rule:
    category: str
    when: str
    regex: re.Pattern[str]
    must: re.Pattern[str] | None


@dataclass(frozen=True)
class _Rules:
    rules: tuple[_Rule, ...]
    identity_question: re.Pattern[str]
    goodbye: re.Pattern[str]
    replacements: dict[str, str]


@lru_cache(maxsize=2)
def load_rules(path: Path = RULES_PATH) -> _Rules:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = tuple(
            _Rule(
                category=str(r["category"]),
                when=str(r["when"]),
                regex=re.compile(str(r["re"])),
                must=re.compile(str(r["must"])) if r.get("must") else None,
            )
            for r in data["rules"]
        )
        loaded = _Rules(
            rules=rules,
            identity_question=re.compile(str(data["identity_question"])),
            goodbye=re.compile(str(data["goodbye"])),
            replacements={str(k): " ".join(str(v).split()) for k, v in data["replacements"].items()},
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        raise ContentError(f"The reply guard rules file {path.name} is invalid: {exc}") from exc
    for rule in loaded.rules:
        if rule.when not in WHEN:
            raise ContentError(f"Guard rule {rule.category!r} has an unknown 'when': {rule.when!r}.")
        if rule.category not in loaded.replacements:
            raise ContentError(f"Guard category {rule.category!r} has no replacement reply.")
    return loaded


def is_identity_question(text: str) -> bool:
    """True when the person asks whether they are talking to a real person."""
    return bool(load_rules().identity_question.search(normalise(text)))


def is_goodbye(text: str) -> bool:
    return bool(load_rules().goodbye.search(normalise(text)))


def guard(reply: str, user_text: str, tier: Tier) -> Guarded:
    """Check one reply against every rule; replace it when one blocks."""
    category = blocked_category(reply, user_text, tier)
    if category is None:
        return Guarded(text=reply)
    logger.warning("reply blocked by the safety guard: category=%s tier=%s", category, tier.value)
    replacement = load_rules().replacements[category]
    if replacement == "DISCLOSURE":
        replacement = disclosure_text()
    return Guarded(text=replacement, blocked=category)


def blocked_category(reply: str, user_text: str, tier: Tier) -> str | None:
    from steadyheart.safety.triage import triage_context

    rules = load_rules()
    norm_reply = normalise(reply)
    norm_user = normalise(user_text)
    context = triage_context(user_text)
    risky = tier.rank >= Tier.AMBIGUOUS.rank or context.asks_means or context.tier.rank >= Tier.AMBIGUOUS.rank
    abuse = Category.PARTNER_ABUSE in context.categories
    asks_identity = bool(rules.identity_question.search(norm_user))
    goodbye = bool(rules.goodbye.search(norm_user))
    for rule in rules.rules:
        if rule.when == "risk" and not risky:
            continue
        if rule.when == "goodbye" and not goodbye:
            continue
        if rule.when == "abuse" and not abuse:
            continue
        if rule.when == "identity":
            if asks_identity and (rule.regex.search(norm_reply) or not (rule.must and rule.must.search(norm_reply))):
                return rule.category
            continue
        if rule.regex.search(norm_reply):
            return rule.category
    return None
