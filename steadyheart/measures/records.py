"""Saving and reading questionnaire administrations. Every read is scoped to one user id.

An answer is saved the moment it is given (so an interrupted questionnaire resumes where it stopped);
a bad answer raises before anything is written. Imports store models, catalog and scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from steadyheart.errors import InputError
from steadyheart.measures.catalog import Instrument
from steadyheart.measures.scoring import Score, check_answers, check_value, is_complete, score
from steadyheart.store.base import utcnow
from steadyheart.store.models.measures import COMPLETED, IN_PROGRESS, MeasureAdministration, MeasureAnswer


@dataclass(frozen=True)
class ScorePoint:
    """One completed administration, as history and outcome figures use it."""

    administration_id: int
    instrument: str
    taken_at: datetime
    total: float
    band: str | None
    flags: tuple[str, ...]


def in_progress(session: Session, user_id: int, instrument_id: str) -> MeasureAdministration | None:
    return session.scalars(
        select(MeasureAdministration)
        .where(MeasureAdministration.user_id == user_id, MeasureAdministration.instrument == instrument_id,
               MeasureAdministration.status == IN_PROGRESS)
        .order_by(MeasureAdministration.updated_at.desc(), MeasureAdministration.id.desc())
    ).first()


def start(session: Session, user_id: int, instrument: Instrument, *, source: str = "cli",
          now: datetime | None = None) -> MeasureAdministration:
    moment = now or utcnow()
    administration = MeasureAdministration(
        user_id=user_id, instrument=instrument.id, instrument_version=instrument.version, status=IN_PROGRESS,
        source=source, started_at=moment, updated_at=moment, flags=[],
    )
    session.add(administration)
    session.flush()
    return administration


def start_or_resume(session: Session, user_id: int, instrument: Instrument, *, source: str = "cli",
                    restart: bool = False, now: datetime | None = None) -> MeasureAdministration:
    """The unfinished sitting of this questionnaire if there is one (unless restart), else a new one."""
    existing = in_progress(session, user_id, instrument.id)
    if existing is not None and restart:
        session.delete(existing)
        session.flush()
        existing = None
    return existing or start(session, user_id, instrument, source=source, now=now)


def answers_of(administration: MeasureAdministration) -> dict[str, int]:
    return {a.item_id: a.value for a in administration.answers}


def record_answer(session: Session, administration: MeasureAdministration, instrument: Instrument,
                  item_id: str, value: int, *, now: datetime | None = None) -> None:
    """Save one answer (checked first); answering the same question again replaces the old answer."""
    if administration.status != IN_PROGRESS:
        raise InputError("That questionnaire is already finished; start a new one to answer again.")
    try:
        item = instrument.item(item_id)
    except KeyError:
        raise InputError(f"{instrument.name} has no question {item_id}.") from None
    check_value(instrument, item, value)
    moment = now or utcnow()
    position = [i.id for i in instrument.items].index(item_id)
    for answer in administration.answers:
        if answer.item_id == item_id:
            answer.value, answer.answered_at = value, moment
            break
    else:
        administration.answers.append(
            MeasureAnswer(item_id=item_id, position=position, value=value, answered_at=moment)
        )
    administration.updated_at = moment
    session.flush()


def complete(session: Session, administration: MeasureAdministration, instrument: Instrument, *,
             now: datetime | None = None) -> Score:
    answers = answers_of(administration)
    if not is_complete(instrument, answers):
        missing = [i.id for i in instrument.items if i.required and i.id not in answers]
        raise InputError(f"{instrument.name} question {missing[0]} still needs an answer.")
    result = score(instrument, answers)
    moment = now or utcnow()
    administration.status = COMPLETED
    administration.completed_at = moment
    administration.updated_at = moment
    administration.total = result.total
    administration.band = result.band
    administration.flags = list(result.flags)
    session.flush()
    return result


def save_completed(session: Session, user_id: int, instrument: Instrument, answers: Mapping[str, int], *,
                   source: str = "cli", taken_at: datetime | None = None) -> tuple[MeasureAdministration, Score]:
    """A whole questionnaire at once (a paper form, a script): all answers are checked before any is saved."""
    checked = check_answers(instrument, answers)
    moment = taken_at or utcnow()
    administration = start(session, user_id, instrument, source=source, now=moment)
    for item_id, value in checked.items():
        record_answer(session, administration, instrument, item_id, value, now=moment)
    return administration, complete(session, administration, instrument, now=moment)


def get_administration(session: Session, user_id: int, administration_id: int) -> MeasureAdministration:
    administration = session.get(MeasureAdministration, administration_id)
    if administration is None or administration.user_id != user_id:
        raise InputError(f"There is no questionnaire {administration_id} for this person.")
    return administration


def history(session: Session, user_id: int, instrument_id: str) -> list[ScorePoint]:
    """Completed administrations of one instrument, oldest first."""
    rows = session.scalars(
        select(MeasureAdministration)
        .where(MeasureAdministration.user_id == user_id, MeasureAdministration.instrument == instrument_id,
               MeasureAdministration.status == COMPLETED)
        .order_by(MeasureAdministration.completed_at, MeasureAdministration.id)
    ).all()
    return [to_point(row) for row in rows]


def to_point(row: MeasureAdministration) -> ScorePoint:
    assert row.completed_at is not None and row.total is not None
    return ScorePoint(row.id, row.instrument, row.completed_at, row.total, row.band, tuple(row.flags or ()))
