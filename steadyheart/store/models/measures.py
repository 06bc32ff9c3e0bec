"""Questionnaire administrations (in progress or completed) and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from steadyheart.store.base import Base, UTCDateTime, utcnow

IN_PROGRESS = "in_progress"
COMPLETED = "completed"


class MeasureAdministration(Base):
    """One sitting of one questionnaire; answers are saved one by one so it can be resumed."""

    __tablename__ = "measure_administrations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(64))
    instrument_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS)
    #: where it was taken: cli, chat, web, paper
    source: Mapped[str] = mapped_column(String(16), default="cli")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    total: Mapped[float | None] = mapped_column(Float, nullable=True)
    band: Mapped[str | None] = mapped_column(String(32), nullable=True)
    flags: Mapped[list[Any]] = mapped_column(JSON, default=list)

    answers: Mapped[list[MeasureAnswer]] = relationship(
        back_populates="administration", cascade="all, delete-orphan", order_by="MeasureAnswer.position",
        passive_deletes=True,
    )


class MeasureAnswer(Base):
    __tablename__ = "measure_answers"
    __table_args__ = (UniqueConstraint("administration_id", "item_id", name="uq_measure_answers_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    administration_id: Mapped[int] = mapped_column(
        ForeignKey("measure_administrations.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    administration: Mapped[MeasureAdministration] = relationship(back_populates="answers")
