"""Export, import and delete everything a person has, generically over every table in Base.metadata.

A table belongs to a person when it references `users.id` (or has a `user_id` column), or references a
table that belongs to them (turns -> conversations -> users). Tables other concerns add later are
covered without changes here. Export writes JSON (the source for import) plus one CSV per table for
people to read; import restores it into an empty home with fresh ids; delete removes every row and
then scrubs the SQLite file (secure_delete, VACUUM, WAL truncated) so nothing is left in it.
Imports only the store and errors.
"""

from __future__ import annotations

import base64
import csv
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Table,
    delete,
    false,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator, TypeEngine

from steadyheart.errors import InputError, StorageError
from steadyheart.store.base import utcnow
from steadyheart.store.db import Database
from steadyheart.store.models import Base

#: Sign-in secrets stay out of export files (a leaked file must not open an account), and so do wrapped
#: data keys (encrypted text is exported readable and sealed again under the new home's key on import).
#: They are still deleted with everything else. Any table can opt out with `info={"export": False}`.
NOT_EXPORTED = frozenset({"credentials", "web_sessions", "api_tokens", "data_keys", "rate_counters"})
FORMAT = "steadyheart-export"
VERSION = 1
USERS = "users"


@dataclass
class ImportSummary:
    user_id: int
    rows: dict[str, int] = field(default_factory=dict)
    skipped_tables: list[str] = field(default_factory=list)


def person_tables() -> list[Table]:
    """Every table holding a person's rows, parents before children (users first)."""
    owned: list[Table] = []
    names: set[str] = set()
    for table in Base.metadata.sorted_tables:
        if table.name == USERS or any(fk.column.table.name in names | {USERS} for fk in table.foreign_keys) \
                or "user_id" in table.c:
            owned.append(table)
            names.add(table.name)
    return owned


def bind_key(session: Session, user_id: int) -> None:
    """Read and write this person's encrypted columns with their own data key (when encryption is present)."""
    try:
        from steadyheart.privacy.encryption import bind_person_key
    except ImportError:  # a build without encryption at rest: nothing to bind
        return
    bind_person_key(session, user_id)


def exportable(table: Table) -> bool:
    return bool(table.info.get("export", table.name not in NOT_EXPORTED))


def ownership(table: Table, user_id: int) -> ColumnElement[bool]:
    """A WHERE clause selecting this person's rows of `table` (recursing through parent tables)."""
    if table.name == USERS:
        return table.c.id == user_id
    owned_names = {t.name for t in person_tables()}
    conditions: list[ColumnElement[bool]] = []
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent.name == USERS:
            conditions.append(fk.parent == user_id)
        elif parent.name in owned_names and parent is not table:
            conditions.append(fk.parent.in_(select(fk.column).where(ownership(parent, user_id))))
    if not conditions and "user_id" in table.c:
        conditions.append(table.c.user_id == user_id)
    return or_(*conditions) if conditions else false()


def _kind(type_: TypeEngine[Any]) -> str:
    base = type_.impl_instance if isinstance(type_, TypeDecorator) else type_
    if isinstance(base, DateTime):
        return "datetime"
    if isinstance(base, Date):
        return "date"
    if isinstance(base, LargeBinary):
        return "bytes"
    return "plain"


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _decode(value: Any, kind: str) -> Any:
    if value is None or kind == "plain":
        return value
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    return base64.b64decode(value)


def export_person(session: Session, user_id: int) -> dict[str, Any]:
    """Everything this person has, as JSON-ready data."""
    tables: dict[str, list[dict[str, Any]]] = {}
    bind_key(session, user_id)
    for table in filter(exportable, person_tables()):
        query = select(table).where(ownership(table, user_id)).order_by(*table.primary_key.columns)
        tables[table.name] = [{k: _encode(v) for k, v in row._mapping.items()} for row in session.execute(query)]
    if not tables.get(USERS):
        raise InputError(f"There is no person with id {user_id} to export.")
    return {"format": FORMAT, "version": VERSION, "exported_at": utcnow().isoformat(), "tables": tables}


def write_export(session: Session, user_id: int, out_dir: str | Path) -> list[Path]:
    """Write export.json and one CSV per table into out_dir; return the files written."""
    data = export_person(session, user_id)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = [folder / "export.json"]
        written[0].write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        for name, rows in data["tables"].items():
            path = folder / f"{name}.csv"
            columns = [c.name for c in Base.metadata.tables[name].columns]
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(columns)
                for row in rows:
                    writer.writerow([json.dumps(row[c], ensure_ascii=False) if isinstance(row[c], dict | list)
                                     else row[c] for c in columns])
            written.append(path)
    except OSError as exc:
        raise StorageError(f"Steadyheart could not write the export to {folder} ({exc.strerror}).") from exc
    return written


def read_export(path: str | Path) -> dict[str, Any]:
    """Load an export (its folder or its export.json), or InputError saying why it cannot be used."""
    source = Path(path)
    if source.is_dir():
        source = source / "export.json"
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"There is no Steadyheart export at {source}.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(f"{source} is not a readable Steadyheart export (it is not valid JSON).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise InputError(f"{source} is not a Steadyheart export.")
    if data.get("version") != VERSION:
        raise InputError(f"{source} is export version {data.get('version')}; this Steadyheart reads version {VERSION}.")
    return data


