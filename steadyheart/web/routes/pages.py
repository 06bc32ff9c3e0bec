"""The start page, "Get help now" (no sign-in needed), the history list and a health check."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import text

from steadyheart.web.api.deps import MaybeUser, PageUser, SessionDep, StateDep
from steadyheart.web.core.help import countries, resources_for
from steadyheart.web.core.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, person: MaybeUser) -> Response:
    if person is not None:
        return RedirectResponse("/chat", status_code=303)
    return render(request, "home.html")


@router.get("/help")
def get_help(request: Request, person: MaybeUser, country: str | None = None) -> Response:
    """One click from every page: the crisis lines for the person's country (or the one chosen)."""
    chosen = (country or (person.country if person else None) or "").upper()[:2] or None
    return render(request, "help.html", {"person": person, "active": "help", "resources": resources_for(chosen),
                                         "countries": countries(), "country": chosen})


@router.get("/conversations")
def history(request: Request, state: StateDep, person: PageUser) -> Response:
    return render(request, "conversations.html", {"person": person, "active": "conversations",
                                                  "conversations": state.companion.conversations(person.id)})


@router.get("/healthz")
def health(session: SessionDep) -> Response:
    """For load balancers: 200 when this worker can reach the database."""
    session.execute(text("select 1"))
    return JSONResponse({"status": "ok"})
