"""Journal test fixtures (the helpers and the synthetic history live in tests_journal_support)."""

from tests_journal_support import history, person, sqlite_db

__all__ = ["history", "person", "sqlite_db"]
