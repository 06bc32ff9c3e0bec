"""Dependencies every route declares with Annotated: the database session and the signed-in person.

Pages authenticate with the session cookie (and check CSRF on every form post); the JSON API accepts
only a bearer token, never the cookie, so a third-party page cannot make the API act for someone.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from steadyheart.store.models.conversations import User
from steadyheart.web.core import limits
from steadyheart.web.core.security import csrf_valid
from steadyheart.web.core.state import WebState

SESSION_COOKIE = "sh_session"
ANON_COOKIE = "sh_anon"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class NotSignedIn(Exception):
    """A page needs a signed-in person; the handler sends the browser to the sign-in page."""


class ApiUnauthorized(Exception):
    """The API call has no valid bearer token."""


class CsrfFailed(Exception):
    """A form post without the token this browser was given."""


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    display_name: str | None
    country: str | None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def greeting_name(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]


async def get_state(request: Request) -> WebState:
    # async: no I/O here, and a plain def would cost a thread hop on every request
    state: WebState = request.app.state.web
    return state


StateDep = Annotated[WebState, Depends(get_state)]


def get_session(state: StateDep) -> Iterator[Session]:
    with state.database.session() as session:
        yield session


#: committed when the route function returns, before the response is sent (scope="function"), so a
#: failed commit is an error answer, never a success that was not saved
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def _person(user: User | None) -> Person | None:
    if user is None or user.email is None:
        return None
    return Person(user.id, user.email, user.display_name, user.country, dict(user.settings or {}))


def optional_page_user(request: Request, state: StateDep) -> Person | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with state.database.session() as session:
        return _person(state.accounts.session_owner(session, token))


MaybeUser = Annotated[Person | None, Depends(optional_page_user)]


def page_user(person: MaybeUser) -> Person:
    if person is None:
        raise NotSignedIn()
    return person


PageUser = Annotated[Person, Depends(page_user)]

_bearer = HTTPBearer(auto_error=False, description="The access_token from POST /api/v1/token.")


def _api_person(state: WebState, credentials: HTTPAuthorizationCredentials | None, *, chat_turn: bool) -> Person:
    """The bearer token's person; for a chat turn, the turn is counted against their limit in the same
    transaction and a refusal is raised after it commits, so a refused turn still counts."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiUnauthorized()
    refusal = None
    with state.database.session() as session:
        person = _person(state.accounts.token_owner(session, credentials.credentials))
        if person is not None and chat_turn:
            refusal = limits.count_chat(state, session, person.id)
    if person is None:
        raise ApiUnauthorized()
    if refusal is not None:
        raise refusal
    return person


Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def api_user(state: StateDep, credentials: Bearer) -> Person:
    return _api_person(state, credentials, chat_turn=False)


def api_chat_user(state: StateDep, credentials: Bearer) -> Person:
    return _api_person(state, credentials, chat_turn=True)


CurrentUser = Annotated[Person, Depends(api_user)]
ChatUser = Annotated[Person, Depends(api_chat_user)]


def api_person_session(state: StateDep, person: CurrentUser) -> Iterator[Session]:
    with state.person_session(person.id) as session:
        yield session


#: a session for the API's signed-in person, with their data key bound for encrypted columns
PersonSession = Annotated[Session, Depends(api_person_session, scope="function")]


def csrf_binding(request: Request) -> str | None:
    """The cookie a CSRF token is bound to: the session once signed in, else the anonymous one."""
    return request.cookies.get(SESSION_COOKIE) or request.cookies.get(ANON_COOKIE)


async def check_csrf(request: Request, state: StateDep) -> None:
    submitted = request.headers.get(CSRF_HEADER)
    if submitted is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not csrf_valid(state.secret, csrf_binding(request), submitted):
        raise CsrfFailed()


CsrfChecked = Depends(check_csrf)


#: chat turns computed at once per worker; more wait in the event loop, holding neither a thread nor a
#: database connection, so an overload queues instead of timing out. The built-in responder is CPU-bound
#: (8 is plenty); with a remote LLM, turns mostly wait on the network: raise it (read at start-up).
CHAT_CONCURRENCY = int(os.environ.get("STEADYHEART_CHAT_CONCURRENCY", "8"))


async def _chat_slot() -> AsyncIterator[None]:
    # async: a plain generator would hop to a thread and back on entry and again on exit
    yield


ChatSlot = Depends(_chat_slot, scope="function", max_concurrency=CHAT_CONCURRENCY)
