"""Settings: name, country, LLM choice (when the operator allows it), password, and deleting the account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from steadyheart.errors import InputError
from steadyheart.store.models.conversations import User
from steadyheart.web.api.deps import CsrfChecked, PageUser, Person, StateDep
from steadyheart.web.core.accounts import MIN_PASSWORD
from steadyheart.web.core.help import countries
from steadyheart.web.core.templating import render, sign_in_cookie, sign_out_cookie

router = APIRouter(include_in_schema=False)

Password = Annotated[str, Form(max_length=400)]


def settings_page(request: Request, person: Person, *, notice: str | None = None, error: str | None = None,
                  status_code: int = 200) -> Response:
    return render(request, "settings.html", {
        "person": person, "active": "settings", "countries": countries(), "notice": notice, "error": error,
        "min_password": MIN_PASSWORD, "responder": person.settings.get("responder", "llm"),
    }, status_code=status_code)


@router.get("/settings")
def show(request: Request, person: PageUser, saved: str | None = None) -> Response:
    notice = {"profile": "Saved.", "password": "Your password is changed; other browsers were signed out."}
    return settings_page(request, person, notice=notice.get(saved or ""))


@router.post("/settings", dependencies=[CsrfChecked])
def save(request: Request, state: StateDep, person: PageUser,
         display_name: Annotated[str, Form(max_length=80)] = "",
         country: Annotated[str, Form(max_length=2)] = "",
         responder: Annotated[str, Form(max_length=16)] = "") -> Response:
    code = country.strip().upper()
    if code and code not in {c for c, _ in countries()}:
        return settings_page(request, person, error="Please pick a country from the list.", status_code=400)
    with state.database.session() as session:
        user = session.scalars(select(User).where(User.id == person.id)).one()
        user.display_name = display_name.strip() or None
        user.country = code or None
        if responder in {"embedded", "llm"} and state.offers_choice:
            user.settings = {**(user.settings or {}), "responder": responder}
    return RedirectResponse("/settings?saved=profile", status_code=303)


@router.post("/settings/password", dependencies=[CsrfChecked])
def change_password(request: Request, state: StateDep, person: PageUser, current_password: Password,
                    new_password: Password) -> Response:
    try:
        with state.database.session() as session:
            state.accounts.change_password(session, person.id, current_password, new_password)
            token = state.accounts.open_session(session, person.id)
    except InputError as exc:
        return settings_page(request, person, error=str(exc), status_code=400)
    response = RedirectResponse("/settings?saved=password", status_code=303)
    sign_in_cookie(request, response, token)
    return response


@router.post("/settings/delete", dependencies=[CsrfChecked])
def delete_account(request: Request, state: StateDep, person: PageUser, password: Password,
                   confirm: Annotated[str, Form(max_length=20)] = "") -> Response:
    if confirm != "DELETE":
        return settings_page(request, person, error="Type DELETE in capitals to confirm; nothing was deleted.",
                             status_code=400)
    with state.database.session() as session:
        if not state.accounts.verify_password(session, person.id, password):
            return settings_page(request, person, error="The password was not right, so nothing was deleted.",
                                 status_code=400)
        state.accounts.delete_account(session, person.id)
    response = render(request, "deleted.html")
    sign_out_cookie(response)
    return response
