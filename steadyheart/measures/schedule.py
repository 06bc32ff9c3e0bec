"""The gentle schedule: which questionnaires are due (a baseline, then every two weeks by default).

The schedule is data (schedule.yaml), overridable per person in users.settings["measure_schedule"].
`due_questionnaires` only answers a question; it sends nothing and nags no one. An unfinished sitting
counts as due, so it can be offered for resuming. Imports catalog, records and the store models.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session

from steadyheart.errors import ContentError, InputError
from steadyheart.measures import records
from steadyheart.measures.catalog import Catalog
from steadyheart.store.models.conversations import User

SCHEDULE_FILE = Path(__file__).parent / "schedule.yaml"
SETTING = "measure_schedule"


class Schedule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    instruments: tuple[str, ...] = ("gad7", "phq9")
    #: never more often than the 2-week recall window of the PHQ and GAD questionnaires
    every_days: int = Field(default=14, ge=14, le=365)


@lru_cache(maxsize=1)
def default_schedule() -> Schedule:
    try:
        return Schedule.model_validate(yaml.safe_load(SCHEDULE_FILE.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ContentError(f"The questionnaire schedule file {SCHEDULE_FILE} is invalid ({type(exc).__name__}).") \
            from exc


def schedule_for(settings: dict[str, Any] | None) -> Schedule:
    """The default schedule with a person's own changes on top."""
    override = (settings or {}).get(SETTING) or {}
    try:
        return Schedule.model_validate({**default_schedule().model_dump(), **override})
    except ValidationError as exc:
        raise InputError(f"The questionnaire schedule setting is not valid: {exc.errors()[0]['msg']}.") from exc


def due_questionnaires(session: Session, user_id: int, now: datetime, *, catalog: Catalog | None = None) -> list[str]:
    """Instrument ids to offer now: never taken, unfinished, or last finished `every_days` ago or more."""
    user = session.get(User, user_id)
    if user is None:
        return []
    schedule = schedule_for(user.settings)
    if not schedule.enabled:
        return []
    known = catalog or Catalog.load()
    due: list[str] = []
    for instrument_id in schedule.instruments:
        if instrument_id not in known:
            continue
        if records.in_progress(session, user_id, instrument_id) is not None:
            due.append(instrument_id)
            continue
        taken = records.history(session, user_id, instrument_id)
        if not taken or now - taken[-1].taken_at >= timedelta(days=schedule.every_days):
            due.append(instrument_id)
    return due
