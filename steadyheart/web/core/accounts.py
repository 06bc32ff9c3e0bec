"""Accounts: sign up, sign in with lockout, sessions and API tokens, change password, delete.

Messages never say whether an email has an account (no enumeration): a wrong password, an unknown
email and a locked account all read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from steadyheart.errors import InputError
from steadyheart.store.base import utcnow
from steadyheart.store.models.accounts import ApiToken, Credential, WebSession
from steadyheart.store.models.conversations import User
from steadyheart.web.core.config import Settings
from steadyheart.web.core.security import Passwords, new_token, token_hash

MIN_PASSWORD = 12
MAX_PASSWORD = 256
MAX_EMAIL = 320
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

SIGN_IN_FAILED = (
    "That email and password did not match an account we can open. Check them and try again; "
    "after several wrong tries an account is paused for a few minutes."
)


class SignInFailed(InputError):
    def __init__(self) -> None:
        super().__init__(SIGN_IN_FAILED)


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if len(cleaned) > MAX_EMAIL or not _EMAIL.match(cleaned):
        raise InputError("Please enter an email address like name@example.org.")
    return cleaned


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"Please choose a password of at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"Please choose a password of at most {MAX_PASSWORD} characters.")


#: Every API call runs this; built once with a parameter, since building a select costs more than running it
#: (session 9 profile: most of the lookup's 8% of a turn was Select construction and its cache key).
_TOKEN_OWNER = (select(User, ApiToken.expires_at).join(ApiToken, ApiToken.user_id == User.id)
                .where(ApiToken.token_hash == bindparam("token_hash")))


@dataclass(frozen=True)
class Accounts:
    settings: Settings
    passwords: Passwords

    def sign_up(self, session: Session, email: str, password: str) -> int | None:
        """Create the account; None when the email is taken (callers answer the same either way)."""
        address = normalise_email(email)
        check_password_rules(password)
        hashed = self.passwords.hash(password)  # always hashed, so both paths cost the same
        if session.scalar(select(User.id).where(User.email == address)) is not None:
            return None
        user = User(email=address, settings={})
        session.add(user)
        session.flush()
        session.add(Credential(user_id=user.id, password_hash=hashed, failed_attempts=0))
        return user.id

    def authenticate(self, session: Session, email: str, password: str, now: datetime | None = None) -> int | None:
        """The user id for a right email and password, else None (also while locked).

        The caller commits before refusing, so failure counts and lockouts are kept."""
        now = now or utcnow()
        try:
            address = normalise_email(email)
        except InputError:
            self.passwords.verify(None, password)
            return None
        row = session.execute(
            select(User.id, Credential).join(Credential, Credential.user_id == User.id).where(User.email == address)
        ).first()
        if row is None:
            self.passwords.verify(None, password)
            return None
        user_id, credential = row
        locked = credential.locked_until is not None and credential.locked_until > now
        matches = self.passwords.verify(credential.password_hash, password)
        if locked:
            return None
        if not matches:
            credential.failed_attempts += 1
            if credential.failed_attempts >= self.settings.lockout_after:
                credential.locked_until = now + timedelta(minutes=self.settings.lockout_minutes)
                credential.failed_attempts = 0
            return None
        credential.failed_attempts = 0
        credential.locked_until = None
        if self.passwords.needs_rehash(credential.password_hash):
            credential.password_hash = self.passwords.hash(password)
        return int(user_id)

    def change_password(self, session: Session, user_id: int, current: str, new: str) -> None:
        credential = session.get(Credential, user_id)
        if credential is None or not self.passwords.verify(credential.password_hash, current):
            raise InputError("Your current password was not right, so nothing was changed.")
        check_password_rules(new)
        credential.password_hash = self.passwords.hash(new)
        credential.changed_at = utcnow()
        # A changed password signs out every other browser and revokes every API token.
        session.execute(delete(WebSession).where(WebSession.user_id == user_id))
        session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))

    def verify_password(self, session: Session, user_id: int, password: str) -> bool:
        credential = session.get(Credential, user_id)
        return self.passwords.verify(credential.password_hash if credential else None, password)

    def delete_account(self, session: Session, user_id: int) -> None:
        """Every row the person has, in every concern's tables, then the person."""
        from steadyheart.privacy.export import delete_person

        delete_person(session, user_id)

    # -- browser sessions and API tokens ----------------------------------------------------------
    def open_session(self, session: Session, user_id: int) -> str:
        token = new_token()
        expires = utcnow() + timedelta(days=self.settings.session_days)
        session.add(WebSession(user_id=user_id, token_hash=token_hash(token), expires_at=expires))
        return token

    def session_user(self, session: Session, token: str) -> int | None:
        owner = self.session_owner(session, token)
        return owner.id if owner is not None else None

    def session_owner(self, session: Session, token: str) -> User | None:
        """The person a browser session belongs to, read with the session in one query; None if expired."""
        row = session.execute(
            select(User, WebSession.expires_at).join(WebSession, WebSession.user_id == User.id)
            .where(WebSession.token_hash == token_hash(token))
        ).first()
        return row[0] if row is not None and row[1] > utcnow() else None

    def close_session(self, session: Session, token: str) -> None:
        session.execute(delete(WebSession).where(WebSession.token_hash == token_hash(token)))

    def issue_token(self, session: Session, user_id: int) -> tuple[str, int]:
        token = new_token()
        seconds = self.settings.token_days * 86400
        session.add(ApiToken(user_id=user_id, token_hash=token_hash(token),
                             expires_at=utcnow() + timedelta(seconds=seconds)))
        return token, seconds

    def revoke_token(self, session: Session, user_id: int, token: str) -> None:
        session.execute(delete(ApiToken).where(ApiToken.token_hash == token_hash(token), ApiToken.user_id == user_id))

    def purge_expired(self, session: Session) -> None:
        """Drop sign-ins and tokens that can no longer be used."""
        now = utcnow()
        session.execute(delete(WebSession).where(WebSession.expires_at < now))
        session.execute(delete(ApiToken).where(ApiToken.expires_at < now))

    def token_owner(self, session: Session, token: str) -> User | None:
        """The person an API token belongs to, read with the token in one query (every API call asks)."""
        row = session.execute(_TOKEN_OWNER, {"token_hash": token_hash(token)}).first()
        return row[0] if row is not None and row[1] > utcnow() else None
