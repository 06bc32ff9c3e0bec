"""Pages to sign up, sign in and sign out. Answers never reveal whether an email has an account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from steadyheart.errors import InputError
from steadyheart.web.api.deps import SESSION_COOKIE, CsrfChecked, MaybeUser, StateDep
from steadyheart.web.core import limits
from steadyheart.web.core.accounts import MIN_PASSWORD, SIGN_IN_FAILED
from steadyheart.web.core.templating import render, sign_in_cookie, sign_out_cookie

router = APIRouter(include_in_schema=False)

SIGNED_UP = ("Your account is ready: sign in below. If this email already had an account, "
             "sign in with the password you chose then.")


def safe_next(target: str | None) -> str:
    """Only same-site paths, so the sign-in page cannot be used to send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/chat"


@router.get("/signup")
def signup_page(request: Request, person: MaybeUser) -> Response:
    if person is not None:
        return RedirectResponse("/chat", status_code=303)
    return render(request, "signup.html", {"min_password": MIN_PASSWORD, "active": "signup"})


@router.post("/signup", dependencies=[CsrfChecked])
def signup(request: Request, state: StateDep, email: Annotated[str, Form(max_length=400)],
           password: Annotated[str, Form(max_length=400)]) -> Response:
    limits.sign_up(state, request)
    try:
        with state.database.session() as session:
            state.accounts.sign_up(session, email, password)
    except InputError as exc:
        return render(request, "signup.html", {"error": str(exc), "email": email, "min_password": MIN_PASSWORD,
                                               "active": "signup"}, status_code=400)
    # The same answer whether the email was free or not (no account enumeration).
    return render(request, "login.html", {"notice": SIGNED_UP, "email": email, "next": "/chat", "active": "login"})


@router.get("/login")
def login_page(request: Request, person: MaybeUser, next: str | None = None) -> Response:
    if person is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"next": safe_next(next), "active": "login"})


@router.post("/login", dependencies=[CsrfChecked])
def login(request: Request, state: StateDep, email: Annotated[str, Form(max_length=400)],
          password: Annotated[str, Form(max_length=400)],
          next: Annotated[str, Form(max_length=400)] = "/chat") -> Response:
    limits.sign_in(state, request, email)
    with state.database.session() as session:
        user_id = state.accounts.authenticate(session, email, password)
        token = state.accounts.open_session(session, user_id) if user_id is not None else None
    if token is None:
        return render(request, "login.html", {"error": SIGN_IN_FAILED, "email": email, "next": safe_next(next),
                                              "active": "login"}, status_code=400)
    response = RedirectResponse(safe_next(next), status_code=303)
    sign_in_cookie(request, response, token)
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, state: StateDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with state.database.session() as session:
            state.accounts.close_session(session, token)
    response = RedirectResponse("/login", status_code=303)
    sign_out_cookie(response)
    return response
