"""Repository for people, conversations and turns. Every read is scoped to a user id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from steadyheart.errors import SteadyheartError
from steadyheart.store.base import utcnow
from steadyheart.store.models.conversations import Conversation, Turn, User

LOCAL_USER_SETTING = "local_terminal_user"


class NotFoundError(SteadyheartError):
    """A conversation or record that does not exist for this person (or belongs to someone else)."""


@dataclass(frozen=True)
class ConversationSummary:
    id: int
    started_at: datetime
    updated_at: datetime
    turn_count: int
    first_message: str


@dataclass(frozen=True)
class TurnRecord:
    index: int
    created_at: datetime
    user_text: str
    reply_text: str
    tier: str
    plan: dict[str, Any]
    analysis: dict[str, Any]
    triage: dict[str, Any]
    responder: str


def ensure_local_user(session: Session) -> User:
    """The one person who uses a terminal home; created on first run."""
    user = session.scalars(select(User).where(User.email.is_(None)).order_by(User.id)).first()
    if user is None:
        user = User(email=None, settings={LOCAL_USER_SETTING: True})
        session.add(user)
        session.flush()
    return user


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"There is no person with id {user_id}.")
    return user


def _no_conversation(conversation_id: int) -> NotFoundError:
    # the same answer whether it does not exist or is someone else's: ids reveal nothing
    return NotFoundError(f"There is no conversation {conversation_id} for this person.")


def get_conversation(session: Session, conversation_id: int, user_id: int) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.user_id != user_id:
        raise _no_conversation(conversation_id)
    return conversation


#: "the latest conversation": last touched first, the newer of two touched together
_LATEST_FIRST = (Conversation.updated_at.desc(), Conversation.id.desc())


# The statements on every turn's path are built once, with parameters: building a select costs more than
# running it on SQLite (session 9 profile).
_WITH_OWNER = (select(Conversation, User).join(User, User.id == Conversation.user_id)
               .where(Conversation.user_id == bindparam("user_id")))
_CONVERSATION_WITH_OWNER = _WITH_OWNER.where(Conversation.id == bindparam("conversation_id"))
_LATEST_WITH_OWNER = _WITH_OWNER.order_by(*_LATEST_FIRST).limit(1)
_RECENT_TURNS = (select(Turn.index, Turn.user_text, Turn.reply_text)
                 .where(Turn.conversation_id == bindparam("conversation_id"))
                 .order_by(Turn.index.desc()).limit(bindparam("limit")))


def conversation_with_owner(session: Session, conversation_id: int | None, user_id: int) -> tuple[Conversation, User]:
    """A turn's conversation (the given one, else the latest, else a new one) and its person, read together
    in one query: a turn needs the person's name and country, and this is on every turn's path."""
    if conversation_id is not None:
        row = session.execute(_CONVERSATION_WITH_OWNER, {"user_id": user_id, "conversation_id": conversation_id}).first()
        if row is None:
            raise _no_conversation(conversation_id)
        return row[0], row[1]
    row = session.execute(_LATEST_WITH_OWNER, {"user_id": user_id}).first()
    if row is not None:
        return row[0], row[1]
    return new_conversation(session, user_id), get_user(session, user_id)


def latest_conversation(session: Session, user_id: int) -> Conversation | None:
    return session.scalars(
        select(Conversation).where(Conversation.user_id == user_id).order_by(*_LATEST_FIRST)
    ).first()


def new_conversation(session: Session, user_id: int) -> Conversation:
    conversation = Conversation(user_id=user_id, state={})
    session.add(conversation)
    session.flush()
    return conversation


def recent_turns(session: Session, conversation_id: int, limit: int) -> tuple[list[tuple[str, str]], int]:
    """The last `limit` exchanges as (message, reply), oldest first, and the next turn's index, in one query:
    only the index and the two texts are read (and opened)."""
    rows = session.execute(_RECENT_TURNS, {"conversation_id": conversation_id, "limit": max(1, limit)}).all()
    next_index = rows[0][0] + 1 if rows else 0
    return [(user_text, reply_text) for _, user_text, reply_text in reversed(rows[:limit])], next_index


def last_turn(session: Session, conversation_id: int) -> Turn | None:
    return session.scalars(
        select(Turn).where(Turn.conversation_id == conversation_id).order_by(Turn.index.desc()).limit(1)
    ).first()


def next_turn_index(session: Session, conversation_id: int) -> int:
    current = session.scalar(select(func.max(Turn.index)).where(Turn.conversation_id == conversation_id))
    return 0 if current is None else current + 1


def add_turn(session: Session, conversation: Conversation, index: int | None = None, **fields: Any) -> Turn:
    """Add the next turn; pass `index` when already known in this transaction (the unique key guards races)."""
    if index is None:
        index = next_turn_index(session, conversation.id)
    turn = Turn(conversation_id=conversation.id, index=index, **fields)
    session.add(turn)
    conversation.updated_at = utcnow()
    return turn


def list_conversations(session: Session, user_id: int) -> list[ConversationSummary]:
    counts = select(Turn.conversation_id, func.count(Turn.id).label("n")).group_by(Turn.conversation_id).subquery()
    first = select(Turn.conversation_id, Turn.user_text).where(Turn.index == 0).subquery()
    rows = session.execute(
        select(Conversation, counts.c.n, first.c.user_text)
        .outerjoin(counts, counts.c.conversation_id == Conversation.id)
        .outerjoin(first, first.c.conversation_id == Conversation.id)
        .where(Conversation.user_id == user_id)
        .order_by(*_LATEST_FIRST)
    ).all()
    return [ConversationSummary(c.id, c.started_at, c.updated_at, n or 0, text or "") for c, n, text in rows]


def list_turns(session: Session, conversation_id: int, user_id: int) -> list[TurnRecord]:
    conversation = get_conversation(session, conversation_id, user_id)
    return [
        TurnRecord(t.index, t.created_at, t.user_text, t.reply_text, t.tier, t.plan, t.analysis, t.triage, t.responder)
        for t in conversation.turns
    ]
