"""The check-in repository: record, list, edit and delete a person's check-ins.

Fields are validated at this edge (pydantic); a bad value raises InputError with one sentence naming the
field, and nothing is saved. Imports the store and errors only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from steadyheart.errors import InputError
from steadyheart.store.base import utcnow
from steadyheart.store.models.journal import CheckIn

MAX_NOTE_CHARS = 2000
UrgeOutcome = Literal["urge", "acted", "resisted"]
PartnerContact = Literal["none", "messages", "call", "in_person"]
Rating = Field(default=None, ge=0, le=10)
Label = Field(default=None, min_length=1, max_length=120)


class CheckInFields(BaseModel):
    """Everything a check-in may hold; all optional, unknown names refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    created_at: datetime | None = None
    source: Literal["cli", "chat", "web", "import"] = "cli"
    insecurity: int | None = Rating
    anxiety: int | None = Rating
    feelings: list[str] = Field(default_factory=list, max_length=20)
    body_signals: list[str] = Field(default_factory=list, max_length=20)
    traps_noticed: list[str] = Field(default_factory=list, max_length=20)
    trigger: str | None = Label
    urge: str | None = Label
    urge_outcome: UrgeOutcome | None = None
    sleep_hours: float | None = Field(default=None, ge=0, le=24)
    social_minutes: int | None = Field(default=None, ge=0, le=1440)
    partner_contact: PartnerContact | None = None
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
    share_note: bool = False
    exercise: str | None = Label
    intensity_before: int | None = Rating
    intensity_after: int | None = Rating

    @field_validator("feelings", "body_signals", "traps_noticed")
    @classmethod
    def _clean_labels(cls, values: list[str]) -> list[str]:
        cleaned = [v.strip().lower() for v in values if v and v.strip()]
        if any(len(v) > 120 for v in cleaned):
            raise ValueError("each item must be at most 120 characters")
        return cleaned

    @field_validator("trigger", "urge", "exercise")
    @classmethod
    def _lower(cls, value: str | None) -> str | None:
        return value.lower() if value else value


def validate_fields(fields: dict[str, Any]) -> CheckInFields:
    """The fields as a CheckInFields, or InputError naming the first bad one."""
    try:
        return CheckInFields(**fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "check-in"
        if error["type"] == "extra_forbidden":
            raise InputError(f"A check-in has no field called '{where}'.") from None
        raise InputError(f"The check-in field '{where}' is not valid: {error['msg'].lower()}.") from None


def record_checkin(session: Session, user_id: int, **fields: Any) -> int:
    """Save one check-in for this person and return its id."""
    data = validate_fields(fields).model_dump()
    data["created_at"] = data["created_at"] or utcnow()
    answers = [v for k, v in data.items() if k not in ("created_at", "source", "share_note")]
    if all(v is None or v == [] for v in answers):  # 0 is an answer; only absence is not
        raise InputError("A check-in needs at least one answer (for example --insecurity 6).")
    checkin = CheckIn(user_id=user_id, **data)
    session.add(checkin)
    session.flush()
    return checkin.id


def list_checkins(session: Session, user_id: int, since: datetime | None = None,
                  until: datetime | None = None) -> list[CheckIn]:
    """This person's check-ins, oldest first, optionally within [since, until)."""
    query = select(CheckIn).where(CheckIn.user_id == user_id)
    if since is not None:
        query = query.where(CheckIn.created_at >= since)
    if until is not None:
        query = query.where(CheckIn.created_at < until)
    return list(session.scalars(query.order_by(CheckIn.created_at, CheckIn.id)))


def _owned(session: Session, user_id: int, checkin_id: int) -> CheckIn:
    checkin = session.get(CheckIn, checkin_id)
    if checkin is None or checkin.user_id != user_id:
        raise InputError(f"There is no check-in {checkin_id} for this person.")
    return checkin


def update_checkin(session: Session, user_id: int, checkin_id: int, **changes: Any) -> None:
    """Change some fields of one of this person's check-ins (validated like a new one)."""
    checkin = _owned(session, user_id, checkin_id)
    valid = validate_fields(changes)
    for name in changes:
        setattr(checkin, name, getattr(valid, name))


def delete_checkin(session: Session, user_id: int, checkin_id: int) -> None:
    session.delete(_owned(session, user_id, checkin_id))
