"""What one app instance holds: settings, the database handle, accounts and the Companion.

None of it is per-person state: every worker built from the same settings behaves the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from steadyheart.companion import Companion
from steadyheart.privacy.encryption import bind_person_key
from steadyheart.store.db import Database
from steadyheart.web.core.accounts import Accounts
from steadyheart.web.core.config import Settings


@dataclass(frozen=True)
class WebState:
    settings: Settings
    database: Database
    accounts: Accounts
    companion: Companion
    #: the operator's LLM companion, offered in settings when allowed; None when not configured
    llm_companion: Companion | None = None

    def companion_for(self, preferences: dict[str, object]) -> Companion:
        if self.llm_companion is not None and self.settings.allow_llm_choice and preferences.get("responder") == "llm":
            return self.llm_companion
        return self.companion

    @property
    def secret(self) -> str:
        return self.settings.secret_key.get_secret_value()

    @contextmanager
    def person_session(self, user_id: int) -> Iterator[Session]:
        """A session whose encrypted columns use this person's data key, and nobody else's."""
        with self.database.session() as session:
            bind_person_key(session, user_id)
            yield session
