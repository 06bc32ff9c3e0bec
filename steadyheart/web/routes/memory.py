"""Memory: the few things a person chose to let Steadyheart keep, shown plainly, editable and forgettable."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from steadyheart.dialogue.memory import forget, forget_all, list_memory, remember
from steadyheart.dialogue.remember import MAX_VALUE_CHARS, MEMORY_KEYS
from steadyheart.errors import InputError
from steadyheart.store.conversations import NotFoundError
from steadyheart.web.api.deps import CsrfChecked, CurrentUser, PageUser, PersonSession, StateDep
from steadyheart.web.api.schemas import Message
from steadyheart.web.core.templating import render

router = APIRouter()
Key = Annotated[str, Form(max_length=40)]


class MemoryValue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: str = Field(min_length=1, max_length=MAX_VALUE_CHARS)


def _page(request: Request, state: StateDep, person: PageUser, *, notice: str | None = None,
          error: str | None = None) -> Response:
    with state.person_session(person.id) as session:
        kept = list_memory(session, person.id)
    return render(request, "memory.html", {
        "person": person, "active": "memory", "kept": kept, "labels": MEMORY_KEYS, "notice": notice,
        "error": error, "max_chars": MAX_VALUE_CHARS,
    }, status_code=400 if error else 200)


@router.get("/memory", include_in_schema=False)
def page(request: Request, state: StateDep, person: PageUser, done: str | None = None) -> Response:
    notices = {"kept": "Saved.", "forgot": "Forgotten.", "all": "Everything is forgotten."}
    return _page(request, state, person, notice=notices.get(done or ""))


@router.post("/memory", include_in_schema=False, dependencies=[CsrfChecked])
def keep(request: Request, state: StateDep, person: PageUser, key: Key,
         value: Annotated[str, Form(max_length=MAX_VALUE_CHARS * 2)]) -> Response:
    try:
        with state.person_session(person.id) as session:
            remember(session, person.id, key, value)
    except InputError as exc:
        return _page(request, state, person, error=str(exc))
    return RedirectResponse("/memory?done=kept", status_code=303)


@router.post("/memory/forget", include_in_schema=False, dependencies=[CsrfChecked])
def forget_one(request: Request, state: StateDep, person: PageUser, key: Key) -> Response:
    try:
        with state.person_session(person.id) as session:
            forget(session, person.id, key)
    except InputError as exc:
        return _page(request, state, person, error=str(exc))
    return RedirectResponse("/memory?done=forgot", status_code=303)


@router.post("/memory/forget-all", include_in_schema=False, dependencies=[CsrfChecked])
def forget_everything(state: StateDep, person: PageUser) -> Response:
    with state.person_session(person.id) as session:
        forget_all(session, person.id)
    return RedirectResponse("/memory?done=all", status_code=303)


@router.get("/api/v1/memory", tags=["memory"], response_model=dict[str, str])
def api_list(person: CurrentUser, session: PersonSession) -> dict[str, str]:
    """What is kept, key -> value (only name, partner_name, together_for, triggers, what_helps)."""
    return list_memory(session, person.id)


@router.put("/api/v1/memory/{key}", tags=["memory"], response_model=Message)
def api_keep(key: str, body: MemoryValue, person: CurrentUser, session: PersonSession) -> Message:
    remember(session, person.id, key, body.value)
    return Message(detail="Kept.")


@router.delete("/api/v1/memory/{key}", tags=["memory"], response_model=Message)
def api_forget(key: str, person: CurrentUser, session: PersonSession) -> Message:
    if not forget(session, person.id, key):
        raise NotFoundError(f"Nothing is kept for {key!r}.")
    return Message(detail="Forgotten.")


@router.delete("/api/v1/memory", tags=["memory"], response_model=Message)
def api_forget_all(person: CurrentUser, session: PersonSession) -> Message:
    count = forget_all(session, person.id)
    return Message(detail=f"Forgot {count} thing{'s' if count != 1 else ''}.")
