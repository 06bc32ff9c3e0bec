"""A consistent copy of a SQLite database while the app keeps running (SQLite's online backup API).

The copy holds the encrypted text exactly as stored; the data key is not in it (see `copy_key`). For
PostgreSQL, `pg_dump` is the right tool and `backup_sqlite` says so. Imports keystore, errors, stdlib.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from steadyheart.errors import InputError, StorageError
from steadyheart.privacy.keystore import KeyStore, write_private_file

PAGES_PER_STEP = 256  # copy in steps so writers are held up only briefly


@dataclass(frozen=True)
class BackupResult:
    path: Path
    turns: int
    integrity: str


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise InputError(
            "This Steadyheart uses PostgreSQL; back it up with pg_dump, for example "
            "`pg_dump --format=custom --file=steadyheart.dump DATABASE_URL`."
        )
    if not parsed.database or parsed.database == ":memory:":
        raise InputError("An in-memory database has nothing to back up.")
    return Path(parsed.database).expanduser()


def backup_sqlite(url: str, destination: Path, *, overwrite: bool = False) -> BackupResult:
    """Copy the live database to `destination` page by page; the copy is checked before it is kept."""
    source_path = sqlite_path(url)
    if not source_path.exists():
        raise StorageError(f"There is no database at {source_path} to back up.")
    destination = destination.expanduser()
    if destination.exists() and not overwrite:
        raise InputError(f"{destination} already exists; choose another name or pass --overwrite.")
    partial = destination.with_name(destination.name + ".partial")
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
        target = sqlite3.connect(partial)
        try:
            source.backup(target, pages=PAGES_PER_STEP)
            integrity = str(target.execute("PRAGMA integrity_check").fetchone()[0])
            turns = int(target.execute("SELECT count(*) FROM turns").fetchone()[0])
        finally:
            target.close()
            source.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"The backup could not be made ({exc}); the database itself is unchanged.") from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"The backup could not be written to {destination} ({exc.strerror}).") from exc
    if integrity != "ok":
        partial.unlink(missing_ok=True)
        raise StorageError(f"The backup copy failed its integrity check ({integrity}); nothing was kept.")
    partial.replace(destination)
    return BackupResult(destination, turns, integrity)


def copy_key(store: KeyStore, destination: Path) -> Path:
    """Write the home's key (passphrase-locked if the home is) beside a backup, 0600."""
    text = store.read()
    if text is None:
        raise StorageError("This home has no data key to copy.")
    key_path = destination.with_name(destination.name + ".key")
    write_private_file(key_path, text)
    return key_path
