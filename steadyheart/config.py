"""Where Steadyheart keeps its data and how big a message may be."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

#: A message longer than this is refused, with the limit named, never truncated silently.
MAX_MESSAGE_CHARS = 4000


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: the argument, else $STEADYHEART_HOME, else the user data directory."""
    if home is not None:
        return Path(home).expanduser()
    env = os.environ.get("STEADYHEART_HOME")
    if env:
        return Path(env).expanduser()
    return user_data_path("steadyheart", appauthor=False)


def database_url(home: Path, url: str | None = None) -> str:
    """The SQLAlchemy URL: the argument, else $STEADYHEART_DATABASE_URL, else SQLite in the home."""
    return url or os.environ.get("STEADYHEART_DATABASE_URL") or f"sqlite:///{home / 'steadyheart.db'}"
