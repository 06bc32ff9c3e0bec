"""Render a page with what every page needs: the person, the CSRF token, the help link; set cookies safely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from steadyheart.web.api.deps import ANON_COOKIE, SESSION_COOKIE, csrf_binding
from steadyheart.web.core.security import csrf_token, new_token
from steadyheart.web.core.state import WebState

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def cookie_secure(request: Request) -> bool:
    settings = state_of(request).settings
    if settings.cookie_secure is not None:
        return settings.cookie_secure
    return settings.production or request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=cookie_secure(request), path="/")


def render(request: Request, template: str, context: dict[str, Any] | None = None, *,
           status_code: int = 200) -> HTMLResponse:
    state = state_of(request)
    binding = csrf_binding(request)
    fresh_anon = None
    if binding is None:
        fresh_anon = binding = new_token()
    values: dict[str, Any] = {"person": None, "csrf": csrf_token(state.secret, binding), "active": "",
                              "allow_llm_choice": state.offers_choice}
    values.update(context or {})
    response = TEMPLATES.TemplateResponse(request, template, values, status_code=status_code)
    if fresh_anon is not None:
        set_cookie(request, response, ANON_COOKIE, fresh_anon)
    return response


def sign_in_cookie(request: Request, response: Response, token: str) -> None:
    settings = state_of(request).settings
    set_cookie(request, response, SESSION_COOKIE, token, max_age=settings.session_days * 86400)
    response.delete_cookie(ANON_COOKIE, path="/")


def sign_out_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
