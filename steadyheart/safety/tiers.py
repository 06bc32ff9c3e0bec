"""Crisis tiers and categories: the vocabulary every other layer uses to talk about risk."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Tier(StrEnum):
    NONE = "none"
    AMBIGUOUS = "ambiguous"
    ELEVATED = "elevated"
    IMMINENT = "imminent"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def is_crisis(self) -> bool:
        """Elevated and imminent turns are answered by the deterministic crisis flow."""
        return self.rank >= _RANK[Tier.ELEVATED]

    @classmethod
    def highest(cls, tiers: list[Tier]) -> Tier:
        return max(tiers, key=lambda t: t.rank, default=cls.NONE)


_RANK = {Tier.NONE: 0, Tier.AMBIGUOUS: 1, Tier.ELEVATED: 2, Tier.IMMINENT: 3}


class Category(StrEnum):
    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    HARM_TO_OTHERS = "harm_to_others"
    PARTNER_ABUSE = "partner_abuse"
    MEDICAL_EMERGENCY = "medical_emergency"


@dataclass(frozen=True)
class Triage:
    """What triage decided about one message, with the words that made it decide."""

    tier: Tier = Tier.NONE
    categories: tuple[Category, ...] = ()
    evidence: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        return {
            "tier": self.tier.value,
            "categories": [c.value for c in self.categories],
            "evidence": list(self.evidence),
        }
