"""Check-ins: a short form on a page, and the same through the API. Only the person's own are touched."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from steadyheart.errors import InputError
from steadyheart.journal import delete_checkin, list_checkins, record_checkin
from steadyheart.store.conversations import NotFoundError
from steadyheart.web.api.deps import CsrfChecked, CurrentUser, PageUser, PersonSession, StateDep
from steadyheart.web.api.schemas import Message
from steadyheart.web.core.templating import render

router = APIRouter()
RECENT = 10


class CheckInIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    insecurity: int | None = Field(default=None, ge=0, le=10)
    anxiety: int | None = Field(default=None, ge=0, le=10)
    feelings: list[str] = Field(default_factory=list, max_length=20)
    trigger: str | None = Field(default=None, max_length=120)
    urge: str | None = Field(default=None, max_length=120)
    urge_outcome: str | None = Field(default=None, pattern="^(urge|acted|resisted)$")
    sleep_hours: float | None = Field(default=None, ge=0, le=24)
    social_minutes: int | None = Field(default=None, ge=0, le=1440)
    note: str | None = Field(default=None, max_length=2000)


class CheckInOut(CheckInIn):
    model_config = ConfigDict(extra="ignore", from_attributes=True)

    id: int
    created_at: datetime


def _fields(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", [])}


# -- pages --------------------------------------------------------------------------------------
def _page(request: Request, state: StateDep, person: PageUser, **extra: Any) -> Response:
    with state.person_session(person.id) as session:
        recent = list_checkins(session, person.id)[-RECENT:][::-1]
    return render(request, "checkin.html", {"person": person, "active": "checkin", "recent": recent, **extra},
                  status_code=400 if extra.get("error") else 200)


@router.get("/checkin", include_in_schema=False)
def checkin_page(request: Request, state: StateDep, person: PageUser, saved: int = 0) -> Response:
    return _page(request, state, person, notice="Check-in saved. Thank you for taking a moment." if saved else None)


Optional = Annotated[str, Form(max_length=2000)]


@router.post("/checkin", include_in_schema=False, dependencies=[CsrfChecked])
def save_checkin(request: Request, state: StateDep, person: PageUser, insecurity: Optional = "",
                 anxiety: Optional = "", trigger: Optional = "", urge: Optional = "", urge_outcome: Optional = "",
                 sleep_hours: Optional = "", social_minutes: Optional = "", note: Optional = "") -> Response:
    raw = {"insecurity": insecurity, "anxiety": anxiety, "trigger": trigger.strip(), "urge": urge.strip(),
           "urge_outcome": urge_outcome, "sleep_hours": sleep_hours, "social_minutes": social_minutes,
           "note": note.strip()}
    try:
        with state.person_session(person.id) as session:
            record_checkin(session, person.id, source="web", **_fields(raw))
    except InputError as exc:
        return _page(request, state, person, error=str(exc), form=raw)
    return RedirectResponse("/checkin?saved=1", status_code=303)


# -- API ----------------------------------------------------------------------------------------
@router.post("/api/v1/checkins", tags=["check-ins"], status_code=status.HTTP_201_CREATED, response_model=CheckInOut)
def api_record(body: CheckInIn, person: CurrentUser, session: PersonSession) -> CheckInOut:
    checkin_id = record_checkin(session, person.id, source="web", **_fields(body.model_dump()))
    saved = next(c for c in list_checkins(session, person.id) if c.id == checkin_id)
    return CheckInOut.model_validate(saved)


@router.get("/api/v1/checkins", tags=["check-ins"], response_model=list[CheckInOut])
def api_list(person: CurrentUser, session: PersonSession) -> list[CheckInOut]:
    return [CheckInOut.model_validate(c) for c in list_checkins(session, person.id)]


@router.delete("/api/v1/checkins/{checkin_id}", tags=["check-ins"], response_model=Message)
def api_delete(checkin_id: int, person: CurrentUser, session: PersonSession) -> Message:
    try:
        delete_checkin(session, person.id, checkin_id)
    except InputError as exc:
        raise NotFoundError(str(exc)) from None
    return Message(detail="The check-in is deleted.")
