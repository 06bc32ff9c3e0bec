"""API: sign up, get a bearer token, revoke it, read and change your profile, delete your account."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from steadyheart.errors import InputError
from steadyheart.web.api.deps import CurrentUser, StateDep
from steadyheart.web.api.schemas import (
    Accepted,
    Credentials,
    Message,
    PasswordChange,
    PasswordConfirm,
    TokenOut,
)
from steadyheart.web.core import limits
from steadyheart.web.core.accounts import SignInFailed

router = APIRouter(prefix="/api/v1", tags=["accounts"])

SIGNED_UP = ("If this email was free, the account is ready. Get a token with POST /api/v1/token; "
             "if the email already had an account, use the password chosen then.")


@router.post("/users", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted)
def sign_up(body: Credentials, request: Request, state: StateDep) -> Accepted:
    """Create an account. The answer is the same whether or not the email was free (no enumeration)."""
    limits.sign_up(state, request)
    with state.database.session() as session:
        state.accounts.sign_up(session, body.email, body.password)
    return Accepted(detail=SIGNED_UP)


@router.post("/token", response_model=TokenOut)
def token(body: Credentials, request: Request, state: StateDep) -> TokenOut:
    """Exchange email and password for a bearer token (rate-limited; repeated failures pause the account)."""
    limits.sign_in(state, request, body.email)
    with state.database.session() as session:
        user_id = state.accounts.authenticate(session, body.email, body.password)
        issued = state.accounts.issue_token(session, user_id) if user_id is not None else None
    if issued is None:
        raise SignInFailed()
    access_token, seconds = issued
    return TokenOut(access_token=access_token, expires_in=seconds)


@router.delete("/token", response_model=Message)
def revoke(person: CurrentUser, request: Request, state: StateDep) -> Message:
    """Revoke the token used for this call."""
    raw = request.headers.get("authorization", "").split(" ", 1)[-1]
    with state.database.session() as session:
        state.accounts.revoke_token(session, person.id, raw)
    return Message(detail="This token no longer works.")


@router.post("/me/password", response_model=Message)
def change_password(body: PasswordChange, person: CurrentUser, state: StateDep) -> Message:
    """Change the password; every token and browser session is signed out."""
    with state.database.session() as session:
        state.accounts.change_password(session, person.id, body.current_password, body.new_password)
    return Message(detail="Your password is changed; every token and browser session was signed out.")


@router.delete("/me", response_model=Message)
def delete_account(body: PasswordConfirm, person: CurrentUser, state: StateDep) -> Message:
    """Delete the account and everything in it, for good. Needs the password."""
    with state.database.session() as session:
        if not state.accounts.verify_password(session, person.id, body.password):
            raise InputError("The password was not right, so nothing was deleted.")
        state.accounts.delete_account(session, person.id)
    return Message(detail="Your account and everything in it are deleted.")