def has_data(session: Session, user_id: int) -> bool:
    """Whether this person has any rows besides their own user row."""
    return any(session.execute(select(table).where(ownership(table, user_id)).limit(1)).first()
               for table in person_tables() if table.name != USERS)


def import_person(session: Session, data: dict[str, Any], into_user_id: int | None = None) -> ImportSummary:
    """Restore an export: into an existing person with no data yet, or as a new person. One transaction;
    a damaged file raises InputError and, with the caller's transaction rolled back, nothing is kept."""
    if into_user_id is not None and has_data(session, into_user_id):
        raise InputError("This home already holds data; import restores into an empty home only.")
    exported = data["tables"]
    users = exported.get(USERS) or []
    if len(users) != 1 or not isinstance(users[0], dict):
        raise InputError("The export must hold exactly one person.")
    new_ids: dict[str, dict[Any, Any]] = {}
    summary = ImportSummary(user_id=0)
    importable = [t for t in person_tables() if exportable(t)]
    summary.skipped_tables = sorted(set(exported) - {t.name for t in importable})
    if into_user_id is not None:
        bind_key(session, into_user_id)
    for table in importable:
        for row in exported.get(table.name) or []:
            try:
                new_id = _import_row(session, table, row, new_ids, into_user_id)
            except (ValueError, TypeError, KeyError, AttributeError, IntegrityError, StatementError):
                raise InputError(f"The export is damaged: a row of '{table.name}' could not be restored, "
                                 "so nothing was imported.") from None
            if row.get("id") is not None:
                new_ids.setdefault(table.name, {})[row["id"]] = new_id
            summary.rows[table.name] = summary.rows.get(table.name, 0) + 1
    summary.user_id = new_ids[USERS][users[0]["id"]]
    return summary


def _import_row(session: Session, table: Table, row: dict[str, Any], new_ids: dict[str, dict[Any, Any]],
                into_user_id: int | None) -> Any:
    values = _restore_row(table, row, new_ids)
    if table.name == USERS and into_user_id is not None:
        values.pop("id", None)
        values.pop("email", None)  # the home's own sign-in identity stays as it is
        current = session.execute(select(table.c.settings).where(table.c.id == into_user_id)).scalar()
        values["settings"] = {**(values.get("settings") or {}), **(current or {})}
        session.execute(update(table).where(table.c.id == into_user_id).values(**values))
        return into_user_id
    new_id = _insert(session, table, values)
    if table.name == USERS:
        bind_key(session, new_id)
    return new_id


def _fresh_key(table: Table) -> str | None:
    """The single integer primary key the database should number afresh (not when it is a foreign key)."""
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and isinstance(keys[0].type, Integer) and not keys[0].foreign_keys:
        return keys[0].name
    return None


def _restore_row(table: Table, row: dict[str, Any], new_ids: dict[str, dict[Any, Any]]) -> dict[str, Any]:
    values = {c.name: _decode(row[c.name], _kind(c.type)) for c in table.columns if c.name in row}
    for fk in table.foreign_keys:
        mapping = new_ids.get(fk.column.table.name)
        old = values.get(fk.parent.name)
        if mapping is not None and old is not None:
            if old not in mapping:
                raise KeyError(f"{table.name} points at a missing {fk.column.table.name} row")
            values[fk.parent.name] = mapping[old]
    key = _fresh_key(table)
    if key is not None:
        values.pop(key, None)  # fresh ids: the home may already hold other people's rows
    return values


def _insert(session: Session, table: Table, values: dict[str, Any]) -> Any:
    key = _fresh_key(table)
    if key is None:
        session.execute(insert(table).values(**values))
        keys = list(table.primary_key.columns)
        return values.get(keys[0].name) if len(keys) == 1 else None
    return session.execute(insert(table).values(**values).returning(table.c[key])).scalar_one()


def delete_person(session: Session, user_id: int) -> dict[str, int]:
    """Delete every row this person has, children first, and the person; return rows deleted per table."""
    if session.bind is not None and session.bind.dialect.name == "sqlite":
        # Freed pages are overwritten with zeros instead of keeping the deleted text.
        session.execute(text("PRAGMA secure_delete = ON"))
    counts: dict[str, int] = {}
    for table in reversed(person_tables()):
        result = session.execute(delete(table).where(ownership(table, user_id)))
        counts[table.name] = int(getattr(result, "rowcount", 0) or 0)
    return counts


def scrub(database: Database) -> None:
    """After a delete is committed: rewrite the storage so deleted rows leave no bytes behind.

    SQLite: VACUUM rebuilds the file without free pages, then the WAL is checkpointed and truncated.
    PostgreSQL: VACUUM marks the dead rows' space free (server WAL and backups are the operator's).
    """
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if database.is_sqlite:
            connection.execute(text("VACUUM"))
            busy = connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).first()
            if busy is not None and busy[0]:
                raise StorageError("The data was deleted, but another Steadyheart window still has the database "
                                   "open; close it and run the delete again to finish scrubbing the file.")
        else:
            for table in person_tables():
                connection.execute(text(f'VACUUM "{table.name}"'))


def delete_everything(database: Database, user_id: int) -> dict[str, int]:
    """Delete this person and all they have, then scrub the database. Other people are untouched."""
    with database.session() as session:
        counts = delete_person(session, user_id)
    scrub(database)
    return counts
