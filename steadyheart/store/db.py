"""Open a database, bring its schema up to date, and hand out sessions.

SQLite (the default, in the data directory) runs in WAL mode with a busy timeout so a second process
waits briefly instead of failing; any SQLAlchemy URL (PostgreSQL) works the same way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from steadyheart.errors import StorageError

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        """Apply every Alembic migration not yet applied (all heads)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("path_separator", "os")
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "heads")
        except (OperationalError, DBAPIError) as exc:
            raise StorageError(describe_storage_error(exc, self.url)) from exc

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed together, or not at all."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except (OperationalError, DBAPIError) as exc:
            session.rollback()
            raise StorageError(describe_storage_error(exc, self.url)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def describe_storage_error(exc: Exception, url: str) -> str:
    """One sentence a person can act on, instead of a driver traceback."""
    text = str(getattr(exc, "orig", exc)).lower()
    where = "the database" if not url.startswith("sqlite") else f"the database file ({url.removeprefix('sqlite:///')})"
    if "locked" in text or "busy" in text:
        return f"{where.capitalize()} is locked by another program; close other Steadyheart windows and try again."
    if "readonly" in text or "read-only" in text:
        return f"{where.capitalize()} is read-only, so nothing new can be saved; check its permissions."
    if "unable to open" in text:
        return f"Steadyheart could not open {where}; check that the folder exists and is writable."
    if "disk" in text and "full" in text:
        return "The disk is full, so nothing new could be saved; free some space and try again."
    if "connection" in text or "could not connect" in text or "server closed" in text:
        return "Steadyheart could not reach the database server; check that it is running and try again."
    return f"Steadyheart could not use {where} ({type(getattr(exc, 'orig', exc)).__name__})."
