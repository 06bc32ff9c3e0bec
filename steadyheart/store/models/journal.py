"""Check-ins: the quick self-reports a person makes (from chat, the check-in flow or `steadyheart checkin`).

Owned by the journal concern. Every column except the timestamps is optional: a check-in may be as
small as one number. Words the person wrote (labels, trigger, urge, exercise, note) are encrypted at rest
with their data key; the numbers stay plain. Imports the store base and privacy.encryption.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from steadyheart.privacy.encryption import EncryptedJSON, EncryptedText
from steadyheart.store.base import Base, UTCDateTime, utcnow


class CheckIn(Base):
    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: where it came from: "cli", "chat", "web"
    source: Mapped[str] = mapped_column(String(16), default="cli")
    insecurity: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0-10
    anxiety: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0-10
    feelings: Mapped[list[str]] = mapped_column(EncryptedJSON, default=list)
    body_signals: Mapped[list[str]] = mapped_column(EncryptedJSON, default=list)
    #: thinking traps the person caught themselves (the chat detector finds the others)
    traps_noticed: Mapped[list[str]] = mapped_column(EncryptedJSON, default=list)
    trigger: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    urge: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    #: "urge" (felt it), "acted" or "resisted"
    urge_outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    sleep_hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    social_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: "none", "messages", "call", "in_person"
    partner_contact: Mapped[str | None] = mapped_column(String(16), nullable=True)
    note: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    #: the person chose to include this note in the therapist report
    share_note: Mapped[bool] = mapped_column(Boolean, default=False)
    exercise: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    intensity_before: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0-10, re-rated
    intensity_after: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0-10, re-rated
