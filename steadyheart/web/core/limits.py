"""The rate limits the routes apply, each counted in its own short transaction so a refusal still counts."""

from __future__ import annotations

import random
from datetime import timedelta

from fastapi import Request
from sqlalchemy.orm import Session

from steadyheart.web.core import ratelimit
from steadyheart.web.core.security import hashed_identifier
from steadyheart.web.core.state import WebState

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def client_ip(request: Request) -> str:
    # Behind a proxy, run uvicorn with --proxy-headers so this is the real client address.
    return request.client.host if request.client else "unknown"


#: about one request in this many also clears out expired counters, so the table stays small
PURGE_EVERY = 500


def _count(session: Session, scope: str, identifier: str, limit: int, window: timedelta) -> ratelimit.RateLimited | None:
    if random.randrange(PURGE_EVERY) == 0:
        ratelimit.purge_expired(session)
    return ratelimit.count(session, scope, identifier, limit, window)


def _hit(state: WebState, scope: str, identifier: str, limit: int, window: timedelta) -> None:
    with state.database.session() as session:
        refusal = _count(session, scope, identifier, limit, window)
    if refusal is not None:
        raise refusal  # after the commit, so the refused request counts too


def housekeeping(state: WebState) -> None:
    """At start-up: expired counters, sign-ins and tokens go."""
    with state.database.session() as session:
        ratelimit.purge_expired(session)
        state.accounts.purge_expired(session)


def sign_in(state: WebState, request: Request, email: str) -> None:
    """Per address and per email, so neither one fast client nor a spread-out attack gets far."""
    limit = state.settings.rate.login_per_minute
    _hit(state, "login-ip", client_ip(request), limit * 3, MINUTE)
    _hit(state, "login-email", hashed_identifier(state.secret, email.strip().lower()), limit, MINUTE)


def sign_up(state: WebState, request: Request) -> None:
    _hit(state, "signup-ip", client_ip(request), state.settings.rate.signup_per_hour, HOUR)


def chat(state: WebState, user_id: int) -> None:
    _hit(state, "chat", str(user_id), state.settings.rate.chat_per_minute, MINUTE)


def count_chat(state: WebState, session: Session, user_id: int) -> ratelimit.RateLimited | None:
    """The chat limit counted in a transaction the caller already has open (the API's sign-in check), so a
    turn pays for one short write transaction fewer; raise the refusal after that transaction commits."""
    return _count(session, "chat", str(user_id), state.settings.rate.chat_per_minute, MINUTE)
