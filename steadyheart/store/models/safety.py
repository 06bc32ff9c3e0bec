"""Safety plans (one per person, sealed with the person's data key) and safety events.

Safety events are counts by kind, tier and category, never message text: enough for an operator to see
how often the crisis flow runs and the guard blocks, nothing about what anyone wrote.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from steadyheart.privacy.encryption import EncryptedText
from steadyheart.store.base import Base, UTCDateTime, utcnow


class SafetyPlanRecord(Base):
    __tablename__ = "safety_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: the plan's sections as JSON, sealed like every other thing a person writes
    content: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SafetyEvent(Base):
    __tablename__ = "safety_events"
    __table_args__ = (Index("ix_safety_events_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: triage, guard_block, phq9, resources_shown, safety_plan_saved
    kind: Mapped[str] = mapped_column(String(32))
    tier: Mapped[str] = mapped_column(String(16), default="none")
    #: a Category value for triage events, a guard category for blocks; never text someone wrote
    category: Mapped[str | None] = mapped_column(String(32), nullable=True)
