"""People, conversations and turns: the core of what is stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from steadyheart.privacy.encryption import EncryptedJSON, EncryptedText
from steadyheart.store.base import Base, UTCDateTime, utcnow


class User(Base):
    """A person. The terminal has one local user; the web app has one per account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True, nullable=True)
    display_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    welcomed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    conversations: Mapped[list[Conversation]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: dialogue state (open flow, pending safety question, loop counters): kept here so workers hold none;
    #: sealed, since flow answers quote the person
    state: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)

    user: Mapped[User] = relationship(back_populates="conversations")
    turns: Mapped[list[Turn]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="Turn.index", passive_deletes=True
    )


class Turn(Base):
    """One message and its reply, saved with the analysis, plan and tier in the same transaction.

    The texts and the JSON that quotes them (evidence spans, the plan's echo) are sealed with the person's key;
    the tier stays plain so counts of safety events need no key.
    """

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("conversation_id", "index", name="uq_turns_conversation_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_text: Mapped[str] = mapped_column(EncryptedText)
    reply_text: Mapped[str] = mapped_column(EncryptedText)
    tier: Mapped[str] = mapped_column(String(16))
    triage: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    analysis: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    plan: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    responder: Mapped[str] = mapped_column(String(32), default="embedded")

    conversation: Mapped[Conversation] = relationship(back_populates="turns")
