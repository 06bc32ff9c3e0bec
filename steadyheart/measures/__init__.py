"""Validated questionnaires and what they show over time.

Owns: instruments as data (catalog), scoring, bands and flags, answers saved as they come (records),
reliable change / caseness / recovery (change), operator outcome figures (outcomes), FHIR R4 export
(fhir), the gentle schedule (schedule) and questionnaires in chat (chat). May import store, config,
errors and safety (for crisis resources); never web or cli.
"""

from __future__ import annotations

from steadyheart.measures.catalog import Catalog, Instrument
from steadyheart.measures.chat import QuestionnaireRunner, RunnerTurn, questionnaire_request
from steadyheart.measures.schedule import due_questionnaires
from steadyheart.measures.scoring import Score, score

__all__ = [
    "Catalog",
    "Instrument",
    "QuestionnaireRunner",
    "RunnerTurn",
    "Score",
    "due_questionnaires",
    "questionnaire_request",
    "score",
]
