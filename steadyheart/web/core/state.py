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
    #: the operator's choice: the LLM they configured (STEADYHEART_LLM_URL), else the built-in responder
    companion: Companion
    #: the built-in responder, offered in settings when an LLM is the default and people may choose
    builtin_companion: Companion | None = None

    @property
    def offers_choice(self) -> bool:
        return self.builtin_companion is not None and self.settings.allow_llm_choice

    def companion_for(self, preferences: dict[str, object]) -> Companion:
        if self.offers_choice and self.builtin_companion and preferences.get("responder") == "embedded":
            return self.builtin_companion
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
