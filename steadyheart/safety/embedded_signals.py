"""What the message's embedding says, when the patterns found nothing: a close project example, or the
small risk model. Each verdict names its reason. Imports steadyheart.safety.similarity, .model, .tiers.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from steadyheart.safety.model import CHECK_THRESHOLD, CRISIS_THRESHOLD, risk_model
from steadyheart.safety.similarity import (
    INDIRECT_CATEGORIES,
    OTHER_CATEGORY_CHECK,
    nearest_examples,
    nearest_risk_example,
)
from steadyheart.safety.tiers import Category, Tier

#: The model's verdict also needs a risk example at least this close: a short neutral message
#: ("goodnight") can score high on a linear model while resembling no risk message at all.
MIN_SUPPORT = 0.50


def embedding_verdict(embedding: npt.NDArray[np.float32]) -> tuple[Tier, Category | None, str] | None:
    """(tier, category, evidence) from similarity and the risk model, the higher of the two; or None."""
    verdicts: list[tuple[Tier, Category | None, str]] = []
    near = nearest_examples(embedding)
    if near is not None:
        verdicts.append((near.tier, near.category, f"close to example {near.example!r} ({near.score:.2f})"))
    model = risk_model()
    closest = nearest_risk_example(embedding)
    if model is not None and closest is not None:
        p_crisis, p_any = model.probabilities(embedding)
        indirect = closest.category in INDIRECT_CATEGORIES
        why = f"risk model p={max(p_crisis, p_any):.2f}, nearest example {closest.example!r} ({closest.score:.2f})"
        if p_crisis >= CRISIS_THRESHOLD and indirect and closest.score >= MIN_SUPPORT + 0.05:
            verdicts.append((Tier.ELEVATED, closest.category, why))
        elif p_any >= CHECK_THRESHOLD and closest.score >= MIN_SUPPORT and (
            indirect or closest.score >= OTHER_CATEGORY_CHECK
        ):
            verdicts.append((Tier.AMBIGUOUS, closest.category, why))
    if not verdicts:
        return None
    return max(verdicts, key=lambda v: v[0].rank)
