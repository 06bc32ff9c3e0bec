"""A terminal home: its folder made ready, its database opened and migrated, its one local person."""

from __future__ import annotations

import os
from pathlib import Path

from steadyheart import config
from steadyheart.errors import StorageError
from steadyheart.store.conversations import ensure_local_user
from steadyheart.store.db import Database


def prepare_home(path: Path) -> None:
    """Create the data folder if needed; one clear sentence if it cannot be created or written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Steadyheart cannot create its data folder {path} ({exc.strerror}).") from exc
    if not os.access(path, os.W_OK):
        raise StorageError(f"The data folder {path} is read-only, so nothing could be saved; check its permissions.")


def open_home_database(home: str | os.PathLike[str] | None, database_url: str | None = None) -> Database:
    """The home's database, created and migrated on first use."""
    path = config.resolve_home(home)
    url = config.database_url(path, database_url)
    if url.startswith("sqlite"):
        prepare_home(path)
    database = Database(url)
    database.migrate()
    return database


def open_store(home: str | os.PathLike[str] | None) -> tuple[Database, int]:
    """For commands that work on the local person's data: the database and that person's id."""
    database = open_home_database(home)
    with database.session() as session:
        user_id = ensure_local_user(session).id
    return database, user_id
