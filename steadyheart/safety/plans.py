"""The safety plan (its seven sections) and safety events: the repository functions the CLI, the web app
and the Companion call with an open SQLAlchemy Session and a user id.

The sections follow the widely used Stanley-Brown structure, in our own words. The plan is stored sealed
(EncryptedText); safety events hold kind, tier and category only. Imports pydantic, SQLAlchemy,
steadyheart.errors and steadyheart.store.models.safety.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from steadyheart.errors import InputError
from steadyheart.store.base import utcnow
from steadyheart.store.models.safety import SafetyEvent, SafetyPlanRecord

MAX_ITEMS = 20
MAX_ITEM_CHARS = 300


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    prompt: str


SECTIONS: tuple[Section, ...] = (
    Section("warning_signs", "My warning signs",
            "What tells you a hard moment is starting? Thoughts, feelings, situations, things you do."),
    Section("coping_alone", "Things I can do on my own",
            "What helps you get through a hard moment by yourself, even a little?"),
    Section("distractions", "People and places that help me take my mind off things",
            "Who could you be around, or where could you go, to feel a bit less alone?"),
    Section("people_to_ask", "People I can ask for help",
            "Who could you tell that you are struggling? Add a phone number if you like."),
    Section("professionals", "Professionals and services",
            "Your doctor, therapist, a crisis line, or the emergency number."),
    Section("safer_surroundings", "Making my surroundings safer",
            "What could you put away, lock up, or give to someone else to keep for now?"),
    Section("reasons_to_live", "My reasons to live",
            "What and who matter to you, now or in the future?"),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)


class SafetyPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    warning_signs: list[str] = []
    coping_alone: list[str] = []
    distractions: list[str] = []
    people_to_ask: list[str] = []
    professionals: list[str] = []
    safer_surroundings: list[str] = []
    reasons_to_live: list[str] = []

    @field_validator(*SECTION_KEYS)
    @classmethod
    def _clean(cls, items: list[str]) -> list[str]:
        cleaned = [" ".join(str(item).split()) for item in items]
        cleaned = [item for item in cleaned if item]
        if len(cleaned) > MAX_ITEMS:
            raise ValueError(f"a section holds at most {MAX_ITEMS} items")
        for item in cleaned:
            if len(item) > MAX_ITEM_CHARS:
                raise ValueError(f"each item is at most {MAX_ITEM_CHARS} characters")
        return cleaned

    def is_empty(self) -> bool:
        return not any(getattr(self, key) for key in SECTION_KEYS)

    def items(self, key: str) -> list[str]:
        value: list[str] = getattr(self, key)
        return value


def make_plan(sections: dict[str, list[str]]) -> SafetyPlan:
    """Build a plan from section -> items, or raise InputError with one clear sentence."""
    unknown = set(sections) - set(SECTION_KEYS)
    if unknown:
        raise InputError(f"A safety plan has no section called {sorted(unknown)[0]!r}.")
    try:
        return SafetyPlan.model_validate(sections)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = str(first["loc"][0]) if first["loc"] else "the plan"
        raise InputError(f"The safety plan section {where!r} could not be saved: {first['msg']}.") from exc


def get_safety_plan(session: Session, user_id: int) -> SafetyPlan | None:
    record = session.scalars(select(SafetyPlanRecord).where(SafetyPlanRecord.user_id == user_id)).first()
    if record is None:
        return None
    return SafetyPlan.model_validate(json.loads(record.content))


def save_safety_plan(session: Session, user_id: int, plan: SafetyPlan) -> None:
    """Create or replace the person's plan (one per person)."""
    content = json.dumps(plan.model_dump(), ensure_ascii=False)
    record = session.scalars(select(SafetyPlanRecord).where(SafetyPlanRecord.user_id == user_id)).first()
    if record is None:
        session.add(SafetyPlanRecord(user_id=user_id, content=content))
    else:
        record.content = content
        record.updated_at = utcnow()
    record_safety_event(session, user_id, "safety_plan_saved")
    session.flush()


def delete_safety_plan(session: Session, user_id: int) -> bool:
    result = session.execute(delete(SafetyPlanRecord).where(SafetyPlanRecord.user_id == user_id))
    return bool(getattr(result, "rowcount", 0))


def format_safety_plan(plan: SafetyPlan | None) -> str:
    if plan is None or plan.is_empty():
        return "You have no safety plan yet. Write one with `steadyheart safety-plan --edit`."
    lines = ["My safety plan"]
    for section in SECTIONS:
        items = plan.items(section.key)
        lines.append("")
        lines.append(section.title)
        lines += [f"  - {item}" for item in items] or ["  (nothing yet)"]
    return "\n".join(lines)


EVENT_KINDS = frozenset({"triage", "guard_block", "phq9", "resources_shown", "safety_plan_saved", "reply_reported"})


def record_safety_event(
    session: Session, user_id: int, kind: str, tier: str = "none", category: str | None = None
) -> None:
    """Count one safety event. Never pass message text: only these short labels are stored."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown safety event kind {kind!r}")
    if len(tier) > 16 or (category is not None and len(category) > 32):
        raise ValueError("safety events hold short labels only")
    session.add(SafetyEvent(user_id=user_id, kind=kind, tier=tier, category=category))


def safety_event_counts(session: Session, user_id: int | None = None) -> Counter[tuple[str, str, str]]:
    """(kind, tier, category) -> count, for one person or for everyone (operators)."""
    query = select(SafetyEvent.kind, SafetyEvent.tier, SafetyEvent.category)
    if user_id is not None:
        query = query.where(SafetyEvent.user_id == user_id)
    return Counter((kind, tier, category or "") for kind, tier, category in session.execute(query))
