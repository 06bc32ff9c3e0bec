"""The memory repository behind /memory and /forget: list, set, forget one, forget all, and apply the
updates a PlanOutcome carries. Only the keys in remember.MEMORY_KEYS can be stored.
"""

from __future__ import annotations

import re

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from steadyheart.dialogue.remember import MAX_VALUE_CHARS, MEMORY_KEYS
from steadyheart.errors import InputError
from steadyheart.store.base import utcnow
from steadyheart.store.models.memory import MemoryItem

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


#: Read on every turn: built once, with a parameter.
_MEMORY_OF = select(MemoryItem).where(MemoryItem.user_id == bindparam("user_id"))


def list_memory(session: Session, user_id: int) -> dict[str, str]:
    """Everything kept for this person, in the order of MEMORY_KEYS."""
    rows = session.scalars(_MEMORY_OF, {"user_id": user_id}).all()
    found = {row.key: row.value for row in rows}
    return {key: found[key] for key in MEMORY_KEYS if key in found}


def remember(session: Session, user_id: int, key: str, value: str) -> None:
    key = _check_key(key)
    clean = " ".join(_CONTROL.sub(" ", value).split())
    if not clean:
        raise InputError(f"There is nothing to remember for {MEMORY_KEYS[key]}; write a value after the key.")
    if len(clean) > MAX_VALUE_CHARS:
        raise InputError(f"That is too long to remember; keep it under {MAX_VALUE_CHARS} characters.")
    row = session.scalar(select(MemoryItem).where(MemoryItem.user_id == user_id, MemoryItem.key == key))
    if row is None:
        session.add(MemoryItem(user_id=user_id, key=key, value=clean))
    else:
        row.value, row.updated_at = clean, utcnow()
    session.flush()


def forget(session: Session, user_id: int, key: str) -> bool:
    """Erase one thing; True if something was there."""
    key = _check_key(key)
    result = session.execute(delete(MemoryItem).where(MemoryItem.user_id == user_id, MemoryItem.key == key))
    return bool(getattr(result, "rowcount", 0))


def forget_all(session: Session, user_id: int) -> int:
    """Erase everything kept for this person; returns how many things were erased."""
    result = session.execute(delete(MemoryItem).where(MemoryItem.user_id == user_id))
    return int(getattr(result, "rowcount", 0))


def apply_updates(session: Session, user_id: int, updates: dict[str, str | None]) -> None:
    """Store a PlanOutcome's memory_updates (None = forget that key) in the caller's transaction."""
    for key, value in updates.items():
        if value is None:
            forget(session, user_id, key)
        else:
            remember(session, user_id, key, value)


def describe_memory(memory: dict[str, str]) -> list[str]:
    """Lines for /memory, in plain words."""
    if not memory:
        return ["I'm not keeping anything about you. Things you choose to share, like a name to use, can be kept."]
    return [f"{MEMORY_KEYS[key][:1].upper()}{MEMORY_KEYS[key][1:]}: {value}" for key, value in memory.items()]


def _check_key(key: str) -> str:
    normalised = key.strip().lower().replace("-", "_").replace(" ", "_")
    if normalised not in MEMORY_KEYS:
        raise InputError(f"I can only keep these things: {', '.join(MEMORY_KEYS)}; '{key}' is not one of them.")
    return normalised
