"""Validated questionnaires and what they show over time.

Owns: instruments as data (catalog), scoring, bands and flags, answers saved as they come (records),
reliable change / caseness / recovery (change), operator outcome figures (outcomes), FHIR R4 export
(fhir), the gentle schedule (schedule) and questionnaires in chat (chat). May import store, config,
errors and safety (for crisis resources); never web or cli.

The public names load lazily, so `steadyheart measure --answers` does not pay for the database layer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from steadyheart.measures.catalog import Catalog, Instrument
    from steadyheart.measures.chat import QuestionnaireRunner, RunnerTurn, questionnaire_request
    from steadyheart.measures.schedule import due_questionnaires
    from steadyheart.measures.scoring import Score, score
    from steadyheart.measures.startup import check_measures_content

_WHERE = {
    "Catalog": "catalog",
    "Instrument": "catalog",
    "QuestionnaireRunner": "chat",
    "RunnerTurn": "chat",
    "questionnaire_request": "chat",
    "due_questionnaires": "schedule",
    "check_measures_content": "startup",
    "Score": "scoring",
    "score": "scoring",
}

__all__ = [
    "Catalog",
    "Instrument",
    "QuestionnaireRunner",
    "RunnerTurn",
    "Score",
    "check_measures_content",
    "due_questionnaires",
    "questionnaire_request",
    "score",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
